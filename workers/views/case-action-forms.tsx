// Purpose-built staff forms for the two actions whose input is not flat: drafting the reply (one structured
// outcome of DOMAIN.md §5) and the fee notice (按件/按量). Each pairs a renderer with a parser to the API input.
import { WITHHOLDING_GROUNDS } from '../../workflows/definitions'
import { FEE_METHOD_LABELS, FEE_METHODS } from '../../workflows/fees'
import { OUTCOMES, REPLY_OUTCOME_CODES } from '../../workflows/outcomes'
import { messages } from '../i18n/zh-CN'

const t = messages.cases.reply

function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
}

function text(id: string, label: string, hint?: string, rows = 3) {
  return (
    <div class="form-group">
      <label for={id}>{label}</label>
      {hint ? <span class="hint">{hint}</span> : null}
      <textarea id={id} name={id} rows={rows} />
    </div>
  )
}

export function DraftReplyFields() {
  return (
    <>
      <div class="form-group">
        <label for="a-code">{t.outcome}</label>
        <select id="a-code" name="code">
          {REPLY_OUTCOME_CODES.map((code) => (
            <option value={code}>{OUTCOMES[code].label}</option>
          ))}
        </select>
      </div>
      {text('legalBasis', t.legalBasis, t.legalBasisHint)}
      {text('reasons', t.reasons, t.reasonsHint, 4)}
      {text('howToObtain', t.howToObtain, t.howToObtainHint)}
      <fieldset class="form-group">
        <legend>{t.partial}</legend>
        {text('disclosedParts', t.disclosedParts, messages.cases.onePerLine)}
        {text('withheldParts', t.withheldParts, messages.cases.onePerLine)}
        <label for="a-ground">{t.ground}</label>
        <select id="a-ground" name="ground">
          {WITHHOLDING_GROUNDS.map((g) => (
            <option value={g}>{OUTCOMES[g].label}</option>
          ))}
        </select>
      </fieldset>
      <fieldset class="form-group">
        <legend>{t.notHeld}</legend>
        <label for="rightAgencyName">{t.rightAgencyName}</label>
        <input type="text" id="rightAgencyName" name="rightAgencyName" />
        <label for="rightAgencyContact">{t.rightAgencyContact}</label>
        <input type="text" id="rightAgencyContact" name="rightAgencyContact" />
      </fieldset>
      <fieldset class="form-group">
        <legend>{t.specialRegime}</legend>
        <label for="regime">{t.regime}</label>
        <input type="text" id="regime" name="regime" />
        {text('howToApply', t.howToApply)}
      </fieldset>
      <div class="choice">
        <input type="checkbox" id="a-secrecyReviewed" name="secrecyReviewed" value="true" />
        <label for="a-secrecyReviewed">{messages.cases.fields.secrecyReviewed}</label>
      </div>
    </>
  )
}

/** Build the draft-reply input: the outcome carries exactly the parts its code needs (the schema is strict). */
export function draftReplyInput(form: Map<string, string[]>): Record<string, unknown> {
  const v = (k: string) => form.get(k)?.[0]?.trim() ?? ''
  const code = v('code')
  const legalBasis = lines(v('legalBasis'))
  const reasons = v('reasons') || undefined
  const outcome: Record<string, unknown> = { code, legalBasis }
  if (code === 'already_published') Object.assign(outcome, { location: v('howToObtain'), reasons })
  else if (code === 'disclosed') Object.assign(outcome, { howToObtain: v('howToObtain'), reasons })
  else if (code === 'partially_disclosed') {
    Object.assign(outcome, {
      howToObtain: v('howToObtain'),
      disclosedParts: lines(v('disclosedParts')).map((description) => ({ description })),
      withheldParts: lines(v('withheldParts')).map((description) => ({
        description,
        ground: v('ground'),
        legalBasis,
        reasons: reasons ?? '',
      })),
    })
  } else if (code === 'not_held') {
    Object.assign(outcome, {
      reasons: reasons ?? '',
      rightAgency: { name: v('rightAgencyName'), contact: v('rightAgencyContact') },
    })
  } else if (code === 'special_regime') {
    Object.assign(outcome, { reasons: reasons ?? '', regime: v('regime'), howToApply: v('howToApply') })
  } else Object.assign(outcome, { reasons: reasons ?? '' })
  for (const k of Object.keys(outcome)) if (outcome[k] === undefined) delete outcome[k]
  return { outcome, secrecyReviewed: v('secrecyReviewed') === 'true' }
}

export function FeeNoticeFields() {
  return (
    <>
      <div class="form-group">
        <label for="a-method">{messages.cases.fields.method}</label>
        <select id="a-method" name="method">
          {FEE_METHODS.map((m) => (
            <option value={m}>{FEE_METHOD_LABELS[m]}</option>
          ))}
        </select>
      </div>
      <div class="form-group">
        <label for="a-count">{t.feeCount}</label>
        <input type="number" id="a-count" name="count" min={1} />
      </div>
      <div class="form-group">
        <label for="a-priorCount">{t.feePriorCount}</label>
        <input type="number" id="a-priorCount" name="priorCount" min={0} value="0" />
      </div>
      <div class="form-group">
        <label for="a-amountYuan">{messages.cases.fields.amountYuan}</label>
        <span class="hint">{t.feeAmountHint}</span>
        <input type="number" id="a-amountYuan" name="amountYuan" min={0} />
      </div>
      <div class="form-group">
        <label for="a-paymentWindowWorkingDays">{t.feeWindow}</label>
        <input
          type="number"
          id="a-paymentWindowWorkingDays"
          name="paymentWindowWorkingDays"
          min={1}
          max={60}
        />
      </div>
    </>
  )
}

export function feeNoticeInput(form: Map<string, string[]>): Record<string, unknown> {
  const n = (k: string) => {
    const raw = form.get(k)?.[0]?.trim() ?? ''
    return raw === '' ? undefined : Number(raw)
  }
  const method = form.get('method')?.[0] ?? ''
  const out: Record<string, unknown> = { method, count: n('count'), amountYuan: n('amountYuan') }
  if (method === 'per_request') out.priorCount = n('priorCount') ?? 0
  const window = n('paymentWindowWorkingDays')
  if (window !== undefined) out.paymentWindowWorkingDays = window
  return out
}
