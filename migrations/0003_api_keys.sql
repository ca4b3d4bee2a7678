-- API keys for the HTTP API, the web chat and MCP over HTTP. Only a hash of each key is stored.
CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
  key_prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
COMMENT ON TABLE api_keys IS 'API keys of the analyst''s users. The key itself is shown once at creation; only its SHA-256 is kept.';
COMMENT ON COLUMN api_keys.name IS 'Who or what the key is for.';
COMMENT ON COLUMN api_keys.role IS 'viewer (masked names and contacts), analyst (names, masked contacts) or admin (everything).';
COMMENT ON COLUMN api_keys.key_prefix IS 'The first characters of the key, to recognise it in lists.';
COMMENT ON COLUMN api_keys.key_hash IS 'SHA-256 of the key, hex.';
COMMENT ON COLUMN api_keys.revoked_at IS 'When the key was revoked; a revoked key is refused.';
