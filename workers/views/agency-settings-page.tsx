// The agency settings page: embed origins (the frame-ancestors allow-list), disclosure settings, webhook,
// proof-of-work, and the embed code for the agency's portal.
import { messages } from '../i18n/zh-CN'
import type { AgencySettingsView } from '../services/agency-settings-admin'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'

const t = messages.settings

export function SettingsPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  view: AgencySettingsView
  origins: string
  issues: SummaryIssue[]
  saved: boolean
  /** This deployment's origin, for the embed code. */
  host: string
}) {
  const v = props.view
  const slug = v.readOnly.slug
  return (
    <Layout
      title={`${t.title} - ${v.readOnly.name}`}
      nonce={props.nonce}
      staff={props.staff}
      hasErrors={props.issues.length > 0}
    >
      <ErrorSummary issues={props.issues} />
      {props.saved ? (
        <div class="panel" role="status">
          {t.saved}
        </div>
      ) : null}
      <h1>
        {t.title}：{v.readOnly.name}
      </h1>
      <form method="post" novalidate>
        <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
        <div class="form-group">
          <label for="embedOrigins">{t.embedOrigins}</label>
          <span class="hint" id="embedOrigins-hint">
            {t.embedOriginsHint}
          </span>
          <textarea id="embedOrigins" name="embedOrigins" rows={4} aria-describedby="embedOrigins-hint">
            {props.origins}
          </textarea>
        </div>
        <div class="form-group">
          <div class="choice">
            <input
              type="checkbox"
              id="legalReview"
              name="legalReview"
              value="on"
              checked={v.disclosure.legalReview}
            />
            <label for="legalReview">{t.legalReview}</label>
          </div>
        </div>
        <div class="form-group">
          <div class="choice">
            <input type="checkbox" id="fourEyes" name="fourEyes" value="on" checked={v.disclosure.fourEyes} />
            <label for="fourEyes">{t.fourEyes}</label>
          </div>
          <span class="hint">{t.fourEyesHint}</span>
        </div>
        <div class="form-group">
          <label for="legalReviewDueWorkingDays">{t.legalReviewDue}</label>
          <input
            type="number"
            id="legalReviewDueWorkingDays"
            name="legalReviewDueWorkingDays"
            min={1}
            max={60}
            value={String(v.disclosure.legalReviewDueWorkingDays)}
          />
        </div>
        <div class="form-group">
          <label for="approvalDueWorkingDays">{t.approvalDue}</label>
          <input
            type="number"
            id="approvalDueWorkingDays"
            name="approvalDueWorkingDays"
            min={1}
            max={60}
            value={String(v.disclosure.approvalDueWorkingDays)}
          />
        </div>
        <div class="form-group">
          <div class="choice">
            <input type="checkbox" id="proofOfWork" name="proofOfWork" value="on" checked={v.proofOfWork} />
            <label for="proofOfWork">{t.proofOfWork}</label>
          </div>
          <span class="hint">{t.proofOfWorkHint}</span>
        </div>
        <div class="form-group">
          <label for="dueSoonWorkingDays">{t.dueSoon}</label>
          <input
            type="number"
            id="dueSoonWorkingDays"
            name="dueSoonWorkingDays"
            min={0}
            max={30}
            value={String(v.disclosure.dueSoonWorkingDays)}
          />
        </div>
        <div class="form-group">
          <label for="correctionWindowWorkingDays">{t.correctionWindow}</label>
          <input
            type="number"
            id="correctionWindowWorkingDays"
            name="correctionWindowWorkingDays"
            min={1}
            max={60}
            value={String(v.disclosure.correctionWindowWorkingDays)}
          />
        </div>
        <div class="form-group">
          <label for="targetWorkingDays">{t.recordCorrectionTarget}</label>
          <span class="hint" id="targetWorkingDays-hint">
            {t.recordCorrectionTargetHint}
          </span>
          <input
            type="number"
            id="targetWorkingDays"
            name="targetWorkingDays"
            min={1}
            max={250}
            value={String(v.recordCorrection.targetWorkingDays)}
            aria-describedby="targetWorkingDays-hint"
          />
        </div>
        <div class="form-group">
          <label for="webhookUrl">{t.webhookUrl}</label>
          <input type="text" id="webhookUrl" name="webhookUrl" value={v.webhookUrl} />
          {v.readOnly.webhookSecret ? (
            <p class="hint">
              {t.webhookSecret}：<code>{v.readOnly.webhookSecret}</code>
            </p>
          ) : null}
        </div>
        <button type="submit" class="button">
          {t.save}
        </button>
      </form>
      <h2>{t.embedCode}</h2>
      <p class="hint">{t.embedCodeHint}</p>
      <pre class="panel">
        <code>{`<div id="gov-form"><a href="${props.host}/${slug}/forms/disclosure">${messages.home.apply}</a></div>\n<script src="${props.host}/embed.js" data-agency="${slug}" data-form="disclosure" data-target="gov-form"></script>`}</code>
      </pre>
    </Layout>
  )
}
