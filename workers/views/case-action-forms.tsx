// The fields of a staff action form, rendered from its model (built from the input's render hints), and the two
// purpose-built forms for inputs that are not flat: drafting the reply (one structured outcome of DOMAIN.md §5)
// and the fee notice (按件/按量). The way back to the action input is in services/cases/action-forms.ts.
import { WITHHOLDING_GROUNDS } from '../../workflows/definitions'
import { FEE_METHOD_LABELS, FEE_METHODS } from '../../workflows/fees'
import { OUTCOMES, REPLY_OUTCOME_CODES } from '../../workflows/outcomes'
import { messages } from '../i18n/zh-CN'
import type { ActionFieldModel, ActionFormModel } from '../services/cases/action-forms'

const t = messages.cases.reply

function ActionField(props: { field: ActionFieldModel }) {
  const f = props.field
  const id = `a-${f.name}`
  if (f.widget === 'checkbox') {
    return (
      <div class="choice">
        <input type="checkbox" id={id} name={f.name} value="true" />
        <label for={id}>{f.label}</label>
      </div>
    )
  }
  const label = (
    <label for={id}>
      {f.label}
      {f.required ? null : <span class="optional">{messages.form.optional}</span>}
    </label>
  )
  const hint = f.hint ? <span class="hint">{f.hint}</span> : null
  return (
    <div class="form-group">
      {label}
      {hint}
      {f.widget === 'select' ? (
        <select id={id} name={f.name}>
          <option value="">{messages.form.choose}</option>
          {f.options.map((o) => (
            <option value={o.value}>{o.label}</option>
          ))}
        </select>
      ) : f.widget === 'textarea' || f.widget === 'lines' ? (
        <textarea id={id} name={f.name} rows={3} />
      ) : (
        <input
          type={f.widget === 'date' ? 'date' : f.widget === 'integer' ? 'number' : 'text'}
          id={id}
          name={f.name}
        />
      )}
    </div>
  )
}

/** The input fields of one action's form (inside its <form>, after the CSRF token and version). */
export function ActionFields(props: { form: ActionFormModel }) {
  const form = props.form
  if (form.kind === 'reply') return <DraftReplyFields />
  if (form.kind === 'reply-v2') return <DraftReplyFields v2 />
  if (form.kind === 'fee-notice') return <FeeNoticeFields />
  return (
    <>
      {form.fields.map((field) => (
        <ActionField field={field} />
      ))}
    </>
  )
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

function DraftReplyFields(props: { v2?: boolean }) {
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
        {text('disclosedParts', t.disclosedParts, messages.cases.hints.onePerLine)}
        {text('withheldParts', t.withheldParts, messages.cases.hints.onePerLine)}
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
      {props.v2 ? (
        <fieldset class="form-group">
          <legend>{t.override}</legend>
          <p class="hint">{t.overrideHint}</p>
          {text('overrideContent', t.overrideContent)}
          {text('overrideReasons', t.overrideReasons, undefined, 3)}
        </fieldset>
      ) : null}
      <div class="choice">
        <input type="checkbox" id="a-secrecyReviewed" name="secrecyReviewed" value="true" />
        <label for="a-secrecyReviewed">{messages.cases.fields.secrecyReviewed}</label>
      </div>
    </>
  )
}

function FeeNoticeFields() {
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
      <p class="hint">{t.feePriorCountComputed}</p>
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
