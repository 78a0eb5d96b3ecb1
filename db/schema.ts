// Drizzle schema for D1: the single source of truth for agencies, staff, forms, cases and audit.
// Instants are integer milliseconds since the epoch (UTC); legal days are 'YYYY-MM-DD' text (Asia/Shanghai).
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { RECEIPT_CHANNELS, type ReceiptChannel } from '../workflows/definitions/disclosure-case'
import { ROLES, type Role } from '../workflows/engine/types'

// The pure core owns these lists; re-exported for the modules that read them with the tables.
export { RECEIPT_CHANNELS, type ReceiptChannel, ROLES, type Role }

const createdAt = () => integer('created_at').notNull()

export const AGENCY_KINDS = ['government', 'department', 'township'] as const
export type AgencyKind = (typeof AGENCY_KINDS)[number]

export const agencies = sqliteTable(
  'agencies',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: AGENCY_KINDS }).notNull(),
    parentId: text('parent_id'),
    /** JSON array of portal origins allowed to frame this agency's forms. */
    embedOrigins: text('embed_origins').notNull().default('[]'),
    /** JSON: letterhead details used on letters (告知书). */
    letterhead: text('letterhead').notNull().default('{}'),
    /** JSON: per-agency settings (DOMAIN.md "configurable", webhook, proof-of-work); read it with parseAgencySettings. */
    settings: text('settings').notNull().default('{}'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('agencies_slug_uq').on(t.slug), index('agencies_parent_idx').on(t.parentId)],
)

/** Roles held for the whole deployment rather than per agency (DESIGN.md "Roles"). */
export const PLATFORM_ROLES = ['operator'] as const
export type PlatformRole = (typeof PLATFORM_ROLES)[number]

/** The home agency of a platform operator, who belongs to no agency (and so is in no agency admin's scope). */
export const NO_HOME_AGENCY = ''

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** The agency whose admins manage the account; NO_HOME_AGENCY for a platform operator. */
    homeAgencyId: text('home_agency_id').notNull(),
    /** 'operator': the national holiday calendar and cross-tenant settings of the deployment; null for agency staff. */
    platformRole: text('platform_role', { enum: PLATFORM_ROLES }),
    /** Set when an admin reset the password: the next session may do nothing but choose a new one. */
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    /**
     * The TOTP second factor's secret (RFC 6238), AES-GCM encrypted like personal data (`keyId.ciphertext`, the
     * user id as associated data); set while enrolling, in force once totp_enrolled_at is set.
     */
    totpSecret: text('totp_secret'),
    /** When the user confirmed enrolment with a code; null while not enrolled (or enrolment unfinished). */
    totpEnrolledAt: integer('totp_enrolled_at'),
    /** The last time step whose code was accepted: a code of that step or earlier is a replay. */
    totpLastStep: integer('totp_last_step'),
    disabledAt: integer('disabled_at'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username)],
)

export const userRoles = sqliteTable(
  'user_roles',
  {
    userId: text('user_id').notNull(),
    agencyId: text('agency_id').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.agencyId, t.role] }),
    index('user_roles_agency_idx').on(t.agencyId),
  ],
)

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the secret token; the token itself is never stored. */
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: ['cookie', 'bearer'] }).notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    /** Set once the second factor was verified for this session (null: none yet, or the user has none). */
    mfaAt: integer('mfa_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** Single-use recovery codes of a user's second factor: only SHA-256 hashes are stored; shown once. */
export const mfaRecoveryCodes = sqliteTable(
  'mfa_recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: text('user_id').notNull(),
    createdAt: createdAt(),
    usedAt: integer('used_at'),
  },
  (t) => [index('mfa_recovery_codes_user_idx').on(t.userId)],
)

/** Failed logins, counted per username and per client address for throttling. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    index('login_failures_user_idx').on(t.username, t.at),
    index('login_failures_ip_idx').on(t.ip, t.at),
  ],
)

/** Fixed-window counters for rate limits (per IP, per form, per tracking lookup). */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: integer('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
)

/**
 * Staff actions outside a case (logins, PII reveals, downloads, users, settings, calendar), for 等保 audit. Rows
 * are hash-chained per agency (the platform's own chain for agency_id NULL) like case events; write them only
 * through services/audit-log.ts. Rows written before the chain existed have seq NULL.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    agencyId: text('agency_id'),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    target: text('target'),
    payload: text('payload').notNull().default('{}'),
    ip: text('ip'),
    at: integer('at').notNull(),
    /** Position in the chain of agency_id (NULL: the platform chain), handed out inside the row's batch. */
    seq: integer('seq'),
    /** Both NULL until the sealer links the row. */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_log_agency_at_idx').on(t.agencyId, t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    // One row per chain position: two writers racing for the next one cannot both commit.
    uniqueIndex('audit_log_chain_uq').on(t.agencyId, t.seq),
    uniqueIndex('audit_log_platform_chain_uq').on(t.seq).where(sql`${t.agencyId} IS NULL`),
  ],
)

/**
 * Each audit_log chain ('' for the platform chain): the sealed head (the last hashed row, moved by the sealer in the
 * batch that hashes the rows up to it) and the append counter (the last position handed out, bumped in the batch of
 * every row), as for case events (`audit_heads`).
 */
export const auditLogHeads = sqliteTable('audit_log_heads', {
  chain: text('chain').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
  updatedAt: integer('updated_at').notNull(),
  /** The last position appended; rows after `seq` up to this one wait for the sealer (prev_hash, hash NULL). */
  appendedSeq: integer('appended_seq').notNull().default(0),
})

/** Failed lookups per key (a tracking reference), for back-off and lock whether or not the key exists. */
export const lookupFailures = sqliteTable('lookup_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastAt: integer('last_at').notNull(),
})

/** Single-use values (a spent proof-of-work solution) until they would have expired anyway. */
export const spentTokens = sqliteTable(
  'spent_tokens',
  {
    key: text('key').primaryKey(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('spent_tokens_expires_idx').on(t.expiresAt)],
)

export const formVersions = sqliteTable(
  'form_versions',
  {
    id: text('id').primaryKey(),
    /** Null for a form offered to every agency in the deployment. */
    agencyId: text('agency_id'),
    slug: text('slug').notNull(),
    version: integer('version').notNull(),
    definition: text('definition').notNull(),
    /** SHA-256 of the canonical definition, so a published version can be checked as frozen. */
    definitionHash: text('definition_hash').notNull(),
    publishedAt: integer('published_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('form_versions_slug_uq').on(t.slug, t.version, t.agencyId)],
)

/**
 * A citizen's unfinished application (issue 14): the answers so far, encrypted whole like the personal fields, under
 * the SHA-256 of the unguessable draft id carried in the page's URL (the id itself is never stored). Kept 7 days
 * after the last save; the cron removes expired rows. Once submitted only the reference is kept, so a repeated
 * submit finds its receipt.
 */
export const formDrafts = sqliteTable(
  'form_drafts',
  {
    /** Hex SHA-256 of the draft id. */
    idHash: text('id_hash').primaryKey(),
    agencyId: text('agency_id').notNull(),
    formVersionId: text('form_version_id').notNull(),
    /** AES-GCM ciphertext (base64url, iv-prefixed) of the answers and the flow's progress; '' once submitted. */
    data: text('data').notNull(),
    keyId: text('key_id').notNull(),
    updatedAt: integer('updated_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    submittedReference: text('submitted_reference'),
    createdAt: createdAt(),
  },
  (t) => [index('form_drafts_expires_idx').on(t.expiresAt)],
)

export const submissions = sqliteTable(
  'submissions',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull(),
    formVersionId: text('form_version_id').notNull(),
    /** How the application reached the agency (Art. 31 day of receipt). */
    channel: text('channel', { enum: RECEIPT_CHANNELS }).notNull(),
    submittedAt: integer('submitted_at').notNull(),
    idempotencyKey: text('idempotency_key'),
    /** SHA-256 of the canonical request body, to tell a replay from a conflicting reuse of a key. */
    bodyHash: text('body_hash').notNull(),
    reference: text('reference').notNull(),
    queryCodeHash: text('query_code_hash').notNull(),
    /** JSON of the non-personal answers. */
    data: text('data').notNull(),
    /** AES-GCM ciphertext (base64url, iv-prefixed) of the personal fields. */
    pii: text('pii').notNull(),
    piiKeyId: text('pii_key_id').notNull(),
    /** Annual-report Table 3 column of the applicant (APPLICANT_COLUMNS key: natural_person, commercial_enterprise, …). */
    applicantType: text('applicant_type').notNull(),
    /** Staff member who keyed in an oral/paper application, if any. */
    enteredBy: text('entered_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('submissions_reference_uq').on(t.reference),
    uniqueIndex('submissions_idem_uq').on(t.agencyId, t.idempotencyKey),
    index('submissions_agency_at_idx').on(t.agencyId, t.submittedAt),
  ],
)

export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull(),
    submissionId: text('submission_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    workflowVersion: integer('workflow_version').notNull(),
    state: text('state').notNull(),
    /** Optimistic-concurrency version; every transition is `UPDATE … WHERE version = ?`. */
    version: integer('version').notNull().default(0),
    /** Day of receipt (Art. 31), set when a registrar confirms. */
    receivedOn: text('received_on'),
    /** Current statutory reply deadline, or null while none runs / the calendar cannot say. */
    dueOn: text('due_on'),
    /** The calendar year the reply deadline waits for (not loaded or not confirmed), while it does. */
    duePendingYear: integer('due_pending_year'),
    /** Next date at which the timer sweep must look at this case (lapses, reminders). */
    nextTimerOn: text('next_timer_on'),
    /** JSON of the workflow snapshot (state, flags, clock events, …); the columns around it are derived for indexing. */
    snapshot: text('snapshot').notNull(),
    assigneeId: text('assignee_id'),
    outcome: text('outcome'),
    /** Day the 办理结果 was given (reply sent, lapse, withdrawal): the annual report counts the case in its year. */
    decidedOn: text('decided_on'),
    /** Copied from the submission: the annual-report Table 3 column (APPLICANT_COLUMNS key). */
    applicantType: text('applicant_type').notNull(),
    /** Short searchable summary of the request (no personal data). */
    title: text('title').notNull().default(''),
    /**
     * Keyed hash (HMAC with the deployment secret) of the applicant's normalised ID number or USCC, written at
     * submission and staff intake; never the plaintext. Counts the applicant's requests per calendar month for fees
     * (国办函〔2020〕109号). Null for cases opened before migration 0006 and for applications without an ID.
     */
    applicantKey: text('applicant_key'),
    closedAt: integer('closed_at'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    /**
     * The list's sort keys: the due date / day of receipt with undated cases last. Generated from the columns the
     * transition writes (so every writer keeps them), indexed with the agency and id for keyset pages.
     */
    dueKey: text('due_key').generatedAlwaysAs(sql`coalesce(due_on, '9999-12-31')`, { mode: 'virtual' }),
    receivedKey: text('received_key').generatedAlwaysAs(sql`coalesce(received_on, '9999-12-31')`, {
      mode: 'virtual',
    }),
  },
  (t) => [
    uniqueIndex('cases_submission_agency_uq').on(t.submissionId, t.agencyId),
    index('cases_list_due_idx').on(t.agencyId, t.dueKey, t.id),
    index('cases_list_state_due_idx').on(t.agencyId, t.state, t.dueKey, t.id),
    index('cases_list_assignee_due_idx').on(t.agencyId, t.assigneeId, t.dueKey, t.id),
    index('cases_list_received_idx').on(t.agencyId, t.receivedKey, t.id),
    index('cases_list_open_due_idx').on(t.agencyId, t.dueKey, t.id).where(sql`${t.closedAt} IS NULL`),
    index('cases_agency_state_due_idx').on(t.agencyId, t.state, t.dueOn),
    index('cases_agency_due_idx').on(t.agencyId, t.dueOn),
    index('cases_timer_idx').on(t.nextTimerOn),
    index('cases_assignee_idx').on(t.assigneeId, t.state),
    index('cases_agency_decided_idx').on(t.agencyId, t.decidedOn),
    index('cases_agency_received_idx').on(t.agencyId, t.receivedOn),
    index('cases_agency_applicant_received_idx')
      .on(t.agencyId, t.applicantKey, t.receivedOn)
      .where(sql`${t.applicantKey} IS NOT NULL`),
    index('cases_due_pending_idx')
      .on(t.duePendingYear, t.agencyId)
      .where(sql`${t.duePendingYear} IS NOT NULL`),
  ],
)

export const caseEvents = sqliteTable(
  'case_events',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull(),
    caseId: text('case_id').notNull(),
    /** Per-case sequence; equals the case version after this event, so a lost race violates the unique index. */
    seq: integer('seq').notNull(),
    /** Per-agency sequence of the hash chain, handed out by `audit_heads.appended_seq` inside the write's batch. */
    chainSeq: integer('chain_seq').notNull(),
    action: text('action').notNull(),
    actorId: text('actor_id'),
    actorKind: text('actor_kind', { enum: ['staff', 'applicant', 'system'] }).notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    payload: text('payload').notNull().default('{}'),
    at: integer('at').notNull(),
    /** Both '' until the sealer links the event (see UNSEALED in workers/services/case-store.ts). */
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('case_events_case_seq_uq').on(t.caseId, t.seq),
    uniqueIndex('case_events_chain_uq').on(t.agencyId, t.chainSeq),
  ],
)

/**
 * Annual-report counters: received cases by agency, year received, year decided (0 while open), applicant column
 * and outcome code ('' while open or when none was recorded). Kept by triggers on `cases` inside the statement that
 * writes the case, so every writer (transitions, recomputes, backfills) keeps them exact; a report reads a few
 * dozen rows per year instead of every case.
 */
export const reportCounts = sqliteTable(
  'report_counts',
  {
    agencyId: text('agency_id').notNull(),
    receivedYear: integer('received_year').notNull(),
    decidedYear: integer('decided_year').notNull(),
    applicantType: text('applicant_type').notNull(),
    outcome: text('outcome').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.receivedYear, t.decidedYear, t.applicantType, t.outcome] })],
)

/** 行政复议 / 行政诉讼 against a case's reply, one row per remedy in the case snapshot (kept by a trigger on `cases`). */
export const caseRemedies = sqliteTable(
  'case_remedies',
  {
    caseId: text('case_id').notNull(),
    remedyId: text('remedy_id').notNull(),
    agencyId: text('agency_id').notNull(),
    kind: text('kind').notNull(),
    litigationPath: text('litigation_path'),
    filedOn: text('filed_on').notNull(),
    result: text('result').notNull(),
    decidedOn: text('decided_on'),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.remedyId] }),
    index('case_remedies_agency_filed_idx').on(t.agencyId, t.filedOn),
  ],
)

/**
 * The workbench counters: cases by agency, state and assignee ('' when none), kept by triggers on `cases` inside the
 * statement that writes the case (like `report_counts`), so a queue count reads a handful of rows, never the cases.
 */
export const caseCounts = sqliteTable(
  'case_counts',
  {
    agencyId: text('agency_id').notNull(),
    state: text('state').notNull(),
    assigneeId: text('assignee_id').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.state, t.assigneeId] })],
)

/**
 * Keyed hashes (HMAC of the normalised value) of an applicant's name and ID number, written with the submission:
 * staff find a case by them by exact match while the values themselves stay encrypted.
 */
export const applicantKeys = sqliteTable(
  'applicant_keys',
  {
    agencyId: text('agency_id').notNull(),
    hash: text('hash').notNull(),
    submissionId: text('submission_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.hash, t.submissionId] })],
)

/**
 * A staff member's in-app notifications, one row per person (fanned out from the outbox row by a trigger in the
 * statement that writes it), with their own read and dismissed state; the text is copied so the outbox can be pruned.
 */
export const staffInbox = sqliteTable(
  'staff_inbox',
  {
    userId: text('user_id').notNull(),
    outboxId: text('outbox_id').notNull(),
    kind: text('kind').notNull(),
    payload: text('payload').notNull(),
    createdAt: createdAt(),
    readAt: integer('read_at'),
    dismissedAt: integer('dismissed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.outboxId] }),
    index('staff_inbox_open_idx').on(t.userId, t.createdAt, t.outboxId).where(sql`${t.dismissedAt} IS NULL`),
    index('staff_inbox_unread_idx').on(t.userId).where(sql`${t.readAt} IS NULL AND ${t.dismissedAt} IS NULL`),
  ],
)

/**
 * A closed (published) annual report of one agency and year: who closed it, when, and Tables 3 and 4 as they stood
 * (JSON of the report's table3 rows and table4 groups). Reopening keeps the row with who/when/why; closing again
 * replaces the frozen figures. Every close and reopen is in the audit log too.
 */
export const reportClosures = sqliteTable(
  'report_closures',
  {
    agencyId: text('agency_id').notNull(),
    year: integer('year').notNull(),
    status: text('status', { enum: ['closed', 'reopened'] }).notNull(),
    closedBy: text('closed_by').notNull(),
    closedAt: integer('closed_at').notNull(),
    frozen: text('frozen').notNull(),
    reopenedBy: text('reopened_by'),
    reopenedAt: integer('reopened_at'),
    reopenReason: text('reopen_reason'),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.year] })],
)

/**
 * A change to a case counted in a closed year, recorded in the batch of the transition that made it: the cells of
 * Table 3 / Table 4 it moved (JSON [{ table, line, column, delta }]), with the action, actor and event.
 */
export const reportCorrections = sqliteTable(
  'report_corrections',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull(),
    year: integer('year').notNull(),
    caseId: text('case_id').notNull(),
    /** The case event (its per-case seq) that made the change. */
    eventSeq: integer('event_seq').notNull(),
    action: text('action').notNull(),
    kind: text('kind', { enum: ['outcome', 'remedy'] }).notNull(),
    actorId: text('actor_id'),
    changes: text('changes').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('report_corrections_agency_year_idx').on(t.agencyId, t.year, t.at)],
)

/**
 * Requests received by agency, month ('YYYY-MM' of the day of receipt), channel and applicant column: the monthly
 * statistics read these instead of cases. Kept by triggers on `cases` (the channel is the submission's).
 */
export const reportMonthly = sqliteTable(
  'report_monthly',
  {
    agencyId: text('agency_id').notNull(),
    month: text('month').notNull(),
    channel: text('channel').notNull(),
    applicantType: text('applicant_type').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.month, t.channel, t.applicantType] })],
)

/** Fees collected (收费) by agency and year paid: count and yuan, kept by a trigger on the case snapshot's fee. */
export const reportFees = sqliteTable(
  'report_fees',
  {
    agencyId: text('agency_id').notNull(),
    year: integer('year').notNull(),
    n: integer('n').notNull(),
    yuan: integer('yuan').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.year] })],
)

/**
 * The proactive-disclosure list (Art. 44): frequently requested information a staff member noted for proactive
 * disclosure, from the statistics' groups of similar request titles. One note per agency and group key.
 */
export const proactiveNotes = sqliteTable(
  'proactive_notes',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull(),
    /** The normalised title of the group (its identity). */
    groupKey: text('group_key').notNull(),
    title: text('title').notNull(),
    /** Requests in the group when noted, and the year looked at. */
    requests: integer('requests').notNull(),
    year: integer('year').notNull(),
    /** JSON array of the case ids of the group when noted. */
    caseIds: text('case_ids').notNull(),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('proactive_notes_agency_key_uq').on(t.agencyId, t.groupKey)],
)

/**
 * Each agency's event chain: the sealed head (the last hashed link, written by the sealer in the batch that hashes
 * the links up to it: detects tail deletion) and the append counter (the last chain position handed out, bumped in
 * the batch of every event, so positions are never re-used and a deleted unsealed tail shows too).
 */
export const auditHeads = sqliteTable('audit_heads', {
  agencyId: text('agency_id').primaryKey(),
  /** Sealed head: position and hash of the last sealed link (0 and the genesis hash before any). */
  chainSeq: integer('chain_seq').notNull(),
  hash: text('hash').notNull(),
  /** When the sealed head last moved (or the row was created). */
  updatedAt: integer('updated_at').notNull(),
  /** The last position appended; positions after `chain_seq` up to this one are waiting for the sealer. */
  appendedSeq: integer('appended_seq').notNull().default(0),
})

/** Resumable background jobs (e.g. recomputing every open case after a calendar edit), advanced by the cron. */
export const jobs = sqliteTable('jobs', {
  name: text('name').primaryKey(),
  /** Where to continue (e.g. the last case id done); empty to start from the beginning. */
  cursor: text('cursor').notNull().default(''),
  payload: text('payload').notNull().default('{}'),
  updatedAt: integer('updated_at').notNull(),
})

/** One row per date that differs from the Mon–Fri rule (holidays and 调休 make-up working days). */
export const calendarDays = sqliteTable(
  'calendar_days',
  {
    date: text('date').primaryKey(),
    year: integer('year').notNull(),
    isWorkday: integer('is_workday', { mode: 'boolean' }).notNull(),
    name: text('name').notNull(),
    source: text('source').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('calendar_days_year_idx').on(t.year)],
)

/**
 * An agency's own holiday rules (e.g. an autonomous region's festivals), applied on top of the national calendar
 * to the cases of that agency and of its sub-agencies only.
 */
export const localCalendarDays = sqliteTable(
  'local_calendar_days',
  {
    agencyId: text('agency_id').notNull(),
    date: text('date').notNull(),
    year: integer('year').notNull(),
    isWorkday: integer('is_workday', { mode: 'boolean' }).notNull(),
    name: text('name').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.date] })],
)

/** A year is usable for deadlines only once the platform operator has confirmed it against the State Council notice. */
export const calendarYears = sqliteTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source').notNull(),
  confirmedAt: integer('confirmed_at'),
  confirmedBy: text('confirmed_by'),
  updatedAt: integer('updated_at').notNull(),
})

export const attachments = sqliteTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull(),
    submissionId: text('submission_id'),
    caseId: text('case_id'),
    /** Evidence of a task progress report (佐证材料); uploaded by the reporting unit (agency_id). */
    taskReportId: text('task_report_id'),
    r2Key: text('r2_key').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    contentType: text('content_type').notNull(),
    filename: text('filename').notNull(),
    /** Key id of the AES-256-GCM encryption of the stored object (iv-prefixed); null for a file stored in clear. */
    keyId: text('key_id'),
    /**
     * Uploaded on a page of this citizen-form draft (form_drafts.id_hash): kept while the draft lives (7 days from
     * its last save), not only the day an unlinked upload is kept.
     */
    draftHash: text('draft_hash'),
    createdAt: createdAt(),
  },
  (t) => [
    index('attachments_submission_idx').on(t.submissionId),
    index('attachments_case_idx').on(t.caseId),
    index('attachments_task_report_idx').on(t.taskReportId),
  ],
)

/** Agencies of other tenants a sender may transfer requests to (its own tenant's agencies need no row). */
export const transferTargets = sqliteTable(
  'transfer_targets',
  {
    agencyId: text('agency_id').notNull(),
    targetAgencyId: text('target_agency_id').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.targetAgencyId] })],
)

export const letters = sqliteTable(
  'letters',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull(),
    caseId: text('case_id').notNull(),
    /** Letter type (workflows/letters LETTER_TYPES), e.g. `reply`, `correction_notice`. */
    kind: text('kind').notNull(),
    /** 文号, assigned on signing. */
    number: text('number'),
    /** JSON: what the letter was generated from (the case's facts, template variant and version, addressee). */
    draft: text('draft').notNull(),
    /** JSON of the frozen LetterDocument, written once at signing. */
    signedBody: text('signed_body'),
    signedAt: integer('signed_at'),
    signedBy: text('signed_by'),
    /** draft → signed (frozen); a draft replaced by a redraft is superseded. */
    status: text('status', { enum: ['draft', 'signed', 'superseded'] })
      .notNull()
      .default('draft'),
    /** Template variant (the reply's outcome, the termination's cause) and template version. */
    variant: text('variant').notNull().default(''),
    templateVersion: integer('template_version').notNull().default(1),
    /** JSON: staff edits of the free-text slots, by slot key. */
    edits: text('edits').notNull().default('{}'),
    /** Per-agency, per-year sequence behind the 文号: gapless, unique, never reused. */
    year: integer('year'),
    seq: integer('seq'),
    /** 成文日期 (legal day) of the signed letter. */
    issuedOn: text('issued_on'),
    /** SHA-256 (hex) of the frozen .docx bytes, stored in R2 under `fileKey`. */
    sha256: text('sha256'),
    fileKey: text('file_key'),
    /** A correction of a signed letter is a new letter that names the one it corrects. */
    supersedes: text('supersedes'),
    /** JSON: 送达 — method, served (posted / sent / signed for) on, the applicant's receipt date. */
    delivery: text('delivery'),
    /** The case event that produced the letter. */
    eventSeq: integer('event_seq'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('letters_case_idx').on(t.caseId),
    uniqueIndex('letters_seq_uq').on(t.agencyId, t.year, t.seq).where(sql`${t.seq} IS NOT NULL`),
    uniqueIndex('letters_number_uq').on(t.agencyId, t.number).where(sql`${t.number} IS NOT NULL`),
  ],
)

/**
 * A 文号 held for a signing in flight: taken (one statement, no read-then-write race) before the letter is rendered,
 * dropped by the batch that signs the letter (the letter row then holds the number). A signing that fails releases
 * its hold (or it expires), and the next signing of the agency and year takes the lowest released number before a
 * new one, so a failure leaves no lasting gap in the sequence.
 */
export const letterNumberHolds = sqliteTable(
  'letter_number_holds',
  {
    agencyId: text('agency_id').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    /** The signing attempt that holds it (one id per letter and attempt). */
    holder: text('holder').notNull(),
    /** ms; a hold at or past this instant is free to be taken again (released holds are set to 0). */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.agencyId, t.year, t.seq] }),
    uniqueIndex('letter_number_holds_holder_uq').on(t.holder),
  ],
)

export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id'),
    kind: text('kind').notNull(),
    /**
     * Who the row is for: 'applicant', 'staff' (the in-app inbox) or 'webhook' (the agency's integrators). The
     * transport (e-mail, SMS, HTTP, in-app) is chosen at delivery from the recipient.
     */
    audience: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    payload: text('payload').notNull(),
    /** pending → sent; failed after the last retry; skipped when no channel is configured for it. */
    status: text('status', { enum: ['pending', 'sent', 'failed', 'skipped'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** Writers derive it from the cause (case, event, kind), so a repeated write is a no-op. */
    dedupId: text('dedup_id').notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: integer('sent_at'),
    /** A staff reminder about a case that has since moved past what it was about (dealt with): the inbox hides it. */
    resolvedAt: integer('resolved_at'),
  },
  (t) => [
    uniqueIndex('outbox_dedup_uq').on(t.dedupId),
    index('outbox_pending_idx').on(t.status, t.nextAttemptAt),
  ],
)

/** An agency's annual task table (重点任务分解表): one per agency and year. */
export const taskPlans = sqliteTable(
  'task_plans',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: ['draft', 'published', 'archived'] })
      .notNull()
      .default('draft'),
    publishedAt: integer('published_at'),
    createdBy: text('created_by'),
    /** +1 with every change to the plan's tasks; equals the last task_plan_events seq. */
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull().default(0),
  },
  (t) => [uniqueIndex('task_plans_agency_year_uq').on(t.agencyId, t.year)],
)

/** Append-only record of changes to a plan (import committed, task added or edited, unit mapped). */
export const taskPlanEvents = sqliteTable(
  'task_plan_events',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id').notNull(),
    /** The plan version after this event: a concurrent writer of the same plan violates the unique index. */
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    actorId: text('actor_id'),
    payload: text('payload').notNull().default('{}'),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('task_plan_events_plan_seq_uq').on(t.planId, t.seq)],
)

export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id').notNull(),
    /** The identity a re-import finds the task by (group or lead unit + name, folded): see taskKey. */
    key: text('key').notNull(),
    /** Order in the plan (the table's order; tasks added by hand go last). */
    position: integer('position').notNull().default(0),
    /** The group heading as written (牵头单位 in a grouped table, or 任务类别); null when the table has none. */
    groupName: text('group_name'),
    /** 序号 as written in the table (restarts per group); null when absent. */
    seq: integer('seq'),
    /** 任务名称 */
    name: text('name').notNull(),
    /** 具体任务内容 / 工作要求 */
    content: text('content').notNull(),
    /** 公开载体 */
    carrier: text('carrier').notNull().default(''),
    /** 完成时限 as written. */
    deadlineText: text('deadline_text').notNull().default(''),
    /** JSON Milestone[] read from deadline_text (or set by a person where it could not be read). */
    milestones: text('milestones').notNull().default('[]'),
    /** The last complete-by date among the milestones, for sorting and filters. */
    dueOn: text('due_on'),
    /** JSON of the 牵头单位 / 责任单位 cells as resolved units: names as written, the agencies they stand for. */
    leadUnits: text('lead_units').notNull().default('[]'),
    responsibleUnits: text('responsible_units').notNull().default('[]'),
    /** Sheet row of the last import that wrote the task; null for a task added by hand. */
    sourceRow: integer('source_row'),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull().default(0),
  },
  (t) => [
    uniqueIndex('tasks_plan_key_uq').on(t.planId, t.key),
    index('tasks_plan_position_idx').on(t.planId, t.position),
  ],
)

/** Which agencies report on a task (derived from its units); the reporter's scope and the ledger's columns. */
export const taskUnits = sqliteTable(
  'task_units',
  {
    taskId: text('task_id').notNull(),
    agencyId: text('agency_id').notNull(),
    role: text('role', { enum: ['lead', 'responsible'] }).notNull(),
    /** Next day the reminder job looks at this unit's periods of the task; null when nothing is left to remind. */
    nextReminderOn: text('next_reminder_on'),
    /** When the unit got the task: periods already due before then are not reminded of. */
    createdAt: integer('created_at').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.agencyId] }),
    index('task_units_agency_idx').on(t.agencyId),
    index('task_units_reminder_idx').on(t.nextReminderOn),
  ],
)

/** A unit's progress report on a task for one reporting period, run by the task-report workflow. */
export const taskReports = sqliteTable(
  'task_reports',
  {
    id: text('id').primaryKey(),
    taskId: text('task_id').notNull(),
    planId: text('plan_id').notNull().default(''),
    /** The reporting unit. */
    agencyId: text('agency_id').notNull(),
    /** ReportingPeriod key (`2024-Q3`, `D2024-09-30`, …). */
    period: text('period').notNull(),
    /** The period's due date when the report was filed: the on-time flag compares the first filing with it. */
    dueOn: text('due_on').notNull().default(''),
    /** Workflow state: submitted, returned, resubmitted, accepted. */
    status: text('status', { enum: ['submitted', 'returned', 'resubmitted', 'accepted'] })
      .notNull()
      .default('submitted'),
    workflowVersion: integer('workflow_version').notNull().default(1),
    formVersion: integer('form_version').notNull().default(1),
    /** 落实状态 answered in the form (not_started, in_progress, completed, ongoing). */
    progressStatus: text('progress_status').notNull().default('not_started'),
    /** 进展情况, copied out of `data` for the ledger. */
    progress: text('progress').notNull().default(''),
    /** JSON of the form answers as validated. */
    data: text('data').notNull().default('{}'),
    /** JSON of the workflow snapshot (filer, latest comment, returns). */
    snapshot: text('snapshot').notNull().default('{}'),
    /** First filing (the on-time flag uses it; a return and a later resubmission do not move it). */
    submittedAt: integer('submitted_at'),
    submittedBy: text('submitted_by'),
    reviewedAt: integer('reviewed_at'),
    reviewedBy: text('reviewed_by'),
    reviewNote: text('review_note'),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull().default(0),
  },
  (t) => [
    uniqueIndex('task_reports_unit_period_uq').on(t.taskId, t.agencyId, t.period),
    index('task_reports_status_idx').on(t.status),
    index('task_reports_plan_idx').on(t.planId),
    index('task_reports_agency_idx').on(t.agencyId, t.status),
  ],
)

/** Append-only trail of a report's workflow (filed, returned, filed again, accepted) with each version's answers. */
export const taskReportEvents = sqliteTable(
  'task_report_events',
  {
    id: text('id').primaryKey(),
    reportId: text('report_id').notNull(),
    /** Equals the report version after this event, so a lost race violates the unique index. */
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    actorId: text('actor_id'),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    payload: text('payload').notNull().default('{}'),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('task_report_events_report_seq_uq').on(t.reportId, t.seq)],
)

/** An uploaded task table awaiting the coordinator's confirmation: the only thing a preview writes. */
export const taskImports = sqliteTable(
  'task_imports',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id').notNull(),
    createdBy: text('created_by').notNull(),
    filename: text('filename').notNull(),
    format: text('format', { enum: ['xlsx', 'csv'] }).notNull(),
    /** JSON of the table as read (rows, cells, problems, notices); the preview is recomputed from it. */
    tableJson: text('table_json').notNull(),
    status: text('status', { enum: ['pending', 'committed'] })
      .notNull()
      .default('pending'),
    /** JSON { created, updated, unchanged } once committed. */
    result: text('result'),
    createdAt: createdAt(),
    committedAt: integer('committed_at'),
  },
  (t) => [
    index('task_imports_plan_idx').on(t.planId),
    index('task_imports_status_created_idx').on(t.status, t.createdAt),
  ],
)

/** Unit groups an agency configures ("园区管委会" → its agencies), over the defaults from the agency tree. */
export const taskUnitGroups = sqliteTable(
  'task_unit_groups',
  {
    agencyId: text('agency_id').notNull(),
    name: text('name').notNull(),
    /** JSON array of agency ids. */
    memberIds: text('member_ids').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.name] })],
)

/** Unit names a person mapped to an agency, remembered for the agency's next imports. */
export const taskUnitMappings = sqliteTable(
  'task_unit_mappings',
  {
    agencyId: text('agency_id').notNull(),
    /** The name folded for matching (matchKey). */
    nameKey: text('name_key').notNull(),
    /** The name as first written. */
    name: text('name').notNull(),
    mappedAgencyId: text('mapped_agency_id').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.nameKey] })],
)

/**
 * A revision per cached source (`agencies`, `form_versions`), bumped by triggers on every insert, update and delete of
 * its table (migration 0015), so a per-isolate cache is validated by reading these few rows in a query a request runs
 * anyway (services/calendar.ts's stamp query): a change made through any isolate, or by hand, is seen on the next request.
 */
export const cacheRevisions = sqliteTable('cache_revisions', {
  name: text('name').primaryKey(),
  revision: integer('revision').notNull(),
})
