import { withoutTimeLimit, type Sql } from '../db/database.ts'
import { rebuildRollups, vacuumSummaries } from '../db/rollups.ts'
import { runTransaction } from '../db/transaction.ts'
import { generateDemoData } from './generate.ts'
import type { Scale } from './scale-profiles.ts'
import { clearBusinessData, writeBatches } from './write.ts'

export { scales, type Scale } from './scale-profiles.ts'

export interface SeedOptions {
  scale: Scale
  seed: number
  onProgress?: (done: number, total: number, table: string) => void
}

export async function hasDemoData(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ present: boolean }[]>`select exists (select 1 from sales) as present`
  return row?.present === true
}

/**
 * Replaces the business data with the deterministic demo data: the same scale and seed give the same rows,
 * identifiers included. One transaction: a failure leaves the previous data untouched, and readers see the old data
 * until it commits.
 */
export async function seedDemoData(sql: Sql, options: SeedOptions): Promise<void> {
  const data = generateDemoData(options)
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

/** The tables the seed writes whose triggers keep the rollups and summaries (migrations 0009 and 0010). */
const maintainedTables = ['sales', 'products', 'storefront_events'] as const
