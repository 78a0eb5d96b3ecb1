ALTER TABLE `letters` ADD `status` text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE `letters` ADD `variant` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `letters` ADD `template_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `letters` ADD `edits` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `letters` ADD `year` integer;--> statement-breakpoint
ALTER TABLE `letters` ADD `seq` integer;--> statement-breakpoint
ALTER TABLE `letters` ADD `issued_on` text;--> statement-breakpoint
ALTER TABLE `letters` ADD `sha256` text;--> statement-breakpoint
ALTER TABLE `letters` ADD `file_key` text;--> statement-breakpoint
ALTER TABLE `letters` ADD `supersedes` text;--> statement-breakpoint
ALTER TABLE `letters` ADD `delivery` text;--> statement-breakpoint
ALTER TABLE `letters` ADD `event_seq` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `letters_seq_uq` ON `letters` (`agency_id`,`year`,`seq`) WHERE "letters"."seq" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `letters_number_uq` ON `letters` (`agency_id`,`number`) WHERE "letters"."number" IS NOT NULL;--> statement-breakpoint
-- hand-written: rows written before letters existed are JSON stubs with no text; none was ever issued.
UPDATE `letters` SET `status` = 'superseded';--> statement-breakpoint
-- hand-written: a signed letter is frozen; only its delivery record may still change.
CREATE TRIGGER `letters_signed_frozen` BEFORE UPDATE ON `letters`
WHEN OLD.`status` = 'signed' AND (
  NEW.`status` IS NOT OLD.`status` OR NEW.`number` IS NOT OLD.`number` OR NEW.`signed_body` IS NOT OLD.`signed_body`
  OR NEW.`sha256` IS NOT OLD.`sha256` OR NEW.`file_key` IS NOT OLD.`file_key` OR NEW.`edits` IS NOT OLD.`edits`
  OR NEW.`draft` IS NOT OLD.`draft` OR NEW.`seq` IS NOT OLD.`seq` OR NEW.`issued_on` IS NOT OLD.`issued_on`
)
BEGIN
  SELECT RAISE(ABORT, 'letter_signed');
END;--> statement-breakpoint
CREATE TRIGGER `letters_signed_kept` BEFORE DELETE ON `letters`
WHEN OLD.`status` = 'signed'
BEGIN
  SELECT RAISE(ABORT, 'letter_signed');
END;
