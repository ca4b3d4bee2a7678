import { withoutTimeLimit, type Sql, type TransactionSql } from './database.ts'
import { declared, rollupMaintenance } from './rollup-maintenance.ts'
import { runTransaction } from './transaction.ts'

/**
 * The daily sales rollups of migration 0009: sales summed per business day × channel (× brand × category ×
 * condition in the detailed one), and the summaries of migration 0010: per buyer (with the buyer milestone
 * counts), per product sold, per browsing session, per UTC hour, per live show and per day and brand, each sale's
 * marketing touches of migration 0022, each inventory item with its product and sales of migration 0023, and each sale
 * with its product's brand, category and grade of migration 0027. Triggers keep them equal to the sums over `sales`
 * (and `storefront_events`, the pairs of sales and `marketing_touches`, `inventory` joined to `products` and `sales`,
 * and `sales` joined to `products`) after every write, so the tools that read them give exactly the figures
 * the same SQL gives over those tables; rollup-maintenance.ts writes those triggers.
 */

/**
 * Rebuilds the rollups and summaries from sales (writing only the rows that differ, for the largest), then
 * vacuums and analyses them. After a bulk load the trigger-maintained rows are correct but full of superseded
 * versions; the vacuum leaves them compact, and the rebuild repairs them after a load that ran with triggers off
 * (pg_restore --disable-triggers, logical replication).
 */
export async function refreshRollups(sql: Sql): Promise<void> {
  // Minutes on a large embedded database: past its engine-wide limit, which is there for runaway queries.
  await withoutTimeLimit(sql, async () => {
    await runTransaction(sql, 'Rebuilding the sales rollups', rebuildRollups)
    await vacuumSummaries(sql, { full: true })
  })
}

/**
 * Rebuilds the rollups and summaries from sales in the caller's transaction, so readers see the old ones until it
 * commits. A bulk load that switched the triggers off (the demo seed) calls it before committing. The rebuild is the
 * function luxx_rollups_rebuild, generated with the triggers from the semantic layer (rollup-maintenance.ts).
 */
export async function rebuildRollups(transaction: TransactionSql): Promise<void> {
  await transaction`select luxx_rollups_rebuild()`
}

/**
 * Vacuums and analyses the summaries, which also sets the visibility map for index-only scans. VACUUM cannot run
 * inside a transaction. After a load through the triggers, which rewrite a buyer's or an hour's row once per batch
 * and leave the tables several times their size, `full` writes them compact again (holding each one for a moment,
 * a second in all at a million sales). product_sale_counts and sale_touches only grow during a load (a product sells
 * once, a pair is written once): a plain VACUUM is enough there.
 */
export async function vacuumSummaries(sql: Sql, options: { full: boolean }): Promise<void> {
  for (const table of summaryTables) {
    if (options.full && !appendedTables.has(table)) await sql`vacuum (full, analyze) ${sql(table)}`
    else await sql`vacuum analyze ${sql(table)}`
  }
}

const appendedTables = new Set(['product_sale_counts', 'sale_touches'])

/** Every table rebuildRollups rebuilds. */
const summaryTables = rollupMaintenance(declared).tables
