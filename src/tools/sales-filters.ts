import type { Fragment, TransactionSql } from '../db/database.ts'
import { dimensionEnum } from '../semantic/index.ts'
import { filterOn, valueFilter } from './filter-fields.ts'

/**
 * The filters a question can put on sales, shared by the tools that total or trend them: the sale's channel, the
 * item's brand, category and condition, and the buyer's state or city. One declaration, so every tool that takes
 * them describes them, resolves their values and applies them the same way.
 */
export const salesFilterFields = {
  channel: dimensionEnum('channel').optional().describe('Only sales made on this channel. Default: every channel.'),
  brand: valueFilter('brand', 'Only sales of this brand'),
  category: dimensionEnum('category').optional().describe('Only sales of this product category. Default: every category.'),
  condition: dimensionEnum('condition')
    .optional()
    .describe('Only sales of items in this condition grade: S (like new), A (lightly used), B (visibly used). Default: every grade.'),
  region: valueFilter('region', 'Only sales to buyers in this state or region (users.region of the buyer)'),
  city: valueFilter('city', 'Only sales to buyers in this city (users.city of the buyer)'),
}

/** The fields whose values the executor reads from the data (see `filters` in defineTool). */
export const salesFilterDimensions = { brand: 'brand', region: 'region', city: 'city' } as const

export interface SalesFilters {
  channel?: string
  brand?: string
  category?: string
  condition?: string
  region?: string
  city?: string
}

const names = ['channel', 'brand', 'category', 'condition', 'region', 'city'] as const

export function hasSalesFilter(input: SalesFilters): boolean {
  return names.some((name) => input[name] !== undefined)
}

/** "brand Chanel, region TX" for the filters given, or "". */
export function describeSalesFilters(input: SalesFilters): string {
  return names.flatMap((name) => (input[name] === undefined ? [] : [`${name} ${input[name]}`])).join(', ')
}

/**
 * The joins a filtered read of `sales s` needs (products `fp`, brands `fb`, the buyer `fu`, each only when a filter
 * uses it) and the conditions, as `and …` fragments for a WHERE or ON clause.
 */
export function salesFilterSql(sql: TransactionSql, input: SalesFilters): { joins: Fragment; conditions: Fragment } {
  const byItem = input.brand !== undefined || input.category !== undefined || input.condition !== undefined
  const byBuyer = filtersByBuyer(input)
  return {
    joins: sql`
      ${byItem ? sql`join products fp on fp.id = s.product_id join brands fb on fb.id = fp.brand_id` : sql``}
      ${byBuyer ? sql`join users fu on fu.id = s.buyer_id` : sql``}`,
    conditions: sql`
      ${filterOn(sql, sql`s.channel`, input.channel)}
      ${filterOn(sql, sql`fb.name`, input.brand)}
      ${filterOn(sql, sql`fp.category`, input.category)}
      ${filterOn(sql, sql`fp.condition`, input.condition)}
      ${filterOn(sql, sql`fu.region`, input.region)}
      ${filterOn(sql, sql`fu.city`, input.city)}`,
  }
}

/** Whether a filter names the buyer's place, which the daily rollups do not keep. */
export function filtersByBuyer(input: SalesFilters): boolean {
  return input.region !== undefined || input.city !== undefined
}

/**
 * The smallest daily rollup that holds the sums of sales with these filters (none by the buyer's place), aliased `r`,
 * with its conditions as `and …` fragments: by channel when only the channel is filtered, by brand when only the
 * brand is, else the one by channel, brand, category and condition (a hundred times the rows of the others).
 */
export function rollupFilterSql(sql: TransactionSql, input: SalesFilters): { source: Fragment; conditions: Fragment } {
  if (filtersByBuyer(input)) throw new Error('rollupFilterSql: the daily rollups keep no buyer; read sales for a region or city filter')
  const byGradeOrCategory = input.category !== undefined || input.condition !== undefined
  const byBrand = input.brand !== undefined
  const brands = byBrand ? sql`join brands fb on fb.id = r.brand_id` : sql``
  const source = byGradeOrCategory || (byBrand && input.channel !== undefined)
    ? sql`sales_daily_rollup r ${brands}`
    : byBrand
      ? sql`sales_daily_brand_rollup r ${brands}`
      : sql`sales_daily_channel_rollup r`
  return {
    source,
    conditions: sql`
      ${filterOn(sql, sql`r.channel`, input.channel)}
      ${filterOn(sql, sql`fb.name`, input.brand)}
      ${filterOn(sql, sql`r.category`, input.category)}
      ${filterOn(sql, sql`r.condition`, input.condition)}`,
  }
}

/**
 * The same filters over sale_summaries (migration 0027: each sale with its product's brand, category and grade), as
 * `alias`, which holds no amounts: for reading the lines a filter keeps (their ids, buyers, days, channels) without
 * joining products.
 */
export function saleSummaryFilterSql(sql: TransactionSql, input: SalesFilters, alias = 's'): { joins: Fragment; conditions: Fragment } {
  const line = sql(alias)
  return {
    joins: sql`
      ${input.brand === undefined ? sql`` : sql`join brands fb on fb.id = ${line}.brand_id`}
      ${filtersByBuyer(input) ? sql`join users fu on fu.id = ${line}.buyer_id` : sql``}`,
    conditions: sql`
      ${filterOn(sql, sql`${line}.channel`, input.channel)}
      ${filterOn(sql, sql`fb.name`, input.brand)}
      ${filterOn(sql, sql`${line}.category`, input.category)}
      ${filterOn(sql, sql`${line}.condition`, input.condition)}
      ${filterOn(sql, sql`fu.region`, input.region)}
      ${filterOn(sql, sql`fu.city`, input.city)}`,
  }
}
