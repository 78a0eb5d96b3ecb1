ALTER TABLE `cases` ADD `due_pending_year` integer;--> statement-breakpoint
CREATE INDEX `cases_due_pending_idx` ON `cases` (`due_pending_year`,`agency_id`) WHERE "cases"."due_pending_year" IS NOT NULL;--> statement-breakpoint
-- Backfill from the clock stored with each open case: the year its reply deadline was waiting for.
UPDATE `cases` SET `due_pending_year` = json_extract(`snapshot`, '$.clock.unconfirmed.year')
WHERE `closed_at` IS NULL AND `due_on` IS NULL AND `received_on` IS NOT NULL
  AND `state` <> 'awaiting_correction' AND json_extract(`snapshot`, '$.clock.unconfirmed.year') IS NOT NULL;
