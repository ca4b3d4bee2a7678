import { filterOn, inWindow, saleSummaryFilterSql, type Fragment, type ResolvedWindow, type TransactionSql } from '../src/tools/define-tool.ts'

/** How the per-product ranking orders: by a sale line's own column (indexed with the day), or by any other order. */
export type LineRanking =
  | { column: Fragment; direction: 'desc' | 'asc' }
  | { order: Fragment }

/**
 * The ids of the window's sale lines whose products can lead a ranking of per-product sums. A resale item sells
 * once: a product with one sale line in all time (product_sale_counts) has that line as its sums, so such products
 * rank as their lines do. Ranked on an indexed column (revenue, profit), each day's best line gives a bound: the
 * limit-th best of those days' bests is reached by at least `limit` lines, so the leaders are among the lines that
 * reach it, which the indexes on day and column find. Ranked otherwise, each day's leading lines (every line tied
 * with the last kept) are taken. Products sold more than once are few; all their lines in the window are added.
 */
export function leadingProductLines(sql: TransactionSql, window: ResolvedWindow, ranking: LineRanking, limit: number): Fragment {
  // Whole days after the window's start: the integer series gives the planner the exact number of days.
  const days = sql`(select ${window.from}::date + offset_days as value from generate_series(0, ${window.to}::date - ${window.from}::date) as offset_days) as day`
  const soldOnce = sql`not exists (select 1 from product_sale_counts c where c.product_id = l.product_id and c.sale_lines > 1)`
  const repeated = sql`
    select l.id
    from sales l
    join product_sale_counts c on c.product_id = l.product_id and c.sale_lines > 1
    where ${inWindow(sql, sql`l.date_sold`, window)}`
  if ('order' in ranking) {
    return sql`
      select single.id
      from ${days}
      cross join lateral (
        select l.id
        from sales l
        where l.date_sold = day.value and ${soldOnce}
        order by ${ranking.order}
        fetch first (${limit}::int) rows with ties
      ) as single
      union all
      ${repeated}`
  }
  const { column } = ranking
  const descending = ranking.direction === 'desc'
  const direction = descending ? sql`desc` : sql`asc`
  // Materialized, the bound is computed once; inlined, the planner would charge its cost to every day.
  return sql`
    with bound as materialized (
      select coalesce((
        select best.value
        from ${days}
        cross join lateral (
          select ${column} as value
          from sales l
          where l.date_sold = day.value and ${soldOnce}
          order by ${column} ${direction}
          limit 1
        ) as best
        order by best.value ${direction}
        offset ${limit - 1} limit 1
      ), ${descending ? sql`'-Infinity'` : sql`'Infinity'`}::numeric) as value
    )
    select single.id
    from bound
    cross join ${days}
    cross join lateral (
      select l.id
      from sales l
      where l.date_sold = day.value and ${soldOnce} and ${descending ? sql`${column} >= bound.value` : sql`${column} <= bound.value`}
      -- A day's lines among the leaders are among its own leaders, so each day stops after them.
      order by ${column} ${direction}
      fetch first (${limit}::int) rows with ties
    ) as single
    union all
    ${repeated}`
}

/** The product filters the per-product rankings (top_products, sku_profitability) accept. */
export interface ProductFilters {
  channel?: string | undefined
  brand?: string | undefined
  category?: string | undefined
  condition?: string | undefined
}

/**
 * The `from … where …` of a per-product ranking over `sales s`: the window's lines of the filtered products, or,
 * without filters, only the lines that can lead (leadingProductLines). An item's brand, category or grade is read from
 * sale_summaries, never by joining products.
 */
export function productSaleLines(
  sql: TransactionSql,
  window: ResolvedWindow,
  filters: ProductFilters,
  ranking: LineRanking,
  limit: number,
): Fragment {
  const byItem = Boolean(filters.brand || filters.category || filters.condition)
  if (byItem) {
    // A brand's (category's, grade's) lines are one range of sale_summaries' index, and their amounts one read of
    // sales by id each; finding them through products cost a probe of sales per product of the brand (0.6–0.9 s for
    // Chanel's 159,000 products at a million sales).
    const lines = saleSummaryFilterSql(sql, filters, 'line')
    return sql`
    from sale_summaries line
    ${lines.joins}
    join sales s on s.id = line.sale_id
    where ${inWindow(sql, sql`line.date_sold`, window)}
      ${lines.conditions}`
  }
  return sql`
    from sales s
    where ${inWindow(sql, sql`s.date_sold`, window)}
      ${filterOn(sql, sql`s.channel`, filters.channel)}
      ${filters.channel ? sql`` : sql`and s.id in (${leadingProductLines(sql, window, ranking, limit)})`}`
}
