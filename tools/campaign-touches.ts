import { inWindow, type Fragment, type ResolvedWindow, type TransactionSql } from '../src/tools/define-tool.ts'
import { partSql } from '../src/semantic/index.ts'

export type CreditModel = 'first_touch' | 'last_touch' | 'linear'

/** The longest lookback a tool may take: sale_touches keeps every sale's touches of the 91 days before it (migration 0022). */
export const longestLookbackDays = 90

/**
 * The longest lookback whose touches idx_sale_touches_within_31_days holds (migration 0026): its pairs are within 744
 * hours, which 30 days counted in any session time zone fit in.
 */
const indexedLookbackDays = 30

/**
 * The campaign touches that earn credit for the window's sales, as a CTE for a WITH list: `touches`, each campaign
 * touch (campaign_id) of a window's sale's buyer in the lookback before the sale (sales.sold_at), with the sale's
 * revenue and gross profit in whole cents, numbered in time order with the sale's touch count. marketing_attribution
 * and campaign_roi both read it, so both credit a sale by the same definitions (first_touch_revenue,
 * last_touch_revenue and linear_revenue in src/semantic/measures.ts). Sales without a touch in the lookback are not in it.
 */
export function campaignTouches(sql: TransactionSql, window: ResolvedWindow, lookbackDays: number): Fragment {
  if (lookbackDays > longestLookbackDays) throw new Error(`A lookback of ${lookbackDays} days is longer than the ${longestLookbackDays} days sale_touches keeps.`)
  // sale_touches holds each sale's touches up to its moment (its sold_at is the sale's), back further than any lookback
  // (migration 0022), with the sale's amounts (0026). A lookback of up to 30 days names the predicate of the index on
  // the pairs within 744 hours, keyed by day, sale and touch order: the window's pairs come from the index alone,
  // already in the order they are numbered in (a sale's day is the same on each of its pairs, so partitioning by day
  // and sale is partitioning by sale).
  return sql`
    touches as (
      select t.sale_id,
             t.campaign_id,
             t.revenue_cents as cents,
             t.profit_cents,
             row_number() over sale as touch_number,
             count(*) over sale as touch_count
      from sale_touches t
      where ${inWindow(sql, sql`t.date_sold`, window)}
        ${lookbackDays <= indexedLookbackDays ? sql`and t.sold_at - t.touched_at <= interval '744 hours'` : sql``}
        and t.touched_at >= t.sold_at - ${lookbackDays}::int * interval '1 day'
      -- One window for both: the count over the whole sale, the number in time order (which ignores the frame).
      window sale as (partition by t.date_sold, t.sale_id order by t.touched_at, t.touch_id rows between unbounded preceding and unbounded following)
    )`
}

/**
 * The window's sales and their revenue in whole cents, from the daily rollup by channel (the same sums as sales, about
 * four rows a day), as the columns `sales` and `cents` of one row.
 */
export function windowSales(sql: TransactionSql, window: ResolvedWindow): Fragment {
  return sql`
    select coalesce(${partSql(sql, 'daily_channel_rollup', 'orders')}, 0) as sales,
           round(coalesce(${partSql(sql, 'daily_channel_rollup', 'revenue')}, 0) * 100)::bigint as cents
    from sales_daily_channel_rollup r
    where ${inWindow(sql, sql`r.date_sold`, window)}`
}

/**
 * A touch's share of an amount of its sale (a column of `touches`, in whole units such as cents) under each model:
 * all to the first touch, all to the last, or split equally with the units that do not split evenly going to the
 * earliest touches.
 */
export function touchCredit(sql: TransactionSql, model: CreditModel, amount: Fragment): Fragment {
  if (model === 'first_touch') return sql`case when touch_number = 1 then ${amount} else 0 end`
  if (model === 'last_touch') return sql`case when touch_number = touch_count then ${amount} else 0 end`
  return sql`${amount} / touch_count + case when touch_number <= abs(${amount} % touch_count) then sign(${amount})::bigint else 0 end`
}
