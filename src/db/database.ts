import postgres from 'postgres'
import { formatIsoDate } from '../present/format.ts'
import type { DatabaseOptions } from './database-options.ts'
import { openEmbeddedEngine } from './embedded-engine.ts'

export type { DatabaseOptions } from './database-options.ts'

export type Sql = postgres.Sql
export type TransactionSql = postgres.TransactionSql
export type Fragment = postgres.PendingQuery<postgres.Row[]>
export type Engine = 'postgres' | 'pglite'

/** The one handle every part of the analyst uses; only this folder knows which engine is behind it. */
export interface Database {
  readonly engine: Engine
  /** The analyst's own connection: migrations, seeding, conversations, reports, outbox. */
  readonly sql: Sql
  /** Where vetted analytics run: a read replica or the read-only role when configured, else `sql`. */
  readonly analytics: Sql
  /** Where the data lives, for messages (never a password). */
  readonly location: string
  /** Embedded engine only: a tar of its data directory (tests build a migrated template from it). */
  readonly dumpEmbedded?: () => Promise<Blob>
  /**
   * Embedded engine only (the process that runs it, or another using it through its socket): runs `work` with each
   * of its queries limited to `limitMs`, since PGlite ignores statement_timeout. A query past it restarts the engine
   * and fails `work` with SQLSTATE 57014, as a statement timeout does on a server. Use it through `withStatementTimeout`.
   */
  readonly withTimeLimit?: <T>(limitMs: number, work: () => Promise<T>) => Promise<T>
  close(): Promise<void>
}

/**
 * How much longer than its statement timeout a call's query may run on the embedded engine before the watchdog
 * stops it: the watchdog looks every 100 ms, and a query a server would have let finish is not cut short.
 */
export const statementTimeoutGraceMs = 500

/**
 * Runs work whose statements run under `statement_timeout = statementTimeoutMs`. A PostgreSQL server enforces
 * that itself; the embedded engine ignores it, so there the watchdog ends the work soon after, as a timeout.
 */
export function withStatementTimeout<T>(database: Database, statementTimeoutMs: number, work: () => Promise<T>): Promise<T> {
  return database.withTimeLimit ? database.withTimeLimit(statementTimeoutMs + statementTimeoutGraceMs, work) : work()
}

// An embedded connection with its engine's time limits, for code handed only a connection (migrations, the seed,
// the rollup rebuild).
const timeLimits = new WeakMap<Sql, NonNullable<Database['withTimeLimit']>>()

/**
 * Runs maintenance (migrations, the seed, rebuilding the rollups) through `sql` as long as it takes: on a large
 * embedded database it can run past LUXX_EMBEDDED_QUERY_LIMIT_MS, which guards against runaway queries, not against
 * it. A server applies no such limit, so there `work` runs as it is.
 */
export function withoutTimeLimit<T>(sql: Sql, work: () => Promise<T>): Promise<T> {
  const limited = timeLimits.get(sql)
  return limited ? limited(Number.POSITIVE_INFINITY, work) : work()
}

// numeric and bigint arrive as strings by default; analytics want numbers, dates want plain ISO text.
const types = {
  numeric: { to: 1700, from: [1700], serialize: String, parse: Number },
  bigint: { to: 20, from: [20], serialize: String, parse: Number },
  date: { to: 1082, from: [1082], serialize: (value: unknown) => serializeDate(value), parse: (value: string) => value },
  timestamptz: {
    to: 1184,
    from: [1184, 1114],
    serialize: (value: unknown) => (value instanceof Date ? value.toISOString() : String(value)),
    parse: (value: string) => new Date(value.includes('+') || value.endsWith('Z') ? value : `${value}Z`).toISOString(),
  },
}

function serializeDate(value: unknown): string {
  return value instanceof Date ? formatIsoDate(value) : String(value)
}

export function connect(options: postgres.Options<Record<string, postgres.PostgresType>> | string, max: number): Sql {
  const base = { max, types, onnotice: () => undefined, connect_timeout: 10, idle_timeout: 30 }
  const sql = typeof options === 'string' ? postgres(options, base) : postgres({ ...options, ...base })
  return sql as unknown as Sql
}

export function describeUrl(url: string): string {
  const parsed = new URL(url)
  return `postgres://${parsed.username ? `${parsed.username}@` : ''}${parsed.host}${parsed.pathname}`
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const sql = connect(options.databaseUrl, 10)
    const analytics = options.analyticsDatabaseUrl ? connect(options.analyticsDatabaseUrl, 10) : sql
    return {
      engine: 'postgres',
      sql,
      analytics,
      location: describeUrl(options.databaseUrl),
      async close() {
        await Promise.all([sql.end({ timeout: 5 }), analytics === sql ? undefined : analytics.end({ timeout: 5 })])
      },
    }
  }
  const embedded = await openEmbeddedEngine(options)
  // Connections go through the engine's socket factory: the owner's waits for a restarted engine instead of failing,
  // a guest's takes the directory over when the owner exits (postgres.js supports the option; its types omit it).
  const connection = { socket: embedded.connect, username: 'postgres', database: 'postgres' } as postgres.Options<Record<string, postgres.PostgresType>>
  // The embedded server multiplexes connections but interleaves their protocol messages,
  // so one connection per process, with postgres.js queueing and pipelining on it.
  const sql = connect(connection, 1)
  timeLimits.set(sql, embedded.withTimeLimit)
  return {
    engine: 'pglite',
    sql,
    analytics: sql,
    location: embedded.location,
    ...(embedded.dump ? { dumpEmbedded: embedded.dump } : {}),
    withTimeLimit: embedded.withTimeLimit,
    async close() {
      await sql.end({ timeout: 5 })
      await embedded.close()
    },
  }
}

/** Whether the database answers: the readiness probe of the servers. */
export async function pingDatabase(database: Database): Promise<void> {
  await database.sql`select 1`
}
