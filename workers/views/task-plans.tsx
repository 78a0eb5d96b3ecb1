// The plans pages: every plan of the caller with the form to create one, one plan's tasks, and the unit settings
// (directory, groups, remembered mappings) of an agency's plans.
import { messages } from '../i18n/zh-CN'
import type { PlanPage } from '../services/tasks/pages'
import type { PlanView } from '../services/tasks/plans'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'
import { Deadline, type StaffProps, Units } from './task-parts'

const ui = messages.plansUi

export function PlanListPage(props: {
  nonce: string
  staff: StaffProps
  plans: PlanView[]
  agencies: { id: string; name: string }[]
  issues: SummaryIssue[]
  values: Record<string, string>
  thisYear: number
}) {
  const year = props.values.year ?? String(props.thisYear)
  return (
    <Layout title={ui.title} nonce={props.nonce} staff={props.staff} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <h1>{ui.title}</h1>
      {props.plans.length === 0 ? (
        <p>{props.agencies.length > 0 ? ui.none : ui.noneForUnit}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{ui.year}</th>
              <th scope="col">{ui.planTitle}</th>
              <th scope="col">{ui.agency}</th>
              <th scope="col">{ui.taskCount}</th>
              <th scope="col">{ui.yourRole}</th>
            </tr>
          </thead>
          <tbody>
            {props.plans.map((p) => (
              <tr>
                <td>{p.year}</td>
                <td>
                  <a href={`/admin/plans/${p.id}`}>{p.title}</a>
                </td>
                <td>{p.agencyName}</td>
                <td>{p.taskCount}</td>
                <td>{p.coordinates ? ui.roleCoordinator : ui.roleReporter}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.agencies.length > 0 ? (
        <>
          <h2 id="create">{ui.create}</h2>
          <form method="post" action="/admin/plans" novalidate>
            <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
            <div class="form-group">
              <label for="agency">{ui.agency}</label>
              <select id="agency" name="agency">
                {props.agencies.map((a) => (
                  <option value={a.id} selected={props.values.agency === a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="form-group">
              <label for="year">{ui.year}</label>
              <input type="text" id="year" name="year" inputmode="numeric" value={year} maxlength={4} />
            </div>
            <div class="form-group">
              <label for="title">{ui.planTitle}</label>
              <span class="hint">{ui.titleHint}</span>
              <input type="text" id="title" name="title" value={props.values.title ?? ''} maxlength={200} />
            </div>
            <button type="submit" class="button">
              {ui.createSubmit}
            </button>
          </form>
          <p>
            <a href="/admin/plans/units">{ui.unitSettings}</a>
          </p>
        </>
      ) : null}
    </Layout>
  )
}

export function PlanPageView(props: {
  nonce: string
  staff: StaffProps
  page: PlanPage
  notice: string | null
}) {
  const { plan, tasks, coordinates } = props.page
  const grouped = tasks.some((task) => task.group !== null)
  return (
    <Layout title={plan.title} nonce={props.nonce} staff={props.staff}>
      <p>
        <a href="/admin/plans">{ui.allPlans}</a>
      </p>
      <span class="caption">
        {plan.agencyName} · {plan.year}
      </span>
      <h1>{plan.title}</h1>
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      <p class="button-row">
        {coordinates ? (
          <>
            <a class="button" href={`/admin/plans/${plan.id}/import`}>
              {ui.importTable}
            </a>
            <a class="button button-secondary" href={`/admin/plans/${plan.id}/tasks/new`}>
              {ui.addTask}
            </a>
          </>
        ) : null}
        <a class="button button-secondary" href={`/admin/plans/${plan.id}/ledger`}>
          {ui.ledger}
        </a>
      </p>
      <h2>{ui.tasks}</h2>
      {tasks.length === 0 ? (
        <p>{coordinates ? ui.noTasks : ui.noneForUnit}</p>
      ) : (
        <table class="tasks">
          <thead>
            <tr>
              {grouped ? <th scope="col">{ui.group}</th> : null}
              <th scope="col">{ui.seq}</th>
              <th scope="col">{ui.name}</th>
              <th scope="col">{ui.deadline}</th>
              <th scope="col">{ui.lead}</th>
              <th scope="col">{ui.responsible}</th>
              <th scope="col">
                <span class="visually-hidden">{ui.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr>
                {grouped ? <td>{task.group ?? ''}</td> : null}
                <td>{task.seq ?? ''}</td>
                <td>
                  <a href={`/admin/plans/${plan.id}/tasks/${task.id}`}>{task.name}</a>
                </td>
                <td>
                  <Deadline text={task.deadlineText} milestones={task.milestones} />
                </td>
                <td>
                  <Units units={task.leadUnits} />
                </td>
                <td>
                  <Units units={task.responsibleUnits} />
                </td>
                <td>
                  {coordinates ? (
                    <a href={`/admin/plans/${plan.id}/tasks/${task.id}`}>{ui.detail}</a>
                  ) : (
                    <a href={`/admin/plans/${plan.id}/tasks/${task.id}/report`}>{ui.report}</a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  )
}

export interface UnitSettingsView {
  agencyId: string
  agencies: { id: string; name: string; kind: string }[]
  groups: { name: string; configured: boolean; agencies: { id: string; name: string }[] }[]
  mappings: { name: string; agencyId: string; agencyName: string }[]
}

export function UnitsPage(props: {
  nonce: string
  staff: StaffProps
  settings: UnitSettingsView
  agencies: { id: string; name: string }[]
  notice: string | null
  issues: SummaryIssue[]
}) {
  const s = props.settings
  const csrf = <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
  const agencyField = <input type="hidden" name="agency" value={s.agencyId} />
  return (
    <Layout title={ui.unitsTitle} nonce={props.nonce} staff={props.staff} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <p>
        <a href="/admin/plans">{ui.allPlans}</a>
      </p>
      <h1>{ui.unitsTitle}</h1>
      {props.agencies.length > 1 ? (
        <form method="get" class="inline-form">
          <label for="agency-switch">{ui.agency}</label>{' '}
          <select id="agency-switch" name="agency">
            {props.agencies.map((a) => (
              <option value={a.id} selected={a.id === s.agencyId}>
                {a.name}
              </option>
            ))}
          </select>{' '}
          <button type="submit" class="button button-secondary">
            {ui.open}
          </button>
        </form>
      ) : null}
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      <h2>{ui.mappings}</h2>
      <p class="hint">{ui.mappingsHint}</p>
      {s.mappings.length === 0 ? (
        <p>{ui.noMappings}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{ui.mappedName}</th>
              <th scope="col">{ui.mappedTo}</th>
              <th scope="col">
                <span class="visually-hidden">{ui.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {s.mappings.map((m) => (
              <tr>
                <td>{m.name}</td>
                <td>{m.agencyName}</td>
                <td>
                  <form method="post" action="/admin/plans/units/mappings">
                    {csrf}
                    {agencyField}
                    <input type="hidden" name="name" value={m.name} />
                    <input type="hidden" name="target" value="" />
                    <button type="submit" class="button button-secondary">
                      {ui.forget}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{ui.addMapping}</h3>
      <form method="post" action="/admin/plans/units/mappings" novalidate>
        {csrf}
        {agencyField}
        <div class="form-group">
          <label for="mapping-name">{ui.mappedName}</label>
          <input type="text" id="mapping-name" name="name" maxlength={100} />
        </div>
        <div class="form-group">
          <label for="mapping-target">{ui.mappedTo}</label>
          <AgencySelect id="mapping-target" name="target" agencies={s.agencies} selected="" />
        </div>
        <button type="submit" class="button">
          {ui.save}
        </button>
      </form>
      <h2>{ui.groups}</h2>
      <p class="hint">{ui.groupsHint}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{ui.groupName}</th>
            <th scope="col">{ui.members}</th>
          </tr>
        </thead>
        <tbody>
          {s.groups.map((g) => (
            <tr>
              <td>
                {g.name}{' '}
                <span class={`tag ${g.configured ? '' : 'tag-muted'}`}>
                  {g.configured ? ui.configured : ui.builtIn}
                </span>
              </td>
              <td>{g.agencies.map((a) => a.name).join('、')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{ui.saveGroup}</h3>
      <form method="post" action="/admin/plans/units/groups" novalidate>
        {csrf}
        {agencyField}
        <div class="form-group">
          <label for="group-name">{ui.groupName}</label>
          <input type="text" id="group-name" name="name" maxlength={100} />
        </div>
        <fieldset class="form-group">
          <legend>{ui.members}</legend>
          {s.agencies.map((a, i) => (
            <div class="choice">
              <input type="checkbox" id={`member-${i}`} name="members" value={a.id} />
              <label for={`member-${i}`}>{a.name}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" class="button">
          {ui.saveGroup}
        </button>
      </form>
      <h2>{ui.directory}</h2>
      <ul>
        {s.agencies.map((a) => (
          <li>{a.name}</li>
        ))}
      </ul>
    </Layout>
  )
}

/** A select of the government's agencies, with an empty first choice. */
export function AgencySelect(props: {
  id: string
  name: string
  agencies: { id: string; name: string }[]
  selected: string
}) {
  return (
    <select id={props.id} name={props.name}>
      <option value="">{ui.chooseAgency}</option>
      {props.agencies.map((a) => (
        <option value={a.id} selected={a.id === props.selected}>
          {a.name}
        </option>
      ))}
    </select>
  )
}
