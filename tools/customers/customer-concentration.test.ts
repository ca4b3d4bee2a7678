import { describe, expect, it } from 'vitest'
import { Purchases } from '../../src/testing/customer-fixtures.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// January 2025, ten customers, 2,000 of customer revenue:
//   Amy 1,000 (600 on the 5th + 400 on the 10th), Bea 500 (11th), Cal 200 (12th), Dee 100 (13th), Eli 100 (14th),
//   Flo 50 and Gus 20 (15th), Hal, Ivy and Joy 10 each (20th).
// Plus 5,000 with no buyer on the 10th (left out) and Amy's 700 on 5 February (the only February customer).
async function load(fixture: Fixture) {
  const purchases = new Purchases(fixture)
  const january: Array<[string, number, string]> = [
    ['Amy', 600, '2025-01-05'],
    ['Amy', 400, '2025-01-10'],
    ['Bea', 500, '2025-01-11'],
    ['Cal', 200, '2025-01-12'],
    ['Dee', 100, '2025-01-13'],
    ['Eli', 100, '2025-01-14'],
    ['Flo', 50, '2025-01-15'],
    ['Gus', 20, '2025-01-15'],
    ['Hal', 10, '2025-01-20'],
    ['Ivy', 10, '2025-01-20'],
    ['Joy', 10, '2025-01-20'],
  ]
  for (const name of new Set(january.map(([name]) => name))) await fixture.customer({ name })
  for (const [buyer, price, date] of january) await purchases.buy({ buyer, price, date })
  await purchases.buy({ price: 5000, date: '2025-01-10' })
  await purchases.buy({ buyer: 'Amy', price: 700, date: '2025-02-05' })
}

describe.each(testEngines())('customer_concentration on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('gives the top 20% share, the customers for 80% and one row per decile', async () => {
    const envelope = await runTool(database(), 'customer_concentration', { from: '2025-01-01', to: '2025-01-31' })
    // Ten customers: one per decile, in spend order (Dee and Eli tie at 100, so either fills decile 4 and the other 5).
    expect(envelope.rows.map((row) => row.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(envelope.rows.map((row) => row.customers)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    expect(envelope.rows.map((row) => row.revenue)).toEqual([1000, 500, 200, 100, 100, 50, 20, 10, 10, 10])
    // Each ÷ 2,000: 50, 25, 10, 5, 5, 2.5, 1, 0.5, 0.5, 0.5.
    expect(envelope.rows.map((row) => row.revenue_share_percent)).toEqual([50, 25, 10, 5, 5, 2.5, 1, 0.5, 0.5, 0.5])
    // Running totals: 1,000, 1,500, 1,700, 1,800, 1,900, 1,950, 1,970, 1,980, 1,990, 2,000.
    expect(envelope.rows.map((row) => row.cumulative_revenue_share_percent)).toEqual([50, 75, 85, 90, 95, 97.5, 98.5, 99, 99.5, 100])
    expect(envelope.rows.map((row) => row.cumulative_customers_percent)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    // 80% of 2,000 = 1,600: Amy + Bea = 1,500 falls short, + Cal = 1,700 reaches it → 3 of 10 customers.
    expect(envelope.rows[0]).toMatchObject({ total_customers: 10, total_revenue: 2000, customers_for_80_percent: 3, customers_for_80_percent_share: 30 })
    expect(envelope.narration).toBe(
      'The top 20% of customers (2) brought 75.0% of revenue ($1,500 of $2,000) between 2025-01-01 and 2025-01-31; ' +
        '3 customers (30.0%) make 80% of revenue.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'line' }, encoding: { y: { field: 'cumulative_revenue_share_percent' } } })
  })

  it('places customers in deciles by ceil(10 × position ÷ count) when they do not divide into ten', async () => {
    const envelope = await runTool(database(), 'customer_concentration', { from: '2025-01-01', to: '2025-01-15' })
    // Seven customers, 1,970: positions 1..7 → deciles ceil(10/7)=2, ceil(20/7)=3, ceil(30/7)=5, ceil(40/7)=6,
    // ceil(50/7)=8, ceil(60/7)=9, ceil(70/7)=10; deciles 1, 4 and 7 are empty.
    expect(envelope.rows.map((row) => row.customers)).toEqual([0, 1, 1, 0, 1, 1, 0, 1, 1, 1])
    expect(envelope.rows.map((row) => row.revenue)).toEqual([0, 1000, 500, 0, 200, 100, 0, 100, 50, 20])
    // Running customers 0,1,2,2,3,4,4,5,6,7 of 7 → 0, 14.3, 28.6, 28.6, 42.9, 57.1, 57.1, 71.4, 85.7, 100.
    expect(envelope.rows.map((row) => row.cumulative_customers_percent)).toEqual([0, 14.3, 28.6, 28.6, 42.9, 57.1, 57.1, 71.4, 85.7, 100])
    // Running revenue ÷ 1,970: 0, 1,000 → 50.8, 1,500 → 76.1, 76.1, 1,700 → 86.3, 1,800 → 91.4, 91.4, 1,900 → 96.4, 1,950 → 99.0, 100.
    expect(envelope.rows.map((row) => row.cumulative_revenue_share_percent)).toEqual([0, 50.8, 76.1, 76.1, 86.3, 91.4, 91.4, 96.4, 99, 100])
    // Top 20% = floor(7 ÷ 5) = 1 customer (Amy, 1,000). 80% of 1,970 = 1,576 → 1,000, 1,500, 1,700: 3 of 7 = 42.9%.
    expect(envelope.narration).toBe(
      'The top 20% of customers (1) brought 50.8% of revenue ($1,000 of $1,970) between 2025-01-01 and 2025-01-15; ' +
        '3 customers (42.9%) make 80% of revenue.',
    )
  })

  it('counts a customer whose running total lands exactly on 80%, whichever of two tied customers it is', async () => {
    const envelope = await runTool(database(), 'customer_concentration', { from: '2025-01-11', to: '2025-01-20' })
    // Nine customers, 1,000 (Bea 500, Cal 200, Dee 100, Eli 100, Flo 50, Gus 20, three × 10).
    // 80% = 800 = 500 + 200 + 100 exactly → 3 customers, 3 ÷ 9 = 33.3%. Top 20% = floor(9 ÷ 5) = 1: Bea, 50%.
    expect(envelope.rows[0]).toMatchObject({ total_customers: 9, total_revenue: 1000, customers_for_80_percent: 3, customers_for_80_percent_share: 33.3 })
    // Positions 3 and 4 (Dee and Eli, tied) fall in deciles ceil(30/9)=4 and ceil(40/9)=5, 100 each.
    expect(envelope.rows.map((row) => row.revenue)).toEqual([0, 500, 200, 100, 100, 50, 20, 10, 10, 10])
    expect(envelope.narration).toBe(
      'The top 20% of customers (1) brought 50.0% of revenue ($500.00 of $1,000) between 2025-01-11 and 2025-01-20; ' +
        '3 customers (33.3%) make 80% of revenue.',
    )
  })

  it('handles a single customer and an empty window', async () => {
    const single = await runTool(database(), 'customer_concentration', { from: '2025-02-01', to: '2025-02-28' })
    // One customer at position 1 of 1 → decile ceil(10/1) = 10; no top 20% (floor(1 ÷ 5) = 0).
    expect(single.rows.map((row) => row.customers)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    expect(single.rows[9]).toMatchObject({ revenue: 700, cumulative_revenue_share_percent: 100, customers_for_80_percent: 1 })
    expect(single.narration).toBe(
      'Only 1 customer bought between 2025-02-01 and 2025-02-28 ($700.00 revenue), too few to take a top 20%; ' +
        '1 customer (100.0%) makes 80% of revenue.',
    )
    const empty = await runTool(database(), 'customer_concentration', { from: '2025-03-01', to: '2025-03-31' })
    expect(empty.rows).toHaveLength(10)
    expect(empty.rows.every((row) => row.customers === 0 && row.revenue === 0 && row.cumulative_revenue_share_percent === 0)).toBe(true)
    expect(empty.narration).toBe('No customer purchases between 2025-03-01 and 2025-03-31.')
    expect(empty.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const unknownField = await tryTool(database(), 'customer_concentration', { limit: 5 })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'limit'; allowed fields: period, from, to/)
    const backwards = await tryTool(database(), 'customer_concentration', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
    const badPeriod = await tryTool(database(), 'customer_concentration', { period: 'last_decade' })
    expect(badPeriod.ok ? '' : badPeriod.error.message).toMatch(/period: .*"last_30_days"/)
  })
})
