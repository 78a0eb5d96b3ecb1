ALTER TABLE `audit_heads` ADD `appended_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log_heads` ADD `appended_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Every link written so far was hashed at commit: each append counter starts at its sealed head.
UPDATE `audit_heads` SET `appended_seq` = `chain_seq`;--> statement-breakpoint
UPDATE `audit_log_heads` SET `appended_seq` = `seq`;--> statement-breakpoint
-- A case-event chain written before head rows existed gets one at its newest event (sealed there, nothing waiting).
INSERT OR IGNORE INTO `audit_heads` (`agency_id`, `chain_seq`, `hash`, `updated_at`, `appended_seq`)
SELECT e.`agency_id`, e.`chain_seq`, e.`hash`, e.`at`, e.`chain_seq` FROM `case_events` e
WHERE e.`chain_seq` = (SELECT max(x.`chain_seq`) FROM `case_events` x WHERE x.`agency_id` = e.`agency_id`);
