-- Exactly-once digest e-mail. A row is claimed while still 'pending' (locked_by, locked_until); it becomes
-- 'sending' just before its message is handed to the SMTP server, with the attempt counted. A 'sending' row whose
-- worker vanished (its lease ran out) may or may not have gone out: it becomes 'unknown' for a person to check,
-- never sent again by itself. State and attempt rows are written in one statement.
ALTER TABLE digest_outbox DROP CONSTRAINT digest_outbox_status_check;
ALTER TABLE digest_outbox ADD CONSTRAINT digest_outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown'));
COMMENT ON COLUMN digest_outbox.status IS 'pending (waiting or retrying; claimed while locked_until is ahead), sending (handed to the SMTP server, outcome not yet recorded), sent, failed (a permanent failure, or out of attempts), or unknown (its worker vanished mid-send: check the recipient''s mailbox, then set it to pending to send again or sent).';
COMMENT ON COLUMN digest_outbox.locked_until IS 'A claim''s lease: a pending row claimed by a worker that vanished is claimed again after it; a sending row becomes unknown after it.';

ALTER TABLE digest_attempts DROP CONSTRAINT digest_attempts_outcome_check;
ALTER TABLE digest_attempts ADD CONSTRAINT digest_attempts_outcome_check CHECK (outcome IN ('sent', 'temporary_failure', 'permanent_failure', 'unknown'));
COMMENT ON COLUMN digest_attempts.outcome IS 'sent, temporary_failure (retried with backoff), permanent_failure (recorded, not retried) or unknown (the worker vanished between handing the message over and recording the reply).';
