import { withoutTimeLimit, type Sql } from '../db/database.ts'
import { rebuildRollups, vacuumSummaries } from '../db/rollups.ts'
import { runTransaction } from '../db/transaction.ts'
import { businessToday } from '../semantic/clock.ts'
import { dayOf, isoDateOf } from './business-time.ts'
import { isIsoDate } from './demand-plan.ts'
import { generateDemoData } from './generate.ts'
import type { Scale } from './scale-profiles.ts'
import { clearBusinessData, writeBatches } from './write.ts'

export { scales, type Scale } from './scale-profiles.ts'

export interface SeedOptions {
  scale: Scale
  seed: number
  /**
   * The last day with sales, YYYY-MM-DD. Default: yesterday on the business clock (`timeZone`, `asOf`), so the data
   * reaches up to today. Tests and evals pin 2026-10-31, the date the documentation describes.
   */
  endDate?: string
  /** The business time zone for the default end date (LUXX_TIME_ZONE). Default America/New_York. */
  timeZone?: string
  /** A fixed "today" for the default end date (LUXX_AS_OF). */
  asOf?: string
  onProgress?: (done: number, total: number, table: string) => void
}

export async function hasDemoData(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ present: boolean }[]>`select exists (select 1 from sales) as present`
  return row?.present === true
}

/** The end date a seed uses: the one given, else the day before today on the business clock. */
export function demoEndDate(options: Pick<SeedOptions, 'endDate' | 'timeZone' | 'asOf'> = {}, now: Date = new Date()): string {
  if (options.endDate !== undefined) {
    if (!isIsoDate(options.endDate)) throw new Error(`The end date must be a date written YYYY-MM-DD; got ${JSON.stringify(options.endDate)}.`)
    return options.endDate
  }
  return isoDateOf(dayOf(businessToday(options.timeZone ?? 'America/New_York', options.asOf, now)) - 1)
}

/**
 * Replaces the business data with the deterministic demo data: the same scale, seed and end date give the same rows,
 * identifiers included. One transaction: a failure leaves the previous data untouched, and readers see the old data
 * until it commits.
 */
export async function seedDemoData(sql: Sql, options: SeedOptions): Promise<void> {
  const data = generateDemoData({ scale: options.scale, seed: options.seed, endDate: demoEndDate(options) })
  // Minutes on a large embedded database: past its engine-wide limit, which is there for runaway queries.
  await withoutTimeLimit(sql, () => runTransaction(sql, 'Seeding the demo data', async (transaction) => {
    await clearBusinessData(transaction)
    // The rollup and summary triggers would rewrite each day's, hour's and buyer's row once per batch, while one pass
    // after the load builds them anyway (a large seed took 213 s with the triggers on, 150 s with them off). The
    // truncate above already holds these tables, so switching their triggers off here keeps nothing else waiting.
    for (const table of maintainedTables) await transaction`alter table ${transaction(table)} disable trigger user`
    await writeBatches(transaction, data.batches, data.estimatedRows, options.onProgress)
    await rebuildRollups(transaction)
    for (const table of maintainedTables) await transaction`alter table ${transaction(table)} enable trigger user`
  }))
  await withoutTimeLimit(sql, () => vacuumSummaries(sql, { full: false }))
}

/** The tables the seed writes whose triggers keep the rollups and summaries (migrations 0009, 0010, 0022 and 0023). */
const maintainedTables = ['sales', 'products', 'inventory', 'storefront_events', 'marketing_touches'] as const
