-- hand-written: a write batch's limit checks (workers/lib/rate-limit.ts `limitCheck`). A submission counts its hits
-- in its own batch and inserts one row per limit here, `over` computed from the count the batch just wrote; a row
-- that is over aborts the whole batch (D1 rolls every statement back, the counts too) with a message naming the
-- limit, which the service answers as before (429, or proof-of-work required). A view: a row that is not over is
-- swallowed by the INSTEAD OF triggers, so nothing is ever stored.
CREATE VIEW `limit_checks` AS SELECT '' AS `reason`, 0 AS `over` WHERE 0;--> statement-breakpoint
CREATE TRIGGER `limit_checks_submit_address` INSTEAD OF INSERT ON `limit_checks`
WHEN NEW.`over` AND NEW.`reason` = 'submit-address'
BEGIN
  SELECT RAISE(ABORT, 'limit_exceeded:submit-address');
END;--> statement-breakpoint
CREATE TRIGGER `limit_checks_submit_applicant` INSTEAD OF INSERT ON `limit_checks`
WHEN NEW.`over` AND NEW.`reason` = 'submit-applicant'
BEGIN
  SELECT RAISE(ABORT, 'limit_exceeded:submit-applicant');
END;--> statement-breakpoint
CREATE TRIGGER `limit_checks_form_pressure` INSTEAD OF INSERT ON `limit_checks`
WHEN NEW.`over` AND NEW.`reason` = 'form-pressure'
BEGIN
  SELECT RAISE(ABORT, 'limit_exceeded:form-pressure');
END;
