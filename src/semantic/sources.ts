import type { Fragment, Sql, TransactionSql } from '../db/database.ts'

export type AnySql = Sql | TransactionSql

/**
 * The parts every sales measure is built from, and the tables that hold them. A part is one aggregate over `sales s`;
 * the rollups store the additive ones as columns named like the part, so a measure written over parts reads the same
 * figure from sales, from a daily rollup or from a buyer's summary row. The rollups' triggers and rebuild are
 * generated from these declarations (src/db/rollup-maintenance.ts): a part added here and to a source's `stores`
 * is added to that rollup's table, kept by its triggers and filled by the next migration.
 */
export type PartDeclaration = AdditivePart | OtherPart

/** A sum or a count of one sales column: it adds up across rows, so a rollup stores it and sums it again. */
export interface AdditivePart {
  additive: true
  aggregate: 'sum' | 'count'
  /** The column of `sales` aggregated (a count of `id` counts sale lines). */
  column: string
  /** The column's type in a rollup, wide enough for a sum over every sale. */
  storedAs: string
  definition: string
}

/** Any other aggregate over `sales s` (joined to nothing else): read from sales, or stored by a source that keeps it. */
export interface OtherPart {
  additive: false
  sales: (sql: AnySql) => Fragment
  definition: string
}

const money = 'numeric(18, 2)'

export const parts = {
  revenue: { additive: true, aggregate: 'sum', column: 'gross_amount_earned', storedAs: money, definition: 'sum of sales.gross_amount_earned' },
  gross_profit: { additive: true, aggregate: 'sum', column: 'net_profit_loss', storedAs: money, definition: 'sum of sales.net_profit_loss' },
  fees: { additive: true, aggregate: 'sum', column: 'fees', storedAs: money, definition: 'sum of sales.fees' },
  discount: { additive: true, aggregate: 'sum', column: 'discount', storedAs: money, definition: 'sum of sales.discount' },
  orders: { additive: true, aggregate: 'count', column: 'id', storedAs: 'integer', definition: 'count of sale lines' },
  units: { additive: true, aggregate: 'sum', column: 'quantity_sold', storedAs: 'integer', definition: 'sum of sales.quantity_sold' },
  days_held_sum: { additive: true, aggregate: 'sum', column: 'days_held', storedAs: 'bigint', definition: 'sum of sales.days_held where known' },
  days_held_count: { additive: true, aggregate: 'count', column: 'days_held', storedAs: 'integer', definition: 'sale lines whose days_held is known' },
  percent_profit_sum: { additive: true, aggregate: 'sum', column: 'percent_profit', storedAs: 'numeric(18, 2)', definition: 'sum of sales.percent_profit where known' },
  percent_profit_count: { additive: true, aggregate: 'count', column: 'percent_profit', storedAs: 'integer', definition: 'sale lines whose percent_profit is known' },
  first_date: { additive: false, sales: (sql) => sql`min(s.date_sold)`, definition: 'the earliest sales.date_sold' },
  buyers: { additive: false, sales: (sql) => sql`count(distinct s.buyer_id)`, definition: 'distinct sales.buyer_id' },
  median_days_held: {
    additive: false,
    sales: (sql) => sql`percentile_cont(0.5) within group (order by s.days_held)`,
    definition: 'the median of sales.days_held',
  },
} as const satisfies Record<string, PartDeclaration>

export type PartName = keyof typeof parts

/**
 * Where a measure can be read. `sales` aggregates `sales s`; the rollups aggregate their stored parts (`r`); a
 * buyer summary row (`b`) already holds one buyer's parts. A source lists the parts it stores, under their names.
 */
export interface SourceDeclaration<Part extends string = PartName> {
  table: string
  alias: string
  /** Whether the source's rows are summed again (rollups) or read one row at a time (a buyer's summary). */
  aggregated: boolean
  /** What one row is: columns of `sales s` or of the product sold (`products p`), stored under the same names. */
  grain: readonly GrainColumn[]
  /** The parts it stores as columns named like the part. */
  stores: readonly Part[]
}

export interface GrainColumn {
  column: string
  from: 'sales' | 'products'
}

const day = { column: 'date_sold', from: 'sales' } as const
const channel = { column: 'channel', from: 'sales' } as const
const brand = { column: 'brand_id', from: 'products' } as const

const dailyParts = ['revenue', 'gross_profit', 'fees', 'discount', 'orders', 'units'] as const satisfies readonly PartName[]

export const sources = {
  sales: { table: 'sales', alias: 's', aggregated: true, grain: [], stores: [] },
  /** One row per business day × channel × brand × category × condition (migration 0009). */
  daily_rollup: {
    table: 'sales_daily_rollup',
    alias: 'r',
    aggregated: true,
    grain: [day, channel, brand, { column: 'category', from: 'products' }, { column: 'condition', from: 'products' }],
    stores: [...dailyParts, 'days_held_sum', 'days_held_count', 'percent_profit_sum', 'percent_profit_count'],
  },
  /** One row per business day × brand (migration 0010). */
  daily_brand_rollup: {
    table: 'sales_daily_brand_rollup',
    alias: 'r',
    aggregated: true,
    grain: [day, brand],
    stores: [...dailyParts, 'days_held_sum', 'days_held_count', 'percent_profit_sum', 'percent_profit_count'],
  },
  /** One row per business day × channel (migration 0009). */
  daily_channel_rollup: { table: 'sales_daily_channel_rollup', alias: 'r', aggregated: true, grain: [day, channel], stores: dailyParts },
  /** One row per buyer over all time (migration 0010); first_date is their first purchase. */
  buyer_summary: {
    table: 'buyer_summaries',
    alias: 'b',
    aggregated: false,
    grain: [{ column: 'buyer_id', from: 'sales' }],
    stores: ['revenue', 'gross_profit', 'orders', 'units', 'first_date'],
  },
} as const satisfies Record<string, SourceDeclaration>

export type SourceName = keyof typeof sources

/** The SQL of one part in one source, or an error naming the sources that hold it. */
export function partSql(sql: AnySql, source: SourceName, part: PartName): Fragment {
  const declaration: SourceDeclaration = sources[source]
  if (source === 'sales') return salesPartSql(sql, parts[part])
  if (!declaration.stores.includes(part)) {
    const holders = (Object.keys(sources) as SourceName[]).filter((name) => name === 'sales' || (sources[name].stores as readonly PartName[]).includes(part))
    throw new Error(`The part '${part}' is not stored in ${declaration.table}; it can be read from ${holders.join(', ')}.`)
  }
  const column = sql(`${declaration.alias}.${part}`)
  return declaration.aggregated ? sql`sum(${column})` : sql`${column}`
}

function salesPartSql(sql: AnySql, part: PartDeclaration): Fragment {
  if (!part.additive) return part.sales(sql)
  const column = sql(`s.${part.column}`)
  return part.aggregate === 'sum' ? sql`sum(${column})` : sql`count(${column})`
}
