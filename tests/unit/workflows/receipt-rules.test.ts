// The day of receipt by channel (Art. 31; DOMAIN.md §3), with dates from the 2024–2026 calendars.
import { describe, expect, it } from 'vitest'
import { type ReceiptChannel, receiptDateRefusal } from '../../../workflows/definitions'

type Row = [string, ReceiptChannel, string, string | null, string, string | null]

// channel, receivedOn, submittedOn (null at staff intake), today → refusal fragment (null: accepted)
const CASES: Row[] = [
  ['in person: the day handed in', 'in_person', '2024-09-27', '2024-09-27', '2024-09-30', null],
  [
    'in person: keyed in later, recorded on the day handed in',
    'in_person',
    '2025-01-24',
    null,
    '2025-01-27',
    null,
  ],
  [
    'in person: never moved later (submitted 03-02, given 03-06)',
    'in_person',
    '2026-03-06',
    '2026-03-02',
    '2026-03-06',
    '应为提交之日（2026-03-02）',
  ],
  [
    'in person: never earlier than handed in',
    'in_person',
    '2026-03-01',
    '2026-03-02',
    '2026-03-06',
    '应为提交之日（2026-03-02）',
  ],
  ['oral: the day it was made', 'oral', '2025-09-26', '2025-09-26', '2025-09-26', null],
  ['oral: not in the future', 'oral', '2025-09-27', null, '2025-09-26', '不能晚于今天（2025-09-26）'],
  [
    'post: signed for Sat 2024-09-28, keyed in Mon 09-30',
    'registered_post',
    '2024-09-28',
    '2024-09-30',
    '2024-09-30',
    null,
  ],
  [
    'post: signed for at intake, two days before entry',
    'registered_post',
    '2026-02-09',
    null,
    '2026-02-11',
    null,
  ],
  [
    'post: not signed for in the future',
    'registered_post',
    '2026-02-12',
    null,
    '2026-02-11',
    '以本机关签收之日为收到申请之日',
  ],
  [
    'ordinary letter: confirmed with the applicant',
    'ordinary_post',
    '2025-12-05',
    '2025-12-08',
    '2025-12-08',
    null,
  ],
  ['online: the day both sides confirm', 'online', '2025-12-08', '2025-12-05', '2025-12-08', null],
  [
    'online: not before it was sent',
    'online',
    '2025-12-04',
    '2025-12-05',
    '2025-12-08',
    '不能早于申请提交之日（2025-12-05）',
  ],
  ['fax: confirmed by both sides', 'fax', '2024-04-30', '2024-04-30', '2024-05-06', null],
  [
    'email: not before it was sent',
    'email',
    '2024-04-29',
    '2024-04-30',
    '2024-05-06',
    '以双方确认之日为收到申请之日',
  ],
  ['email: not in the future', 'email', '2026-01-05', null, '2026-01-04', '不能晚于今天（2026-01-04）'],
]

describe('receiptDateRefusal', () => {
  it.each(CASES)('%s', (_name, channel, receivedOn, submittedOn, today, refusal) => {
    const result = receiptDateRefusal({ channel, receivedOn, submittedOn, today })
    if (refusal === null) expect(result).toBeNull()
    else expect(result).toContain(refusal)
  })

  it('quotes the channel rule in every refusal', () => {
    expect(
      receiptDateRefusal({
        channel: 'in_person',
        receivedOn: '2026-03-03',
        submittedOn: null,
        today: '2026-03-02',
      }),
    ).toBe('收到申请之日不能晚于今天（2026-03-02）：当面提交的，以提交之日为收到申请之日')
  })
})
