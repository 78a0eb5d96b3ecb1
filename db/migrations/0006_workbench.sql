CREATE TABLE `applicant_keys` (
	`agency_id` text NOT NULL,
	`hash` text NOT NULL,
	`submission_id` text NOT NULL,
	PRIMARY KEY(`agency_id`, `hash`, `submission_id`)
);
--> statement-breakpoint
CREATE TABLE `case_counts` (
	`agency_id` text NOT NULL,
	`state` text NOT NULL,
	`assignee_id` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `state`, `assignee_id`)
);
--> statement-breakpoint
CREATE TABLE `staff_inbox` (
	`user_id` text NOT NULL,
	`outbox_id` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	`dismissed_at` integer,
	PRIMARY KEY(`user_id`, `outbox_id`)
);
--> statement-breakpoint
CREATE INDEX `staff_inbox_open_idx` ON `staff_inbox` (`user_id`,`created_at`,`outbox_id`) WHERE "staff_inbox"."dismissed_at" IS NULL;--> statement-breakpoint
CREATE INDEX `staff_inbox_unread_idx` ON `staff_inbox` (`user_id`) WHERE "staff_inbox"."read_at" IS NULL AND "staff_inbox"."dismissed_at" IS NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `due_key` text GENERATED ALWAYS AS (coalesce(due_on, '9999-12-31')) VIRTUAL;--> statement-breakpoint
ALTER TABLE `cases` ADD `received_key` text GENERATED ALWAYS AS (coalesce(received_on, '9999-12-31')) VIRTUAL;--> statement-breakpoint
CREATE INDEX `cases_list_due_idx` ON `cases` (`agency_id`,`due_key`,`id`);--> statement-breakpoint
CREATE INDEX `cases_list_state_due_idx` ON `cases` (`agency_id`,`state`,`due_key`,`id`);--> statement-breakpoint
CREATE INDEX `cases_list_assignee_due_idx` ON `cases` (`agency_id`,`assignee_id`,`due_key`,`id`);--> statement-breakpoint
CREATE INDEX `cases_list_received_idx` ON `cases` (`agency_id`,`received_key`,`id`);--> statement-breakpoint
CREATE INDEX `cases_list_open_due_idx` ON `cases` (`agency_id`,`due_key`,`id`) WHERE "cases"."closed_at" IS NULL;--> statement-breakpoint
-- hand-written: the workbench counters, from the cases as they stand, then kept by the triggers below.
INSERT INTO `case_counts` (`agency_id`, `state`, `assignee_id`, `n`)
SELECT `agency_id`, `state`, coalesce(`assignee_id`, ''), count(*) FROM `cases` GROUP BY 1, 2, 3;--> statement-breakpoint
CREATE TRIGGER `cases_counts_insert` AFTER INSERT ON `cases`
BEGIN
  INSERT INTO `case_counts` (`agency_id`, `state`, `assignee_id`, `n`)
  VALUES (NEW.`agency_id`, NEW.`state`, coalesce(NEW.`assignee_id`, ''), 1)
  ON CONFLICT (`agency_id`, `state`, `assignee_id`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `cases_counts_update` AFTER UPDATE OF `agency_id`, `state`, `assignee_id` ON `cases`
WHEN OLD.`agency_id` IS NOT NEW.`agency_id` OR OLD.`state` IS NOT NEW.`state` OR OLD.`assignee_id` IS NOT NEW.`assignee_id`
BEGIN
  UPDATE `case_counts` SET `n` = `n` - 1
  WHERE `agency_id` = OLD.`agency_id` AND `state` = OLD.`state` AND `assignee_id` = coalesce(OLD.`assignee_id`, '');
  INSERT INTO `case_counts` (`agency_id`, `state`, `assignee_id`, `n`)
  VALUES (NEW.`agency_id`, NEW.`state`, coalesce(NEW.`assignee_id`, ''), 1)
  ON CONFLICT (`agency_id`, `state`, `assignee_id`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `cases_counts_delete` AFTER DELETE ON `cases`
BEGIN
  UPDATE `case_counts` SET `n` = `n` - 1
  WHERE `agency_id` = OLD.`agency_id` AND `state` = OLD.`state` AND `assignee_id` = coalesce(OLD.`assignee_id`, '');
END;--> statement-breakpoint
-- hand-written: full-text search over reference, subject, request description and staff notes (trigram: Chinese
-- substrings of 3+ characters match). No personal field goes in: names and ID numbers are found by keyed hash in
-- `applicant_keys`. `case_search_docs` gives each case a stable document number (a text-keyed table's rowid may change
-- on VACUUM). Kept by triggers inside the statements writing cases, submissions and events.
CREATE TABLE `case_search_docs` (`doc` integer PRIMARY KEY, `case_id` text NOT NULL UNIQUE);--> statement-breakpoint
CREATE VIRTUAL TABLE `case_search` USING fts5(`case_id` UNINDEXED, `reference`, `subject`, `description`, `notes`, tokenize = 'trigram');--> statement-breakpoint
INSERT INTO `case_search_docs` (`case_id`) SELECT `id` FROM `cases` ORDER BY `created_at`, `id`;--> statement-breakpoint
INSERT INTO `case_search` (`rowid`, `case_id`, `reference`, `subject`, `description`, `notes`)
SELECT d.`doc`, c.`id`, s.`reference`, c.`title`,
  coalesce(json_extract(s.`data`, '$.informationDescription'), json_extract(s.`data`, '$.recordDescription'), ''),
  coalesce((SELECT group_concat(coalesce(json_extract(e.`payload`, '$.note'), json_extract(e.`payload`, '$.comment'), json_extract(e.`payload`, '$.reason')), char(10))
    FROM `case_events` e WHERE e.`case_id` = c.`id`), '')
FROM `cases` c JOIN `case_search_docs` d ON d.`case_id` = c.`id` JOIN `submissions` s ON s.`id` = c.`submission_id`;--> statement-breakpoint
CREATE TRIGGER `cases_search_insert` AFTER INSERT ON `cases`
WHEN EXISTS (SELECT 1 FROM `submissions` WHERE `id` = NEW.`submission_id`)
BEGIN
  INSERT INTO `case_search_docs` (`case_id`) VALUES (NEW.`id`);
  INSERT INTO `case_search` (`rowid`, `case_id`, `reference`, `subject`, `description`, `notes`)
  SELECT d.`doc`, NEW.`id`, s.`reference`, NEW.`title`,
    coalesce(json_extract(s.`data`, '$.informationDescription'), json_extract(s.`data`, '$.recordDescription'), ''), ''
  FROM `case_search_docs` d, `submissions` s WHERE d.`case_id` = NEW.`id` AND s.`id` = NEW.`submission_id`;
END;--> statement-breakpoint
CREATE TRIGGER `submissions_search_insert` AFTER INSERT ON `submissions`
BEGIN
  INSERT INTO `case_search_docs` (`case_id`) SELECT `id` FROM `cases` WHERE `submission_id` = NEW.`id`;
  INSERT INTO `case_search` (`rowid`, `case_id`, `reference`, `subject`, `description`, `notes`)
  SELECT d.`doc`, c.`id`, NEW.`reference`, c.`title`,
    coalesce(json_extract(NEW.`data`, '$.informationDescription'), json_extract(NEW.`data`, '$.recordDescription'), ''),
    coalesce((SELECT group_concat(coalesce(json_extract(e.`payload`, '$.note'), json_extract(e.`payload`, '$.comment'), json_extract(e.`payload`, '$.reason')), char(10))
      FROM `case_events` e WHERE e.`case_id` = c.`id`), '')
  FROM `cases` c JOIN `case_search_docs` d ON d.`case_id` = c.`id` WHERE c.`submission_id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `cases_search_title` AFTER UPDATE OF `title` ON `cases`
WHEN OLD.`title` IS NOT NEW.`title`
BEGIN
  UPDATE `case_search` SET `subject` = NEW.`title`
  WHERE `rowid` = (SELECT `doc` FROM `case_search_docs` WHERE `case_id` = NEW.`id`);
END;--> statement-breakpoint
CREATE TRIGGER `cases_search_delete` AFTER DELETE ON `cases`
BEGIN
  DELETE FROM `case_search` WHERE `rowid` = (SELECT `doc` FROM `case_search_docs` WHERE `case_id` = OLD.`id`);
  DELETE FROM `case_search_docs` WHERE `case_id` = OLD.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `case_events_search_notes` AFTER INSERT ON `case_events`
WHEN coalesce(json_extract(NEW.`payload`, '$.note'), json_extract(NEW.`payload`, '$.comment'), json_extract(NEW.`payload`, '$.reason')) IS NOT NULL
BEGIN
  UPDATE `case_search`
  SET `notes` = CASE WHEN `notes` = '' THEN '' ELSE `notes` || char(10) END
    || coalesce(json_extract(NEW.`payload`, '$.note'), json_extract(NEW.`payload`, '$.comment'), json_extract(NEW.`payload`, '$.reason'))
  WHERE `rowid` = (SELECT `doc` FROM `case_search_docs` WHERE `case_id` = NEW.`case_id`);
END;--> statement-breakpoint
-- hand-written: each staff member's inbox rows, from the staff notifications as they stand, then on every insert.
INSERT OR IGNORE INTO `staff_inbox` (`user_id`, `outbox_id`, `kind`, `payload`, `created_at`)
SELECT substr(o.`recipient`, 7), o.`id`, o.`kind`, o.`payload`, o.`created_at` FROM `outbox` o
WHERE o.`channel` = 'staff' AND o.`recipient` LIKE 'staff:%';--> statement-breakpoint
INSERT OR IGNORE INTO `staff_inbox` (`user_id`, `outbox_id`, `kind`, `payload`, `created_at`)
SELECT r.`user_id`, o.`id`, o.`kind`, o.`payload`, o.`created_at` FROM `outbox` o JOIN `user_roles` r
  ON 'role:' || r.`agency_id` || ':' || r.`role` = o.`recipient`
WHERE o.`channel` = 'staff' AND o.`recipient` LIKE 'role:%';--> statement-breakpoint
INSERT OR IGNORE INTO `staff_inbox` (`user_id`, `outbox_id`, `kind`, `payload`, `created_at`)
SELECT u.`id`, o.`id`, o.`kind`, o.`payload`, o.`created_at` FROM `outbox` o JOIN `users` u ON u.`platform_role` = 'operator'
WHERE o.`channel` = 'staff' AND o.`recipient` = 'operators';--> statement-breakpoint
CREATE TRIGGER `outbox_staff_inbox` AFTER INSERT ON `outbox`
WHEN NEW.`channel` = 'staff'
BEGIN
  INSERT OR IGNORE INTO `staff_inbox` (`user_id`, `outbox_id`, `kind`, `payload`, `created_at`)
  SELECT substr(NEW.`recipient`, 7), NEW.`id`, NEW.`kind`, NEW.`payload`, NEW.`created_at`
  WHERE NEW.`recipient` LIKE 'staff:%';
  INSERT OR IGNORE INTO `staff_inbox` (`user_id`, `outbox_id`, `kind`, `payload`, `created_at`)
  SELECT r.`user_id`, NEW.`id`, NEW.`kind`, NEW.`payload`, NEW.`created_at` FROM `user_roles` r
  WHERE NEW.`recipient` LIKE 'role:%'
    AND r.`agency_id` = substr(NEW.`recipient`, 6, instr(substr(NEW.`recipient`, 6), ':') - 1)
    AND 'role:' || r.`agency_id` || ':' || r.`role` = NEW.`recipient`;
  INSERT OR IGNORE INTO `staff_inbox` (`user_id`, `outbox_id`, `kind`, `payload`, `created_at`)
  SELECT u.`id`, NEW.`id`, NEW.`kind`, NEW.`payload`, NEW.`created_at` FROM `users` u
  WHERE NEW.`recipient` = 'operators' AND u.`platform_role` = 'operator';
END;
