// Admin pages for the holiday calendar: the years, one year's dates, add/edit/delete a date, import, confirm.
import { type Context, Hono } from 'hono'
import type { Child } from 'hono/jsx'
import { type CalendarDay, dayOfWeek, isValidIsoDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, LIMITS, readForm } from '../lib/body'
import { staff } from '../middleware/auth'
import {
  type CalendarYearView,
  deleteCalendarDay,
  deleteLocalDay,
  getCalendarYear,
  type ImportFormat,
  type ImportPreview,
  type ImportWarning,
  importCalendarYear,
  isCalendarOperator,
  type LocalDayView,
  listCalendarYears,
  listLocalDays,
  previewCalendarYear,
  putCalendarDay,
  putLocalDay,
  setYearConfirmed,
} from '../services/calendar'
import { onCalendarChanged } from '../services/calendar-recompute'
import { listAgencies } from '../services/staff-admin'
import { ErrorSummary, Layout, type SummaryIssue } from '../views/layout'
import { staffChrome } from './staff-chrome'

const t = messages.calendar
const WEEKDAYS = t.weekdays

function staffProps(c: Context<AppEnv>) {
  const auth = staff(c)
  return staffChrome(auth)
}

/** Only the platform operator sees the forms that change the national calendar (the service refuses anyone else). */
function canEdit(c: Context<AppEnv>): boolean {
  return isCalendarOperator(staff(c))
}

function YearPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  /** The platform operator: the edit, import and confirm forms are shown. */
  canEdit: boolean
  year: CalendarYearView
  issues: SummaryIssue[]
  values: Record<string, string>
  notice?: string | undefined
  preview?: ImportPreview | undefined
}) {
  const { year, staff: s } = props
  const csrf = <input type="hidden" name="_csrf" value={s.csrfToken} />
  return (
    <Layout
      title={`${year.year} ${t.title}`}
      nonce={props.nonce}
      staff={s}
      hasErrors={props.issues.length > 0}
    >
      <ErrorSummary issues={props.issues} />
      <p>
        <a href="/admin/calendar">{t.allYears}</a>
      </p>
      <h1>
        {year.year} {t.title}
      </h1>
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      {year.updatedAt === '' ? (
        <p class="panel panel-warn">{t.notLoaded}</p>
      ) : (
        <>
          <p>
            {t.source}：{year.source}　
            {year.confirmed ? (
              <span class="tag">{t.confirmed}</span>
            ) : (
              <span class="tag tag-warn">{t.unconfirmed}</span>
            )}
          </p>
          <p class="hint">{year.confirmed ? t.confirmedHint : t.unconfirmedHint}</p>
          {props.canEdit ? (
            <form method="post" action={`/admin/calendar/${year.year}/confirm`}>
              {csrf}
              <input type="hidden" name="confirmed" value={year.confirmed ? 'false' : 'true'} />
              <button type="submit" class={`button ${year.confirmed ? 'button-secondary' : ''}`}>
                {year.confirmed ? t.unconfirm : t.confirm}
              </button>
            </form>
          ) : null}
        </>
      )}
      {props.canEdit ? null : (
        <p class="panel" id="operator-only">
          {t.operatorOnly} <a href="/admin/calendar/local">{t.localTitle}</a>
        </p>
      )}
      <h2>{t.days}</h2>
      <DaysTable
        days={year.days}
        lastHeader={props.canEdit ? t.actions : ''}
        last={(d) =>
          props.canEdit ? (
            <form method="post" action={`/admin/calendar/${year.year}/days/${d.date}/delete`}>
              {csrf}
              <button type="submit" class="button button-secondary" aria-label={`${t.delete} ${d.date}`}>
                {t.delete}
              </button>
            </form>
          ) : null
        }
      />
      {props.canEdit ? <NationalEditForms {...props} /> : null}
    </Layout>
  )
}

/** The operator's forms: import a whole year (with preview) and add or change one date. */
function NationalEditForms(props: {
  staff: { displayName: string; csrfToken: string }
  year: CalendarYearView
  values: Record<string, string>
  preview?: ImportPreview | undefined
}) {
  const { year, staff: s } = props
  const csrf = <input type="hidden" name="_csrf" value={s.csrfToken} />
  return (
    <>
      <h2 id="import">{t.import}</h2>
      <p class="hint">{t.importHint}</p>
      {props.preview ? <ImportPreviewView preview={props.preview} /> : null}
      <form method="post" action={`/admin/calendar/${year.year}/import#import`} novalidate>
        {csrf}
        <fieldset class="form-group">
          <legend>{t.format}</legend>
          {IMPORT_FORMATS.map((f) => (
            <div class="choice">
              <input
                type="radio"
                id={`format-${f}`}
                name="format"
                value={f}
                checked={(props.values.format || 'notice') === f}
              />
              <label for={`format-${f}`}>{t.formats[f]}</label>
            </div>
          ))}
        </fieldset>
        <div class="form-group">
          <label for="text">{t.importText}</label>
          <textarea id="text" name="text" rows={12}>
            {props.values.text ?? ''}
          </textarea>
        </div>
        <div class="form-group">
          <label for="source">{t.source}</label>
          <input
            type="text"
            id="source"
            name="source"
            value={props.values.source || year.source || noticeTitle(year.year)}
          />
        </div>
        <div class="button-row">
          <button type="submit" name="intent" value="preview" class="button button-secondary">
            {t.previewSubmit}
          </button>
          <button type="submit" name="intent" value="import" class="button">
            {t.importSubmit}
          </button>
        </div>
      </form>
      <h2 id="add">{t.addOrEdit}</h2>
      <form method="post" action={`/admin/calendar/${year.year}/days`} novalidate>
        {csrf}
        <div class="form-group">
          <label for="date">{t.date}</label>
          <span class="hint" id="date-hint">
            {t.dateHint}
          </span>
          <input
            type="text"
            id="date"
            name="date"
            value={props.values.date ?? ''}
            aria-describedby="date-hint"
          />
        </div>
        <fieldset class="form-group">
          <legend>{t.kind}</legend>
          <div class="choice">
            <input type="radio" id="kind-off" name="kind" value="off" checked={props.values.kind !== 'on'} />
            <label for="kind-off">{t.holiday}</label>
          </div>
          <div class="choice">
            <input type="radio" id="kind-on" name="kind" value="on" checked={props.values.kind === 'on'} />
            <label for="kind-on">{t.workday}</label>
          </div>
        </fieldset>
        <div class="form-group">
          <label for="name">{t.name}</label>
          <input type="text" id="name" name="name" value={props.values.name ?? ''} />
        </div>
        <button type="submit" class="button">
          {t.save}
        </button>
      </form>
    </>
  )
}

const IMPORT_FORMATS = ['notice', 'ics', 'csv', 'json'] as const satisfies readonly ImportFormat[]

function noticeTitle(year: number): string {
  return t.noticeTitle(year)
}

/** A year's exceptional days: date, weekday, 放假/上班, name, and one more column of the caller's. */
function DaysTable(props: {
  days: readonly CalendarDay[]
  lastHeader: string
  last: (day: CalendarDay) => Child
  rowClass?: (day: CalendarDay) => string | undefined
}) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t.date}</th>
          <th scope="col">{t.weekday}</th>
          <th scope="col">{t.kind}</th>
          <th scope="col">{t.name}</th>
          <th scope="col">{props.lastHeader}</th>
        </tr>
      </thead>
      <tbody>
        {props.days.map((d) => (
          <tr class={props.rowClass?.(d)}>
            <td>{d.date}</td>
            <td>周{WEEKDAYS[dayOfWeek(d.date)]}</td>
            <td>
              {d.isWorkday ? <span class="tag">{t.on}</span> : <span class="tag tag-muted">{t.off}</span>}
            </td>
            <td>{d.name}</td>
            <td>{props.last(d)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The parsed days with their warnings, for a person to check before anything is written. */
function ImportPreviewView(props: { preview: ImportPreview }) {
  const { preview } = props
  const byDate = new Map<string, ImportWarning[]>()
  const general: ImportWarning[] = []
  for (const w of preview.warnings) {
    if (w.date && preview.days.some((d) => d.date === w.date))
      byDate.set(w.date, [...(byDate.get(w.date) ?? []), w])
    else general.push(w)
  }
  const blocking = preview.warnings.filter((w) => w.blocking)
  const off = preview.days.filter((d) => !d.isWorkday).length
  const names = new Set(preview.days.filter((d) => !d.isWorkday).map((d) => d.name))
  return (
    <section class="panel" aria-labelledby="preview-title" id="preview">
      <h3 id="preview-title">{t.previewTitle}</h3>
      <p class="hint">{t.previewHint}</p>
      <p>{t.previewSections(names.size, off, preview.days.length - off)}</p>
      {blocking.length > 0 ? (
        <div class="error-summary" role="alert">
          <p>{t.previewBlocking}</p>
          <ul>
            {blocking.map((w) => (
              <li>
                {w.message}
                {w.text ? <span class="hint">：“{w.text}”</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.days.length === 0 ? (
        <p>{t.previewEmpty}</p>
      ) : (
        <DaysTable
          days={preview.days}
          lastHeader={t.warning}
          rowClass={(d) => (byDate.has(d.date) ? 'row-warn' : undefined)}
          last={(d) => (byDate.get(d.date) ?? []).map((w) => w.message).join('；')}
        />
      )}
      {general.length > 0 ? (
        <>
          <h4>{t.previewWarnings}</h4>
          <ul>
            {general.map((w) => (
              <li>
                {w.section ? `【${w.section}】` : ''}
                {w.message}
                {w.text ? <span class="hint">：“{w.text}”</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {preview.ignored.length > 0 ? (
        <details>
          <summary>{t.previewIgnored}</summary>
          <ul class="hint">
            {preview.ignored.map((text) => (
              <li>{text}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  )
}

export const adminCalendar = new Hono<AppEnv>()

adminCalendar.get('/', async (c) => {
  const years = await listCalendarYears(c.get('db'))
  return c.html(
    <Layout title={t.title} nonce={c.get('nonce')} staff={staffProps(c)}>
      <h1>{t.title}</h1>
      <p class="hint">{t.intro}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.year}</th>
            <th scope="col">{t.source}</th>
            <th scope="col">{t.status}</th>
          </tr>
        </thead>
        <tbody>
          {years.map((y) => (
            <tr>
              <td>
                <a href={`/admin/calendar/${y.year}`}>{y.year}</a>
              </td>
              <td>{y.source}</td>
              <td>{y.confirmedAt ? t.confirmed : t.unconfirmed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit(c) ? null : (
        <p class="panel">
          {t.operatorOnly} <a href="/admin/calendar/local">{t.localTitle}</a>
        </p>
      )}
      <form method="get" action="/admin/calendar/new">
        <div class="form-group">
          <label for="year">{t.newYear}</label>
          <input type="number" id="year" name="year" min={2000} max={2100} />
        </div>
        <button type="submit" class="button button-secondary">
          {t.open}
        </button>
      </form>
    </Layout>,
  )
})

adminCalendar.get('/new', (c) => {
  const year = Number(c.req.query('year'))
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return c.redirect('/admin/calendar', 303)
  return c.redirect(`/admin/calendar/${year}`, 303)
})

function yearOf(param: string): number {
  const year = Number(param)
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('not_found')
  return year
}

async function yearOrEmpty(c: Context<AppEnv>, year: number) {
  try {
    return await getCalendarYear(c.get('db'), year)
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') {
      return {
        year,
        source: '',
        confirmed: false,
        confirmedAt: null,
        confirmedBy: null,
        updatedAt: '',
        days: [],
      }
    }
    throw err
  }
}

adminCalendar.get('/:year{[0-9]{4}}', async (c) => {
  const year = await yearOrEmpty(c, yearOf(c.req.param('year')))
  const notice = c.req.query('imported') ? t.imported : c.req.query('saved') ? t.saved : undefined
  return c.html(
    <YearPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      canEdit={canEdit(c)}
      year={year}
      issues={[]}
      values={{}}
      notice={notice}
    />,
  )
})

/**
 * Run an edit, then go back to the year (or where the edit says); a preview re-renders the page with it; a
 * validation error re-renders the page with the summary and the typed values.
 */
async function editOrRerender(
  c: Context<AppEnv>,
  year: number,
  values: Record<string, string>,
  run: () => Promise<unknown>,
) {
  try {
    const result = (await run()) as { preview?: ImportPreview; redirect?: string } | undefined
    if (result?.preview) {
      return c.html(
        <YearPage
          nonce={c.get('nonce')}
          staff={staffProps(c)}
          canEdit={canEdit(c)}
          year={await yearOrEmpty(c, year)}
          issues={[]}
          values={values}
          preview={result.preview}
        />,
      )
    }
    return c.redirect(result?.redirect ?? `/admin/calendar/${year}?saved=1`, 303)
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err
    const issues = (err.issues ?? []).map((i) => ({
      href: i.path.startsWith('line') || i.path === 'file' || i.path === 'text' ? 'text' : 'date',
      message: i.message,
    }))
    return c.html(
      <YearPage
        nonce={c.get('nonce')}
        staff={staffProps(c)}
        canEdit={canEdit(c)}
        year={await yearOrEmpty(c, year)}
        issues={issues}
        values={values}
      />,
      422,
    )
  }
}

adminCalendar.post('/:year{[0-9]{4}}/days', async (c) => {
  const year = yearOf(c.req.param('year'))
  const form = await readForm(c)
  const values = {
    date: formValue(form, 'date').trim(),
    kind: formValue(form, 'kind'),
    name: formValue(form, 'name'),
  }
  return editOrRerender(c, year, values, async () => {
    if (!isValidIsoDate(values.date) || Number(values.date.slice(0, 4)) !== year) {
      throw new AppError('validation_failed', {
        issues: [{ path: 'date', code: 'invalid_date', message: t.dateInvalidInYear(year) }],
      })
    }
    await putCalendarDay(
      c.get('db'),
      staff(c),
      { date: values.date, isWorkday: values.kind === 'on', name: values.name.trim() },
      c.get('now'),
      onCalendarChanged,
    )
  })
})

adminCalendar.post('/:year{[0-9]{4}}/days/:date/delete', async (c) => {
  const year = yearOf(c.req.param('year'))
  const date = c.req.param('date')
  if (!isValidIsoDate(date) || Number(date.slice(0, 4)) !== year) throw new AppError('not_found')
  await deleteCalendarDay(c.get('db'), staff(c), date, c.get('now'), onCalendarChanged)
  return c.redirect(`/admin/calendar/${year}?saved=1`, 303)
})

adminCalendar.post('/:year{[0-9]{4}}/import', async (c) => {
  const year = yearOf(c.req.param('year'))
  const form = await readForm(c, LIMITS.form)
  const format = formValue(form, 'format') || 'notice'
  const values = { format, text: formValue(form, 'text'), source: formValue(form, 'source').trim() }
  const intent = formValue(form, 'intent') === 'preview' ? 'preview' : 'import'
  return editOrRerender(c, year, values, async () => {
    if (!(IMPORT_FORMATS as readonly string[]).includes(format)) {
      throw new AppError('validation_failed', {
        issues: [{ path: 'file', code: 'format', message: t.formatRequired }],
      })
    }
    if (!values.text.trim() || (intent === 'import' && !values.source)) {
      throw new AppError('validation_failed', {
        issues: [{ path: 'file', code: 'required', message: t.importRequired }],
      })
    }
    const input = { year, format: format as ImportFormat, text: values.text }
    if (intent === 'preview') return { preview: await previewCalendarYear(staff(c), input) }
    await importCalendarYear(
      c.get('db'),
      staff(c),
      { ...input, source: values.source },
      c.get('now'),
      onCalendarChanged,
    )
    return { redirect: `/admin/calendar/${year}?imported=1` }
  })
})

adminCalendar.post('/:year{[0-9]{4}}/confirm', async (c) => {
  const year = yearOf(c.req.param('year'))
  const form = await readForm(c)
  await setYearConfirmed(
    c.get('db'),
    staff(c),
    year,
    formValue(form, 'confirmed') === 'true',
    c.get('now'),
    onCalendarChanged,
  )
  return c.redirect(`/admin/calendar/${year}?saved=1`, 303)
})

/** One agency's local rules in force: its own (deletable) and those inherited from its parents. */
function LocalAgencySection(props: {
  csrfToken: string
  agency: { id: string; name: string }
  days: LocalDayView[]
  values: Record<string, string>
  issues: SummaryIssue[]
}) {
  const { agency } = props
  const idOf = (field: string) => `${field}-${agency.id}`
  return (
    <section aria-labelledby={idOf('title')}>
      <h2 id={idOf('title')}>{agency.name}</h2>
      {props.days.length === 0 ? (
        <p class="hint">{t.localNone}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.date}</th>
              <th scope="col">{t.kind}</th>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.localSetBy}</th>
              <th scope="col">{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {props.days.map((d) => (
              <tr>
                <td>{d.date}</td>
                <td>{d.isWorkday ? t.on : t.off}</td>
                <td>{d.name}</td>
                <td>{d.agencyId === agency.id ? t.localOwn : d.agencyName}</td>
                <td>
                  {d.agencyId === agency.id ? (
                    <form method="post" action={`/admin/calendar/local/${agency.id}/days/${d.date}/delete`}>
                      <input type="hidden" name="_csrf" value={props.csrfToken} />
                      <button
                        type="submit"
                        class="button button-secondary"
                        aria-label={`${t.delete} ${d.date}`}
                      >
                        {t.delete}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action={`/admin/calendar/local/${agency.id}/days`} novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <div class="form-group">
          <label for={idOf('date')}>{t.date}</label>
          <span class="hint">{t.dateHint}</span>
          <input type="text" id={idOf('date')} name="date" value={props.values.date ?? ''} />
        </div>
        <fieldset class="form-group">
          <legend>{t.kind}</legend>
          <div class="choice">
            <input
              type="radio"
              id={idOf('off')}
              name="kind"
              value="off"
              checked={props.values.kind !== 'on'}
            />
            <label for={idOf('off')}>{t.holiday}</label>
          </div>
          <div class="choice">
            <input type="radio" id={idOf('on')} name="kind" value="on" checked={props.values.kind === 'on'} />
            <label for={idOf('on')}>{t.workday}</label>
          </div>
        </fieldset>
        <div class="form-group">
          <label for={idOf('name')}>{t.name}</label>
          <input type="text" id={idOf('name')} name="name" value={props.values.name ?? ''} />
        </div>
        <button type="submit" class="button">
          {t.localAdd}
        </button>
      </form>
    </section>
  )
}

/** The local-rules page for every agency the user administers; `failed` re-renders one agency's form with errors. */
async function localPage(
  c: Context<AppEnv>,
  failed?: { agencyId: string; values: Record<string, string>; issues: SummaryIssue[] },
) {
  const auth = staff(c)
  const adminOf = auth.roles.filter((r) => r.role === 'admin').map((r) => r.agencyId)
  if (adminOf.length === 0) throw new AppError('forbidden')
  const agencies = (await listAgencies(c.get('db'), auth)).filter((a) => adminOf.includes(a.id))
  const sections = await Promise.all(
    agencies.map(async (a) => ({ agency: a, days: await listLocalDays(c.get('db'), auth, a.id) })),
  )
  const issues = failed?.issues ?? []
  return c.html(
    <Layout title={t.localTitle} nonce={c.get('nonce')} staff={staffProps(c)} hasErrors={issues.length > 0}>
      <ErrorSummary issues={issues} />
      <p>
        <a href="/admin/calendar">{t.allYears}</a>
      </p>
      <h1>{t.localTitle}</h1>
      <p class="hint">{t.localIntro}</p>
      {c.req.query('saved') ? (
        <div class="panel" role="status">
          {t.saved}
        </div>
      ) : null}
      {sections.map((s) => (
        <LocalAgencySection
          csrfToken={auth.session.csrfToken}
          agency={s.agency}
          days={s.days}
          values={failed?.agencyId === s.agency.id ? failed.values : {}}
          issues={failed?.agencyId === s.agency.id ? issues : []}
        />
      ))}
    </Layout>,
    failed ? 422 : 200,
  )
}

adminCalendar.get('/local', (c) => localPage(c))

adminCalendar.post('/local/:agency/days', async (c) => {
  const agencyId = c.req.param('agency')
  const form = await readForm(c)
  const values = {
    date: formValue(form, 'date').trim(),
    kind: formValue(form, 'kind'),
    name: formValue(form, 'name'),
  }
  try {
    if (!isValidIsoDate(values.date)) {
      throw new AppError('validation_failed', {
        issues: [{ path: 'date', code: 'invalid_date', message: t.dateOutOfRange }],
      })
    }
    await putLocalDay(
      c.get('db'),
      staff(c),
      agencyId,
      { date: values.date, isWorkday: values.kind === 'on', name: values.name },
      c.get('now'),
      onCalendarChanged,
    )
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err
    const issues = (err.issues ?? []).map((i) => ({
      href: `${i.path === 'name' ? 'name' : 'date'}-${agencyId}`,
      message: i.message,
    }))
    return localPage(c, { agencyId, values, issues })
  }
  return c.redirect('/admin/calendar/local?saved=1', 303)
})

adminCalendar.post('/local/:agency/days/:date/delete', async (c) => {
  const date = c.req.param('date')
  if (!isValidIsoDate(date)) throw new AppError('not_found')
  await deleteLocalDay(c.get('db'), staff(c), c.req.param('agency'), date, c.get('now'), onCalendarChanged)
  return c.redirect('/admin/calendar/local?saved=1', 303)
})
