-- Conversations and reports belong to whoever made them: the API key that asked (owner_key_id), or, when it is
-- null, the machine's owner (the local CLI, MCP over stdio, a loopback server without keys, scheduled jobs).
-- Rows from before owners existed become the machine owner's: only admins and the local operator read them.
ALTER TABLE conversations ADD COLUMN owner_key_id uuid REFERENCES api_keys (id);
COMMENT ON COLUMN conversations.owner_key_id IS 'The API key that started the conversation; null: the machine''s owner (local surfaces). Only the owner and admins read or continue it.';
CREATE INDEX conversations_owner_idx ON conversations (owner_key_id, updated_at DESC);

ALTER TABLE reports ADD COLUMN owner_key_id uuid REFERENCES api_keys (id);
COMMENT ON COLUMN reports.owner_key_id IS 'The API key that asked for the report; null: the machine''s owner (the CLI) or the weekly digest (surface digest, which the whole team receives). Only the owner and admins open it, and anyone with a key opens a digest''s report.';

-- Free SQL shows what the one masking function shows (src/privacy/mask.ts) to the analysts who may run it: names,
-- and no contact details. A username is often the local part of an e-mail address, so it is masked like a contact;
-- full names are shown, as they are in every vetted tool's result for an analyst.
CREATE FUNCTION luxx_masked.mask_username(username text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN username = '' THEN '***' ELSE left(username, 1) || '***' END
$$;

CREATE OR REPLACE VIEW luxx_masked.users AS
  SELECT id, luxx_masked.mask_username(username) AS username, luxx_masked.mask_email(email) AS email, full_name,
         user_type, luxx_masked.mask_phone(phone) AS phone, city, region, country, contact_preference, created_at, updated_at
  FROM public.users;
COMMENT ON VIEW luxx_masked.users IS 'users as an analyst sees them in free SQL: names shown; username, e-mail and phone masked.';
