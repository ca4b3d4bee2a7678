import { describe, expect, it } from 'vitest'
import type { Sql } from '../db/database.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { hasDemoData, seedDemoData } from './seed.ts'

const businessTables = [
  'users',
  'brands',
  'products',
  'inventory',
  'live_shows',
  'sales',
  'marketing_campaigns',
  'marketing_touches',
  'storefront_events',
  'seller_submissions',
] as const

type Checksums = Record<(typeof businessTables)[number], { rows: number; checksum: string }>

/** Row count and a digest of every row's text, per business table. */
async function checksums(sql: Sql): Promise<Checksums> {
  const entries = await Promise.all(
    businessTables.map(async (table) => {
      const [row] = await sql<{ rows: number; checksum: string }[]>`
        select count(*)::int as rows, md5(string_agg(t::text, '|' order by t::text)) as checksum from ${sql(table)} t`
      return [table, row!] as const
    }),
  )
  return Object.fromEntries(entries) as Checksums
}

describe.each(testEngines())('seeding the demo data on %s', (engine) => {
  const first = useTestDatabase(engine, (database) => seedDemoData(database.sql, { scale: 'small', seed: 42, endDate: '2026-10-31' }))
  const second = useTestDatabase(engine, (database) => seedDemoData(database.sql, { scale: 'small', seed: 42, endDate: '2026-10-31' }))

  // The tests below run in order: the last two seed again.
  it('fills every business table', async () => {
    expect(await hasDemoData(first().sql)).toBe(true)
    const counts = await checksums(first().sql)
    for (const table of businessTables) expect(counts[table].rows, table).toBeGreaterThan(0)
    expect(counts.sales.rows).toBeGreaterThanOrEqual(4_000)
    expect(counts.sales.rows).toBeLessThanOrEqual(6_000)
    const [people] = await first().sql<{ buyers: number; sellers: number; admins: number }[]>`
      select count(*) filter (where user_type = 'buyer')::int as buyers, count(*) filter (where user_type = 'seller')::int as sellers,
             count(*) filter (where user_type = 'admin')::int as admins
      from users`
    expect(people!.buyers).toBeGreaterThanOrEqual(400)
    expect(people!.buyers).toBeLessThanOrEqual(600)
    expect(people!.sellers).toBeGreaterThan(0)
    expect(people!.admins).toBeGreaterThan(0)
  })

  it('keeps the schema rules: revenue, profit, percent profit, business day and days held', async () => {
    const [violations] = await first().sql<Record<string, number>[]>`
      select count(*) filter (where s.gross_amount_earned <> s.sell_price * s.quantity_sold - s.discount)::int as revenue,
             count(*) filter (where s.net_profit_loss <> s.gross_amount_earned - s.fees - i.purchase_price * s.quantity_sold)::int as profit,
             count(*) filter (where s.percent_profit <> round(s.net_profit_loss / (i.purchase_price * s.quantity_sold) * 100, 2))::int as percent,
             count(*) filter (where s.date_sold <> (s.sold_at at time zone 'America/New_York')::date)::int as business_day,
             count(*) filter (where s.days_held <> s.date_sold - (i.created_at at time zone 'America/New_York')::date)::int as days_held,
             count(*) filter (where s.date_sold not between '2024-11-01' and '2026-10-31')::int as outside_window,
             count(*) filter (where s.sold_at < b.created_at)::int as before_buyer_joined,
             count(*) filter (where b.user_type <> 'buyer')::int as buyer_type,
             count(*) filter (where c.user_type <> 'seller')::int as consignor_type
      from sales s
      join inventory i on i.product_id = s.product_id
      join users b on b.id = s.buyer_id
      left join users c on c.id = s.seller_id`
    expect(violations).toEqual({
      revenue: 0,
      profit: 0,
      percent: 0,
      business_day: 0,
      days_held: 0,
      outside_window: 0,
      before_buyer_joined: 0,
      buyer_type: 0,
      consignor_type: 0,
    })
  })

  it('gives every product one inventory row: 0 on hand once sold, 1 while unsold', async () => {
    const [stock] = await first().sql<Record<string, number>[]>`
      select count(*) filter (where inventory_rows <> 1)::int as not_one_row,
             count(*) filter (where sold and quantity <> 0)::int as sold_on_hand,
             count(*) filter (where not sold and quantity <> 1)::int as unsold_not_on_hand,
             count(*) filter (where not sold and age > 180)::int as aged
      from (
        select p.id, count(i.id) as inventory_rows, min(i.quantity) as quantity,
               exists (select 1 from sales s where s.product_id = p.id) as sold,
               date '2026-10-31' - min((i.created_at at time zone 'America/New_York')::date) as age
        from products p left join inventory i on i.product_id = p.id group by p.id) pieces`
    expect(stock).toMatchObject({ not_one_row: 0, sold_on_hand: 0, unsold_not_on_hand: 0 })
    expect(stock!.aged).toBeGreaterThan(0)
  })

  it('places show sales inside their show, on its platform, and every customer buys at least once', async () => {
    const [checks] = await first().sql<Record<string, number>[]>`
      select (select count(*) from sales s join live_shows ls on ls.id = s.show_id
              where s.sold_at < ls.started_at or s.sold_at >= ls.started_at + ls.duration_minutes * interval '1 minute'
                 or s.channel <> ls.platform)::int as outside_show,
             (select count(*) from users u where u.user_type = 'buyer'
              and not exists (select 1 from sales s where s.buyer_id = u.id))::int as customers_without_purchase,
             (select count(*) from marketing_touches t join marketing_campaigns c on c.id = t.campaign_id
              where (t.touched_at at time zone 'America/New_York')::date not between c.start_date and c.end_date)::int as touch_outside_campaign,
             (select count(*) from seller_submissions where (status = 'listed') <> (product_id is not null))::int as listed_without_product`
    expect(checks).toEqual({ outside_show: 0, customers_without_purchase: 0, touch_outside_campaign: 0, listed_without_product: 0 })
    const statuses = await first().sql<{ status: string }[]>`select distinct status from seller_submissions order by status`
    expect(statuses.map((row) => row.status)).toEqual(['accepted', 'listed', 'rejected', 'submitted'])
  })

  it('gives the same rows, identifiers included, for the same seed in another database', async () => {
    expect(await checksums(second().sql)).toEqual(await checksums(first().sql))
  })

  it('replaces the data when run again', async () => {
    const before = await checksums(first().sql)
    await seedDemoData(first().sql, { scale: 'small', seed: 42, endDate: '2026-10-31' })
    expect(await checksums(first().sql)).toEqual(before)
  })

  it('gives other rows for another seed', async () => {
    const reference = await checksums(first().sql)
    await seedDemoData(second().sql, { scale: 'small', seed: 7, endDate: '2026-10-31' })
    const other = await checksums(second().sql)
    // Brands are the catalog, fixed; their identifiers still follow the seed.
    for (const table of businessTables) expect(other[table].checksum, table).not.toBe(reference[table].checksum)
  })

  // The seed switches the summary triggers off for its load and rebuilds the summaries itself.
  it('leaves summaries equal to the sales, and their triggers following later writes', async () => {
    const sql = second().sql
    // Every product has one item (above), so the items' sale lines add up to the sales.
    const totals = () => sql<{ sales: number; daily: number; buyers: number; items: number; item_sales: number; sale_summaries: number }[]>`
      select (select count(*)::int from sales) as sales,
             (select coalesce(sum(orders), 0)::int from sales_daily_channel_rollup) as daily,
             (select coalesce(sum(orders), 0)::int from buyer_summaries) as buyers,
             (select count(*)::int from item_summaries) - (select count(*)::int from inventory) as items,
             (select coalesce(sum(sale_lines), 0)::int from item_summaries) as item_sales,
             (select count(*)::int from sale_summaries) as sale_summaries`
    const [seeded] = await totals()
    expect(seeded!.daily).toBe(seeded!.sales)
    expect(seeded!.buyers).toBe(seeded!.sales)
    expect(seeded!.items).toBe(0)
    expect(seeded!.item_sales).toBe(seeded!.sales)
    expect(seeded!.sale_summaries).toBe(seeded!.sales)
    await sql`delete from sales where id in (select id from sales order by id limit 3)`
    const [after] = await totals()
    expect(after).toEqual({ sales: seeded!.sales - 3, daily: seeded!.sales - 3, buyers: seeded!.sales - 3, items: 0, item_sales: seeded!.sales - 3, sale_summaries: seeded!.sales - 3 })
  })
})
