-- Answers pinned to a dashboard of the web app (/dashboards): what to run again, not a picture of the result. A pin
-- keeps the tool calls of the answer (name and arguments); the dashboard runs them again with its own filters each
-- time it loads, so a pinned answer stays current. Pins belong to their owner as conversations do (migration 0013).
CREATE TABLE dashboard_pins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_key_id uuid REFERENCES api_keys (id),
  dashboard_id text NOT NULL CHECK (dashboard_id ~ '^[a-z][a-z0-9-]{0,63}$'),
  position integer NOT NULL CHECK (position > 0),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  tool_calls jsonb NOT NULL CHECK (jsonb_typeof(tool_calls) = 'array' AND jsonb_array_length(tool_calls) > 0),
  answer_id uuid REFERENCES answers (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dashboard_pins IS 'A chat answer pinned to a dashboard: its tool calls, run again with the dashboard''s filters whenever the dashboard loads.';
COMMENT ON COLUMN dashboard_pins.owner_key_id IS 'The API key that pinned it; null: the machine''s owner (a loopback server without keys). Only the owner and admins list, rename, move or remove it.';
COMMENT ON COLUMN dashboard_pins.dashboard_id IS 'The dashboard it shows on: an id of src/dashboards/definitions.ts (dashboards are defined in code, not stored).';
COMMENT ON COLUMN dashboard_pins.position IS 'Order among the owner''s pins on that dashboard, from 1.';
COMMENT ON COLUMN dashboard_pins.title IS 'The tile''s title: the question by default, renamed at will.';
COMMENT ON COLUMN dashboard_pins.tool_calls IS 'The answer''s successful tool calls, in order: [{"name": tool, "arguments": {...}}]. Run again, never stored results.';
COMMENT ON COLUMN dashboard_pins.answer_id IS 'The answer it was pinned from; null once that answer is gone (the pin still runs).';
COMMENT ON COLUMN dashboard_pins.created_at IS 'When it was pinned.';
CREATE INDEX dashboard_pins_owner_idx ON dashboard_pins (owner_key_id, dashboard_id, position);
