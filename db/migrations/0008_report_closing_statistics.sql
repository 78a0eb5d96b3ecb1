CREATE TABLE `proactive_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`group_key` text NOT NULL,
	`title` text NOT NULL,
	`requests` integer NOT NULL,
	`year` integer NOT NULL,
	`case_ids` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proactive_notes_agency_key_uq` ON `proactive_notes` (`agency_id`,`group_key`);--> statement-breakpoint
CREATE TABLE `report_closures` (
	`agency_id` text NOT NULL,
	`year` integer NOT NULL,
	`status` text NOT NULL,
	`closed_by` text NOT NULL,
	`closed_at` integer NOT NULL,
	`frozen` text NOT NULL,
	`reopened_by` text,
	`reopened_at` integer,
	`reopen_reason` text,
	PRIMARY KEY(`agency_id`, `year`)
);
--> statement-breakpoint
CREATE TABLE `report_corrections` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`year` integer NOT NULL,
	`case_id` text NOT NULL,
	`event_seq` integer NOT NULL,
	`action` text NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text,
	`changes` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_corrections_agency_year_idx` ON `report_corrections` (`agency_id`,`year`,`at`);--> statement-breakpoint
CREATE TABLE `report_fees` (
	`agency_id` text NOT NULL,
	`year` integer NOT NULL,
	`n` integer NOT NULL,
	`yuan` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `year`)
);
--> statement-breakpoint
CREATE TABLE `report_monthly` (
	`agency_id` text NOT NULL,
	`month` text NOT NULL,
	`channel` text NOT NULL,
	`applicant_type` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `month`, `channel`, `applicant_type`)
);
--> statement-breakpoint
-- hand-written: requests received per month, channel and applicant column (the statistics' monthly chart), from the
-- cases as they stand, then kept by the triggers below. The channel is the one confirmed at receipt, else the
-- submission's.
INSERT INTO `report_monthly` (`agency_id`, `month`, `channel`, `applicant_type`, `n`)
SELECT c.`agency_id`, substr(c.`received_on`, 1, 7),
  coalesce(json_extract(c.`snapshot`, '$.receipt.channel'), (SELECT s.`channel` FROM `submissions` s WHERE s.`id` = c.`submission_id`), ''),
  c.`applicant_type`, count(*)
FROM `cases` c WHERE c.`received_on` IS NOT NULL AND c.`workflow_id` = 'disclosure' GROUP BY 1, 2, 3, 4;--> statement-breakpoint
CREATE TRIGGER `cases_report_monthly_insert` AFTER INSERT ON `cases`
WHEN NEW.`received_on` IS NOT NULL AND NEW.`workflow_id` = 'disclosure'
BEGIN
  INSERT INTO `report_monthly` (`agency_id`, `month`, `channel`, `applicant_type`, `n`)
  SELECT NEW.`agency_id`, substr(NEW.`received_on`, 1, 7),
    coalesce(json_extract(NEW.`snapshot`, '$.receipt.channel'), (SELECT s.`channel` FROM `submissions` s WHERE s.`id` = NEW.`submission_id`), ''),
    NEW.`applicant_type`, 1
  WHERE true
  ON CONFLICT (`agency_id`, `month`, `channel`, `applicant_type`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `cases_report_monthly_update` AFTER UPDATE OF `agency_id`, `received_on`, `applicant_type`, `snapshot` ON `cases`
WHEN NEW.`workflow_id` = 'disclosure' AND (OLD.`received_on` IS NOT NULL OR NEW.`received_on` IS NOT NULL) AND (
  OLD.`agency_id` IS NOT NEW.`agency_id` OR OLD.`applicant_type` IS NOT NEW.`applicant_type`
  OR substr(OLD.`received_on`, 1, 7) IS NOT substr(NEW.`received_on`, 1, 7)
  OR json_extract(OLD.`snapshot`, '$.receipt.channel') IS NOT json_extract(NEW.`snapshot`, '$.receipt.channel')
)
BEGIN
  INSERT INTO `report_monthly` (`agency_id`, `month`, `channel`, `applicant_type`, `n`)
  SELECT OLD.`agency_id`, substr(OLD.`received_on`, 1, 7),
    coalesce(json_extract(OLD.`snapshot`, '$.receipt.channel'), (SELECT s.`channel` FROM `submissions` s WHERE s.`id` = OLD.`submission_id`), ''),
    OLD.`applicant_type`, -1
  WHERE OLD.`received_on` IS NOT NULL
  ON CONFLICT (`agency_id`, `month`, `channel`, `applicant_type`) DO UPDATE SET `n` = `n` - 1;
  INSERT INTO `report_monthly` (`agency_id`, `month`, `channel`, `applicant_type`, `n`)
  SELECT NEW.`agency_id`, substr(NEW.`received_on`, 1, 7),
    coalesce(json_extract(NEW.`snapshot`, '$.receipt.channel'), (SELECT s.`channel` FROM `submissions` s WHERE s.`id` = NEW.`submission_id`), ''),
    NEW.`applicant_type`, 1
  WHERE NEW.`received_on` IS NOT NULL
  ON CONFLICT (`agency_id`, `month`, `channel`, `applicant_type`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `cases_report_monthly_delete` AFTER DELETE ON `cases`
WHEN OLD.`received_on` IS NOT NULL AND OLD.`workflow_id` = 'disclosure'
BEGIN
  UPDATE `report_monthly` SET `n` = `n` - 1
  WHERE `agency_id` = OLD.`agency_id` AND `month` = substr(OLD.`received_on`, 1, 7)
    AND `channel` = coalesce(json_extract(OLD.`snapshot`, '$.receipt.channel'), (SELECT s.`channel` FROM `submissions` s WHERE s.`id` = OLD.`submission_id`), '')
    AND `applicant_type` = OLD.`applicant_type`;
END;--> statement-breakpoint
-- hand-written: fees collected (the fee's status turned paid), by the year of payment.
INSERT INTO `report_fees` (`agency_id`, `year`, `n`, `yuan`)
SELECT `agency_id`, CAST(substr(json_extract(`snapshot`, '$.fee.paidOn'), 1, 4) AS INTEGER), count(*),
  sum(coalesce(json_extract(`snapshot`, '$.fee.amountYuan'), 0))
FROM `cases` WHERE json_extract(`snapshot`, '$.fee.status') = 'paid' GROUP BY 1, 2;--> statement-breakpoint
CREATE TRIGGER `cases_report_fees_update` AFTER UPDATE OF `snapshot` ON `cases`
WHEN json_extract(NEW.`snapshot`, '$.fee.status') = 'paid' AND json_extract(OLD.`snapshot`, '$.fee.status') IS NOT 'paid'
BEGIN
  INSERT INTO `report_fees` (`agency_id`, `year`, `n`, `yuan`)
  SELECT NEW.`agency_id`, CAST(substr(json_extract(NEW.`snapshot`, '$.fee.paidOn'), 1, 4) AS INTEGER), 1,
    coalesce(json_extract(NEW.`snapshot`, '$.fee.amountYuan'), 0)
  WHERE true
  ON CONFLICT (`agency_id`, `year`) DO UPDATE SET `n` = `n` + 1, `yuan` = `yuan` + excluded.`yuan`;
END;
