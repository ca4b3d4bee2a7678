import type { Fragment, Sql, TransactionSql } from './database.ts'

/**
 * The daily sales rollups of migration 0009: sales summed per business day × channel (× brand × category ×
 * condition in the detailed one). Triggers keep them equal to the sums over `sales` after every write, so the
 * tools that read them give exactly the figures the same SQL gives over sales.
 */

/**
 * Rebuilds the rollups from sales, then vacuums and analyses them. After a bulk load the trigger-maintained
 * rows are correct but full of superseded versions; a rebuild leaves them compact, and it repairs them after a
 * load that ran with triggers off (pg_restore --disable-triggers, logical replication).
 */
export async function refreshRollups(sql: Sql): Promise<void> {
  await sql.begin(async (transaction) => {
    // Writers wait until the rebuild commits, so no sale is counted twice or missed; readers carry on.
    await transaction`lock table sales, products in share mode`
    await transaction`delete from sales_daily_rollup`
    await transaction`
      insert into sales_daily_rollup (date_sold, channel, brand_id, category, condition, orders, units, revenue, gross_profit, fees, discount,
                                      days_held_sum, days_held_count)
      select s.date_sold, s.channel, p.brand_id, p.category, p.condition,
             count(*), sum(s.quantity_sold), sum(s.gross_amount_earned), sum(s.net_profit_loss), sum(s.fees), sum(s.discount),
             coalesce(sum(s.days_held), 0), count(s.days_held)
      from sales s
      join products p on p.id = s.product_id
      group by 1, 2, 3, 4, 5
      order by 1, 2, 3, 4, 5`
    await transaction`delete from sales_daily_channel_rollup`
    await transaction`
      insert into sales_daily_channel_rollup (date_sold, channel, orders, units, revenue, gross_profit, fees, discount)
      select date_sold, channel, sum(orders), sum(units), sum(revenue), sum(gross_profit), sum(fees), sum(discount)
      from sales_daily_rollup
      group by 1, 2
      order by 1, 2`
  })
  // Outside the transaction: VACUUM cannot run inside one. It also sets the visibility map for index-only scans.
  await sql`vacuum analyze sales_daily_rollup`
  await sql`vacuum analyze sales_daily_channel_rollup`
}

type AnySql = Sql | TransactionSql

/**
 * The glossary's measures (src/glossary/metrics.ts) over a rollup aliased `r`. Sums of the rollup's exact
 * numeric sums are the same numbers the glossary's sums over sales give, and the casts and rounding are the same,
 * so a tool switching to a rollup returns identical figures.
 */
export const rollupMeasures = {
  revenue: (sql: AnySql): Fragment => sql`coalesce(sum(r.revenue), 0)::float8`,
  grossProfit: (sql: AnySql): Fragment => sql`coalesce(sum(r.gross_profit), 0)::float8`,
  orders: (sql: AnySql): Fragment => sql`coalesce(sum(r.orders), 0)::int`,
  units: (sql: AnySql): Fragment => sql`coalesce(sum(r.units), 0)::int`,
  marginPercent: (sql: AnySql): Fragment =>
    sql`coalesce(round((100 * sum(r.gross_profit) / nullif(sum(r.revenue), 0))::numeric, 2), 0)::float8`,
  aov: (sql: AnySql): Fragment =>
    sql`coalesce(round((sum(r.revenue) / nullif(sum(r.orders), 0))::numeric, 2), 0)::float8`,
  averagePrice: (sql: AnySql): Fragment =>
    sql`coalesce(round((sum(r.revenue) / nullif(sum(r.units), 0))::numeric, 2), 0)::float8`,
  averageProfit: (sql: AnySql): Fragment =>
    sql`coalesce(round((sum(r.gross_profit) / nullif(sum(r.orders), 0))::numeric, 2), 0)::float8`,
  /** avg(days_held) is its sum ÷ its count as numeric, empty when no sale has it: the detailed rollup only. */
  averageDaysToSell: (sql: AnySql): Fragment =>
    sql`round((sum(r.days_held_sum)::numeric / nullif(sum(r.days_held_count), 0))::numeric, 1)::float8`,
}
