import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { packagePath } from '../paths.ts'
import { withoutTimeLimit, type Sql, type TransactionSql } from './database.ts'
import { declared, rollupMaintenance } from './rollup-maintenance.ts'
import { runTransaction } from './transaction.ts'

export const migrationsDirectory = packagePath('migrations')

export interface Migration {
  version: string
  name: string
  sql: string
  checksum: string
}

/**
 * A migration applied again whenever its text changes, after the numbered ones (Flyway's repeatable migrations):
 * the definitions in force of objects the numbered migrations created, generated from code. It is recorded in
 * schema_migrations under `R__<name>`.
 */
export interface RepeatableMigration {
  name: string
  sql: string
  checksum: string
}

/** The rollups' trigger functions and rebuild, generated from the semantic layer. */
export function repeatableMigrations(): RepeatableMigration[] {
  const maintenance = rollupMaintenance(declared)
  return [{ name: 'rollup_maintenance', sql: maintenance.sql, checksum: maintenance.checksum }]
}

const repeatableVersion = (name: string): string => `R__${name}`

export interface MigrationStatus {
  version: string
  name: string
  state: 'applied' | 'pending' | 'changed'
  appliedAt?: string
}

// One key for every process that migrates this database: concurrent runs queue behind it.
const migrationLockKey = 7_414_181

export function readMigrations(directory = migrationsDirectory): Migration[] {
  return readdirSync(directory)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${directory}/${file}`, 'utf8')
      const [version = file, ...rest] = file.replace(/\.sql$/, '').split('_')
      return { version, name: rest.join('_'), sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

async function ensureMigrationsTable(sql: Sql | TransactionSql): Promise<void> {
  await sql`
    create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`
}

/**
 * Applies the pending migrations, each in its own transaction with its record, so a broken one
 * leaves the database as it was. Safe to run twice and from several processes at once.
 */
export function migrate(sql: Sql, migrations = readMigrations(), repeatables = repeatableMigrations()): Promise<Migration[]> {
  // A migration is one message that may rewrite large tables: on a large embedded database it may run past the
  // engine-wide limit, which is there for runaway queries.
  return withoutTimeLimit(sql, () => applyPending(sql, migrations, repeatables))
}

async function applyPending(sql: Sql, migrations: Migration[], repeatables: RepeatableMigration[]): Promise<Migration[]> {
  // Under the lock, so two processes never race to create the table.
  await runTransaction(sql, 'Creating the migrations table', async (transaction) => {
    await transaction`select pg_advisory_xact_lock(${migrationLockKey})`
    await ensureMigrationsTable(transaction)
  })
  const applied: Migration[] = []
  for (const migration of migrations) {
    const ran = await runTransaction(sql, `Applying migration ${migration.version}_${migration.name}`, async (transaction) => {
      await transaction`select pg_advisory_xact_lock(${migrationLockKey})`
      const [existing] = await transaction`select checksum from schema_migrations where version = ${migration.version}`
      if (existing) return false
      // Migration files hold many statements; this is the one place the simple protocol is allowed.
      await transaction.unsafe(migration.sql)
      await transaction`
        insert into schema_migrations (version, name, checksum)
        values (${migration.version}, ${migration.name}, ${migration.checksum})`
      return true
    })
    if (ran) applied.push(migration)
  }
  for (const repeatable of repeatables) {
    const version = repeatableVersion(repeatable.name)
    const ran = await runTransaction(sql, `Applying repeatable migration ${version}`, async (transaction) => {
      await transaction`select pg_advisory_xact_lock(${migrationLockKey})`
      const [existing] = await transaction`select checksum from schema_migrations where version = ${version}`
      if (existing?.checksum === repeatable.checksum) return false
      // Generated text of many statements, like a migration file's.
      await transaction.unsafe(repeatable.sql)
      await transaction`
        insert into schema_migrations (version, name, checksum)
        values (${version}, ${repeatable.name}, ${repeatable.checksum})
        on conflict (version) do update set checksum = excluded.checksum, applied_at = now()`
      return true
    })
    if (ran) applied.push({ version: 'R', name: repeatable.name, sql: repeatable.sql, checksum: repeatable.checksum })
  }
  return applied
}

async function migrationsTableExists(sql: Sql): Promise<boolean> {
  const [row] = await sql`select to_regclass('schema_migrations') is not null as present`
  return row?.present === true
}

export async function migrationStatus(sql: Sql, migrations = readMigrations(), repeatables = repeatableMigrations()): Promise<MigrationStatus[]> {
  const recorded = (await migrationsTableExists(sql))
    ? await sql<{ version: string; checksum: string; applied_at: string }[]>`
        select version, checksum, applied_at from schema_migrations`
    : []
  const byVersion = new Map(recorded.map((row) => [row.version, row]))
  const numbered = migrations.map((migration): MigrationStatus => {
    const row = byVersion.get(migration.version)
    if (!row) return { version: migration.version, name: migration.name, state: 'pending' }
    return {
      version: migration.version,
      name: migration.name,
      state: row.checksum === migration.checksum ? 'applied' : 'changed',
      appliedAt: row.applied_at,
    }
  })
  // A repeatable migration whose text changed is simply applied again: pending, not changed.
  const repeated = repeatables.map((repeatable): MigrationStatus => {
    const row = byVersion.get(repeatableVersion(repeatable.name))
    if (row?.checksum !== repeatable.checksum) return { version: 'R', name: repeatable.name, state: 'pending' }
    return { version: 'R', name: repeatable.name, state: 'applied', appliedAt: row.applied_at }
  })
  return [...numbered, ...repeated]
}
