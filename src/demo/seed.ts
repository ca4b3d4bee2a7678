import type { Sql } from '../db/database.ts'
import { refreshRollups } from '../db/rollups.ts'
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
 * identifiers included. One transaction: a failure leaves the previous data untouched.
 */
export async function seedDemoData(sql: Sql, options: SeedOptions): Promise<void> {
  const data = generateDemoData(options)
  await runTransaction(sql, 'Seeding the demo data', async (transaction) => {
    await clearBusinessData(transaction)
    await writeBatches(transaction, data.batches, data.estimatedRows, options.onProgress)
  })
  await refreshRollups(sql)
}
