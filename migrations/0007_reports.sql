-- Reports built from the tools and the recommendation rules, kept with their inputs so they can be listed,
-- reopened exactly as they were generated (figures are not recomputed), linked from e-mails and read over MCP.
CREATE TABLE reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('weekly', 'customers', 'inventory', 'marketing', 'shows')),
  title text NOT NULL,
  window_from date NOT NULL,
  window_to date NOT NULL CHECK (window_to >= window_from),
  role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
  surface text NOT NULL,
  summary_source text NOT NULL CHECK (summary_source IN ('template', 'model')),
  inputs jsonb NOT NULL,
  content jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE reports IS 'Generated reports (weekly, customers, inventory, marketing, shows): the inputs and the whole report data, as generated.';
COMMENT ON COLUMN reports.kind IS 'Which report: weekly, customers, inventory, marketing or shows.';
COMMENT ON COLUMN reports.title IS 'The report''s title, as lists show it.';
COMMENT ON COLUMN reports.window_from IS 'First day of the report window (inclusive).';
COMMENT ON COLUMN reports.window_to IS 'Last day of the report window (inclusive).';
COMMENT ON COLUMN reports.role IS 'Role the tools ran as: personal data in the report is masked for it. Only callers with this role or above may open the report, except viewer reports.';
COMMENT ON COLUMN reports.surface IS 'Who asked for it: cli, http, mcp or digest.';
COMMENT ON COLUMN reports.summary_source IS 'template (built from the report''s own figures) or model (written by a model and passed the grounding check).';
COMMENT ON COLUMN reports.inputs IS 'The request as given: kind, from, to, role; enough to build the same report again.';
COMMENT ON COLUMN reports.content IS 'The report data (src/reports/report.ts): KPIs, sections with their tool evidence and charts, recommendations, assumptions.';
CREATE INDEX reports_created_at_idx ON reports (created_at DESC);
CREATE INDEX reports_kind_window_idx ON reports (kind, window_from, window_to);
