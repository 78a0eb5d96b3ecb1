CREATE TABLE `form_drafts` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`form_version_id` text NOT NULL,
	`data` text NOT NULL,
	`key_id` text NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`submitted_reference` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `form_drafts_expires_idx` ON `form_drafts` (`expires_at`);