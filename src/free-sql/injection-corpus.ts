/**
 * Attacks on the free-form SQL tool: stacked queries, comment tricks, transaction and setting escapes,
 * writable CTEs, WITH names that hide a table outside their scope, dangerous functions, time-based blinds,
 * catalog reads and encoding tricks, each in several spellings. Every one must be refused or fail without
 * writing anything.
 */
const writes = [
  'DROP TABLE sales',
  'DELETE FROM sales',
  'UPDATE inventory SET list_price = 0',
  "INSERT INTO brands (name) VALUES ('Evil')",
  'TRUNCATE users',
  'ALTER TABLE sales DROP COLUMN fees',
  'CREATE TABLE stolen AS SELECT * FROM users',
  'GRANT ALL ON users TO PUBLIC',
  "COPY users TO '/tmp/users.csv'",
  'DROP SCHEMA public CASCADE',
]

const escapes = ['COMMIT', 'ROLLBACK', 'END', 'BEGIN', 'SET ROLE postgres', 'RESET ROLE', 'SET transaction_read_only = off', 'RESET ALL', "SET statement_timeout = 0", 'SET SESSION AUTHORIZATION DEFAULT']

const stackers = [
  (write: string) => `SELECT 1; ${write}`,
  (write: string) => `SELECT 1;${write};`,
  (write: string) => `SELECT 1 -- comment\n; ${write}`,
  (write: string) => `SELECT 1 /* comment */; ${write}`,
  (write: string) => `${write}; SELECT 1`,
]

const escapeStackers = [
  (escape: string, write: string) => `SELECT 1; ${escape}; ${write}`,
  (escape: string, write: string) => `${escape}; ${write}`,
]

const writableCtes = [
  'WITH gone AS (DELETE FROM sales RETURNING *) SELECT count(*) FROM gone',
  "WITH added AS (INSERT INTO brands (name) VALUES ('Evil') RETURNING id) SELECT * FROM added",
  'WITH changed AS (UPDATE inventory SET quantity = 0 RETURNING id) SELECT count(*) FROM changed',
  'WITH a AS (SELECT 1), gone AS (DELETE FROM users RETURNING id) SELECT * FROM a',
  'SELECT * FROM (WITH gone AS (DELETE FROM sales RETURNING 1) SELECT * FROM gone) AS nested',
]

// A WITH name is visible only in its own statement: the same name elsewhere is the real table.
const shadowingCtes = [
  'select * from api_keys, (with api_keys as (select 1 as a) select * from api_keys) x',
  'select (with audit_log as (select 1) select 1), * from audit_log',
  '(with api_keys as (select 1 as id) select id from api_keys) union all select id from api_keys',
  'with api_keys as (select * from api_keys) select * from api_keys',
  'with early as (select * from audit_log), audit_log as (select 1) select * from early',
]

const dangerousFunctions = [
  'SELECT pg_sleep(30)',
  "SELECT set_config('transaction_read_only', 'off', true)",
  "SELECT pg_read_file('/etc/passwd')",
  "SELECT pg_read_binary_file('/etc/passwd')",
  "SELECT pg_ls_dir('.')",
  "SELECT dblink('host=evil', 'select 1')",
  "SELECT lo_import('/etc/passwd')",
  'SELECT lo_export(1, \'/tmp/x\')',
  'SELECT pg_advisory_lock(1)',
  'SELECT pg_try_advisory_lock(1)',
  "SELECT nextval('some_sequence')",
  'SELECT pg_import_system_collations(1)',
  'SELECT pg_terminate_backend(1)',
  'SELECT pg_cancel_backend(1)',
  'SELECT pg_reload_conf()',
  "SELECT current_setting('data_directory')",
  'SELECT txid_current()',
  "SELECT query_to_xml('delete from sales', true, true, '')",
  'SELECT pg_catalog.pg_sleep(5)',
  'SELECT PG_SLEEP(5)',
  'SELECT "pg_sleep"(5)',
  'SELECT * FROM pg_sleep(5)',
  'SELECT count(*) FROM sales WHERE pg_sleep(5) IS NOT NULL',
  "SELECT CASE WHEN (SELECT count(*) FROM users) > 0 THEN pg_sleep(5) END",
  "SELECT * FROM generate_series(1, 10) WHERE (SELECT pg_sleep(3)) IS NULL",
  'SELECT public.pg_sleep(1)',
  'SELECT lo_create(0)',
  "SELECT pg_stat_file('postgresql.conf')",
  'SELECT version()',
  "SELECT to_regclass('api_keys')",
]

const forbiddenReads = [
  'SELECT * FROM api_keys',
  'SELECT * FROM audit_log',
  'SELECT * FROM schema_migrations',
  'SELECT * FROM pg_authid',
  'SELECT * FROM pg_shadow',
  'SELECT * FROM pg_catalog.pg_user',
  'SELECT * FROM information_schema.tables',
  'SELECT * FROM public.users',
  "SELECT 'api_keys'::regclass",
  'SELECT * FROM sales FOR UPDATE',
  'SELECT * FROM sales FOR SHARE',
  'SELECT * INTO stolen FROM users',
  'EXPLAIN ANALYZE SELECT * FROM sales',
  'EXPLAIN SELECT * FROM sales',
  'SELECT $1',
  'VALUES (1); DROP TABLE sales',
  'TABLE api_keys',
  'SELECT * FROM luxx_masked.users',
  'SELECT * FROM pg_stat_activity',
  'SELECT * FROM pg_roles',
]

const encodingTricks = [
  "SELECT 1 \u0000; DROP TABLE sales",
  'SELECT 1;\u200bDROP TABLE sales',
  'SELECT 1;\tDROP\tTABLE\tsales',
  'SELECT 1;\r\nDROP TABLE sales',
  'sElEcT 1; dRoP tAbLe sales',
  "SELECT U&'\\0041'; DROP TABLE sales",
  "SELECT E'\\x27'; DROP TABLE sales",
  'SELECT $$ ; $$; DROP TABLE sales',
  'SELECT 1 /*; DROP TABLE sales; */; DELETE FROM sales',
  '/* */ DROP /* */ TABLE sales',
  '-- just a comment',
  '',
  '   ',
  ';',
  'SELECT; DROP TABLE sales',
  'SELECT (',
  `SELECT ${'('.repeat(200)}1${')'.repeat(200)}; DROP TABLE sales`,
  `SELECT 1 ${'x'.repeat(10_100)}`,
  'SELECT 1 -- \n; DROP TABLE sales',
]

export const injectionCorpus: string[] = [
  ...writes,
  ...escapes,
  ...writes.flatMap((write) => stackers.map((stack) => stack(write))),
  ...escapes.flatMap((escape) => writes.slice(0, 4).flatMap((write) => escapeStackers.map((stack) => stack(escape, write)))),
  ...writableCtes,
  ...shadowingCtes,
  ...dangerousFunctions,
  ...forbiddenReads,
  ...encodingTricks,
]

/** Queries that look like attacks but are one harmless SELECT: they run, return their literal and write nothing. */
export const harmlessLookalikes: string[] = [
  "SELECT 'a''; DROP TABLE sales; --' AS text",
  "SELECT '; DELETE FROM sales' AS text",
  'SELECT 1 AS one /* ; DROP TABLE sales; */',
  'SELECT 1 AS one -- ; DROP TABLE sales',
  "SELECT $$; DROP TABLE sales$$ AS text",
]
