import { buyerSummaryMeasures, inWindow, measures, type Fragment, type QueryContext } from '../src/tools/define-tool.ts'

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
 * The window's sale lines as `s` (the columns of sales), in buyer order. Grouped by buyer in that order, each buyer's
 * sums are done before the next buyer's begin: over a long window the index on buyer and day gives the order, and
 * summing half a million lines takes a fifth of the CPU of a hash holding every buyer's numeric sums at once.
 */
export function windowLinesByBuyer({ sql, window }: Pick<QueryContext<unknown>, 'sql' | 'window'>): Fragment {
  return sql`(select s.* from sales s where ${inWindow(sql, sql`s.date_sold`, window)} order by s.buyer_id) as s`
}

/**
 * One row per buyer with sales in the window (`buyer_id` and the tool's columns). A window that starts by the first
 * sale holds each buyer's whole history up to its end, which buyerHistory reads mostly from the summaries; any other
 * window groups its sales by buyer, then keeps the buyers (one lookup per buyer, not one per line).
 */
export function windowBuyers(
  context: Pick<QueryContext<unknown>, 'sql' | 'window' | 'bounds'>,
  columns: (history: BuyerHistoryColumns) => Fragment,
): Fragment {
  const { sql, window, bounds } = context
  if (bounds.first === null || window.from <= bounds.first) return buyerHistory(context, columns)
  return sql`
    select g.*
    from (
      select s.buyer_id, ${columns({ measures, firstPurchase: sql`min(s.date_sold)`, lastPurchase: sql`max(s.date_sold)` })}
      from ${windowLinesByBuyer(context)}
      group by s.buyer_id
    ) as g
    join users u on u.id = g.buyer_id and u.user_type = 'buyer'`
}

// Buyers probed beyond the limit: a tighter bound for a few more index reads.
const probeMargin = 30

/** A figure whose value in any window is at most the buyer's lifetime figure (their buyer_summaries row). */
export type LifetimeBoundedPart = 'revenue' | 'units' | 'orders'

/**
 * The rows of windowBuyers that can be among the first `limit` buyers ranked by `part`, highest first, every buyer
 * tied with the limit-th included, for a ranking that lists only its leaders. A buyer's lines and units in a window
 * are at most their lifetime ones, and so is their revenue unless a line of theirs is negative (those buyers are
 * always kept). The window figures of the `probe` buyers with the highest lifetime figures give a bound: the limit-th
 * best of them is reached by `limit` buyers, so every leader's figure reaches it, and so does their lifetime figure.
 * Only the buyers whose lifetime figure reaches the bound are summed, from their lines in the index on buyer and day.
 * When fewer than `limit` of the probe bought in the window (a short one), the window's lines are grouped by buyer.
 */
export function leadingWindowBuyers(
  context: Pick<QueryContext<unknown>, 'sql' | 'window' | 'bounds'>,
  ranking: { part: LifetimeBoundedPart; limit: number },
  columns: (history: BuyerHistoryColumns) => Fragment,
): Fragment {
  const { sql, window, bounds } = context
  const { part, limit } = ranking
  // Whole histories are read from the summaries, one row per buyer, with nothing to sum.
  const wholeHistories = window.from <= (bounds.first ?? window.from) && window.to >= (bounds.last ?? window.to)
  if (wholeHistories) return windowBuyers(context, columns)
  const lifetime = (buyerSummaryMeasures as MeasureSet)[part](sql)
  const windowFigure = measures[part](sql)
  const inWindow = sql`s.date_sold between ${window.from}::date and ${window.to}::date`
  const boughtInWindowSpan = sql`b.last_date >= ${window.from}::date and b.first_date <= ${window.to}::date`
  const windowColumns = columns({ measures, firstPurchase: sql`min(s.date_sold)`, lastPurchase: sql`max(s.date_sold)` })
  const unbounded =
    part === 'revenue' ? sql`or b.buyer_id in (select n.buyer_id from sales n where n.gross_amount_earned < 0)` : sql``
  // A buyer's lines in the window, when they are a buyer: read inside each lateral step, the user is found by id.
  const linesOf = (buyer: Fragment) => sql`
    from users u
    join sales s on s.buyer_id = u.id
    where u.id = ${buyer} and u.user_type = 'buyer' and ${inWindow}
    having count(*) > 0`
  // Materialized, the probe and its bound are computed once; the bound's absence switches to grouping the window.
  return sql`
    with probe as materialized (
      select b.buyer_id
      from buyer_summaries b
      where ${boughtInWindowSpan}
      order by ${lifetime} desc
      limit ${limit + probeMargin}
    ),
    bound as materialized (
      select (
        select w.value
        from probe p
        cross join lateral (select ${windowFigure} as value ${linesOf(sql`p.buyer_id`)}) as w
        order by w.value desc
        offset ${limit - 1} limit 1
      ) as value
    )
    select c.buyer_id, w.*
    from (
      select b.buyer_id
      from buyer_summaries b
      cross join bound
      where bound.value is not null and ${boughtInWindowSpan} and (${lifetime} >= bound.value ${unbounded})
    ) as c
    cross join lateral (select ${windowColumns} ${linesOf(sql`c.buyer_id`)}) as w
    union all
    select grouped.* from (${windowBuyers(context, columns)}) as grouped where (select value from bound) is null`
}
