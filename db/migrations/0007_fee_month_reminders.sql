ALTER TABLE `cases` ADD `applicant_key` text;--> statement-breakpoint
CREATE INDEX `cases_agency_applicant_received_idx` ON `cases` (`agency_id`,`applicant_key`,`received_on`) WHERE "cases"."applicant_key" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `resolved_at` integer;--> statement-breakpoint
-- Backfill note: applicant_key is an HMAC of the decrypted ID number / USCC under the deployment secret, so SQL
-- cannot fill it for cases opened before this migration; they stay NULL and are not counted toward an applicant's
-- monthly fee count. Cases opened from here on (online submission and staff intake) carry it. resolved_at stays
-- NULL for existing reminders: the next transition or timer sweep of their case resolves those dealt with.
SELECT 1;
