-- Alerts: saved rules evaluated on a schedule and after data loads, each firing delivered to its recipients through
-- an outbox built like the digest's (0008, 0014). A firing's key is (rule, period): the unique constraint means a
-- condition fires once per period however many schedulers, replicas or loads evaluate it; a delivery's key is
-- (firing, recipient): one message per firing and recipient, claimed with FOR UPDATE SKIP LOCKED, marked 'sending'
-- just before it is handed over and 'unknown' when its worker vanished mid-send, never sent twice by itself.
CREATE TABLE alert_rules (
  id uuid PRIMARY KEY,
  owner_key_id uuid REFERENCES api_keys (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('stock_below', 'metric_change', 'anomaly')),
  condition jsonb NOT NULL,
  recipients jsonb NOT NULL,
  question text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE alert_rules IS 'Saved alert rules, each its owner''s: only the owner and admins list, read, test or delete it.';
COMMENT ON COLUMN alert_rules.owner_key_id IS 'The API key that created the rule; null: the machine''s owner (the local CLI, a loopback server without keys).';
COMMENT ON COLUMN alert_rules.name IS 'The rule in words, e.g. "Hermès Birkin stock below 2".';
COMMENT ON COLUMN alert_rules.kind IS 'stock_below (units in stock under a threshold), metric_change (a measure moving by a percent against the previous period) or anomaly (a period outside its expected band).';
COMMENT ON COLUMN alert_rules.condition IS 'The condition as src/alerts/alert-rule.ts validates it, its filter values as the data spells them.';
COMMENT ON COLUMN alert_rules.recipients IS 'Who is told: [{"type":"email","address"}|{"type":"webhook","url","format":"slack"|"teams"}].';
COMMENT ON COLUMN alert_rules.question IS 'The question that re-asks what the alert watches; its message links to the web chat with it.';
CREATE INDEX alert_rules_owner_idx ON alert_rules (owner_key_id, created_at);

CREATE TABLE alert_firings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  period text NOT NULL,
  subject text NOT NULL,
  text text NOT NULL,
  figures jsonb NOT NULL,
  link text NOT NULL,
  fired_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rule_id, period)
);
COMMENT ON TABLE alert_firings IS 'One row per rule and period whose condition held: what fired, with its figures, composed once and sent as stored.';
COMMENT ON COLUMN alert_firings.period IS 'The condition''s period: a day (2026-10-31), an ISO week (2026-W44) or a month (2026-10); unique per rule.';
COMMENT ON COLUMN alert_firings.subject IS 'The message''s first line: what fired.';
COMMENT ON COLUMN alert_firings.text IS 'The message: what fired, the figures, the period and the link.';
COMMENT ON COLUMN alert_firings.figures IS 'The figures the tool returned that made the condition hold, for the webhook formats.';
COMMENT ON COLUMN alert_firings.link IS 'The web chat with the rule''s question, to ask it again.';

CREATE TABLE alert_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  firing_id bigint NOT NULL REFERENCES alert_firings (id) ON DELETE CASCADE,
  recipient text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'slack', 'teams')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  locked_by text,
  last_error text,
  last_response_code integer,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (firing_id, recipient)
);
COMMENT ON TABLE alert_deliveries IS 'The alert outbox: one row per firing and recipient, what was sent, what waits for a retry and why the last try failed.';
COMMENT ON COLUMN alert_deliveries.recipient IS 'An e-mail address (lower case) or a webhook URL: unique per firing, so each is told once.';
COMMENT ON COLUMN alert_deliveries.channel IS 'email (over SMTP_URL), slack (incoming-webhook JSON) or teams (incoming-webhook MessageCard).';
COMMENT ON COLUMN alert_deliveries.status IS 'pending (waiting or retrying; claimed while locked_until is ahead), sending (handed over, outcome not yet recorded), sent, failed (permanent, or out of attempts), or unknown (its worker vanished mid-send: check, then set pending or sent).';
COMMENT ON COLUMN alert_deliveries.attempts IS 'Delivery attempts so far.';
COMMENT ON COLUMN alert_deliveries.next_attempt_at IS 'Not before this time: retries back off exponentially.';
COMMENT ON COLUMN alert_deliveries.locked_until IS 'A claim''s lease: a pending row is claimed again after it; a sending row becomes unknown after it.';
COMMENT ON COLUMN alert_deliveries.locked_by IS 'The worker holding the claim.';
COMMENT ON COLUMN alert_deliveries.last_error IS 'The latest failure as the SMTP server, the webhook or the connection reported it.';
COMMENT ON COLUMN alert_deliveries.last_response_code IS 'SMTP reply or HTTP status of the latest failure; null for connection errors and time-outs.';
COMMENT ON COLUMN alert_deliveries.sent_at IS 'When the recipient accepted the message.';
CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');

CREATE TABLE alert_delivery_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES alert_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL CHECK (attempt > 0),
  worker text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('sent', 'temporary_failure', 'permanent_failure', 'unknown')),
  response_code integer,
  detail text,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE alert_delivery_attempts IS 'Every delivery attempt of every alert delivery, so no failure is lost when a later attempt succeeds.';
COMMENT ON COLUMN alert_delivery_attempts.outcome IS 'sent, temporary_failure (retried with backoff), permanent_failure (recorded, not retried) or unknown (the worker vanished mid-send).';
COMMENT ON COLUMN alert_delivery_attempts.response_code IS 'SMTP reply or HTTP status, when there was one.';
COMMENT ON COLUMN alert_delivery_attempts.detail IS 'The server''s reply or the connection error.';
CREATE INDEX alert_delivery_attempts_delivery_idx ON alert_delivery_attempts (delivery_id, attempt);
