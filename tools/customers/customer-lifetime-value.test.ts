import { describe, expect, it } from 'vitest'
import { Purchases } from '../../src/testing/customer-fixtures.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Gross profit per purchase = price − fees − cost.
//   Ada   2023-01-01 1,000 − 100 − 600 = 300; 2024-06-01 2,000 − 100 − 1,500 = 400; 2025-12-01 500 − 200 = 300
//   Ben   2025-07-01 1,500 − 1,000 = 500; 2025-10-01 800 − 300 = 500
//   Cleo  2025-12-31 400 − 500 = −100 (a loss); 2026-01-10 900 − 100 = 800 (the latest sale in the data)
//   one sale of 5,000 with no buyer on 2025-06-01
async function load(fixture: Fixture) {
  for (const name of ['Ada Stone', 'Ben Ortiz', 'Cleo Park']) await fixture.customer({ name })
  const purchases = new Purchases(fixture)
  await purchases.buy({ buyer: 'Ada Stone', price: 1000, fees: 100, cost: 600, date: '2023-01-01' })
  await purchases.buy({ buyer: 'Ada Stone', price: 2000, fees: 100, cost: 1500, date: '2024-06-01' })
  await purchases.buy({ buyer: 'Ada Stone', price: 500, cost: 200, date: '2025-12-01' })
  await purchases.buy({ buyer: 'Ben Ortiz', price: 1500, cost: 1000, date: '2025-07-01' })
  await purchases.buy({ buyer: 'Ben Ortiz', price: 800, cost: 300, date: '2025-10-01' })
  await purchases.buy({ buyer: 'Cleo Park', price: 400, cost: 500, date: '2025-12-31' })
  await purchases.buy({ buyer: 'Cleo Park', price: 900, cost: 100, date: '2026-01-10' })
  await purchases.buy({ price: 5000, date: '2025-06-01' })
}

describe.each(testEngines())('customer_lifetime_value on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('gives historical and projected CLV per customer as of the window end, with the averages', async () => {
    const envelope = await runTool(database(), 'customer_lifetime_value', { to: '2025-12-31' })
    // Ada and Ben tie at 1,000 of gross profit: Ben's higher projection puts him first. Cleo's 2026 purchase is after the as-of date.
    expect(envelope.rows.map((row) => row.customer_name)).toEqual(['Ben Ortiz', 'Ada Stone', 'Cleo Park'])
    // Ben: tenure 2025-07-01 → 2025-12-31 = 183 days, counted as 365 → 2 × 365 / 365 = 2 orders a year;
    // projected = 1,000 / 2 × 2 × 3 = 3,000.
    expect(envelope.rows[0]).toMatchObject({
      orders: 2,
      revenue: 2300,
      historical_clv: 1000,
      average_profit_per_order: 500,
      first_purchase_date: '2025-07-01',
      last_purchase_date: '2025-10-01',
      tenure_days: 183,
      orders_per_year: 2,
      projected_clv: 3000,
    })
    // Ada: tenure 2023-01-01 → 2025-12-31 = 365 + 366 + 364 = 1,095 days → 3 × 365 / 1,095 = 1 order a year;
    // average profit 1,000 / 3 = 333.33; projected = 333.33… × 1 × 3 = 1,000.
    expect(envelope.rows[1]).toMatchObject({
      orders: 3,
      revenue: 3500,
      historical_clv: 1000,
      average_profit_per_order: 333.33,
      tenure_days: 1095,
      orders_per_year: 1,
      projected_clv: 1000,
    })
    // Cleo: one loss-making order on the as-of day: tenure 0 → counted as 365 → 1 a year; projected −100 × 1 × 3 = −300.
    expect(envelope.rows[2]).toMatchObject({ orders: 1, historical_clv: -100, tenure_days: 0, orders_per_year: 1, projected_clv: -300 })
    // Averages over all three: (1,000 + 1,000 − 100) / 3 = 633.33; (3,000 + 1,000 − 300) / 3 = 1,233.33.
    expect(envelope.rows[0]).toMatchObject({ customers: 3, average_historical_clv: 633.33, average_projected_clv: 1233.33 })
    expect(envelope.narration).toBe(
      'Across 3 customers with purchases up to 2025-12-31, the average historical CLV is $633.33 of gross profit and the average ' +
        'projected 3-year CLV $1,233. Ben Ortiz leads by historical CLV: $1,000 gross profit from 2 orders since 2025-07-01, ' +
        'projected $3,000 over 3 years.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { x: { field: 'historical_clv' } } })
  })

  it('sorts by projected CLV and keeps the averages over every customer when limited', async () => {
    const envelope = await runTool(database(), 'customer_lifetime_value', { to: '2025-12-31', sort_by: 'projected', limit: 2 })
    // 3,000 (Ben) > 1,000 (Ada) > −300 (Cleo, cut by the limit).
    expect(envelope.rows.map((row) => row.customer_name)).toEqual(['Ben Ortiz', 'Ada Stone'])
    expect(envelope.rows[0]).toMatchObject({ customers: 3, average_projected_clv: 1233.33 })
    expect(envelope.narration).toContain('Ben Ortiz leads by projected 3-year CLV')
    expect(envelope.chart).toMatchObject({ encoding: { x: { field: 'projected_clv' } } })
  })

  it('takes the as-of date from the end of a period, and defaults to the latest day in the data', async () => {
    // Last year ends on 2025-12-31 (the data ends on 2026-01-10): the same figures as to = 2025-12-31.
    const lastYear = await runTool(database(), 'customer_lifetime_value', { period: 'last_year' })
    expect(lastYear.window).toMatchObject({ to: '2025-12-31' })
    expect(lastYear.rows[0]).toMatchObject({ customer_name: 'Ben Ortiz', projected_clv: 3000, average_historical_clv: 633.33 })
    const latest = await runTool(database(), 'customer_lifetime_value', {})
    expect(latest.window).toMatchObject({ from: '2023-01-01', to: '2026-01-10' })
    const byName = Object.fromEntries(latest.rows.map((row) => [row.customer_name, row]))
    // Cleo: −100 + 800 = 700 over 2 orders, tenure 10 days → 365 → 2 a year; projected 350 × 2 × 3 = 2,100.
    expect(byName['Cleo Park']).toMatchObject({ orders: 2, historical_clv: 700, tenure_days: 10, orders_per_year: 2, projected_clv: 2100 })
    // Ada: tenure 1,095 + 10 = 1,105 days → 3 × 365 / 1,105 = 0.99 a year; projected 1,000 × 3 × 365 / 1,105 = 990.95.
    expect(byName['Ada Stone']).toMatchObject({ tenure_days: 1105, orders_per_year: 0.99, projected_clv: 990.95 })
  })

  it('covers a single customer and a date before any purchase', async () => {
    const single = await runTool(database(), 'customer_lifetime_value', { to: '2024-12-31' })
    // Ada alone: 300 + 400 = 700 over 2 orders; tenure 2023-01-01 → 2024-12-31 = 730 days → 2 × 365 / 730 = 1 a year;
    // projected 350 × 1 × 3 = 1,050.
    expect(single.rows).toEqual([
      expect.objectContaining({
        customer_name: 'Ada Stone',
        orders: 2,
        historical_clv: 700,
        average_profit_per_order: 350,
        tenure_days: 730,
        orders_per_year: 1,
        projected_clv: 1050,
        customers: 1,
        average_historical_clv: 700,
      }),
    ])
    const empty = await runTool(database(), 'customer_lifetime_value', { to: '2022-12-31' })
    expect(empty.rows).toEqual([])
    expect(empty.narration).toBe('No customer purchases up to 2022-12-31.')
    expect(empty.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badSort = await tryTool(database(), 'customer_lifetime_value', { sort_by: 'lifetime' })
    expect(badSort.ok ? '' : badSort.error.message).toMatch(/sort_by: .*"historical"\|"projected"/)
    const zero = await tryTool(database(), 'customer_lifetime_value', { limit: 0 })
    expect(zero.ok ? '' : zero.error.message).toMatch(/limit: must be a whole number from 1 to 100/)
    const withStart = await tryTool(database(), 'customer_lifetime_value', { from: '2025-01-01' })
    expect(withStart.ok ? '' : withStart.error.message).toMatch(/unknown field 'from'; allowed fields: period, to, sort_by, limit/)
    const badDate = await tryTool(database(), 'customer_lifetime_value', { to: '2025-02-30' })
    expect(badDate.ok ? '' : badDate.error.message).toMatch(/to: must be a date written YYYY-MM-DD/)
  })
})
