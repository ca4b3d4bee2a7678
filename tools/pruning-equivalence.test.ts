import { describe, expect, it } from 'vitest'
import type { Database, Fragment, Sql } from '../src/db/database.ts'
import { measures, z } from '../src/tools/define-tool.ts'
import type { Envelope } from '../src/tools/envelope.ts'
import { runTool } from '../src/testing/run-tool.ts'
import { testEngines, useDemoDatabase, useTestDatabase } from '../src/testing/test-database.ts'

// top_products and sku_profitability sum only the sale lines that can lead (tools/leading-product-lines.ts),
// churn_risk scores only the customers whose score can reach the list, customer_lifetime_value names only its
// leaders, top_customers sums the window only for the buyers whose lifetime figure can reach its list. Each is compared here, row for row, with a plain query over every sale of the window written from the
// tool's description and the glossary: group everything, compute the measures, order by the documented
// tie-breaks, take the limit. The demo data sells every item once, one unit each, so ranking by units is all
// tie-breaks; the second block adds resales, losses and ties at the cut that the product rankings must get right.

const timeZone = 'America/New_York'
const limits = [1, 3, 10]
// The demo data runs from 2024-11-01 to 2026-10-31: all time, one calendar month (September 2026), and four days in March.
const fewDays = { from: '2026-03-09', to: '2026-03-12' }
const windows = [{ period: 'all_time' }, { period: 'last_month' }, fewDays]
// A window that neither starts by the first sale nor ends by the last: no buyer's summary row is their figures in it.
const longWindow = { from: '2025-01-01', to: '2026-06-30' }
// customer_lifetime_value takes only an as-of date: the same ends.
const asOfWindows = [{ period: 'all_time' }, { period: 'last_month' }, { to: fewDays.to }]

type Row = Record<string, unknown>
type Window = Envelope['window']

/** The tool's defaults, then every option crossed with every window and limit. */
function cases(options: Row[], windowChoices: Row[]): Row[] {
  return [{}, ...options.flatMap((option) => windowChoices.flatMap((window) => limits.map((limit) => ({ ...option, ...window, limit }))))]
}

const topProductsParameters = z.object({ rank_by: z.enum(['revenue', 'units', 'profit']), limit: z.number().int() })

/** Every product sold in the window, ranked over all of them; ties ordered by revenue, then name and SKU. */
function topProductsReference(sql: Sql, parameters: Row, window: Window): Promise<Row[]> {
  const { rank_by: rankBy, limit } = topProductsParameters.parse(parameters)
  const value = { revenue: sql`revenue`, units: sql`units`, profit: sql`gross_profit` }[rankBy]
  return sql`
    with per_product as (
      select s.product_id, ${measures.units(sql)} as units, ${measures.orders(sql)} as orders, ${measures.revenue(sql)} as revenue,
             ${measures.gross_profit(sql)} as gross_profit, ${measures.average_price(sql)} as average_price,
             ${measures.average_profit(sql)} as average_profit, ${measures.average_days_to_sell(sql)} as average_days_to_sell
      from sales s
      where s.date_sold between ${window.from}::date and ${window.to}::date
      group by s.product_id
    )
    select (rank() over (order by ${value} desc))::int as rank, p.name as label, p.item_inventory_number as sku, b.name as brand,
           p.category, p.condition, t.units, t.orders, t.revenue, t.gross_profit, t.average_price, t.average_profit, t.average_days_to_sell
    from per_product t
    join products p on p.id = t.product_id
    join brands b on b.id = p.brand_id
    order by ${value} desc, t.revenue desc, p.name, p.item_inventory_number
    limit ${limit}`
}

const skuParameters = z.object({ show: z.enum(['top', 'bottom']), rank_by: z.enum(['profit', 'margin']), limit: z.number().int() })

/** Every SKU sold in the window; ties on the ranked figure go to the other figure (profit or margin), then the SKU. */
function skuProfitabilityReference(sql: Sql, parameters: Row, window: Window): Promise<Row[]> {
  const { show, rank_by: rankBy, limit } = skuParameters.parse(parameters)
  const direction = show === 'top' ? sql`desc` : sql`asc`
  const [first, second]: [Fragment, Fragment] =
    rankBy === 'profit' ? [sql`gross_profit`, sql`margin_percent`] : [sql`margin_percent`, sql`gross_profit`]
  return sql`
    with per_product as (
      select s.product_id, max(s.date_sold)::text as date_sold, ${measures.units(sql)} as units, ${measures.revenue(sql)} as revenue,
             ${measures.fees(sql)} as fees, ${measures.cost(sql)} as cost, ${measures.gross_profit(sql)} as gross_profit,
             ${measures.margin_percent(sql)} as margin_percent, ${measures.return_on_cost_percent(sql)} as return_on_cost_percent
      from sales s
      where s.date_sold between ${window.from}::date and ${window.to}::date
      group by s.product_id
    ),
    totals as (
      select count(*)::int as window_skus, (count(*) filter (where gross_profit < 0))::int as window_loss_leaders
      from per_product
    )
    select p.item_inventory_number as sku, p.name as product, b.name as brand, p.category, p.condition, t.date_sold, t.units,
           t.revenue, t.fees, t.cost, t.gross_profit, t.margin_percent, t.return_on_cost_percent, totals.window_skus,
           totals.window_loss_leaders
    from per_product t
    join products p on p.id = t.product_id
    join brands b on b.id = p.brand_id
    cross join totals
    order by ${first} ${direction}, ${second} ${direction}, p.item_inventory_number
    limit ${limit}`
}

const churnParameters = z.object({
  sort_by: z.enum(['score', 'value']),
  inactive_days: z.number().int(),
  min_orders: z.number().int(),
  limit: z.number().int(),
})

/**
 * Every buyer up to the window's end, scored in full: 20 points per median gap between purchase days since the last
 * one (capped at 3; one purchase day counts inactive_days as its gap) plus 40 × the share of all buyers spending no
 * more; value at risk is lifetime spend a year over at least one year. Ties go to the other figure, the name, the id.
 */
function churnRiskReference(sql: Sql, parameters: Row, window: Window): Promise<Row[]> {
  const { sort_by: sortBy, inactive_days: inactiveDays, min_orders: minOrders, limit } = churnParameters.parse(parameters)
  const order = sortBy === 'value' ? sql`r.value_at_risk desc, r.churn_score desc` : sql`r.churn_score desc, r.value_at_risk desc`
  return sql`
    with customers as (
      select s.buyer_id, ${measures.orders(sql)} as orders, ${measures.revenue(sql)} as lifetime_spend,
             min(s.date_sold) as first_purchase, max(s.date_sold) as last_purchase
      from sales s
      join users u on u.id = s.buyer_id and u.user_type = 'buyer'
      where s.date_sold <= ${window.to}::date
      group by s.buyer_id
    ),
    valued as (
      select c.*, (${window.to}::date - c.last_purchase)::int as days_since_last_purchase,
             cume_dist() over (order by c.lifetime_spend) as spend_share
      from customers c
    ),
    purchase_gaps as (
      select d.buyer_id, d.date_sold - lag(d.date_sold) over (partition by d.buyer_id order by d.date_sold) as gap_days
      from (select distinct s.buyer_id, s.date_sold from sales s where s.date_sold <= ${window.to}::date and s.buyer_id is not null) as d
    ),
    usual_gaps as (
      select buyer_id, percentile_cont(0.5) within group (order by gap_days) as usual_gap_days
      from purchase_gaps
      where gap_days is not null
      group by buyer_id
    ),
    at_risk as (
      select v.*, g.usual_gap_days,
             round((20 * least(v.days_since_last_purchase / coalesce(g.usual_gap_days, ${inactiveDays}::int::float8), 3)
                    + 40 * v.spend_share)::numeric)::int as churn_score,
             round((v.lifetime_spend * 365 / greatest(365, v.last_purchase - v.first_purchase))::numeric, 2)::float8 as value_at_risk
      from valued v
      left join usual_gaps g on g.buyer_id = v.buyer_id
      where v.days_since_last_purchase >= ${inactiveDays}::int and v.orders >= ${minOrders}::int
    ),
    totals as (
      select count(*)::int as customers_at_risk, round(sum(value_at_risk::numeric), 2)::float8 as total_value_at_risk
      from at_risk
    )
    select r.buyer_id::text as customer_id, u.full_name as customer_name, u.email, u.phone,
           coalesce(u.contact_preference, 'unknown') as contact_preference, r.orders, r.lifetime_spend,
           r.last_purchase::text as last_purchase_date, r.days_since_last_purchase,
           round(r.usual_gap_days::numeric, 1)::float8 as usual_gap_days, r.churn_score, r.value_at_risk,
           totals.customers_at_risk, totals.total_value_at_risk
    from at_risk r
    join users u on u.id = r.buyer_id
    cross join totals
    order by ${order}, u.full_name collate "C", r.buyer_id
    limit ${limit}`
}

const lifetimeValueParameters = z.object({ sort_by: z.enum(['historical', 'projected']), limit: z.number().int() })

/** Every buyer's whole history up to the as-of date; ties go to the other CLV, then the customer id. */
function customerLifetimeValueReference(sql: Sql, parameters: Row, window: Window): Promise<Row[]> {
  const { sort_by: sortBy, limit } = lifetimeValueParameters.parse(parameters)
  const order = sortBy === 'projected' ? sql`c.projected_clv desc, c.historical_clv desc` : sql`c.historical_clv desc, c.projected_clv desc`
  return sql`
    with per_customer as (
      select s.buyer_id, ${measures.orders(sql)} as orders, ${measures.revenue(sql)} as revenue,
             ${measures.gross_profit(sql)} as historical_clv, ${measures.average_profit(sql)} as average_profit_per_order,
             min(s.date_sold) as first_purchase, max(s.date_sold) as last_purchase,
             ${measures.orders_per_year(sql, window.to)} as orders_per_year, ${measures.projected_clv(sql, window.to)} as projected_clv
      from sales s
      join users u on u.id = s.buyer_id and u.user_type = 'buyer'
      where s.date_sold <= ${window.to}::date
      group by s.buyer_id
    ),
    totals as (
      select count(*)::int as customers, round(avg(historical_clv)::numeric, 2)::float8 as average_historical_clv,
             round(avg(projected_clv)::numeric, 2)::float8 as average_projected_clv
      from per_customer
    )
    select c.buyer_id::text as customer_id, u.full_name as customer_name, c.orders, c.revenue, c.historical_clv,
           c.average_profit_per_order, c.first_purchase::text as first_purchase_date, c.last_purchase::text as last_purchase_date,
           (${window.to}::date - c.first_purchase)::int as tenure_days, c.orders_per_year, c.projected_clv, totals.customers,
           totals.average_historical_clv, totals.average_projected_clv
    from per_customer c
    join users u on u.id = c.buyer_id
    cross join totals
    order by ${order}, c.buyer_id
    limit ${limit}`
}

const topCustomersParameters = z.object({ rank_by: z.enum(['spend', 'units', 'orders']), limit: z.number().int() })

/**
 * Every buyer (user_type buyer) with sales in the window, summed from them; ties go to the other two figures (spend,
 * orders, units in that order), then the customer id. Shares are of all the window's revenue, sales without a buyer included.
 */
function topCustomersReference(sql: Sql, parameters: Row, window: Window): Promise<Row[]> {
  const { rank_by: rankBy, limit } = topCustomersParameters.parse(parameters)
  const order = {
    spend: sql`c.total_spend desc, c.orders desc, c.units desc`,
    units: sql`c.units desc, c.total_spend desc, c.orders desc`,
    orders: sql`c.orders desc, c.total_spend desc, c.units desc`,
  }[rankBy]
  return sql`
    with per_customer as (
      select s.buyer_id, ${measures.orders(sql)} as orders, ${measures.units(sql)} as units, ${measures.revenue(sql)} as total_spend,
             ${measures.aov(sql)} as average_order_value, max(s.date_sold)::text as last_purchase_date
      from sales s
      join users u on u.id = s.buyer_id and u.user_type = 'buyer'
      where s.date_sold between ${window.from}::date and ${window.to}::date
      group by s.buyer_id
    ),
    window_revenue as (
      select sum(s.gross_amount_earned) as revenue from sales s where s.date_sold between ${window.from}::date and ${window.to}::date
    )
    select (row_number() over (order by ${order}, c.buyer_id))::int as rank, c.buyer_id::text as customer_id,
           u.full_name as customer_name, u.email, c.orders, c.units, c.total_spend, c.average_order_value, c.last_purchase_date,
           coalesce(round((100 * c.total_spend / nullif(w.revenue, 0))::numeric, 1), 0)::float8 as share_of_revenue_percent
    from per_customer c
    join users u on u.id = c.buyer_id
    cross join window_revenue w
    order by rank
    limit ${limit}`
}

interface PrunedTool {
  name: string
  cases: Row[]
  reference: (sql: Sql, parameters: Row, window: Window) => Promise<Row[]>
}

const prunedTools: PrunedTool[] = [
  {
    name: 'top_products',
    cases: cases([{ rank_by: 'revenue' }, { rank_by: 'units' }, { rank_by: 'profit' }], windows),
    reference: topProductsReference,
  },
  {
    name: 'sku_profitability',
    cases: cases(
      [
        { show: 'top', rank_by: 'profit' },
        { show: 'top', rank_by: 'margin' },
        { show: 'bottom', rank_by: 'profit' },
        { show: 'bottom', rank_by: 'margin' },
      ],
      windows,
    ),
    reference: skuProfitabilityReference,
  },
  {
    name: 'churn_risk',
    cases: cases([{ sort_by: 'score' }, { sort_by: 'value' }], windows),
    reference: churnRiskReference,
  },
  {
    name: 'customer_lifetime_value',
    cases: cases([{ sort_by: 'historical' }, { sort_by: 'projected' }], asOfWindows),
    reference: customerLifetimeValueReference,
  },
  {
    name: 'top_customers',
    // The demo data sells one unit a line, so ranking by units orders as by orders: two of its cases are enough.
    cases: [
      ...cases([{ rank_by: 'spend' }, { rank_by: 'orders' }], [...windows, longWindow]),
      { rank_by: 'units', period: 'last_month', limit: 3 },
      { rank_by: 'units', ...longWindow, limit: 10 },
    ],
    reference: topCustomersReference,
  },
]

async function expectReferenceRows(database: Database, tool: PrunedTool): Promise<void> {
  for (const args of tool.cases) {
    // Admin sees contact details unmasked, so the rows compare with the users table as it is.
    const envelope = await runTool(database, tool.name, args, 'admin', timeZone)
    const expected = await tool.reference(database.sql, envelope.parameters, envelope.window)
    expect(expected.length, `${tool.name} ${JSON.stringify(args)} has rows to compare`).toBeGreaterThan(0)
    expect(envelope.rows, `${tool.name} ${JSON.stringify(args)}`).toEqual([...expected])
  }
}

/**
 * What the demo data lacks for the product rankings: it sells every product once, at a profit, one unit at a time,
 * with few ties. Here products are sold again (both lines in a window, or one outside it; a loss; two units; a resale
 * tying a leader), lines lose money (one given away), and ties are made at the cut: across days and within one day.
 */
async function amendDemoData(database: Database): Promise<void> {
  const sql = database.sql
  // The third to fifth best lines of all time take the second's revenue and profit: four tied on every ranked figure.
  await sql`
    with placed as (select id, gross_amount_earned, net_profit_loss, row_number() over (order by gross_amount_earned desc, id) as place from sales),
    second as (select gross_amount_earned, net_profit_loss from placed where place = 2)
    update sales s set gross_amount_earned = second.gross_amount_earned, net_profit_loss = second.net_profit_loss
    from placed, second
    where placed.id = s.id and placed.place between 3 and 5`
  // Every line of the few days' busiest day takes the figures of the few days' best line, which may lie on another day.
  await sql`
    with busiest as (
      select date_sold from sales where date_sold between ${fewDays.from}::date and ${fewDays.to}::date
      group by date_sold order by count(*) desc, date_sold limit 1
    ),
    best as (
      select gross_amount_earned, net_profit_loss from sales where date_sold between ${fewDays.from}::date and ${fewDays.to}::date
      order by gross_amount_earned desc, id limit 1
    )
    update sales s set gross_amount_earned = best.gross_amount_earned, net_profit_loss = best.net_profit_loss
    from busiest, best
    where s.date_sold = busiest.date_sold`
  // Losses: the three cheapest lines of September lose 100 each, and its fourth cheapest is given away at a loss of 250.
  await sql`
    with cheapest as (select id, row_number() over (order by gross_amount_earned, id) as place from sales where date_sold between '2026-09-01' and '2026-09-30')
    update sales s set net_profit_loss = case when cheapest.place = 4 then -250 else -100 end,
                       gross_amount_earned = case when cheapest.place = 4 then 0 else s.gross_amount_earned end
    from cheapest
    where cheapest.id = s.id and cheapest.place <= 4`
  // Resales, each of a product already sold: the 12th best line of all time sold again in the few days, tying their best
  // line; a product of the few days sold again in them at a loss; one of September sold again in it, two units; one of
  // September sold again long before, so only one of its lines is in that month.
  await sql`
    with placed as (
      select s.*, row_number() over (order by gross_amount_earned desc, id) as place_all,
             row_number() over (partition by date_sold between ${fewDays.from}::date and ${fewDays.to}::date,
                                date_sold between '2026-09-01' and '2026-09-30' order by gross_amount_earned desc, id) as place_in
      from sales s
    ),
    best as (select gross_amount_earned, net_profit_loss from placed where date_sold between ${fewDays.from}::date and ${fewDays.to}::date and place_in = 1),
    resales (product_id, buyer_id, quantity_sold, gross_amount_earned, net_profit_loss, date_sold) as (
      select p.product_id, p.buyer_id, 1, best.gross_amount_earned, best.net_profit_loss, date '2026-03-10' from placed p, best where p.place_all = 12
      union all
      select product_id, buyer_id, 1, 100, -10000, date '2026-03-12' from placed
      where date_sold between ${fewDays.from}::date and ${fewDays.to}::date and place_in = 6
      union all
      select product_id, buyer_id, 2, 5000, 1000, date '2026-09-20' from placed where date_sold between '2026-09-01' and '2026-09-30' and place_in = 20
      union all
      select product_id, buyer_id, 1, 900, 300, date '2025-01-15' from placed where date_sold between '2026-09-01' and '2026-09-30' and place_in = 30
    )
    insert into sales (product_id, buyer_id, quantity_sold, sell_price, gross_amount_earned, net_profit_loss, date_sold, sold_at, channel)
    select product_id, buyer_id, quantity_sold, gross_amount_earned / quantity_sold, gross_amount_earned, net_profit_loss, date_sold,
           date_sold + time '15:00', 'website'
    from resales`
}

describe.each(testEngines())('pruned rankings on the demo data equal the unpruned SQL (%s)', (engine) => {
  const database = useDemoDatabase(engine)

  for (const tool of prunedTools) {
    it(`${tool.name} lists the same rows as ranking every sale of the window`, async () => {
      await expectReferenceRows(database(), tool)
    })
  }
})

describe.each(testEngines())('pruned product rankings with resales, losses and ties added to the demo data (%s)', (engine) => {
  const database = useTestDatabase(engine, amendDemoData, 'demo')

  it('hold the resales, losses, two-unit line and ties the rankings are checked on', async () => {
    const [held] = await database().sql<{ resold: number; resold_at_a_loss: number; losses: number; units: number }[]>`
      select (select count(*) from product_sale_counts where sale_lines > 1)::int as resold,
             (select count(*) from (select product_id from sales group by product_id having count(*) > 1 and sum(net_profit_loss) < 0) as lost)::int
               as resold_at_a_loss,
             (select count(*) from sales where net_profit_loss < 0)::int as losses, (select max(quantity_sold) from sales) as units`
    // Four resales, one of them a loss overall; three lines losing 100, one given away and the loss-making resale; two units.
    expect(held).toEqual({ resold: 4, resold_at_a_loss: 1, losses: 5, units: 2 })
  })

  for (const tool of prunedTools.filter((candidate) => candidate.name === 'top_products' || candidate.name === 'sku_profitability')) {
    it(`${tool.name} lists the same rows as ranking every sale of the window`, async () => {
      await expectReferenceRows(database(), tool)
    })
  }
})

/**
 * A buyer's window spend is at most their lifetime spend only while no line of theirs is negative. Here one buyer of
 * the long window has a line of -10,000,000 before it (their lifetime spend far below everyone's) and buys for
 * 500,000 in the few days, inside every window but September: they lead by spend where the window holds that purchase.
 */
async function amendNegativeSpend(database: Database): Promise<void> {
  const sql = database.sql
  await sql`
    with buyer as (
      select s.buyer_id, s.product_id
      from sales s
      join users u on u.id = s.buyer_id and u.user_type = 'buyer'
      where s.date_sold between ${longWindow.from}::date and ${longWindow.to}::date
      order by s.id
      limit 1
    ),
    lines (quantity_sold, gross_amount_earned, date_sold) as (values (1, -10000000, date '2024-11-15'), (1, 500000, date '2026-03-10'))
    insert into sales (product_id, buyer_id, quantity_sold, sell_price, gross_amount_earned, net_profit_loss, date_sold, sold_at, channel)
    select b.product_id, b.buyer_id, l.quantity_sold, 0, l.gross_amount_earned, l.gross_amount_earned, l.date_sold, l.date_sold + time '15:00', 'website'
    from buyer b
    cross join lines l`
}

describe.each(testEngines())('top_customers with a buyer whose lifetime spend is negative (%s)', (engine) => {
  const database = useTestDatabase(engine, amendNegativeSpend, 'demo')
  const tool = prunedTools.find((candidate) => candidate.name === 'top_customers')!

  it('ranks that buyer first by spend in the windows holding their purchase', async () => {
    const [negative] = await database().sql<{ buyer_id: string; revenue: number }[]>`
      select buyer_id::text as buyer_id, revenue::float8 as revenue from buyer_summaries where revenue < 0`
    expect(negative?.revenue).toBeLessThan(-9000000)
    for (const window of [longWindow, fewDays]) {
      const envelope = await runTool(database(), 'top_customers', { ...window, rank_by: 'spend', limit: 1 }, 'admin', timeZone)
      expect(envelope.rows[0]?.customer_id).toBe(negative?.buyer_id)
    }
  })

  it('lists the same rows as ranking every sale of the window', async () => {
    await expectReferenceRows(database(), { ...tool, cases: tool.cases.filter((args) => args.rank_by === 'spend') })
  })
})
