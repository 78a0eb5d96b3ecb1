CREATE TABLE `agencies` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` text,
	`embed_origins` text DEFAULT '[]' NOT NULL,
	`letterhead` text DEFAULT '{}' NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agencies_slug_uq` ON `agencies` (`slug`);--> statement-breakpoint
CREATE INDEX `agencies_parent_idx` ON `agencies` (`parent_id`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`submission_id` text,
	`case_id` text,
	`r2_key` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`content_type` text NOT NULL,
	`filename` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachments_submission_idx` ON `attachments` (`submission_id`);--> statement-breakpoint
CREATE INDEX `attachments_case_idx` ON `attachments` (`case_id`);--> statement-breakpoint
CREATE TABLE `audit_heads` (
	`agency_id` text PRIMARY KEY NOT NULL,
	`chain_seq` integer NOT NULL,
	`hash` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agency_id` text,
	`actor_id` text,
	`action` text NOT NULL,
	`target` text,
	`payload` text DEFAULT '{}' NOT NULL,
	`ip` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_agency_at_idx` ON `audit_log` (`agency_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE TABLE `calendar_days` (
	`date` text PRIMARY KEY NOT NULL,
	`year` integer NOT NULL,
	`is_workday` integer NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `calendar_days_year_idx` ON `calendar_days` (`year`);--> statement-breakpoint
CREATE TABLE `calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`confirmed_at` integer,
	`confirmed_by` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`case_id` text NOT NULL,
	`seq` integer NOT NULL,
	`chain_seq` integer NOT NULL,
	`action` text NOT NULL,
	`actor_id` text,
	`actor_kind` text NOT NULL,
	`from_state` text,
	`to_state` text,
	`payload` text DEFAULT '{}' NOT NULL,
	`at` integer NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_events_case_seq_uq` ON `case_events` (`case_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `case_events_chain_uq` ON `case_events` (`agency_id`,`chain_seq`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`submission_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`workflow_version` integer NOT NULL,
	`state` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`received_on` text,
	`due_on` text,
	`next_timer_on` text,
	`snapshot` text NOT NULL,
	`assignee_id` text,
	`outcome` text,
	`applicant_type` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_submission_agency_uq` ON `cases` (`submission_id`,`agency_id`);--> statement-breakpoint
CREATE INDEX `cases_agency_state_due_idx` ON `cases` (`agency_id`,`state`,`due_on`);--> statement-breakpoint
CREATE INDEX `cases_agency_due_idx` ON `cases` (`agency_id`,`due_on`);--> statement-breakpoint
CREATE INDEX `cases_timer_idx` ON `cases` (`next_timer_on`);--> statement-breakpoint
CREATE INDEX `cases_assignee_idx` ON `cases` (`assignee_id`,`state`);--> statement-breakpoint
CREATE TABLE `form_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text,
	`slug` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`definition_hash` text NOT NULL,
	`published_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `form_versions_slug_uq` ON `form_versions` (`slug`,`version`,`agency_id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`name` text PRIMARY KEY NOT NULL,
	`cursor` text DEFAULT '' NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `letters` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`number` text,
	`draft` text NOT NULL,
	`signed_body` text,
	`signed_at` integer,
	`signed_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `letters_case_idx` ON `letters` (`case_id`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`ip` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_user_idx` ON `login_failures` (`username`,`at`);--> statement-breakpoint
CREATE INDEX `login_failures_ip_idx` ON `login_failures` (`ip`,`at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`dedup_id` text NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedup_uq` ON `outbox` (`dedup_id`);--> statement-breakpoint
CREATE INDEX `outbox_pending_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`mfa_at` integer,
	`ip` text,
	`user_agent` text
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`form_version_id` text NOT NULL,
	`channel` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`idempotency_key` text,
	`body_hash` text NOT NULL,
	`reference` text NOT NULL,
	`query_code_hash` text NOT NULL,
	`data` text NOT NULL,
	`pii` text NOT NULL,
	`pii_key_id` text NOT NULL,
	`applicant_type` text NOT NULL,
	`entered_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_reference_uq` ON `submissions` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_idem_uq` ON `submissions` (`agency_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `submissions_agency_at_idx` ON `submissions` (`agency_id`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `task_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`year` integer NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`published_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `task_plans_agency_year_idx` ON `task_plans` (`agency_id`,`year`);--> statement-breakpoint
CREATE TABLE `task_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`period` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`progress` text DEFAULT '' NOT NULL,
	`submitted_at` integer,
	`submitted_by` text,
	`reviewed_at` integer,
	`reviewed_by` text,
	`review_note` text,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_reports_unit_period_uq` ON `task_reports` (`task_id`,`agency_id`,`period`);--> statement-breakpoint
CREATE INDEX `task_reports_status_idx` ON `task_reports` (`status`);--> statement-breakpoint
CREATE TABLE `task_units` (
	`task_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`task_id`, `agency_id`)
);
--> statement-breakpoint
CREATE INDEX `task_units_agency_idx` ON `task_units` (`agency_id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`seq` integer NOT NULL,
	`name` text NOT NULL,
	`content` text NOT NULL,
	`carrier` text DEFAULT '' NOT NULL,
	`deadline_text` text DEFAULT '' NOT NULL,
	`due_on` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_plan_seq_uq` ON `tasks` (`plan_id`,`seq`);--> statement-breakpoint
CREATE TABLE `user_roles` (
	`user_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`user_id`, `agency_id`, `role`)
);
--> statement-breakpoint
CREATE INDEX `user_roles_agency_idx` ON `user_roles` (`agency_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`home_agency_id` text NOT NULL,
	`totp_secret` text,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);