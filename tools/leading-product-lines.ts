import type { Fragment, TransactionSql } from '../src/db/database.ts'
import { inWindow, type ResolvedWindow } from '../src/tools/define-tool.ts'

/**
 * The ids of the window's sale lines whose products can lead a ranking of per-product sums. A resale item sells
 * once: a product with one sale line in all time (product_sale_counts) has that line as its sums, so such products
 * rank as their lines do. The leading lines of each day (ordered by `lineOrder` over `sales l`, every line tied with
 * the last kept) come from the indexes on day and revenue or day and profit without sorting the window, and the
 * window's leaders are among them. Products sold more than once are few; all their lines in the window are added.
 */
export function leadingProductLines(sql: TransactionSql, window: ResolvedWindow, lineOrder: Fragment, limit: number): Fragment {
  return sql`
    select single.id
    from generate_series(${window.from}::date, ${window.to}::date, interval '1 day') as day(value)
    cross join lateral (
      select l.id
      from sales l
      where l.date_sold = day.value::date
        and not exists (select 1 from product_sale_counts c where c.product_id = l.product_id and c.sale_lines > 1)
      order by ${lineOrder}
      fetch first (${limit}::int) rows with ties
    ) as single
    union all
    select l.id
    from sales l
    join product_sale_counts c on c.product_id = l.product_id and c.sale_lines > 1
    where ${inWindow(sql, sql`l.date_sold`, window)}`
}
