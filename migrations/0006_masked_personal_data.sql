-- Personal data masked by column, for free-form SQL: non-admin callers read `users` through this view
-- (their search_path puts luxx_masked first), so even string_agg(email) returns masked values.
-- The rules match src/privacy/mask.ts; a test holds the two together.
CREATE SCHEMA luxx_masked;
COMMENT ON SCHEMA luxx_masked IS 'Views with personal data masked, read by free-form SQL for roles that may not see it.';

CREATE FUNCTION luxx_masked.mask_email(email text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE
    WHEN position('@' in email) = 0 OR length(email) - position('@' in reverse(email)) < 1 THEN '***'
    ELSE left(email, 1) || '***' || substring(email from length(email) - position('@' in reverse(email)) + 1)
  END
$$;

CREATE FUNCTION luxx_masked.mask_phone(phone text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE
    WHEN length(regexp_replace(phone, '\D', '', 'g')) < 4 THEN '***'
    ELSE '***-***-' || lpad(right(regexp_replace(phone, '\D', '', 'g'), 2), 4, '*')
  END
$$;

CREATE FUNCTION luxx_masked.mask_name(full_name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT coalesce(string_agg(left(part, 1) || '.', ' ' ORDER BY position), '')
  FROM regexp_split_to_table(full_name, '\s+') WITH ORDINALITY AS parts(part, position)
  WHERE part <> ''
$$;

CREATE VIEW luxx_masked.users AS
  SELECT id, username, luxx_masked.mask_email(email) AS email, luxx_masked.mask_name(full_name) AS full_name,
         user_type, luxx_masked.mask_phone(phone) AS phone, city, region, country, contact_preference, created_at, updated_at
  FROM public.users;
COMMENT ON VIEW luxx_masked.users IS 'users with e-mail, phone and full name masked.';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'luxx_analytics') THEN
    GRANT USAGE ON SCHEMA luxx_masked TO luxx_analytics;
    GRANT SELECT ON luxx_masked.users TO luxx_analytics;
  END IF;
END $$;
