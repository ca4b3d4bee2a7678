-- The weekly insight e-mail. Each period's content is generated once and kept (digest_issues, digest_images), then
-- sent to each recipient through an outbox row: the unique (period, recipient) key means one e-mail per recipient
-- and period however many schedulers or replicas run, and workers claim rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE digest_issues (
  period text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-W[0-9]{2}$'),
  window_from date NOT NULL,
  window_to date NOT NULL CHECK (window_to >= window_from),
  report_id uuid REFERENCES reports (id) ON DELETE SET NULL,
  subject text NOT NULL,
  html text NOT NULL,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE digest_issues IS 'One weekly digest per ISO week, generated once and resent exactly as stored.';
COMMENT ON COLUMN digest_issues.period IS 'ISO week, e.g. 2025-W48 (Monday to Sunday in the business time zone).';
COMMENT ON COLUMN digest_issues.report_id IS 'The stored weekly report the e-mail links to (LUXX_PUBLIC_URL/reports/:id).';
COMMENT ON COLUMN digest_issues.html IS 'The HTML body (from MJML); charts are referenced as cid: inline images.';
COMMENT ON COLUMN digest_issues.text IS 'The plain-text alternative.';

CREATE TABLE digest_images (
  period text NOT NULL REFERENCES digest_issues (period) ON DELETE CASCADE,
  cid text NOT NULL,
  position integer NOT NULL CHECK (position > 0),
  filename text NOT NULL,
  title text NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (period, cid)
);
COMMENT ON TABLE digest_images IS 'The PNG charts of a digest, attached inline and referenced from its HTML by cid.';
COMMENT ON COLUMN digest_images.cid IS 'Content-ID the HTML refers to (cid:...).';
COMMENT ON COLUMN digest_images.title IS 'The chart title, also its alt text.';

CREATE TABLE digest_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period text NOT NULL REFERENCES digest_issues (period),
  recipient text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  locked_by text,
  last_error text,
  last_response_code integer,
  message_id text NOT NULL,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (period, recipient)
);
COMMENT ON TABLE digest_outbox IS 'One row per digest and recipient: what was sent, what is waiting, and every failure''s last error.';
COMMENT ON COLUMN digest_outbox.recipient IS 'E-mail address, lower case: the unique key allows one digest per recipient and period.';
COMMENT ON COLUMN digest_outbox.status IS 'pending (waiting, or retrying after a temporary failure), sending (claimed by a worker until locked_until), sent, or failed (a permanent failure, or out of attempts).';
COMMENT ON COLUMN digest_outbox.attempts IS 'Delivery attempts so far.';
COMMENT ON COLUMN digest_outbox.next_attempt_at IS 'Not before this time: retries back off exponentially.';
COMMENT ON COLUMN digest_outbox.locked_until IS 'A claim''s lease: a worker that dies mid-send loses the row after it, and another retries.';
COMMENT ON COLUMN digest_outbox.locked_by IS 'The worker holding the claim.';
COMMENT ON COLUMN digest_outbox.last_error IS 'The latest failure as the SMTP server or the connection reported it.';
COMMENT ON COLUMN digest_outbox.last_response_code IS 'SMTP reply code of the latest failure (4xx temporary, 5xx permanent); null for connection errors.';
COMMENT ON COLUMN digest_outbox.message_id IS 'Message-ID header, fixed per period and recipient, so a duplicate after a crash can be recognised.';
CREATE INDEX digest_outbox_due_idx ON digest_outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

CREATE TABLE digest_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_id bigint NOT NULL REFERENCES digest_outbox (id) ON DELETE CASCADE,
  attempt integer NOT NULL CHECK (attempt > 0),
  worker text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('sent', 'temporary_failure', 'permanent_failure')),
  response_code integer,
  detail text,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE digest_attempts IS 'Every delivery attempt of every outbox row, so no failure is lost when a later attempt succeeds.';
COMMENT ON COLUMN digest_attempts.outcome IS 'sent, temporary_failure (retried with backoff) or permanent_failure (recorded, not retried).';
COMMENT ON COLUMN digest_attempts.detail IS 'The server''s reply or the connection error.';
CREATE INDEX digest_attempts_outbox_idx ON digest_attempts (outbox_id, attempt);
