CREATE TABLE `case_remedies` (
	`case_id` text NOT NULL,
	`remedy_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`kind` text NOT NULL,
	`litigation_path` text,
	`filed_on` text NOT NULL,
	`result` text NOT NULL,
	`decided_on` text,
	PRIMARY KEY(`case_id`, `remedy_id`)
);
--> statement-breakpoint
CREATE INDEX `case_remedies_agency_filed_idx` ON `case_remedies` (`agency_id`,`filed_on`);--> statement-breakpoint
CREATE TABLE `report_counts` (
	`agency_id` text NOT NULL,
	`received_year` integer NOT NULL,
	`decided_year` integer NOT NULL,
	`applicant_type` text NOT NULL,
	`outcome` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `received_year`, `decided_year`, `applicant_type`, `outcome`)
);
--> statement-breakpoint
ALTER TABLE `cases` ADD `decided_on` text;--> statement-breakpoint
CREATE INDEX `cases_agency_decided_idx` ON `cases` (`agency_id`,`decided_on`);--> statement-breakpoint
CREATE INDEX `cases_agency_received_idx` ON `cases` (`agency_id`,`received_on`);--> statement-breakpoint
-- hand-written: the day the 办理结果 was given, until now only inside the snapshot.
UPDATE `cases` SET `decided_on` = json_extract(`snapshot`, '$.decidedOn');--> statement-breakpoint
-- hand-written: the annual-report counters, from the cases as they stand, then kept by the triggers below.
INSERT INTO `report_counts` (`agency_id`, `received_year`, `decided_year`, `applicant_type`, `outcome`, `n`)
SELECT `agency_id`, CAST(substr(`received_on`, 1, 4) AS INTEGER),
  CASE WHEN `decided_on` IS NULL THEN 0 ELSE CAST(substr(`decided_on`, 1, 4) AS INTEGER) END,
  `applicant_type`, CASE WHEN `decided_on` IS NULL THEN '' ELSE coalesce(`outcome`, '') END, count(*)
FROM `cases` WHERE `received_on` IS NOT NULL AND `workflow_id` = 'disclosure' GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
CREATE TRIGGER `cases_report_counts_insert` AFTER INSERT ON `cases`
WHEN NEW.`received_on` IS NOT NULL AND NEW.`workflow_id` = 'disclosure'
BEGIN
  INSERT INTO `report_counts` (`agency_id`, `received_year`, `decided_year`, `applicant_type`, `outcome`, `n`)
  SELECT NEW.`agency_id`, CAST(substr(NEW.`received_on`, 1, 4) AS INTEGER),
    CASE WHEN NEW.`decided_on` IS NULL THEN 0 ELSE CAST(substr(NEW.`decided_on`, 1, 4) AS INTEGER) END,
    NEW.`applicant_type`, CASE WHEN NEW.`decided_on` IS NULL THEN '' ELSE coalesce(NEW.`outcome`, '') END, 1
  WHERE true
  ON CONFLICT (`agency_id`, `received_year`, `decided_year`, `applicant_type`, `outcome`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `cases_report_counts_update` AFTER UPDATE OF `agency_id`, `received_on`, `decided_on`, `outcome`, `applicant_type` ON `cases`
WHEN NEW.`workflow_id` = 'disclosure' AND (OLD.`received_on` IS NOT NULL OR NEW.`received_on` IS NOT NULL) AND (
  OLD.`agency_id` IS NOT NEW.`agency_id` OR OLD.`applicant_type` IS NOT NEW.`applicant_type`
  OR substr(OLD.`received_on`, 1, 4) IS NOT substr(NEW.`received_on`, 1, 4)
  OR substr(OLD.`decided_on`, 1, 4) IS NOT substr(NEW.`decided_on`, 1, 4)
  OR (CASE WHEN OLD.`decided_on` IS NULL THEN '' ELSE coalesce(OLD.`outcome`, '') END)
    IS NOT (CASE WHEN NEW.`decided_on` IS NULL THEN '' ELSE coalesce(NEW.`outcome`, '') END)
)
BEGIN
  INSERT INTO `report_counts` (`agency_id`, `received_year`, `decided_year`, `applicant_type`, `outcome`, `n`)
  SELECT OLD.`agency_id`, CAST(substr(OLD.`received_on`, 1, 4) AS INTEGER),
    CASE WHEN OLD.`decided_on` IS NULL THEN 0 ELSE CAST(substr(OLD.`decided_on`, 1, 4) AS INTEGER) END,
    OLD.`applicant_type`, CASE WHEN OLD.`decided_on` IS NULL THEN '' ELSE coalesce(OLD.`outcome`, '') END, -1
  WHERE OLD.`received_on` IS NOT NULL
  ON CONFLICT (`agency_id`, `received_year`, `decided_year`, `applicant_type`, `outcome`) DO UPDATE SET `n` = `n` - 1;
  INSERT INTO `report_counts` (`agency_id`, `received_year`, `decided_year`, `applicant_type`, `outcome`, `n`)
  SELECT NEW.`agency_id`, CAST(substr(NEW.`received_on`, 1, 4) AS INTEGER),
    CASE WHEN NEW.`decided_on` IS NULL THEN 0 ELSE CAST(substr(NEW.`decided_on`, 1, 4) AS INTEGER) END,
    NEW.`applicant_type`, CASE WHEN NEW.`decided_on` IS NULL THEN '' ELSE coalesce(NEW.`outcome`, '') END, 1
  WHERE NEW.`received_on` IS NOT NULL
  ON CONFLICT (`agency_id`, `received_year`, `decided_year`, `applicant_type`, `outcome`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `cases_report_counts_delete` AFTER DELETE ON `cases`
WHEN OLD.`received_on` IS NOT NULL AND OLD.`workflow_id` = 'disclosure'
BEGIN
  UPDATE `report_counts` SET `n` = `n` - 1
  WHERE `agency_id` = OLD.`agency_id` AND `received_year` = CAST(substr(OLD.`received_on`, 1, 4) AS INTEGER)
    AND `decided_year` = CASE WHEN OLD.`decided_on` IS NULL THEN 0 ELSE CAST(substr(OLD.`decided_on`, 1, 4) AS INTEGER) END
    AND `applicant_type` = OLD.`applicant_type`
    AND `outcome` = CASE WHEN OLD.`decided_on` IS NULL THEN '' ELSE coalesce(OLD.`outcome`, '') END;
END;--> statement-breakpoint
-- hand-written: remedies (行政复议/行政诉讼) as rows, from the snapshots and then on every change of the list.
INSERT INTO `case_remedies` (`case_id`, `remedy_id`, `agency_id`, `kind`, `litigation_path`, `filed_on`, `result`, `decided_on`)
SELECT c.`id`, json_extract(r.value, '$.id'), c.`agency_id`, json_extract(r.value, '$.kind'),
  json_extract(r.value, '$.litigationPath'), json_extract(r.value, '$.filedOn'), json_extract(r.value, '$.result'),
  json_extract(r.value, '$.decidedOn')
FROM `cases` c, json_each(c.`snapshot`, '$.remedies') r;--> statement-breakpoint
CREATE TRIGGER `cases_remedies_insert` AFTER INSERT ON `cases`
WHEN json_array_length(NEW.`snapshot`, '$.remedies') > 0
BEGIN
  INSERT INTO `case_remedies` (`case_id`, `remedy_id`, `agency_id`, `kind`, `litigation_path`, `filed_on`, `result`, `decided_on`)
  SELECT NEW.`id`, json_extract(r.value, '$.id'), NEW.`agency_id`, json_extract(r.value, '$.kind'),
    json_extract(r.value, '$.litigationPath'), json_extract(r.value, '$.filedOn'), json_extract(r.value, '$.result'),
    json_extract(r.value, '$.decidedOn')
  FROM json_each(NEW.`snapshot`, '$.remedies') r;
END;--> statement-breakpoint
CREATE TRIGGER `cases_remedies_update` AFTER UPDATE OF `snapshot` ON `cases`
WHEN json_extract(OLD.`snapshot`, '$.remedies') IS NOT json_extract(NEW.`snapshot`, '$.remedies')
BEGIN
  DELETE FROM `case_remedies` WHERE `case_id` = OLD.`id`;
  INSERT INTO `case_remedies` (`case_id`, `remedy_id`, `agency_id`, `kind`, `litigation_path`, `filed_on`, `result`, `decided_on`)
  SELECT NEW.`id`, json_extract(r.value, '$.id'), NEW.`agency_id`, json_extract(r.value, '$.kind'),
    json_extract(r.value, '$.litigationPath'), json_extract(r.value, '$.filedOn'), json_extract(r.value, '$.result'),
    json_extract(r.value, '$.decidedOn')
  FROM json_each(NEW.`snapshot`, '$.remedies') r;
END;--> statement-breakpoint
CREATE TRIGGER `cases_remedies_delete` AFTER DELETE ON `cases`
BEGIN
  DELETE FROM `case_remedies` WHERE `case_id` = OLD.`id`;
END;
--> statement-breakpoint
-- hand-written: only the cases the annual report cannot count as they stand, to explain a failed check (the WHERE
-- is workers/services/reports/annual-report.ts FAULT_CONDITION, verbatim, so the planner can use it).
CREATE INDEX `cases_report_fault_idx` ON `cases` (`agency_id`, `decided_on`)
WHERE `workflow_id` = 'disclosure' AND (`decided_on` IS NOT NULL AND ((`received_on` IS NULL AND `outcome` IS NOT 'withdrawn') OR `outcome` IS NULL OR `decided_on` < `received_on`));
