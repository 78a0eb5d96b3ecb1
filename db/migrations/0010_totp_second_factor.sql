CREATE TABLE `mfa_recovery_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `mfa_recovery_codes_user_idx` ON `mfa_recovery_codes` (`user_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `totp_enrolled_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `totp_last_step` integer;