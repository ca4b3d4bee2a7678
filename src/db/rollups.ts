import { withoutTimeLimit, type Sql, type TransactionSql } from './database.ts'
import { runTransaction } from './transaction.ts'

/**
 * The daily sales rollups of migration 0009: sales summed per business day × channel (× brand × category ×
 * condition in the detailed one), and the summaries of migration 0010: per buyer (with the buyer milestone
 * counts), per product sold, per browsing session, per UTC hour, per live show and per day and brand. Triggers keep
 * them equal to the sums over `sales` (and `storefront_events`) after every write, so the tools that read them give
 * exactly the figures the same SQL gives over those tables.
 */

/**
 * Rebuilds the rollups and summaries from sales (writing only the rows that differ, for the largest), then
 * vacuums and analyses them. After a bulk load the trigger-maintained rows are correct but full of superseded
 * versions; the vacuum leaves them compact, and the rebuild repairs them after a load that ran with triggers off
 * (pg_restore --disable-triggers, logical replication).
 */
export async function refreshRollups(sql: Sql): Promise<void> {
  // Minutes on a large embedded database: past its engine-wide limit, which is there for runaway queries.
  await withoutTimeLimit(sql, async () => {
    await runTransaction(sql, 'Rebuilding the sales rollups', rebuildRollups)
    await vacuumSummaries(sql, { full: true })
  })
}

/**
 * Rebuilds the rollups and summaries from sales in the caller's transaction, so readers see the old ones until it
 * commits. A bulk load that switched the triggers off (the demo seed) calls it before committing.
 */
export async function rebuildRollups(transaction: TransactionSql): Promise<void> {
  // Writers wait until the rebuild commits, so no sale is counted twice or missed; readers carry on.
  await transaction`lock table sales, products, storefront_events in share mode`
  // The per-product and per-buyer sums below hash a million products and sort every sale by buyer: in memory.
  await transaction`set local work_mem = '256MB'`
  // The brand rollup and the milestone counts follow their sources through triggers, row by row; rebuilt from
  // scratch below, they need not follow the rebuild of their sources.
  await transaction`alter table sales_daily_rollup disable trigger user`
  await transaction`alter table buyer_summaries disable trigger user`
  await transaction`delete from sales_daily_rollup`
  await transaction`
    insert into sales_daily_rollup (date_sold, channel, brand_id, category, condition, orders, units, revenue, gross_profit, fees, discount,
                                    days_held_sum, days_held_count)
    select s.date_sold, s.channel, p.brand_id, p.category, p.condition,
           count(*), sum(s.quantity_sold), sum(s.gross_amount_earned), sum(s.net_profit_loss), sum(s.fees), sum(s.discount),
           coalesce(sum(s.days_held), 0), count(s.days_held)
    from sales s
    join products p on p.id = s.product_id
    group by 1, 2, 3, 4, 5
    order by 1, 2, 3, 4, 5`
  await transaction`delete from sales_daily_channel_rollup`
  await transaction`
    insert into sales_daily_channel_rollup (date_sold, channel, orders, units, revenue, gross_profit, fees, discount)
    select date_sold, channel, sum(orders), sum(units), sum(revenue), sum(gross_profit), sum(fees), sum(discount)
    from sales_daily_rollup
    group by 1, 2
    order by 1, 2`
  // The detailed rollup's triggers kept the brand rollup in step with it; rebuilding it repairs it too.
  await transaction`delete from sales_daily_brand_rollup`
  await transaction`
    insert into sales_daily_brand_rollup (date_sold, brand_id, orders, units, revenue, gross_profit, fees, discount, days_held_sum, days_held_count)
    select date_sold, brand_id, sum(orders), sum(units), sum(revenue), sum(gross_profit), sum(fees), sum(discount), sum(days_held_sum),
           sum(days_held_count)
    from sales_daily_rollup
    group by 1, 2
    order by 1, 2`
  await transaction`delete from sales_hourly_rollup`
  await transaction`
    insert into sales_hourly_rollup (date_sold, sold_hour, channel, orders, units, revenue)
    select s.date_sold, date_trunc('hour', s.sold_at, 'UTC'), s.channel, count(*), sum(s.quantity_sold), sum(s.gross_amount_earned)
    from sales s
    group by 1, 2, 3
    order by 1, 2, 3`
  await transaction`delete from sales_show_rollup`
  await transaction`
    insert into sales_show_rollup (show_id, orders, units, revenue)
    select s.show_id, count(*), sum(s.quantity_sold), sum(s.gross_amount_earned)
    from sales s
    where s.show_id is not null
    group by 1
    order by 1`
  // The per-product and per-buyer rows the triggers wrote during a load are already compact (a product sells once,
  // a buyer's row is rewritten per batch): only rows that differ from the sums over sales are written, none after a
  // load that kept its triggers.
  await transaction`
    with computed as (
      select s.product_id, count(*)::int as sale_lines from sales s group by 1
    ),
    differing as (
      select coalesce(c.product_id, t.product_id) as product_id, c.sale_lines
      from computed c
      full join product_sale_counts t on t.product_id = c.product_id
      where c.sale_lines is distinct from t.sale_lines
    ),
    removed as (
      delete from product_sale_counts t using differing d where t.product_id = d.product_id and d.sale_lines is null
    )
    insert into product_sale_counts as t (product_id, sale_lines)
    select product_id, sale_lines from differing where sale_lines is not null
    order by product_id
    on conflict (product_id) do update set sale_lines = excluded.sale_lines`
  // A full scan and one in-memory sort by buyer beat a million reads through the buyer index.
  await transaction`set local enable_indexscan = off`
  await transaction`
    with computed as (
      select s.buyer_id, count(*)::int as orders, sum(s.quantity_sold)::int as units, sum(s.gross_amount_earned) as revenue,
             sum(s.net_profit_loss) as gross_profit, min(s.date_sold) as first_date,
             (array_agg(s.date_sold order by s.date_sold))[2] as second_date,
             (array_agg(s.date_sold order by s.date_sold desc))[2] as penultimate_date, max(s.date_sold) as last_date
      from sales s
      where s.buyer_id is not null
      group by s.buyer_id
    ),
    differing as (
      select coalesce(c.buyer_id, b.buyer_id) as buyer_id, c.buyer_id is null as gone, c.orders, c.units, c.revenue, c.gross_profit,
             c.first_date, c.second_date, c.penultimate_date, c.last_date
      from computed c
      full join buyer_summaries b on b.buyer_id = c.buyer_id
      where (c.orders, c.units, c.revenue, c.gross_profit, c.first_date, c.second_date, c.penultimate_date, c.last_date)
            is distinct from (b.orders, b.units, b.revenue, b.gross_profit, b.first_date, b.second_date, b.penultimate_date, b.last_date)
    ),
    removed as (
      delete from buyer_summaries b using differing d where b.buyer_id = d.buyer_id and d.gone
    )
    insert into buyer_summaries as b (buyer_id, orders, units, revenue, gross_profit, first_date, second_date, penultimate_date, last_date)
    select buyer_id, orders, units, revenue, gross_profit, first_date, second_date, penultimate_date, last_date
    from differing
    where not gone
    order by buyer_id
    on conflict (buyer_id) do update
      set orders = excluded.orders, units = excluded.units, revenue = excluded.revenue, gross_profit = excluded.gross_profit,
          first_date = excluded.first_date, second_date = excluded.second_date, penultimate_date = excluded.penultimate_date,
          last_date = excluded.last_date`
  // The milestone counts follow buyer_summaries through its triggers; rebuilt here, they are repaired too.
  await transaction`delete from buyer_milestone_counts`
  await transaction`
    insert into buyer_milestone_counts (milestone, date_sold, buyers)
    select m.milestone, m.date_sold, count(*)
    from buyer_summaries b
    cross join lateral (values ('first', b.first_date), ('second', b.second_date), ('penultimate', b.penultimate_date), ('last', b.last_date))
      as m(milestone, date_sold)
    where m.date_sold is not null
    group by 1, 2
    order by 1, 2`
  await transaction`delete from storefront_sessions`
  await transaction`
    insert into storefront_sessions (session_id, first_event_at, product_viewed, added_to_cart, checkout_started, payment_completed)
    select e.session_id, min(e.occurred_at), count(*) filter (where e.event_type = 'product_viewed'),
           count(*) filter (where e.event_type = 'added_to_cart'), count(*) filter (where e.event_type = 'checkout_started'),
           count(*) filter (where e.event_type = 'payment_completed')
    from storefront_events e
    group by e.session_id
    order by e.session_id`
  await transaction`alter table sales_daily_rollup enable trigger user`
  await transaction`alter table buyer_summaries enable trigger user`
}

/**
 * Vacuums and analyses the summaries, which also sets the visibility map for index-only scans. VACUUM cannot run
 * inside a transaction. After a load through the triggers, which rewrite a buyer's or an hour's row once per batch
 * and leave the tables several times their size, `full` writes them compact again (holding each one for a moment,
 * a second in all at a million sales). product_sale_counts only grows (a product sells once): a plain VACUUM is
 * enough there.
 */
export async function vacuumSummaries(sql: Sql, options: { full: boolean }): Promise<void> {
  for (const table of summaryTables) {
    if (options.full && table !== 'product_sale_counts') await sql`vacuum (full, analyze) ${sql(table)}`
    else await sql`vacuum analyze ${sql(table)}`
  }
}

/** Every table rebuildRollups rebuilds. */
const summaryTables = [
  'sales_daily_rollup',
  'sales_daily_channel_rollup',
  'sales_daily_brand_rollup',
  'sales_hourly_rollup',
  'sales_show_rollup',
  'product_sale_counts',
  'buyer_summaries',
  'buyer_milestone_counts',
  'storefront_sessions',
] as const
