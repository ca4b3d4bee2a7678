-- Every tool call from every surface, recorded for review. The application may only append to it.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  surface text NOT NULL,
  actor text NOT NULL,
  role text NOT NULL,
  tool text NOT NULL,
  arguments jsonb NOT NULL,
  outcome text NOT NULL,
  row_count integer,
  duration_ms numeric(12, 1) NOT NULL,
  error text
);
COMMENT ON TABLE audit_log IS 'Append-only record of every tool call: who, from where, what, with which arguments, how it went.';
COMMENT ON COLUMN audit_log.surface IS 'cli, agent, mcp, http, report, digest, eval or test.';
COMMENT ON COLUMN audit_log.actor IS 'Who called: the API key name, or the local surface.';
COMMENT ON COLUMN audit_log.role IS 'The caller''s role, which decided the masking of personal data.';
COMMENT ON COLUMN audit_log.outcome IS 'ok, or the error code (invalid_arguments, unknown_tool, timeout, query_failed, forbidden).';
COMMENT ON COLUMN audit_log.row_count IS 'Rows returned, when the call succeeded.';
CREATE INDEX idx_audit_log_occurred_at ON audit_log (occurred_at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END $$;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
