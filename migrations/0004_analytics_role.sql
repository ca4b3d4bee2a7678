-- Least privilege for analytics: a role that can read the business tables and nothing else (not the API keys,
-- conversations or audit log). Every analytics transaction switches to it with SET LOCAL ROLE, on both engines.
-- On a server where the migrating user may not create roles, analytics run as the connecting user instead;
-- README "Read-only access" shows the setup for an existing database.
DO $$
BEGIN
  CREATE ROLE luxx_analytics NOLOGIN;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL; -- roles are cluster-wide: another database created it
  WHEN insufficient_privilege THEN RAISE NOTICE 'Cannot create role luxx_analytics; analytics will run as the connecting user.';
END $$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'luxx_analytics') THEN
    GRANT USAGE ON SCHEMA public TO luxx_analytics;
    GRANT SELECT ON users, brands, products, inventory, live_shows, sales, marketing_campaigns, marketing_touches,
      storefront_events, product_views, seller_submissions TO luxx_analytics;
    BEGIN
      ALTER ROLE luxx_analytics SET statement_timeout = '15s';
      ALTER ROLE luxx_analytics SET idle_in_transaction_session_timeout = '30s';
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'Cannot set timeouts on luxx_analytics; the executor sets them per transaction.';
    END;
  END IF;
END $$;
