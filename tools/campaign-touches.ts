import { inWindow, type Fragment, type ResolvedWindow, type TransactionSql } from '../src/tools/define-tool.ts'

export type CreditModel = 'first_touch' | 'last_touch' | 'linear'

/** The longest lookback a tool may take: sale_touches keeps every sale's touches of the 91 days before it (migration 0022). */
export const longestLookbackDays = 90

/**
 * The campaign touches that earn credit for the window's sales, as two CTEs for a WITH list: `window_sales`, each
 * sale of the window with its revenue and gross profit in whole cents, and `touches`, each campaign touch of the
 * sale's buyer in the lookback before the sale (sales.sold_at), numbered in time order with the sale's touch count.
 * marketing_attribution and campaign_roi both read them, so both credit a sale by the same definitions
 * (first_touch_revenue, last_touch_revenue and linear_revenue in src/semantic/measures.ts).
 */
export function campaignTouches(sql: TransactionSql, window: ResolvedWindow, lookbackDays: number, groupBy: 'channel' | 'campaign'): Fragment {
  if (lookbackDays > longestLookbackDays) throw new Error(`A lookback of ${lookbackDays} days is longer than the ${longestLookbackDays} days sale_touches keeps.`)
  return sql`
    window_sales as (
      -- Credits are split in whole cents so every model adds up exactly to revenue (sales.gross_amount_earned) and profit.
      select s.id, s.sold_at,
             round(s.gross_amount_earned * 100)::bigint as cents,
             round(s.net_profit_loss * 100)::bigint as profit_cents
      from sales s
      where ${inWindow(sql, sql`s.date_sold`, window)}
    ),
    touches as (
      select ws.id as sale_id,
             ws.cents,
             ws.profit_cents,
             ${groupBy === 'campaign' ? sql`c.id::text` : sql`c.channel`} as group_key,
             ${groupBy === 'campaign' ? sql`c.name` : sql`c.channel`} as group_name,
             c.channel,
             row_number() over (partition by ws.id order by t.touched_at, t.touch_id) as touch_number,
             count(*) over (partition by ws.id) as touch_count
      -- sale_touches holds each sale's touches up to its moment (its sold_at is the sale's), back further than any
      -- lookback (migration 0022): the window's days are read by index and cut to the lookback before the join.
      from sale_touches t
      join window_sales ws on ws.id = t.sale_id
      join marketing_campaigns c on c.id = t.campaign_id
      where ${inWindow(sql, sql`t.date_sold`, window)}
        and t.touched_at >= t.sold_at - ${lookbackDays}::int * interval '1 day'
    )`
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
