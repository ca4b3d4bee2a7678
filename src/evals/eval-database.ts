import { randomBytes } from 'node:crypto'
import { connect, openDatabase, type Database } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'
import { seedDemoData, type Scale } from '../demo/seed.ts'
import { formatIsoDate } from '../present/format.ts'

/**
 * A fresh database seeded with the fixed demo data, for one eval run: the embedded engine in memory by
 * default; with a server URL, a scratch database created on that server and dropped afterwards, so an eval
 * never replaces the data of the database the analyst uses.
 */
export const evalData = { scale: 'small' as Scale, seed: 42 }

export interface EvalDatabase {
  database: Database
  close(): Promise<void>
}

async function scratchDatabase(serverUrl: string): Promise<EvalDatabase> {
  const name = `luxx_eval_${randomBytes(6).toString('hex')}`
  const admin = connect(serverUrl, 1)
  try {
    await admin`create database ${admin(name)}`
  } catch (error) {
    await admin.end()
    throw new Error(`Cannot create a scratch database for the eval on ${new URL(serverUrl).host}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' })
  return {
    database,
    async close() {
      await database.close()
      await admin`drop database if exists ${admin(name)} with (force)`
      await admin.end()
    },
  }
}

export async function openEvalDatabase(options: { serverUrl?: string | undefined; onProgress?: (done: number, total: number, table: string) => void }): Promise<EvalDatabase> {
  const opened = options.serverUrl
    ? await scratchDatabase(options.serverUrl)
    : await openDatabase({ dataDir: '', inMemory: true }).then((database) => ({ database, close: () => database.close() }))
  try {
    await migrate(opened.database.sql)
    await seedDemoData(opened.database.sql, { ...evalData, endDate: '2026-10-31', ...(options.onProgress ? { onProgress: options.onProgress } : {}) })
  } catch (error) {
    await opened.close()
    throw error
  }
  return opened
}

/** The latest day with sales: named periods end there, and the offline planner reads "in March" against it. */
export async function dataAsOf(database: Database): Promise<Date> {
  const [row] = await database.sql<{ latest: string | null }[]>`select max(date_sold)::text as latest from sales`
  return new Date(`${row?.latest ?? formatIsoDate(new Date())}T12:00:00Z`)
}
