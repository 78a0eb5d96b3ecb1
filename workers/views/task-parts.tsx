// Pieces the task-reporting pages share: milestones beside the 完成时限 they were read from, units as written with the
// agencies they stand for, and the staff layout props.

import { messages } from '../i18n/zh-CN'
import type { StoredMilestone } from '../services/tasks/task-store'
import type { UnitView } from '../services/tasks/units'

const t = messages.tasks
const ui = messages.plansUi

export interface StaffProps {
  displayName: string
  csrfToken: string
}

/** One milestone in words; an unread phrase is flagged for a person. */
export function MilestoneText(props: { milestone: StoredMilestone }) {
  const m = props.milestone
  const manual = m.manual ? <span class="tag tag-muted">{t.milestone.manual}</span> : null
  switch (m.kind) {
    case 'start':
      return (
        <span>
          {t.milestone.start(m.by)} {manual}
        </span>
      )
    case 'complete':
      return (
        <span>
          {t.milestone.complete(m.by)} {manual}
        </span>
      )
    case 'recurring':
      return (
        <span>
          {t.milestone.recurring(t.milestone.every[m.every] ?? m.every)} {manual}
        </span>
      )
    case 'ongoing':
      return (
        <span>
          {t.milestone.ongoing} {manual}
        </span>
      )
    case 'unparsed':
      return <span class="tag tag-warn">{t.milestone.unparsed(m.text)}</span>
  }
}

/** The 完成时限 as written and, beside it, what was read from it. */
export function Deadline(props: { text: string; milestones: readonly StoredMilestone[] }) {
  return (
    <>
      <div class="deadline-text">{props.text}</div>
      {props.milestones.length > 0 ? (
        <ul class="milestones">
          {props.milestones.map((m) => (
            <li>
              <MilestoneText milestone={m} />
            </li>
          ))}
        </ul>
      ) : null}
    </>
  )
}

/** Units as written; a group shows the agencies it stands for, an unmatched name is flagged. */
export function Units(props: { units: readonly UnitView[] }) {
  const byName = new Map<string, UnitView[]>()
  for (const unit of props.units) byName.set(unit.name, [...(byName.get(unit.name) ?? []), unit])
  return (
    <ul class="units">
      {[...byName].map(([name, units]) => {
        const mapped = units.filter((u) => u.agencyName !== null).map((u) => u.agencyName as string)
        const same = mapped.length === 1 && mapped[0] === name
        return (
          <li>
            {name}
            {mapped.length === 0 ? (
              <>
                {' '}
                <span class="tag tag-warn">{ui.unmapped}</span>
              </>
            ) : same ? null : (
              <span class="hint">（{mapped.join('、')}）</span>
            )}
          </li>
        )
      })}
    </ul>
  )
}
