import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/test-database.ts'
import { dayOf, isoDateOf } from './business-time.ts'
import { DemoWindow } from './demand-plan.ts'
import { generateDemoData } from './generate.ts'
import { mothersDayOf, thanksgivingOf } from './holidays.ts'
import { demoEndDate, seedDemoData } from './seed.ts'

/** A digest of every generated row, in order: equal digests mean the same rows, identifiers included. */
function digestOf(seed: number, endDate?: string): string {
  const hash = createHash('sha256')
  for (const batch of generateDemoData({ scale: 'small', seed, ...(endDate ? { endDate } : {}) }).batches) hash.update(JSON.stringify(batch))
  return hash.digest('hex')
}

describe('the end date of the demo data', () => {
  it('defaults to yesterday on the business clock, or the day before LUXX_AS_OF', () => {
    // 03:00 UTC on 2 December is 22:00 on 1 December in New York.
    const now = new Date('2026-12-02T03:00:00Z')
    expect(demoEndDate({}, now)).toBe('2026-11-30')
    expect(demoEndDate({ timeZone: 'UTC' }, now)).toBe('2026-12-01')
    expect(demoEndDate({ timeZone: 'UTC', asOf: '2026-03-01' }, now)).toBe('2026-02-28')
    expect(demoEndDate({ endDate: '2026-10-31', asOf: '2026-03-01' }, now)).toBe('2026-10-31')
    expect(() => demoEndDate({ endDate: '2026-02-30' })).toThrow(/YYYY-MM-DD/)
    expect(() => demoEndDate({ endDate: '31/10/2026' })).toThrow(/YYYY-MM-DD/)
  })

  it('spans two years: the reference window, a mid-month end and a leap day', () => {
    const reference = new DemoWindow('2026-10-31')
    expect([isoDateOf(reference.firstDay), isoDateOf(reference.lastDay), reference.monthCount, reference.shiftDays]).toEqual(['2024-11-01', '2026-10-31', 24, 0])
    const december = new DemoWindow('2026-12-01')
    // December 2024 from the 2nd … December 2026 on its 1st day: 25 calendar months, 30 + 31 days later than the reference.
    expect([isoDateOf(december.firstDay), december.monthCount, december.shiftDays]).toEqual(['2024-12-02', 25, 31])
    expect(december.monthIndexOf(dayOf('2025-12-31'))).toBe(12)
    const leap = new DemoWindow('2028-02-29')
    expect([isoDateOf(leap.firstDay), leap.monthCount]).toEqual(['2026-03-01', 24])
  })

  it('finds the holidays the calendar plans around', () => {
    expect([2024, 2025, 2026].map((year) => isoDateOf(thanksgivingOf(year)))).toEqual(['2024-11-28', '2025-11-27', '2026-11-26'])
    expect([2025, 2026].map((year) => isoDateOf(mothersDayOf(year)))).toEqual(['2025-05-11', '2026-05-10'])
  })

  it('gives the same rows for the same seed and end date, and other rows for another end date', () => {
    const pinned = digestOf(42, '2026-12-01')
    expect(digestOf(42, '2026-12-01')).toBe(pinned)
    expect(digestOf(42, '2026-12-02')).not.toBe(pinned)
    // The generator on its own keeps the documented window.
    expect(digestOf(42)).toBe(digestOf(42, '2026-10-31'))
  })
})

describe('demo data ending 2026-12-01', () => {
  const database = useTestDatabase('pglite', (opened) => seedDemoData(opened.sql, { scale: 'small', seed: 42, endDate: '2026-12-01' }))
  const sql = () => database().sql

  it('sells from 2024-12-02 to 2026-12-01, and nothing happens after the end date', async () => {
    const [range] = await sql()<{ first: string; last: string; later: number }[]>`
      select min(date_sold)::text as first, max(date_sold)::text as last,
             (select count(*) from sales where sold_at >= timestamptz '2026-12-02 00:00 America/New_York')::int
           + (select count(*) from live_shows where started_at >= timestamptz '2026-12-02 00:00 America/New_York')::int
           + (select count(*) from inventory where created_at >= timestamptz '2026-12-02 00:00 America/New_York')::int
           + (select count(*) from marketing_touches where touched_at >= timestamptz '2026-12-02 00:00 America/New_York')::int as later
      from sales`
    expect(range).toEqual({ first: '2024-12-02', last: '2026-12-01', later: 0 })
  })

  it('plans the 2026 Black Friday: the marathon on 27 November, no regular show on Thanksgiving, the campaign 19–30 November', async () => {
    const shows = await sql()<{ title: string; day: string }[]>`
      select title, (started_at at time zone 'America/New_York')::date::text as day from live_shows
      where title like 'Black Friday Marathon%' or (started_at at time zone 'America/New_York')::date = '2026-11-26' order by started_at`
    expect(shows).toEqual([
      { title: 'Black Friday Marathon 2025 #1', day: '2025-11-28' },
      { title: 'Black Friday Marathon 2026 #1', day: '2026-11-27' },
    ])
    const campaigns = await sql()<{ name: string; start: string; end: string }[]>`
      select name, start_date::text as start, end_date::text as end from marketing_campaigns
      where name like 'Black Friday 2026%' or name like 'Holiday Gift Guide%' order by start_date, name`
    // Black Friday 2024 began on 21 November, before the window; the 2026 gift guide starts on the last day and runs on.
    expect(campaigns.map((campaign) => `${campaign.name}: ${campaign.start} … ${campaign.end}`)).toEqual([
      'Holiday Gift Guide 2024 — Instagram ads: 2024-12-03 … 2024-12-24',
      'Holiday Gift Guide 2024 — Newsletter: 2024-12-03 … 2024-12-24',
      'Holiday Gift Guide 2025 — Instagram ads: 2025-12-02 … 2025-12-24',
      'Holiday Gift Guide 2025 — Newsletter: 2025-12-02 … 2025-12-24',
      'Black Friday 2026 — Instagram ads: 2026-11-19 … 2026-11-30',
      'Black Friday 2026 — Newsletter: 2026-11-19 … 2026-11-30',
      'Black Friday 2026 — Whatnot show boosts: 2026-11-19 … 2026-11-30',
      'Holiday Gift Guide 2026 — Instagram ads: 2026-12-01 … 2026-12-24',
      'Holiday Gift Guide 2026 — Newsletter: 2026-12-01 … 2026-12-24',
    ])
  })

  it('keeps the planted patterns relative to the end date: silent top customers, aged Gucci stock, the December spike', async () => {
    const [silent] = await sql()<{ customers: number }[]>`
      with spend as (select buyer_id, sum(gross_amount_earned) as total, max(date_sold) as last_purchase from sales group by buyer_id),
      ranked as (select *, ntile(5) over (order by total desc) as fifth from spend)
      select count(*)::int as customers from ranked where fifth = 1 and date '2026-12-01' - last_purchase between 100 and 250`
    expect(silent!.customers).toBeGreaterThanOrEqual(12)
    const [aged] = await sql()<{ brand: string }[]>`
      select b.name as brand from inventory i join products p on p.id = i.product_id join brands b on b.id = p.brand_id
      where i.quantity > 0 and date '2026-12-01' - (i.created_at at time zone 'America/New_York')::date > 180
      group by b.name order by count(*) desc limit 1`
    expect(aged!.brand).toBe('Gucci')
    const [months] = await sql()<{ december: number; average: number }[]>`
      with monthly as (select date_trunc('month', date_sold)::date as month, sum(gross_amount_earned) as revenue from sales group by 1)
      select (select revenue from monthly where month = '2025-12-01')::float8 as december,
             (select avg(revenue) from monthly where month between '2025-01-01' and '2025-11-01')::float8 as average`
    expect(months!.december).toBeGreaterThanOrEqual(1.6 * months!.average)
  })
})
