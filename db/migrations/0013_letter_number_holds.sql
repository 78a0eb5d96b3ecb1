CREATE TABLE `letter_number_holds` (
	`agency_id` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `year`, `seq`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `letter_number_holds_holder_uq` ON `letter_number_holds` (`holder`);