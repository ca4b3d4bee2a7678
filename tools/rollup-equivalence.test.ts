import { describe, expect, it } from 'vitest'
import type { Database, Fragment, Sql } from '../src/db/database.ts'
import { refreshRollups } from '../src/db/rollups.ts'
import { measures, ratios, rollupMeasures } from '../src/tools/define-tool.ts'
import { runTool } from '../src/testing/run-tool.ts'
import { testEngines, useDemoDatabase } from '../src/testing/test-database.ts'

// The tools that read the daily rollups (migration 0009) and the summaries (migrations 0010, 0022 and 0023) must give exactly
// what aggregating sales (and storefront events, pairing sales with marketing touches, and joining items to their products and sales) gives.
// Three checks: the stored rollups equal the sums over sales; the rollup measures equal the glossary's
// measures over sales for any grouping; and each tool's whole result is unchanged when its rollups are
// replaced by views that aggregate sales at query time. Then the triggers are checked through every kind of write.

const timeZone = 'America/New_York'

/** The detailed rollup as stored, numbers as text so that equality is exact. */
function storedDetailed(sql: Sql) {
  return sql`
    select date_sold::text, channel, brand_id::text, category, condition, orders, units,
           revenue::text, gross_profit::text, fees::text, discount::text, days_held_sum::int, days_held_count,
           percent_profit_sum::text, percent_profit_count
    from sales_daily_rollup
    order by 1, 2, 3, 4, 5`
}

/** The same sums computed from sales now. */
function computedDetailed(sql: Sql) {
  return sql`
    select s.date_sold::text, s.channel, p.brand_id::text, p.category, p.condition, count(*)::int as orders,
           sum(s.quantity_sold)::int as units, sum(s.gross_amount_earned)::text as revenue,
           sum(s.net_profit_loss)::text as gross_profit, sum(s.fees)::text as fees, sum(s.discount)::text as discount,
           coalesce(sum(s.days_held), 0)::int as days_held_sum, count(s.days_held)::int as days_held_count,
           coalesce(sum(s.percent_profit), 0)::numeric(18, 2)::text as percent_profit_sum, count(s.percent_profit)::int as percent_profit_count
    from sales s
    join products p on p.id = s.product_id
    group by 1, 2, 3, 4, 5
    order by 1, 2, 3, 4, 5`
}

function storedByChannel(sql: Sql) {
  return sql`
    select date_sold::text, channel, orders, units, revenue::text, gross_profit::text, fees::text, discount::text
    from sales_daily_channel_rollup
    order by 1, 2`
}

function computedByChannel(sql: Sql) {
  return sql`
    select s.date_sold::text, s.channel, count(*)::int as orders, sum(s.quantity_sold)::int as units,
           sum(s.gross_amount_earned)::text as revenue, sum(s.net_profit_loss)::text as gross_profit,
           sum(s.fees)::text as fees, sum(s.discount)::text as discount
    from sales s
    group by 1, 2
    order by 1, 2`
}

/** The summaries of migrations 0010, 0022 and 0023 as SQL over sales (and storefront events, marketing touches, inventory and products), the same columns as the tables. */
const computedSummaries = {
  buyer_summaries: (sql: Sql) => sql`
    select s.buyer_id, count(*)::int as orders, sum(s.quantity_sold)::int as units, sum(s.gross_amount_earned) as revenue,
           sum(s.net_profit_loss) as gross_profit, min(s.date_sold) as first_date,
           (array_agg(s.date_sold order by s.date_sold))[2] as second_date,
           (array_agg(s.date_sold order by s.date_sold desc))[2] as penultimate_date, max(s.date_sold) as last_date
    from sales s
    where s.buyer_id is not null
    group by s.buyer_id`,
  buyer_milestone_counts: (sql: Sql) => sql`
    select m.milestone, m.date_sold, count(*)::int as buyers
    from (
      select s.buyer_id, min(s.date_sold) as first_date, (array_agg(s.date_sold order by s.date_sold))[2] as second_date,
             (array_agg(s.date_sold order by s.date_sold desc))[2] as penultimate_date, max(s.date_sold) as last_date
      from sales s
      where s.buyer_id is not null
      group by s.buyer_id
    ) as b
    cross join lateral (values ('first', b.first_date), ('second', b.second_date), ('penultimate', b.penultimate_date), ('last', b.last_date))
      as m(milestone, date_sold)
    where m.date_sold is not null
    group by 1, 2`,
  product_sale_counts: (sql: Sql) => sql`select s.product_id, count(*)::int as sale_lines from sales s group by 1`,
  storefront_sessions: (sql: Sql) => sql`
    select e.session_id, min(e.occurred_at) as first_event_at, (count(*) filter (where e.event_type = 'product_viewed'))::int as product_viewed,
           (count(*) filter (where e.event_type = 'added_to_cart'))::int as added_to_cart,
           (count(*) filter (where e.event_type = 'checkout_started'))::int as checkout_started,
           (count(*) filter (where e.event_type = 'payment_completed'))::int as payment_completed
    from storefront_events e
    group by 1`,
  sales_hourly_rollup: (sql: Sql) => sql`
    select s.date_sold, date_trunc('hour', s.sold_at, 'UTC') as sold_hour, s.channel, count(*)::int as orders,
           sum(s.quantity_sold)::int as units, sum(s.gross_amount_earned) as revenue
    from sales s
    group by 1, 2, 3`,
  sales_show_rollup: (sql: Sql) => sql`
    select s.show_id, count(*)::int as orders, sum(s.quantity_sold)::int as units, sum(s.gross_amount_earned) as revenue
    from sales s
    where s.show_id is not null
    group by 1`,
  sales_daily_brand_rollup: (sql: Sql) => sql`
    select s.date_sold, p.brand_id, count(*)::int as orders, sum(s.quantity_sold)::int as units, sum(s.gross_amount_earned) as revenue,
           sum(s.net_profit_loss) as gross_profit, sum(s.fees) as fees, sum(s.discount) as discount,
           coalesce(sum(s.days_held), 0) as days_held_sum, count(s.days_held)::int as days_held_count,
           coalesce(sum(s.percent_profit), 0)::numeric(18, 2) as percent_profit_sum, count(s.percent_profit)::int as percent_profit_count
    from sales s
    join products p on p.id = s.product_id
    group by 1, 2`,
  // Each sale with each touch of its buyer in the 91 days (2,184 hours) up to its moment, and the sale's amounts in cents.
  sale_touches: (sql: Sql) => sql`
    select s.id as sale_id, t.id as touch_id, s.date_sold, s.sold_at, t.touched_at, t.campaign_id,
           round(s.gross_amount_earned * 100)::bigint as revenue_cents, round(s.net_profit_loss * 100)::bigint as profit_cents
    from sales s
    join marketing_touches t on t.user_id = s.buyer_id
    where t.touched_at between s.sold_at - interval '2184 hours' and s.sold_at`,
  // Each inventory item with its product's grade, category and brand, its product's items and sale lines, and the
  // days held, day and revenue of the one sale line of a product sold once, and its product's name.
  item_summaries: (sql: Sql) => sql`
    select i.id as inventory_id, i.product_id, i.created_at, i.quantity, i.purchase_price, i.list_price, p.condition, p.category, p.brand_id,
           n.product_items, coalesce(s.sale_lines, 0) as sale_lines, case when s.sale_lines = 1 then s.days_held end as days_held,
           case when s.sale_lines = 1 then s.date_sold end as date_sold, case when s.sale_lines = 1 then s.revenue end as revenue,
           p.name as model
    from inventory i
    join products p on p.id = i.product_id
    join (select product_id, count(*)::int as product_items from inventory group by 1) n on n.product_id = i.product_id
    left join (
      select product_id, count(*)::int as sale_lines, min(days_held) as days_held, min(date_sold) as date_sold, min(gross_amount_earned) as revenue
      from sales
      group by 1
    ) s on s.product_id = i.product_id`,
  // Each sale with its day, buyer and channel and its product's brand, category and grade.
  sale_summaries: (sql: Sql) => sql`
    select s.id as sale_id, s.product_id, s.buyer_id, s.date_sold, s.channel, p.brand_id, p.category, p.condition
    from sales s
    join products p on p.id = s.product_id`,
}

/** Each summary as stored and as computed now, every value as text so that equality is exact. */
async function summaryRows(sql: Sql, name: keyof typeof computedSummaries): Promise<{ stored: string[]; computed: string[] }> {
  const asText = async (rows: Promise<Record<string, unknown>[]>) =>
    (await rows).map((row) => JSON.stringify(Object.values(row).map((value) => (value instanceof Date ? value.toISOString() : String(value))))).sort()
  return {
    stored: await asText(sql`select * from ${sql(name)}`),
    computed: await asText(computedSummaries[name](sql)),
  }
}

async function expectRollupsMatchSales(database: Database): Promise<void> {
  const sql = database.sql
  expect(await storedDetailed(sql)).toEqual(await computedDetailed(sql))
  expect(await storedByChannel(sql)).toEqual(await computedByChannel(sql))
  for (const name of Object.keys(computedSummaries) as Array<keyof typeof computedSummaries>) {
    const { stored, computed } = await summaryRows(sql, name)
    expect(stored, name).toEqual(computed)
  }
}

/** Every measure the tools take from the rollups, over sales (glossary) and over a rollup aliased `r`. */
function glossaryFigures(sql: Sql): Fragment {
  return sql`${measures.revenue(sql)} as revenue, ${measures.gross_profit(sql)} as gross_profit, ${measures.orders(sql)} as orders,
             ${measures.units(sql)} as units, ${measures.margin_percent(sql)} as margin_percent, ${measures.aov(sql)} as aov,
             ${measures.average_price(sql)} as average_price, ${measures.average_profit(sql)} as average_profit`
}

function rollupFigures(sql: Sql): Fragment {
  return sql`${rollupMeasures.revenue(sql)} as revenue, ${rollupMeasures.gross_profit(sql)} as gross_profit,
             ${rollupMeasures.orders(sql)} as orders, ${rollupMeasures.units(sql)} as units,
             ${rollupMeasures.margin_percent(sql)} as margin_percent, ${rollupMeasures.aov(sql)} as aov,
             ${rollupMeasures.average_price(sql)} as average_price, ${rollupMeasures.average_profit(sql)} as average_profit`
}

/** The tools reading the rollups, with arguments that reach each rollup and each filter. */
const toolCases: Array<[string, Record<string, unknown>]> = [
  ['sales_by_weekday', {}],
  ['sales_by_weekday', { period: 'all_time' }],
  ['sales_by_weekday', { period: 'last_30_days', channel: 'whatnot' }],
  ['sales_trend', {}],
  ['sales_trend', { period: 'all_time' }],
  ['sales_trend', { period: 'last_90_days', grain: 'day', channel: 'instagram' }],
  ['sales_trend', { period: 'ytd', brand: 'Chanel' }],
  ['sales_trend', { category: 'wallet', condition: 'S' }],
  ['seasonality', {}],
  ['seasonality', { category: 'bag', channel: 'email' }],
  ['revenue_forecast', {}],
  ['anomalies', {}],
  ['anomalies', { grain: 'week', metric: 'orders' }],
  ['anomalies', { period: 'last_90_days', metric: 'units' }],
  ['kpi_summary', {}],
  ['kpi_summary', { period: 'last_30_days' }],
  ['change_drivers', {}],
  ['change_drivers', { dimension: 'category', metric: 'gross_profit', compare_to: 'last_year' }],
  ['change_drivers', { dimension: 'condition', metric: 'units' }],
  ['change_drivers', { dimension: 'channel', metric: 'orders', period: 'last_90_days' }],
  ['change_drivers', { dimension: 'region' }],
  ['demand_forecast', {}],
  ['demand_forecast', { group_by: 'brand', grain: 'week', category: 'bag' }],
  ['brand_performance', {}],
  ['brand_performance', { sort_by: 'margin', period: 'last_90_days', limit: 20 }],
  ['brand_performance', { sort_by: 'days_to_sell', period: 'all_time' }],
  ['top_products', { group_by: 'brand' }],
  ['top_products', { group_by: 'category', rank_by: 'profit', period: 'all_time' }],
  ['top_products', { group_by: 'condition', rank_by: 'units', brand: 'chanel', category: 'bag' }],
  ['top_products', { group_by: 'brand', rank_by: 'profit', period: 'last_90_days' }],
  ['top_products', {}],
  ['top_products', { rank_by: 'profit', period: 'last_30_days', limit: 25 }],
  ['top_products', { rank_by: 'units', period: 'last_7_days' }],
  ['sku_profitability', {}],
  ['sku_profitability', { show: 'bottom', period: 'all_time' }],
  ['sku_profitability', { rank_by: 'margin', period: 'last_90_days' }],
  ['sku_profitability', { brand: 'Chanel', category: 'bag' }],
  ['top_products', { brand: 'Hermès', rank_by: 'units', period: 'all_time' }],
  ['top_products', { condition: 'S', channel: 'instagram' }],
  ['kpi_summary', { period: 'all_time' }],
  ['kpi_summary', { period: 'last_quarter' }],
  ['kpi_summary', { from: '2026-01-01', to: '2026-01-31' }],
  ['kpi_summary', { channel: 'whatnot' }],
  ['kpi_summary', { brand: 'Chanel', period: 'last_quarter' }],
  ['kpi_summary', { brand: 'Hermès', channel: 'instagram', period: 'all_time' }],
  ['kpi_summary', { category: 'wallet', condition: 'A', period: 'last_90_days' }],
  ['sales_by_hour', {}],
  ['sales_by_hour', { view: 'weekday_hour', channel: 'whatnot', period: 'all_time' }],
  ['show_performance', {}],
  ['show_performance', { period: 'all_time', platform: 'whatnot', min_shows: 2 }],
  ['customer_lifetime_value', {}],
  ['customer_lifetime_value', { sort_by: 'projected', limit: 25 }],
  ['customer_lifetime_value', { period: 'last_year' }],
  ['churn_risk', {}],
  ['churn_risk', { sort_by: 'value', limit: 25 }],
  ['churn_risk', { period: 'last_year', inactive_days: 60 }],
  ['top_customers', {}],
  ['rfm_segments', {}],
  ['rfm_segments', { period: 'last_year' }],
  ['conversion_funnel', {}],
  ['conversion_funnel', { require_previous_steps: true, period: 'last_90_days' }],
  ['marketing_attribution', {}],
  ['marketing_attribution', { group_by: 'campaign', lookback_days: 90, period: 'all_time' }],
  ['marketing_attribution', { lookback_days: 1, period: 'last_90_days' }],
  ['campaign_roi', {}],
  ['campaign_roi', { attribution: 'linear', lookback_days: 90, period: 'all_time' }],
  ['campaign_roi', { attribution: 'first_touch', lookback_days: 7 }],
  ['channel_comparison', {}],
  ['channel_comparison', { lookback_days: 90, period: 'all_time' }],
  ['new_vs_returning_customers', {}],
  ['new_vs_returning_customers', { grain: 'week', period: 'last_90_days' }],
  ['new_vs_returning_customers', { grain: 'day', period: 'all_time' }],
  ['sell_through_by_condition', {}],
  ['sell_through_by_condition', { group_by: 'brand', period: 'all_time' }],
  ['inventory_aging', { group_by: 'condition' }],
  ['stock_levels', {}],
  ['stock_levels', { brand: 'Chanel', group_by: 'condition' }],
  ['stock_levels', { below: 2, group_by: 'brand', limit: 100 }],
]

async function runCases(database: Database): Promise<unknown[]> {
  const results: unknown[] = []
  for (const [name, args] of toolCases) {
    const { durationMs: _durationMs, ...envelope } = await runTool(database, name, args, 'analyst', timeZone)
    results.push(envelope)
  }
  // Hours in a zone with a half-hour offset are read from sales: the same figures either way.
  const { durationMs: _kolkataMs, ...kolkata } = await runTool(database, 'sales_by_hour', { view: 'weekday_hour' }, 'analyst', 'Asia/Kolkata')
  results.push(kolkata)
  return results
}

/** Puts views that aggregate sales at query time where the rollup tables were: the tools' SQL then reads sales. */
async function replaceRollupsWithViews(sql: Sql): Promise<void> {
  await sql`alter table sales_daily_rollup rename to sales_daily_rollup_stored`
  await sql`alter table sales_daily_channel_rollup rename to sales_daily_channel_rollup_stored`
  await sql`
    create view sales_daily_rollup as
    select s.date_sold, s.channel, p.brand_id, p.category, p.condition, count(*)::int as orders,
           sum(s.quantity_sold)::int as units, sum(s.gross_amount_earned) as revenue, sum(s.net_profit_loss) as gross_profit,
           sum(s.fees) as fees, sum(s.discount) as discount, coalesce(sum(s.days_held), 0) as days_held_sum,
           count(s.days_held)::int as days_held_count, coalesce(sum(s.percent_profit), 0)::numeric(18, 2) as percent_profit_sum,
           count(s.percent_profit)::int as percent_profit_count
    from sales s
    join products p on p.id = s.product_id
    group by 1, 2, 3, 4, 5`
  await sql`
    create view sales_daily_channel_rollup as
    select s.date_sold, s.channel, count(*)::int as orders, sum(s.quantity_sold)::int as units,
           sum(s.gross_amount_earned) as revenue, sum(s.net_profit_loss) as gross_profit, sum(s.fees) as fees, sum(s.discount) as discount
    from sales s
    group by 1, 2`
  for (const name of Object.keys(computedSummaries) as Array<keyof typeof computedSummaries>) {
    await sql`alter table ${sql(name)} rename to ${sql(`${name}_stored`)}`
    await sql`create view ${sql(name)} as ${computedSummaries[name](sql)}`
  }
  const [role] = await sql<{ present: boolean }[]>`select exists (select 1 from pg_roles where rolname = 'luxx_analytics') as present`
  if (role?.present) {
    await sql`grant select on sales_daily_rollup, sales_daily_channel_rollup to luxx_analytics`
    for (const name of Object.keys(computedSummaries)) await sql`grant select on ${sql(name)} to luxx_analytics`
  }
}

describe.each(testEngines())('daily rollups on the demo data (%s)', (engine) => {
  const database = useDemoDatabase(engine)

  it('hold the sums over sales of every day and dimension', async () => {
    const [row] = await database().sql<{ days: number }[]>`select count(*)::int as days from sales_daily_channel_rollup`
    expect(row?.days).toBeGreaterThan(300)
    await expectRollupsMatchSales(database())
  })

  it('give the glossary measures over sales for any grouping of days and dimensions', async () => {
    const sql = database().sql
    const groupings: Array<{ sales: Fragment; detailed: Fragment; byChannel?: Fragment }> = [
      { sales: sql`'all'`, detailed: sql`'all'`, byChannel: sql`'all'` },
      { sales: sql`s.date_sold::text`, detailed: sql`r.date_sold::text`, byChannel: sql`r.date_sold::text` },
      { sales: sql`extract(isodow from s.date_sold)::int`, detailed: sql`extract(isodow from r.date_sold)::int`, byChannel: sql`extract(isodow from r.date_sold)::int` },
      { sales: sql`date_trunc('month', s.date_sold)::date::text`, detailed: sql`date_trunc('month', r.date_sold)::date::text` },
      { sales: sql`s.channel`, detailed: sql`r.channel`, byChannel: sql`r.channel` },
      { sales: sql`p.brand_id::text`, detailed: sql`r.brand_id::text` },
      { sales: sql`p.category || '/' || p.condition`, detailed: sql`r.category || '/' || r.condition` },
    ]
    for (const grouping of groupings) {
      const overSales = await sql`
        select ${grouping.sales} as key, ${glossaryFigures(sql)}
        from sales s join products p on p.id = s.product_id
        group by 1 order by 1`
      expect(overSales.length).toBeGreaterThan(0)
      expect(await sql`select ${grouping.detailed} as key, ${rollupFigures(sql)} from sales_daily_rollup r group by 1 order by 1`).toEqual(overSales)
      // Days to sell are in the detailed rollup only.
      expect(await sql`select ${grouping.detailed} as key, ${rollupMeasures.average_days_to_sell(sql)} as days from sales_daily_rollup r group by 1 order by 1`).toEqual(
        await sql`select ${grouping.sales} as key, ${measures.average_days_to_sell(sql)} as days from sales s join products p on p.id = s.product_id group by 1 order by 1`,
      )
      if (grouping.byChannel) {
        expect(await sql`select ${grouping.byChannel} as key, ${rollupFigures(sql)} from sales_daily_channel_rollup r group by 1 order by 1`).toEqual(overSales)
      }
    }
  })

  it('count kpi_summary\'s new and repeat customers as distinct buyers over sales, whichever way a period lies', async () => {
    const sql = database().sql
    const [bounds] = await sql<{ first: string; last: string; middle: string }[]>`
      select min(date_sold)::text as first, max(date_sold)::text as last, (min(date_sold) + (max(date_sold) - min(date_sold)) / 2)::text as middle
      from sales where buyer_id is not null`
    const { first, last, middle } = bounds!
    // Running to the latest purchase, starting at the first, and neither.
    const windows = [{ from: middle, to: last }, { from: first, to: middle }, { from: middle, to: middle }, { period: 'last_30_days' }]
    for (const args of windows) {
      const envelope = await runTool(database(), 'kpi_summary', args, 'analyst', timeZone)
      const { from, to } = envelope.window
      const [expected] = await sql<{ new_customers: number; repeat_customers: number; customers: number }[]>`
        with buyers as (
          select s.buyer_id, count(*) filter (where s.date_sold between ${from}::date and ${to}::date) as orders, min(s.date_sold) as first_date
          from sales s where s.buyer_id is not null group by s.buyer_id
        )
        select (count(*) filter (where first_date between ${from}::date and ${to}::date))::int as new_customers,
               (count(*) filter (where orders >= 2))::int as repeat_customers, (count(*) filter (where orders >= 1))::int as customers
        from buyers`
      const value = (kpi: string) => envelope.rows.find((row) => row.kpi === kpi)?.value
      expect([value('new_customers'), value('repeat_rate')], JSON.stringify(args)).toEqual([
        expected!.new_customers,
        ratios.percent(expected!.repeat_customers, expected!.customers),
      ])
    }
  })

  it('give every tool that reads them the result of aggregating sales at query time', async () => {
    const fromRollups = await runCases(database())
    await replaceRollupsWithViews(database().sql)
    const fromSales = await runCases(database())
    expect(fromSales).toEqual(fromRollups)
  })
})

describe.each(testEngines())('daily rollups through writes (%s)', (engine) => {
  const database = useDemoDatabase(engine)

  // Every check compares every summary, a row per item among them: longer than the default minute on a busy machine.
  it('stay equal to the sums over sales after inserts, updates, deletes and moved products', async () => {
    const sql = database().sql
    // New sales of unsold stock, on a day and channel that may or may not have sales yet.
    await sql`
      insert into sales (product_id, quantity_sold, sell_price, gross_amount_earned, net_profit_loss, date_sold, sold_at, channel, fees, discount)
      select i.product_id, 1, i.list_price, i.list_price - 10, i.list_price - 10 - i.purchase_price - 5, date '2026-12-24', timestamptz '2026-12-24 15:00Z',
             'website', 5, 10
      from inventory i
      where i.quantity > 0
      order by i.id
      limit 7`
    await expectRollupsMatchSales(database())
    // Repriced, redated and moved to another channel: the old day loses them, the new one gains them.
    await sql`
      update sales set gross_amount_earned = gross_amount_earned + 1.25, date_sold = date_sold + 1, channel = 'email'
      where id in (select id from sales order by id limit 25)`
    await expectRollupsMatchSales(database())
    // Deleting every sale of a day and channel removes its rollup rows rather than leaving zeros.
    const [day] = await sql<{ date_sold: string; channel: string }[]>`
      select date_sold::text, channel from sales_daily_channel_rollup order by orders, date_sold limit 1`
    await sql`delete from sales where date_sold = ${day!.date_sold}::date and channel = ${day!.channel}`
    await expectRollupsMatchSales(database())
    const [emptied] = await sql<{ rows: number }[]>`
      select count(*)::int as rows from sales_daily_channel_rollup where date_sold = ${day!.date_sold}::date and channel = ${day!.channel}`
    expect(emptied?.rows).toBe(0)
    // A product regraded and moved to another brand takes its sales with it.
    await sql`
      update products set condition = case condition when 'S' then 'B' else 'S' end,
                           brand_id = (select id from brands order by name limit 1)
      where id in (select product_id from sales order by id desc limit 40)`
    await expectRollupsMatchSales(database())
    // A product sold again, in one statement with a sale of another buyer's first purchase day moved earlier.
    await sql`
      insert into sales (product_id, buyer_id, quantity_sold, sell_price, gross_amount_earned, net_profit_loss, date_sold, sold_at, channel, show_id)
      select s.product_id, s.buyer_id, 1, 100, 90, -20, s.date_sold + 3, s.sold_at + interval '3 days', 'email', s.show_id
      from sales s
      where s.show_id is not null
      order by s.id
      limit 5`
    await sql`update sales set date_sold = date_sold - 400, buyer_id = (select buyer_id from sales order by id desc limit 1) where id = (select id from sales order by id limit 1)`
    await expectRollupsMatchSales(database())
    // Deleting a buyer's first and last lines moves their milestones; deleting a product's second line makes it single again.
    await sql`
      delete from sales where id in (
        (select id from sales where buyer_id is not null order by buyer_id, date_sold, id limit 1),
        (select id from sales where buyer_id is not null order by buyer_id desc, date_sold desc, id limit 1))`
    await sql`delete from sales where id in (select id from sales where channel = 'email' and gross_amount_earned = 90 order by id limit 2)`
    await expectRollupsMatchSales(database())
    // Storefront events: a new session, events added to and taken from sessions, and a session's first event moved.
    await sql`
      insert into storefront_events (session_id, event_type, occurred_at)
      values ('test-session', 'product_viewed', timestamptz '2026-12-24 10:00Z'), ('test-session', 'added_to_cart', timestamptz '2026-12-24 10:05Z')`
    await sql`
      insert into storefront_events (session_id, event_type, occurred_at)
      select session_id, 'payment_completed', occurred_at + interval '1 hour' from storefront_events order by id limit 3`
    await sql`update storefront_events set occurred_at = occurred_at - interval '2 days' where id = (select id from storefront_events order by id desc limit 1)`
    await sql`delete from storefront_events where id in (select id from storefront_events order by id desc limit 4)`
    await expectRollupsMatchSales(database())
    // Touches written after the sales they precede pair with them: at the sale's moment, 10 days before, at the edge of
    // the 2,184 hours kept and a second past it.
    const [pairsBefore] = await sql<{ pairs: number }[]>`select count(*)::int as pairs from sale_touches`
    await sql`
      insert into marketing_touches (user_id, campaign_id, touched_at, touch_type)
      select s.buyer_id, (select id from marketing_campaigns order by id limit 1), s.sold_at - edge.before, 'click'
      from (select * from sales where buyer_id is not null order by id limit 6) s
      cross join (values (interval '0'), (interval '10 days'), (interval '2184 hours'), (interval '2184 hours 1 second')) as edge(before)`
    await expectRollupsMatchSales(database())
    const [pairsAfter] = await sql<{ pairs: number }[]>`select count(*)::int as pairs from sale_touches`
    expect(pairsAfter!.pairs - pairsBefore!.pairs).toBeGreaterThanOrEqual(18)
    // Touches moved in time, to another buyer and to another campaign, and deleted.
    await sql`update marketing_touches set touched_at = touched_at - interval '60 days' where id in (select id from marketing_touches order by id limit 30)`
    await sql`
      update marketing_touches set user_id = (select buyer_id from sales where buyer_id is not null order by id desc limit 1),
                                   campaign_id = (select id from marketing_campaigns order by id desc limit 1)
      where id in (select id from marketing_touches order by id desc limit 10)`
    await sql`delete from marketing_touches where id in (select id from marketing_touches order by md5(id::text) limit 25)`
    await expectRollupsMatchSales(database())
    // Sales moved in time, to another buyer and to none, their fees changed only, repriced, and deleted.
    await sql`update sales set sold_at = sold_at - interval '20 days' where id in (select id from sales where buyer_id is not null order by md5(id::text) limit 30)`
    await sql`update sales set buyer_id = (select user_id from marketing_touches order by id limit 1) where id in (select id from sales order by id desc limit 10)`
    await sql`update sales set buyer_id = null where id in (select id from sales where buyer_id is not null order by md5(id::text) desc limit 5)`
    await sql`update sales set channel = case channel when 'website' then 'email' else 'website' end where id in (select id from sales order by md5(id::text) limit 6)`
    await sql`update sales set fees = fees + 1 where id in (select sale_id from sale_touches order by sale_id limit 10)`
    await sql`update sales set gross_amount_earned = gross_amount_earned + 0.01 where id in (select sale_id from sale_touches order by sale_id desc limit 4)`
    await sql`update sales set net_profit_loss = net_profit_loss - 1.5 where id in (select sale_id from sale_touches order by touch_id desc limit 4)`
    await sql`delete from sales where id in (select sale_id from sale_touches order by touch_id limit 5)`
    await expectRollupsMatchSales(database())
  }, 120_000)

  it('stay equal to each item with its product and sales after writes of items', async () => {
    const sql = database().sql
    // Items: a second item of a product sold and of one in stock, stock sold out and repriced, a product moved to
    // another category, an item re-dated, and an item deleted.
    await sql`
      insert into inventory (product_id, quantity, purchase_price, list_price, created_at)
      select i.product_id, 1, i.purchase_price, i.list_price + 5, i.created_at + interval '1 day'
      from inventory i
      where i.product_id in ((select product_id from sales order by id limit 1), (select product_id from inventory where quantity > 0 order by id limit 1))`
    await sql`update inventory set quantity = 0, list_price = list_price - 1 where id in (select id from inventory where quantity > 0 order by id desc limit 3)`
    await sql`update products set category = 'wallet' where id in (select product_id from inventory order by id limit 2) and category <> 'wallet'`
    await sql`update products set name = name || ' (renamed)' where id in (select product_id from inventory where quantity > 0 order by id desc limit 2)`
    await sql`update inventory set created_at = created_at - interval '200 days' where id = (select id from inventory order by id desc limit 1)`
    await sql`update inventory set notes = 'checked' where id in (select id from inventory order by id limit 5)`
    await sql`delete from inventory where id = (select i.id from inventory i where not exists (select 1 from sales s where s.product_id = i.product_id) order by i.id limit 1)`
    await expectRollupsMatchSales(database())
  })

  it('keep each item\'s sale day and revenue as its product\'s one sale line is moved, repriced, doubled and deleted', async () => {
    const sql = database().sql
    const products = (
      await sql<{ product_id: string }[]>`
        select s.product_id from sales s join item_summaries i on i.product_id = s.product_id
        where i.product_items = 1 and i.sale_lines = 1 order by s.id limit 4`
    ).map((row) => row.product_id)
    expect(products).toHaveLength(4)
    const [moved, repriced, doubled, deleted] = products as [string, string, string, string]
    const itemOf = async (product: string) => {
      const [row] = await sql<{ sale_lines: number; date_sold: string | null; revenue: string | null }[]>`
        select sale_lines, date_sold::text as date_sold, revenue::text as revenue from item_summaries where product_id = ${product}`
      return row
    }
    // Moved to another day only (days held kept), then repriced only: each alone re-sums the item.
    await sql`update sales set date_sold = date '2026-12-30' where product_id = ${moved}`
    await sql`update sales set gross_amount_earned = 4321.09 where product_id = ${repriced}`
    await expectRollupsMatchSales(database())
    expect(await itemOf(moved)).toMatchObject({ sale_lines: 1, date_sold: '2026-12-30' })
    expect(await itemOf(repriced)).toMatchObject({ sale_lines: 1, revenue: '4321.09' })
    // A second line leaves the item's sale columns empty and deleting it gives them back; deleting the only line empties them.
    const [second] = await sql<{ id: string }[]>`
      insert into sales (product_id, quantity_sold, sell_price, gross_amount_earned, net_profit_loss, date_sold, days_held, sold_at, channel)
      values (${doubled}, 1, 500, 500, 100, date '2026-12-31', 3, timestamptz '2026-12-31 15:00Z', 'email')
      returning id`
    await expectRollupsMatchSales(database())
    expect(await itemOf(doubled)).toMatchObject({ sale_lines: 2, date_sold: null, revenue: null })
    await sql`delete from sales where id = ${second!.id}`
    await sql`delete from sales where product_id = ${deleted}`
    await expectRollupsMatchSales(database())
    expect(await itemOf(doubled)).toMatchObject({ sale_lines: 1, date_sold: expect.any(String), revenue: expect.any(String) })
    expect(await itemOf(deleted)).toMatchObject({ sale_lines: 0, date_sold: null, revenue: null })
  }, 120_000)

  it('are rebuilt by refreshRollups after a load that bypassed them, and emptied with sales', async () => {
    const sql = database().sql
    await sql`update sales_daily_rollup set revenue = revenue + 1000 where date_sold = (select max(date_sold) from sales_daily_rollup)`
    await sql`delete from sales_daily_channel_rollup where date_sold = (select min(date_sold) from sales_daily_channel_rollup)`
    await sql`update buyer_summaries set orders = orders + 1, last_date = last_date + 1 where buyer_id = (select buyer_id from buyer_summaries order by buyer_id limit 1)`
    await sql`delete from product_sale_counts where product_id = (select product_id from product_sale_counts order by product_id limit 1)`
    await sql`update storefront_sessions set added_to_cart = added_to_cart + 1`
    await sql`delete from sales_hourly_rollup where sold_hour = (select max(sold_hour) from sales_hourly_rollup)`
    await sql`update sales_show_rollup set revenue = revenue - 1`
    await sql`update sales_daily_brand_rollup set units = units + 1 where date_sold = (select max(date_sold) from sales_daily_brand_rollup)`
    await sql`delete from sale_touches where sale_id = (select sale_id from sale_touches order by sale_id limit 1)`
    await sql`update item_summaries set sale_lines = sale_lines + 1 where inventory_id = (select inventory_id from item_summaries order by inventory_id limit 1)`
    await sql`delete from item_summaries where inventory_id = (select inventory_id from item_summaries order by inventory_id desc limit 1)`
    await sql`update sale_summaries set channel = 'email', brand_id = (select id from brands order by name desc limit 1) where sale_id = (select sale_id from sale_summaries order by sale_id limit 1)`
    await sql`delete from sale_summaries where sale_id = (select sale_id from sale_summaries order by sale_id desc limit 1)`
    await sql`update sale_touches set touched_at = touched_at + interval '1 hour' where touch_id = (select touch_id from sale_touches order by touch_id desc limit 1)`
    await sql`update sale_touches set revenue_cents = revenue_cents + 1, profit_cents = profit_cents - 1 where touch_id = (select touch_id from sale_touches order by touch_id limit 1)`
    await sql`
      insert into sale_touches (sale_id, touch_id, date_sold, sold_at, touched_at, campaign_id, revenue_cents, profit_cents)
      select s.id, t.id, s.date_sold, s.sold_at, t.touched_at, t.campaign_id, 0, 0
      from (select * from sales order by id limit 1) s cross join (select * from marketing_touches order by id limit 1) t
      on conflict do nothing`
    await refreshRollups(sql)
    await expectRollupsMatchSales(database())
    // Truncating the touches leaves no pairs, and the other summaries as they were.
    await sql`truncate table marketing_touches`
    const [pairs] = await sql<{ rows: number }[]>`select count(*)::int as rows from sale_touches`
    expect(pairs?.rows).toBe(0)
    await expectRollupsMatchSales(database())
    await sql`insert into marketing_touches (user_id, campaign_id, touched_at, touch_type)
              select buyer_id, (select id from marketing_campaigns order by id limit 1), sold_at - interval '1 day', 'open'
              from sales where buyer_id is not null order by id limit 10`
    await expectRollupsMatchSales(database())
    await sql`truncate table sales, storefront_events`
    await expectRollupsMatchSales(database())
    const [unsold] = await sql<{ rows: number }[]>`
      select count(*)::int as rows from item_summaries where date_sold is not null or revenue is not null or sale_lines <> 0`
    expect(unsold?.rows).toBe(0)
    const [left] = await sql<{ rows: number }[]>`
      select (select count(*) from sales_daily_rollup) + (select count(*) from sales_daily_channel_rollup)
             + (select count(*) from sales_daily_brand_rollup) + (select count(*) from sales_hourly_rollup) + (select count(*) from sales_show_rollup)
             + (select count(*) from buyer_summaries) + (select count(*) from buyer_milestone_counts) + (select count(*) from product_sale_counts)
             + (select count(*) from storefront_sessions) + (select count(*) from sale_touches) + (select count(*) from sale_summaries) as rows`
    expect(Number(left?.rows)).toBe(0)
  })
})
