import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, describeUrl, openDatabase, type Database } from '../src/db/database.ts'
import { migrate } from '../src/db/migrate.ts'
import { seedDemoData, type Scale } from '../src/demo/seed.ts'
import type { EngineName, EngineSetup } from './report.ts'

/** The demo data's seed: the same rows as `luxx-analyst db seed` and the tests. */
const demoSeed = 42

export interface PreparedEngine {
  database: Database
  setup: EngineSetup
  /** Closes the database and removes what the benchmark created for it (the embedded engine's folder). */
  close(): Promise<void>
}

async function salesCount(database: Database): Promise<number> {
  const [row] = await database.sql<{ sales: number }[]>`select count(*)::int as sales from sales`
  return row?.sales ?? 0
}

/** Seeds the demo data and times it; rows are every row written, across all business tables. */
async function seedTimed(database: Database, scale: Scale, log: (message: string) => void): Promise<EngineSetup['seeding']> {
  let rows = 0
  let reported = 0
  const started = performance.now()
  await seedDemoData(database.sql, {
    scale,
    seed: demoSeed,
    // The documented window, so timings compare across runs.
    endDate: '2026-10-31',
    onProgress: (done, total) => {
      rows = done
      if (done - reported >= 500_000) {
        reported = done
        log(`  ${done.toLocaleString('en-US')} of about ${total.toLocaleString('en-US')} rows`)
      }
    },
  })
  const seconds = (performance.now() - started) / 1000
  return { rows, seconds, rowsPerSecond: rows / seconds }
}

/**
 * Migrates, seeds (unless `reuse` and the data is there) and analyses. VACUUM ANALYZE brings the tables to the
 * state autovacuum reaches a minute after a load: fresh statistics, and the visibility map index-only scans need.
 */
async function prepare(
  engine: EngineName,
  database: Database,
  scale: Scale,
  reuse: boolean,
  log: (message: string) => void,
): Promise<EngineSetup> {
  await migrate(database.sql)
  const present = await salesCount(database)
  let seeding: EngineSetup['seeding']
  if (reuse && present > 0) {
    seeding = { notMeasured: `reused the ${present.toLocaleString('en-US')} sales already there (BENCH_REUSE_DATA)` }
  } else {
    log(`Seeding ${scale} demo data into ${engine} (${database.location})…`)
    seeding = await seedTimed(database, scale, log)
  }
  await database.sql`vacuum analyze`
  return { engine, scale, location: database.location, sales: await salesCount(database), seeding }
}

/** The real PostgreSQL server: a scratch database, created when missing. */
export async function preparePostgres(url: string, scale: Scale, reuse: boolean, log: (message: string) => void): Promise<PreparedEngine> {
  const server = new URL(url)
  const name = decodeURIComponent(server.pathname.slice(1))
  server.pathname = '/postgres'
  const admin = connect(server.toString(), 1)
  try {
    const [existing] = await admin`select 1 as present from pg_database where datname = ${name}`
    if (!existing) {
      log(`Creating the scratch database ${describeUrl(url)}…`)
      await admin`create database ${admin(name)}`
    }
  } finally {
    await admin.end()
  }
  const database = await openDatabase({ databaseUrl: url, dataDir: '' })
  const setup = await prepare('postgres', database, scale, reuse, log)
  return { database, setup, close: () => database.close() }
}

/** The embedded PGlite engine in a fresh temporary folder, removed afterwards. */
export async function preparePglite(scale: Scale, log: (message: string) => void): Promise<PreparedEngine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'luxx-bench-'))
  const database = await openDatabase({ dataDir })
  const setup = await prepare('pglite', database, scale, false, log)
  return {
    database,
    setup,
    async close() {
      await database.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
