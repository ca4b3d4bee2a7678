import { describe, expect, it } from 'vitest'
import type { Database, Fragment, Sql } from '../src/db/database.ts'
import { refreshRollups, rollupMeasures } from '../src/db/rollups.ts'
import { measures } from '../src/glossary/metrics.ts'
import { runTool } from '../src/testing/run-tool.ts'
import { testEngines, useDemoDatabase } from '../src/testing/test-database.ts'

// The tools that read the daily rollups (migration 0009) must give exactly what aggregating sales gives.
// Three checks: the stored rollups equal the sums over sales; the rollup measures equal the glossary's
// measures over sales for any grouping; and each tool's whole result is unchanged when its rollups are
// replaced by views that aggregate sales at query time. Then the triggers are checked through every kind of write.

const timeZone = 'America/New_York'

/** The detailed rollup as stored, numbers as text so that equality is exact. */
function storedDetailed(sql: Sql) {
  return sql`
    select date_sold::text, channel, brand_id::text, category, condition, orders, units,
           revenue::text, gross_profit::text, fees::text, discount::text, days_held_sum::int, days_held_count
    from sales_daily_rollup
    order by 1, 2, 3, 4, 5`
}

/** The same sums computed from sales now. */
function computedDetailed(sql: Sql) {
  return sql`
    select s.date_sold::text, s.channel, p.brand_id::text, p.category, p.condition, count(*)::int as orders,
           sum(s.quantity_sold)::int as units, sum(s.gross_amount_earned)::text as revenue,
           sum(s.net_profit_loss)::text as gross_profit, sum(s.fees)::text as fees, sum(s.discount)::text as discount,
           coalesce(sum(s.days_held), 0)::int as days_held_sum, count(s.days_held)::int as days_held_count
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

async function expectRollupsMatchSales(database: Database): Promise<void> {
  const sql = database.sql
  expect(await storedDetailed(sql)).toEqual(await computedDetailed(sql))
  expect(await storedByChannel(sql)).toEqual(await computedByChannel(sql))
}

/** Every measure the tools take from the rollups, over sales (glossary) and over a rollup aliased `r`. */
function glossaryFigures(sql: Sql): Fragment {
  return sql`${measures.revenue(sql)} as revenue, ${measures.grossProfit(sql)} as gross_profit, ${measures.orders(sql)} as orders,
             ${measures.units(sql)} as units, ${measures.marginPercent(sql)} as margin_percent, ${measures.aov(sql)} as aov,
             ${measures.averagePrice(sql)} as average_price, ${measures.averageProfit(sql)} as average_profit`
}

function rollupFigures(sql: Sql): Fragment {
  return sql`${rollupMeasures.revenue(sql)} as revenue, ${rollupMeasures.grossProfit(sql)} as gross_profit,
             ${rollupMeasures.orders(sql)} as orders, ${rollupMeasures.units(sql)} as units,
             ${rollupMeasures.marginPercent(sql)} as margin_percent, ${rollupMeasures.aov(sql)} as aov,
             ${rollupMeasures.averagePrice(sql)} as average_price, ${rollupMeasures.averageProfit(sql)} as average_profit`
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
  ['top_products', { group_by: 'brand' }],
  ['top_products', { group_by: 'category', rank_by: 'profit', period: 'all_time' }],
  ['top_products', { group_by: 'condition', rank_by: 'units', brand: 'chanel', category: 'bag' }],
]

async function runCases(database: Database): Promise<unknown[]> {
  const results: unknown[] = []
  for (const [name, args] of toolCases) {
    const { durationMs: _durationMs, ...envelope } = await runTool(database, name, args, 'analyst', timeZone)
    results.push(envelope)
  }
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
           count(s.days_held)::int as days_held_count
    from sales s
    join products p on p.id = s.product_id
    group by 1, 2, 3, 4, 5`
  await sql`
    create view sales_daily_channel_rollup as
    select s.date_sold, s.channel, count(*)::int as orders, sum(s.quantity_sold)::int as units,
           sum(s.gross_amount_earned) as revenue, sum(s.net_profit_loss) as gross_profit, sum(s.fees) as fees, sum(s.discount) as discount
    from sales s
    group by 1, 2`
  const [role] = await sql<{ present: boolean }[]>`select exists (select 1 from pg_roles where rolname = 'luxx_analytics') as present`
  if (role?.present) await sql`grant select on sales_daily_rollup, sales_daily_channel_rollup to luxx_analytics`
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
      expect(await sql`select ${grouping.detailed} as key, ${rollupMeasures.averageDaysToSell(sql)} as days from sales_daily_rollup r group by 1 order by 1`).toEqual(
        await sql`select ${grouping.sales} as key, ${measures.averageDaysToSell(sql)} as days from sales s join products p on p.id = s.product_id group by 1 order by 1`,
      )
      if (grouping.byChannel) {
        expect(await sql`select ${grouping.byChannel} as key, ${rollupFigures(sql)} from sales_daily_channel_rollup r group by 1 order by 1`).toEqual(overSales)
      }
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
  })

  it('are rebuilt by refreshRollups after a load that bypassed them, and emptied with sales', async () => {
    const sql = database().sql
    await sql`update sales_daily_rollup set revenue = revenue + 1000 where date_sold = (select max(date_sold) from sales_daily_rollup)`
    await sql`delete from sales_daily_channel_rollup where date_sold = (select min(date_sold) from sales_daily_channel_rollup)`
    await refreshRollups(sql)
    await expectRollupsMatchSales(database())
    await sql`truncate table sales`
    const [left] = await sql<{ rows: number }[]>`
      select (select count(*) from sales_daily_rollup) + (select count(*) from sales_daily_channel_rollup) as rows`
    expect(left?.rows).toBe(0)
  })
})
