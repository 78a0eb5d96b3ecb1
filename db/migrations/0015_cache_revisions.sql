CREATE TABLE `cache_revisions` (
	`name` text PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL
);--> statement-breakpoint
-- hand-written: every write to a cached table gives it a new random revision (services/entity-cache.ts reads them
-- with the calendar stamps), whatever wrote it: a service in another isolate, a migration, the console. Random, not
-- a counter: a database restored to an earlier point (or recreated) never repeats a revision an isolate has cached.
-- Kept below 2^53 so that it reads back exactly as a JavaScript number.
INSERT INTO `cache_revisions` (`name`, `revision`) VALUES ('agencies', abs(random() % 9007199254740991)), ('form_versions', abs(random() % 9007199254740991));--> statement-breakpoint
CREATE TRIGGER `agencies_revision_insert` AFTER INSERT ON `agencies`
BEGIN
  UPDATE `cache_revisions` SET `revision` = abs(random() % 9007199254740991) WHERE `name` = 'agencies';
END;--> statement-breakpoint
CREATE TRIGGER `agencies_revision_update` AFTER UPDATE ON `agencies`
BEGIN
  UPDATE `cache_revisions` SET `revision` = abs(random() % 9007199254740991) WHERE `name` = 'agencies';
END;--> statement-breakpoint
CREATE TRIGGER `agencies_revision_delete` AFTER DELETE ON `agencies`
BEGIN
  UPDATE `cache_revisions` SET `revision` = abs(random() % 9007199254740991) WHERE `name` = 'agencies';
END;--> statement-breakpoint
CREATE TRIGGER `form_versions_revision_insert` AFTER INSERT ON `form_versions`
BEGIN
  UPDATE `cache_revisions` SET `revision` = abs(random() % 9007199254740991) WHERE `name` = 'form_versions';
END;--> statement-breakpoint
CREATE TRIGGER `form_versions_revision_update` AFTER UPDATE ON `form_versions`
BEGIN
  UPDATE `cache_revisions` SET `revision` = abs(random() % 9007199254740991) WHERE `name` = 'form_versions';
END;--> statement-breakpoint
CREATE TRIGGER `form_versions_revision_delete` AFTER DELETE ON `form_versions`
BEGIN
  UPDATE `cache_revisions` SET `revision` = abs(random() % 9007199254740991) WHERE `name` = 'form_versions';
END;
