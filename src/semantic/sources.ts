import type { Fragment, Sql, TransactionSql } from '../db/database.ts'

export type AnySql = Sql | TransactionSql

/**
 * The additive parts every sales measure is built from, and the tables that hold them. A part is one aggregate
 * over `sales s`; the rollups (migrations 0009, 0010) store the additive ones as columns, so a measure written
 * over parts reads the same figure from sales, from a daily rollup or from a buyer's summary row.
 */
export interface PartDeclaration {
  /** The aggregate over `sales s` (joined to nothing else). */
  sales: (sql: AnySql) => Fragment
  /** Sums and counts add up across rows: a rollup stores them and sums them again. */
  additive: boolean
  definition: string
}

export const parts = {
  revenue: { sales: (sql) => sql`sum(s.gross_amount_earned)`, additive: true, definition: 'sum of sales.gross_amount_earned' },
  gross_profit: { sales: (sql) => sql`sum(s.net_profit_loss)`, additive: true, definition: 'sum of sales.net_profit_loss' },
  fees: { sales: (sql) => sql`sum(s.fees)`, additive: true, definition: 'sum of sales.fees' },
  discount: { sales: (sql) => sql`sum(s.discount)`, additive: true, definition: 'sum of sales.discount' },
  orders: { sales: (sql) => sql`count(s.id)`, additive: true, definition: 'count of sale lines' },
  units: { sales: (sql) => sql`sum(s.quantity_sold)`, additive: true, definition: 'sum of sales.quantity_sold' },
  days_held_sum: { sales: (sql) => sql`sum(s.days_held)`, additive: true, definition: 'sum of sales.days_held where known' },
  days_held_count: { sales: (sql) => sql`count(s.days_held)`, additive: true, definition: 'sale lines whose days_held is known' },
  first_date: { sales: (sql) => sql`min(s.date_sold)`, additive: false, definition: 'the earliest sales.date_sold' },
  buyers: { sales: (sql) => sql`count(distinct s.buyer_id)`, additive: false, definition: 'distinct sales.buyer_id' },
  median_days_held: {
    sales: (sql) => sql`percentile_cont(0.5) within group (order by s.days_held)`,
    additive: false,
    definition: 'the median of sales.days_held',
  },
  average_percent_profit: { sales: (sql) => sql`avg(s.percent_profit)`, additive: false, definition: 'the mean of sales.percent_profit' },
} as const satisfies Record<string, PartDeclaration>

export type PartName = keyof typeof parts

/**
 * Where a measure can be read. `sales` aggregates `sales s`; the rollups aggregate their stored parts (`r`); a
 * buyer summary row (`b`) already holds one buyer's parts. A source lists the parts it stores, under their names.
 */
export interface SourceDeclaration {
  table: string
  alias: string
  /** Whether the source's rows are summed again (rollups) or read one row at a time (a buyer's summary). */
  aggregated: boolean
  /** The parts it stores as columns named like the part. */
  stores: readonly PartName[]
}

const dailyParts = ['revenue', 'gross_profit', 'fees', 'discount', 'orders', 'units'] as const satisfies readonly PartName[]

export const sources = {
  sales: { table: 'sales', alias: 's', aggregated: true, stores: [] },
  /** One row per business day × channel × brand × category × condition (migration 0009). */
  daily_rollup: { table: 'sales_daily_rollup', alias: 'r', aggregated: true, stores: [...dailyParts, 'days_held_sum', 'days_held_count'] },
  /** One row per business day × brand (migration 0010). */
  daily_brand_rollup: { table: 'sales_daily_brand_rollup', alias: 'r', aggregated: true, stores: [...dailyParts, 'days_held_sum', 'days_held_count'] },
  /** One row per business day × channel (migration 0009). */
  daily_channel_rollup: { table: 'sales_daily_channel_rollup', alias: 'r', aggregated: true, stores: dailyParts },
  /** One row per buyer over all time (migration 0010); first_date is their first purchase. */
  buyer_summary: { table: 'buyer_summaries', alias: 'b', aggregated: false, stores: ['revenue', 'gross_profit', 'orders', 'units', 'first_date'] },
} as const satisfies Record<string, SourceDeclaration>

export type SourceName = keyof typeof sources

/** The SQL of one part in one source, or an error naming the sources that hold it. */
export function partSql(sql: AnySql, source: SourceName, part: PartName): Fragment {
  const declaration: SourceDeclaration = sources[source]
  if (source === 'sales') return parts[part].sales(sql)
  if (!declaration.stores.includes(part)) {
    const holders = (Object.keys(sources) as SourceName[]).filter((name) => name === 'sales' || (sources[name].stores as readonly PartName[]).includes(part))
    throw new Error(`The part '${part}' is not stored in ${declaration.table}; it can be read from ${holders.join(', ')}.`)
  }
  const column = sql(`${declaration.alias}.${part}`)
  return declaration.aggregated ? sql`sum(${column})` : sql`${column}`
}
