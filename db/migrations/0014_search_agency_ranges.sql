-- hand-written: the search index partitioned by agency through its document numbers. Each agency gets a slot, and
-- its cases' documents are numbered slot × 2^32 + 1, + 2, … so a search names the agency's rowid range beside MATCH
-- and FTS5 reads only that agency's matches (it seeks in each term's doclist), newest first, up to the cap the list
-- sets. The index is rebuilt for the existing cases with the new numbers; the triggers number new documents.
CREATE TABLE `search_slots` (`slot` integer PRIMARY KEY, `agency_id` text NOT NULL UNIQUE);--> statement-breakpoint
INSERT INTO `search_slots` (`agency_id`) SELECT `id` FROM `agencies` ORDER BY `created_at`, `id`;--> statement-breakpoint
INSERT OR IGNORE INTO `search_slots` (`agency_id`) SELECT DISTINCT `agency_id` FROM `cases` ORDER BY `agency_id`;--> statement-breakpoint
CREATE TRIGGER `agencies_search_slot` AFTER INSERT ON `agencies`
BEGIN
  INSERT OR IGNORE INTO `search_slots` (`agency_id`) VALUES (NEW.`id`);
END;--> statement-breakpoint
DROP TRIGGER `cases_search_insert`;--> statement-breakpoint
DROP TRIGGER `submissions_search_insert`;--> statement-breakpoint
-- The old numbers are all below 2^32 and the new ones at or above it: renumbering in place never collides.
UPDATE `case_search_docs` AS d SET `doc` = r.`doc`
FROM (
  SELECT d2.`case_id`, sl.`slot` * 4294967296 + row_number() OVER (PARTITION BY c.`agency_id` ORDER BY d2.`doc`) AS `doc`
  FROM `case_search_docs` d2 JOIN `cases` c ON c.`id` = d2.`case_id` JOIN `search_slots` sl ON sl.`agency_id` = c.`agency_id`
) r
WHERE r.`case_id` = d.`case_id`;--> statement-breakpoint
DROP TABLE `case_search`;--> statement-breakpoint
CREATE VIRTUAL TABLE `case_search` USING fts5(`case_id` UNINDEXED, `reference`, `subject`, `description`, `notes`, tokenize = 'trigram');--> statement-breakpoint
INSERT INTO `case_search` (`rowid`, `case_id`, `reference`, `subject`, `description`, `notes`)
SELECT d.`doc`, c.`id`, s.`reference`, c.`title`,
  coalesce(json_extract(s.`data`, '$.informationDescription'), json_extract(s.`data`, '$.recordDescription'), ''),
  coalesce((SELECT group_concat(coalesce(json_extract(e.`payload`, '$.note'), json_extract(e.`payload`, '$.comment'), json_extract(e.`payload`, '$.reason')), char(10))
    FROM `case_events` e WHERE e.`case_id` = c.`id`), '')
FROM `case_search_docs` d JOIN `cases` c ON c.`id` = d.`case_id` JOIN `submissions` s ON s.`id` = c.`submission_id`
ORDER BY d.`doc`;--> statement-breakpoint
CREATE TRIGGER `cases_search_insert` AFTER INSERT ON `cases`
WHEN EXISTS (SELECT 1 FROM `submissions` WHERE `id` = NEW.`submission_id`)
BEGIN
  INSERT OR IGNORE INTO `search_slots` (`agency_id`) VALUES (NEW.`agency_id`);
  INSERT INTO `case_search_docs` (`doc`, `case_id`)
  SELECT coalesce((SELECT x.`doc` FROM `case_search_docs` x
      WHERE x.`doc` BETWEEN sl.`slot` * 4294967296 AND sl.`slot` * 4294967296 + 4294967295 ORDER BY x.`doc` DESC LIMIT 1),
    sl.`slot` * 4294967296) + 1, NEW.`id`
  FROM `search_slots` sl WHERE sl.`agency_id` = NEW.`agency_id`;
  INSERT INTO `case_search` (`rowid`, `case_id`, `reference`, `subject`, `description`, `notes`)
  SELECT d.`doc`, NEW.`id`, s.`reference`, NEW.`title`,
    coalesce(json_extract(s.`data`, '$.informationDescription'), json_extract(s.`data`, '$.recordDescription'), ''), ''
  FROM `case_search_docs` d, `submissions` s WHERE d.`case_id` = NEW.`id` AND s.`id` = NEW.`submission_id`;
END;--> statement-breakpoint
CREATE TRIGGER `submissions_search_insert` AFTER INSERT ON `submissions`
BEGIN
  INSERT OR IGNORE INTO `search_slots` (`agency_id`) SELECT DISTINCT `agency_id` FROM `cases` WHERE `submission_id` = NEW.`id`;
  INSERT INTO `case_search_docs` (`doc`, `case_id`)
  SELECT coalesce((SELECT x.`doc` FROM `case_search_docs` x
      WHERE x.`doc` BETWEEN sl.`slot` * 4294967296 AND sl.`slot` * 4294967296 + 4294967295 ORDER BY x.`doc` DESC LIMIT 1),
    sl.`slot` * 4294967296) + 1, c.`id`
  FROM `cases` c JOIN `search_slots` sl ON sl.`agency_id` = c.`agency_id` WHERE c.`submission_id` = NEW.`id`;
  INSERT INTO `case_search` (`rowid`, `case_id`, `reference`, `subject`, `description`, `notes`)
  SELECT d.`doc`, c.`id`, NEW.`reference`, c.`title`,
    coalesce(json_extract(NEW.`data`, '$.informationDescription'), json_extract(NEW.`data`, '$.recordDescription'), ''),
    coalesce((SELECT group_concat(coalesce(json_extract(e.`payload`, '$.note'), json_extract(e.`payload`, '$.comment'), json_extract(e.`payload`, '$.reason')), char(10))
      FROM `case_events` e WHERE e.`case_id` = c.`id`), '')
  FROM `cases` c JOIN `case_search_docs` d ON d.`case_id` = c.`id` WHERE c.`submission_id` = NEW.`id`;
END;
