import postgres from 'postgres'
import { openEmbeddedEngine } from './embedded-engine.ts'

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
  close(): Promise<void>
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined
  analyticsDatabaseUrl?: string | undefined
  dataDir: string
  /** Tests and tools open an in-memory embedded database. */
  inMemory?: boolean
  /** A dump of a prepared embedded database to start from (tests load a migrated template). */
  loadDataDir?: Blob | undefined
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
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value)
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
  // The embedded server multiplexes connections but interleaves their protocol messages,
  // so one connection per process, with postgres.js queueing and pipelining on it.
  const sql = connect({ path: embedded.socketPath, username: 'postgres', database: 'postgres' }, 1)
  return {
    engine: 'pglite',
    sql,
    analytics: sql,
    location: embedded.location,
    ...(embedded.dump ? { dumpEmbedded: embedded.dump } : {}),
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
