import { buyerSummaryMeasures, measures, type Fragment, type QueryContext } from '../src/tools/define-tool.ts'

type MeasureSet = typeof measures

/** What a tool reads of one buyer's history: the semantic measures, and the first and last purchase days. */
export interface BuyerHistoryColumns {
  measures: MeasureSet
  firstPurchase: Fragment
  lastPurchase: Fragment
}

/**
 * One row per buyer (`buyer_id` and the tool's columns) over their purchases up to the window's end. When the window
 * reaches the last sale in the data, a buyer's summary row (migration 0010) is their whole history and is read
 * instead of every sale; the same semantic measures give the same figures on both paths.
 */
export function buyerHistory(
  { sql, window, bounds }: Pick<QueryContext<unknown>, 'sql' | 'window' | 'bounds'>,
  columns: (history: BuyerHistoryColumns) => Fragment,
): Fragment {
  const wholeHistory = bounds.last === null || window.to >= bounds.last
  return wholeHistory
    ? sql`
        select b.buyer_id, ${columns({ measures: buyerSummaryMeasures as MeasureSet, firstPurchase: sql`b.first_date`, lastPurchase: sql`b.last_date` })}
        from buyer_summaries b
        join users u on u.id = b.buyer_id and u.user_type = 'buyer'`
    : sql`
        select s.buyer_id, ${columns({ measures, firstPurchase: sql`min(s.date_sold)`, lastPurchase: sql`max(s.date_sold)` })}
        from sales s
        join users u on u.id = s.buyer_id and u.user_type = 'buyer'
        where s.date_sold <= ${window.to}::date
        group by s.buyer_id`
}
