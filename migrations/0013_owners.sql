-- Conversations and reports belong to whoever made them: the API key that asked (owner_key_id), or, when it is
-- null, the machine's owner (the local CLI, MCP over stdio, a loopback server without keys, scheduled jobs).
-- Rows from before owners existed become the machine owner's: only admins and the local operator read them.
ALTER TABLE conversations ADD COLUMN owner_key_id uuid REFERENCES api_keys (id);
COMMENT ON COLUMN conversations.owner_key_id IS 'The API key that started the conversation; null: the machine''s owner (local surfaces). Only the owner and admins read or continue it.';
CREATE INDEX conversations_owner_idx ON conversations (owner_key_id, updated_at DESC);

ALTER TABLE reports ADD COLUMN owner_key_id uuid REFERENCES api_keys (id);
COMMENT ON COLUMN reports.owner_key_id IS 'The API key that asked for the report; null: the machine''s owner (the CLI) or the weekly digest (surface digest, which the whole team receives). Only the owner and admins open it, and anyone with a key opens a digest''s report.';
