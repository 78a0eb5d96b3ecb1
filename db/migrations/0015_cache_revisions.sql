CREATE TABLE `cache_revisions` (
	`name` text PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL
);--> statement-breakpoint
-- hand-written: every write to a cached table bumps its revision (services/entity-cache.ts reads them with the calendar
-- stamps), whatever wrote it: a service in another isolate, a migration, the console.
INSERT INTO `cache_revisions` (`name`, `revision`) VALUES ('agencies', 0), ('form_versions', 0);--> statement-breakpoint
CREATE TRIGGER `agencies_revision_insert` AFTER INSERT ON `agencies`
BEGIN
  UPDATE `cache_revisions` SET `revision` = `revision` + 1 WHERE `name` = 'agencies';
END;--> statement-breakpoint
CREATE TRIGGER `agencies_revision_update` AFTER UPDATE ON `agencies`
BEGIN
  UPDATE `cache_revisions` SET `revision` = `revision` + 1 WHERE `name` = 'agencies';
END;--> statement-breakpoint
CREATE TRIGGER `agencies_revision_delete` AFTER DELETE ON `agencies`
BEGIN
  UPDATE `cache_revisions` SET `revision` = `revision` + 1 WHERE `name` = 'agencies';
END;--> statement-breakpoint
CREATE TRIGGER `form_versions_revision_insert` AFTER INSERT ON `form_versions`
BEGIN
  UPDATE `cache_revisions` SET `revision` = `revision` + 1 WHERE `name` = 'form_versions';
END;--> statement-breakpoint
CREATE TRIGGER `form_versions_revision_update` AFTER UPDATE ON `form_versions`
BEGIN
  UPDATE `cache_revisions` SET `revision` = `revision` + 1 WHERE `name` = 'form_versions';
END;--> statement-breakpoint
CREATE TRIGGER `form_versions_revision_delete` AFTER DELETE ON `form_versions`
BEGIN
  UPDATE `cache_revisions` SET `revision` = `revision` + 1 WHERE `name` = 'form_versions';
END;
