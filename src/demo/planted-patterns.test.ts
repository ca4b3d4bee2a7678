import { describe, expect, it } from 'vitest'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { seedDemoData } from './seed.ts'

/**
 * The patterns the demo data promises (docs/demo-data.md), each found by its own plain SQL, the way an
 * analyst would look for it. The generator's code is not consulted: if a pattern moves, these fail.
 * LUXX_DEMO_TEST_SEED checks another seed.
 */
const seed = Number(process.env.LUXX_DEMO_TEST_SEED ?? 42)

describe.each(testEngines())('planted patterns of the small demo data on %s', (engine) => {
  const database = useTestDatabase(engine, (opened) => seedDemoData(opened.sql, { scale: 'small', seed, endDate: '2026-10-31' }))
  const sql = () => database().sql

  it('Thursday is the top weekday for revenue and 20:00 the top hour, both by a clear margin', async () => {
    const weekdays = await sql()<{ weekday: number; revenue: number }[]>`
      select extract(dow from sold_at at time zone 'America/New_York')::int as weekday, sum(gross_amount_earned)::float8 as revenue
      from sales group by 1 order by 2 desc`
    expect(weekdays[0]!.weekday).toBe(4)
    expect(weekdays[0]!.revenue).toBeGreaterThan(1.3 * weekdays[1]!.revenue)
    const hours = await sql()<{ hour: number; revenue: number }[]>`
      select extract(hour from sold_at at time zone 'America/New_York')::int as hour, sum(gross_amount_earned)::float8 as revenue
      from sales group by 1 order by 2 desc`
    expect(hours[0]!.hour).toBe(20)
    expect(hours[0]!.revenue).toBeGreaterThan(1.3 * hours[1]!.revenue)
    expect(hours.slice(0, 3).map((row) => row.hour).sort()).toEqual([19, 20, 21])
  })

  it('Hermès has the best gross margin of the brands with at least 30 sales', async () => {
    const brands = await sql()<{ brand: string; sales: number; margin: number }[]>`
      select b.name as brand, count(*)::int as sales, (sum(s.net_profit_loss) / sum(s.gross_amount_earned))::float8 as margin
      from sales s join products p on p.id = s.product_id join brands b on b.id = p.brand_id
      group by b.name having count(*) >= 30 order by margin desc`
    expect(brands.length).toBeGreaterThanOrEqual(10)
    expect(brands[0]!.brand).toBe('Hermès')
    expect(brands[0]!.margin).toBeGreaterThan(brands[1]!.margin + 0.05)
  })

  it('Gucci has the largest share and the largest count of unsold stock older than 180 days', async () => {
    const brands = await sql()<{ brand: string; unsold: number; aged: number; share: number }[]>`
      with unsold as (
        select b.name as brand, date '2026-10-31' - (i.created_at at time zone 'America/New_York')::date as age
        from inventory i join products p on p.id = i.product_id join brands b on b.id = p.brand_id
        where i.quantity > 0)
      select brand, count(*)::int as unsold, count(*) filter (where age > 180)::int as aged,
             (count(*) filter (where age > 180))::float8 / count(*) as share
      from unsold group by brand having count(*) >= 10 order by share desc`
    expect(brands[0]!.brand).toBe('Gucci')
    expect(brands[0]!.share).toBeGreaterThan(brands[1]!.share + 0.15)
    const byCount = [...brands].sort((left, right) => right.aged - left.aged)
    expect(byCount[0]!.brand).toBe('Gucci')
    expect(byCount[0]!.aged).toBeGreaterThan(2 * byCount[1]!.aged)
  })

  it('condition B waits longest before it sells and has the lowest sell-through', async () => {
    const grades = await sql()<{ condition: string; averageDaysHeld: number; sellThrough: number }[]>`
      select p.condition, avg(s.days_held)::float8 as "averageDaysHeld", (count(s.id)::float8 / count(*)) as "sellThrough"
      from products p left join sales s on s.product_id = p.id
      group by p.condition order by p.condition`
    const byCondition = Object.fromEntries(grades.map((grade) => [grade.condition, grade]))
    expect(Object.keys(byCondition).sort()).toEqual(['A', 'B', 'S'])
    expect(byCondition.B!.averageDaysHeld).toBeGreaterThan(1.5 * Math.max(byCondition.A!.averageDaysHeld, byCondition.S!.averageDaysHeld))
    expect(byCondition.B!.sellThrough).toBeLessThan(Math.min(byCondition.A!.sellThrough, byCondition.S!.sellThrough) - 0.1)
  })

  it('at least 12 of the top fifth of customers by spend last bought 100 to 250 days before 2026-10-31', async () => {
    const [silent] = await sql()<{ customers: number }[]>`
      with spend as (
        select buyer_id, sum(gross_amount_earned) as total, max(date_sold) as last_purchase from sales group by buyer_id),
      ranked as (select *, ntile(5) over (order by total desc) as fifth from spend)
      select count(*)::int as customers from ranked
      where fifth = 1 and date '2026-10-31' - last_purchase between 100 and 250`
    expect(silent!.customers).toBeGreaterThanOrEqual(12)
  })

  it('e-mail has the best ROAS and Whatnot the best conversion rate', async () => {
    const channels = await sql()<{ channel: string; roas: number; conversionRate: number }[]>`
      select channel, (sum(attributed_revenue) / sum(spend))::float8 as roas, (sum(conversions)::float8 / sum(clicks)) as "conversionRate"
      from marketing_campaigns group by channel`
    expect(channels.map((row) => row.channel).sort()).toEqual(['email', 'instagram', 'whatnot'])
    const best = (key: 'roas' | 'conversionRate') => [...channels].sort((left, right) => right[key] - left[key])[0]!.channel
    expect(best('roas')).toBe('email')
    expect(best('conversionRate')).toBe('whatnot')
  })

  it('December spikes: at least 1.6 × the average month of January to November 2025, in 2025 and in 2024', async () => {
    const [months] = await sql()<{ december2025: number; december2024: number; averageMonth2025: number }[]>`
      with monthly as (select date_trunc('month', date_sold)::date as month, sum(gross_amount_earned) as revenue from sales group by 1)
      select (select revenue from monthly where month = '2025-12-01')::float8 as "december2025",
             (select revenue from monthly where month = '2024-12-01')::float8 as "december2024",
             (select avg(revenue) from monthly where month between '2025-01-01' and '2025-11-01')::float8 as "averageMonth2025"`
    expect(months!.december2025).toBeGreaterThanOrEqual(1.6 * months!.averageMonth2025)
    expect(months!.december2024).toBeGreaterThanOrEqual(1.6 * months!.averageMonth2025)
  })

  it('every month of 2026 beats the same month of 2025 by 5 to 20 %', async () => {
    const months = await sql()<{ month: number; growth: number }[]>`
      with monthly as (
        select extract(year from date_sold)::int as year, extract(month from date_sold)::int as month, sum(gross_amount_earned) as revenue
        from sales group by 1, 2)
      select this_year.month, (this_year.revenue / last_year.revenue)::float8 as growth
      from monthly this_year join monthly last_year on last_year.month = this_year.month and last_year.year = 2025
      where this_year.year = 2026 order by this_year.month`
    expect(months.map((row) => row.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    for (const month of months) expect(month.growth, `month ${month.month}`).toBeGreaterThanOrEqual(1.05)
    for (const month of months) expect(month.growth, `month ${month.month}`).toBeLessThanOrEqual(1.2)
  })

  it('the storefront funnel is weakest from checkout to payment (about 30 %)', async () => {
    const [funnel] = await sql()<{ viewToCart: number; cartToCheckout: number; checkoutToPayment: number }[]>`
      with sessions as (
        select session_id,
               bool_or(event_type = 'product_viewed') as viewed, bool_or(event_type = 'added_to_cart') as carted,
               bool_or(event_type = 'checkout_started') as checked_out, bool_or(event_type = 'payment_completed') as paid
        from storefront_events group by session_id)
      select (count(*) filter (where carted))::float8 / count(*) filter (where viewed) as "viewToCart",
             (count(*) filter (where checked_out))::float8 / count(*) filter (where carted) as "cartToCheckout",
             (count(*) filter (where paid))::float8 / count(*) filter (where checked_out) as "checkoutToPayment"
      from sessions`
    expect(funnel!.viewToCart).toBeCloseTo(0.4, 1)
    expect(funnel!.cartToCheckout).toBeCloseTo(0.65, 1)
    expect(funnel!.checkoutToPayment).toBeCloseTo(0.3, 1)
    expect(funnel!.checkoutToPayment).toBeLessThan(Math.min(funnel!.viewToCart, funnel!.cartToCheckout))
  })

  it('Whatnot on Thursday at 20:00 earns the most per show hour of the slots with at least 5 shows', async () => {
    const slots = await sql()<{ platform: string; weekday: number; hour: number; shows: number; perHour: number }[]>`
      with shows as (
        select ls.id, ls.platform, ls.duration_minutes,
               extract(dow from ls.started_at at time zone 'America/New_York')::int as weekday,
               extract(hour from ls.started_at at time zone 'America/New_York')::int as hour,
               coalesce((select sum(s.gross_amount_earned) from sales s where s.show_id = ls.id), 0) as revenue
        from live_shows ls)
      select platform, weekday, hour, count(*)::int as shows, (sum(revenue) / (sum(duration_minutes) / 60.0))::float8 as "perHour"
      from shows group by platform, weekday, hour having count(*) >= 5 order by "perHour" desc`
    expect(slots.length).toBeGreaterThanOrEqual(4)
    expect(slots[0]).toMatchObject({ platform: 'whatnot', weekday: 4, hour: 20 })
    expect(slots[0]!.perHour).toBeGreaterThan(1.3 * slots[1]!.perHour)
  })

  it('the top fifth of customers by spend bring 60 to 80 % of revenue', async () => {
    const [pareto] = await sql()<{ share: number }[]>`
      with spend as (select buyer_id, sum(gross_amount_earned) as total from sales group by buyer_id),
      ranked as (select total, ntile(5) over (order by total desc) as fifth from spend)
      select (sum(total) filter (where fifth = 1) / sum(total))::float8 as share from ranked`
    expect(pareto!.share).toBeGreaterThanOrEqual(0.6)
    expect(pareto!.share).toBeLessThanOrEqual(0.8)
  })
})
