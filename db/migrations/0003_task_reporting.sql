CREATE TABLE `task_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`created_by` text NOT NULL,
	`filename` text NOT NULL,
	`format` text NOT NULL,
	`table_json` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`result` text,
	`created_at` integer NOT NULL,
	`committed_at` integer
);
--> statement-breakpoint
CREATE INDEX `task_imports_plan_idx` ON `task_imports` (`plan_id`);--> statement-breakpoint
CREATE INDEX `task_imports_status_created_idx` ON `task_imports` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `task_plan_events` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`seq` integer NOT NULL,
	`action` text NOT NULL,
	`actor_id` text,
	`payload` text DEFAULT '{}' NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_plan_events_plan_seq_uq` ON `task_plan_events` (`plan_id`,`seq`);--> statement-breakpoint
CREATE TABLE `task_report_events` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`seq` integer NOT NULL,
	`action` text NOT NULL,
	`actor_id` text,
	`from_state` text,
	`to_state` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_report_events_report_seq_uq` ON `task_report_events` (`report_id`,`seq`);--> statement-breakpoint
CREATE TABLE `task_unit_groups` (
	`agency_id` text NOT NULL,
	`name` text NOT NULL,
	`member_ids` text NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `name`)
);
--> statement-breakpoint
CREATE TABLE `task_unit_mappings` (
	`agency_id` text NOT NULL,
	`name_key` text NOT NULL,
	`name` text NOT NULL,
	`mapped_agency_id` text NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `name_key`)
);
--> statement-breakpoint
DROP INDEX `task_plans_agency_year_idx`;--> statement-breakpoint
ALTER TABLE `task_plans` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `task_plans` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `task_plans` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `task_plans_agency_year_uq` ON `task_plans` (`agency_id`,`year`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`key` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`group_name` text,
	`seq` integer,
	`name` text NOT NULL,
	`content` text NOT NULL,
	`carrier` text DEFAULT '' NOT NULL,
	`deadline_text` text DEFAULT '' NOT NULL,
	`milestones` text DEFAULT '[]' NOT NULL,
	`due_on` text,
	`lead_units` text DEFAULT '[]' NOT NULL,
	`responsible_units` text DEFAULT '[]' NOT NULL,
	`source_row` integer,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_tasks`("id", "plan_id", "key", "position", "group_name", "seq", "name", "content", "carrier", "deadline_text", "milestones", "due_on", "lead_units", "responsible_units", "source_row", "version", "created_at", "updated_at") SELECT "id", "plan_id", "key", "position", "group_name", "seq", "name", "content", "carrier", "deadline_text", "milestones", "due_on", "lead_units", "responsible_units", "source_row", "version", "created_at", "updated_at" FROM `tasks`;--> statement-breakpoint
DROP TABLE `tasks`;--> statement-breakpoint
ALTER TABLE `__new_tasks` RENAME TO `tasks`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_plan_key_uq` ON `tasks` (`plan_id`,`key`);--> statement-breakpoint
CREATE INDEX `tasks_plan_position_idx` ON `tasks` (`plan_id`,`position`);--> statement-breakpoint
CREATE TABLE `__new_task_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`plan_id` text DEFAULT '' NOT NULL,
	`agency_id` text NOT NULL,
	`period` text NOT NULL,
	`due_on` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'submitted' NOT NULL,
	`workflow_version` integer DEFAULT 1 NOT NULL,
	`form_version` integer DEFAULT 1 NOT NULL,
	`progress_status` text DEFAULT 'not_started' NOT NULL,
	`progress` text DEFAULT '' NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`snapshot` text DEFAULT '{}' NOT NULL,
	`submitted_at` integer,
	`submitted_by` text,
	`reviewed_at` integer,
	`reviewed_by` text,
	`review_note` text,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_task_reports`("id", "task_id", "plan_id", "agency_id", "period", "due_on", "status", "workflow_version", "form_version", "progress_status", "progress", "data", "snapshot", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "review_note", "version", "created_at", "updated_at") SELECT "id", "task_id", "plan_id", "agency_id", "period", "due_on", "status", "workflow_version", "form_version", "progress_status", "progress", "data", "snapshot", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "review_note", "version", "created_at", "updated_at" FROM `task_reports`;--> statement-breakpoint
DROP TABLE `task_reports`;--> statement-breakpoint
ALTER TABLE `__new_task_reports` RENAME TO `task_reports`;--> statement-breakpoint
CREATE UNIQUE INDEX `task_reports_unit_period_uq` ON `task_reports` (`task_id`,`agency_id`,`period`);--> statement-breakpoint
CREATE INDEX `task_reports_status_idx` ON `task_reports` (`status`);--> statement-breakpoint
CREATE INDEX `task_reports_plan_idx` ON `task_reports` (`plan_id`);--> statement-breakpoint
CREATE INDEX `task_reports_agency_idx` ON `task_reports` (`agency_id`,`status`);--> statement-breakpoint
ALTER TABLE `attachments` ADD `task_report_id` text;--> statement-breakpoint
CREATE INDEX `attachments_task_report_idx` ON `attachments` (`task_report_id`);--> statement-breakpoint
ALTER TABLE `task_units` ADD `next_reminder_on` text;--> statement-breakpoint
ALTER TABLE `task_units` ADD `created_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `task_units_reminder_idx` ON `task_units` (`next_reminder_on`);