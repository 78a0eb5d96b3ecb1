// The day of receipt by channel (Regulation Art. 31; DOMAIN.md §3): which dates a registrar may record, and the rule
// quoted back when a date is refused. Shared by confirm-receipt (any workflow) and staff intake.
import type { IsoDate } from '../calendar/types'
import type { ReceiptChannel } from './disclosure-case'

/** The rule of Art. 31 for each channel, as it is quoted in a refusal. */
export const RECEIPT_RULES: Readonly<Record<ReceiptChannel, string>> = {
  in_person: '当面提交的，以提交之日为收到申请之日',
  oral: '口头提出、由工作人员代为填写的，以提出之日为收到申请之日',
  registered_post: '以邮寄方式提交的，以本机关签收之日为收到申请之日（可以早于录入之日）',
  ordinary_post: '以平常信函提交的，以本机关与申请人确认之日为收到申请之日',
  online: '通过互联网提交的，以双方确认之日为收到申请之日',
  fax: '以传真提交的，以双方确认之日为收到申请之日',
  email: '以电子邮件提交的，以双方确认之日为收到申请之日',
}

export interface ReceiptDateFacts {
  channel: ReceiptChannel
  receivedOn: IsoDate
  /** Today in Asia/Shanghai: a receipt is a fact already happened. */
  today: IsoDate
  /**
   * The day the application was recorded as submitted (an online submission, or one keyed in before its receipt
   * is confirmed); null at staff intake, where the registrar records the day itself.
   */
  submittedOn: IsoDate | null
}

/** Whether the day of receipt fits its channel: null when it does, else the refusal naming the rule. */
export function receiptDateRefusal(facts: ReceiptDateFacts): string | null {
  const { channel, receivedOn, today, submittedOn } = facts
  const rule = RECEIPT_RULES[channel]
  if (receivedOn > today) return `收到申请之日不能晚于今天（${today}）：${rule}`
  if (submittedOn === null) return null
  switch (channel) {
    // Handed in: the day submitted, never moved later (nor earlier) by the registrar.
    case 'in_person':
    case 'oral':
      return receivedOn === submittedOn ? null : `收到申请之日应为提交之日（${submittedOn}）：${rule}`
    // Signed for before it was keyed in: may precede the recorded submission.
    case 'registered_post':
    case 'ordinary_post':
      return null
    // Confirmed by both sides: on or after the day it was sent.
    case 'online':
    case 'fax':
    case 'email':
      return receivedOn < submittedOn ? `收到申请之日不能早于申请提交之日（${submittedOn}）：${rule}` : null
  }
}
