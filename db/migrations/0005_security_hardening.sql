CREATE TABLE `audit_log_heads` (
	`chain` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `local_calendar_days` (
	`agency_id` text NOT NULL,
	`date` text NOT NULL,
	`year` integer NOT NULL,
	`is_workday` integer NOT NULL,
	`name` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `date`)
);
--> statement-breakpoint
CREATE TABLE `lookup_failures` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `spent_tokens` (
	`key` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `spent_tokens_expires_idx` ON `spent_tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `transfer_targets` (
	`agency_id` text NOT NULL,
	`target_agency_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `target_agency_id`)
);
--> statement-breakpoint
ALTER TABLE `attachments` ADD `key_id` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `seq` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_chain_uq` ON `audit_log` (`agency_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_platform_chain_uq` ON `audit_log` (`seq`) WHERE "audit_log"."agency_id" IS NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `platform_role` text;--> statement-breakpoint
ALTER TABLE `users` ADD `must_change_password` integer DEFAULT false NOT NULL;