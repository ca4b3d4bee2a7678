import { buyerSummaryMeasures, measures, type Fragment, type QueryContext } from '../src/tools/define-tool.ts'

type MeasureSet = typeof measures

/** What a tool reads of one buyer's history: the semantic measures, and the first and last purchase days. */
export interface BuyerHistoryColumns {
  measures: MeasureSet
  firstPurchase: Fragment
  lastPurchase: Fragment
}

/**
 * One row per buyer (`buyer_id` and the tool's columns) over their purchases up to the window's end. A buyer whose
 * last purchase is by the window's end has their whole history in it, and their summary row (migration 0010) is
 * read instead of their sales; only the buyers who bought again after the window's end (all of them once it ends a
 * year back, a few thousand when it ends days before the last sale, none when it reaches it) are summed from their
 * sales up to it. The same semantic measures give the same figures on both paths.
 */
export function buyerHistory(
  { sql, window, bounds }: Pick<QueryContext<unknown>, 'sql' | 'window' | 'bounds'>,
  columns: (history: BuyerHistoryColumns) => Fragment,
): Fragment {
  const fromSummaries = sql`
    select b.buyer_id, ${columns({ measures: buyerSummaryMeasures as MeasureSet, firstPurchase: sql`b.first_date`, lastPurchase: sql`b.last_date` })}
    from buyer_summaries b
    join users u on u.id = b.buyer_id and u.user_type = 'buyer'`
  const wholeHistory = bounds.last === null || window.to >= bounds.last
  if (wholeHistory) return fromSummaries
  return sql`
    ${fromSummaries}
    where b.last_date <= ${window.to}::date
    union all
    select s.buyer_id, ${columns({ measures, firstPurchase: sql`min(s.date_sold)`, lastPurchase: sql`max(s.date_sold)` })}
    from buyer_summaries b
    join users u on u.id = b.buyer_id and u.user_type = 'buyer'
    join sales s on s.buyer_id = b.buyer_id and s.date_sold <= ${window.to}::date
    where b.last_date > ${window.to}::date
    group by s.buyer_id`
}

/**
 * One row per buyer with sales in the window (`buyer_id` and the tool's columns). A window that starts by the first
 * sale holds each buyer's whole history up to its end, which buyerHistory reads mostly from the summaries; any other
 * window groups its sales by buyer.
 */
export function windowBuyers(
  context: Pick<QueryContext<unknown>, 'sql' | 'window' | 'bounds'>,
  columns: (history: BuyerHistoryColumns) => Fragment,
): Fragment {
  const { sql, window, bounds } = context
  if (bounds.first === null || window.from <= bounds.first) return buyerHistory(context, columns)
  return sql`
    select s.buyer_id, ${columns({ measures, firstPurchase: sql`min(s.date_sold)`, lastPurchase: sql`max(s.date_sold)` })}
    from sales s
    join users u on u.id = s.buyer_id and u.user_type = 'buyer'
    where s.date_sold between ${window.from}::date and ${window.to}::date
    group by s.buyer_id`
}
