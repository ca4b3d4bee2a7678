import { describe, expect, it } from 'vitest'
import { Purchases } from '../../src/testing/customer-fixtures.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// March 2025:
//   Ada   4 orders × 100: the 1st, the 5th twice (09:00 and 15:00), the 20th → gaps 4, 0, 15
//   Ben   2 orders × 250: the 10th, the 31st                              → gap 21
//   Cleo  1 order of 300 on the 15th (her 999 on 20 February is outside the window)
//   Dan   6 orders × 50: the 1st, 2nd, 4th, 8th, 16th, 31st              → gaps 1, 2, 4, 8, 15
//   Eve   1 order of 200 on the 31st
//   a sale of 1,000 with no buyer on the 10th (left out)
async function load(fixture: Fixture) {
  for (const name of ['Ada Stone', 'Ben Ortiz', 'Cleo Park', 'Dan Reyes', 'Eve Moss']) await fixture.customer({ name })
  const purchases = new Purchases(fixture)
  await purchases.buy({ buyer: 'Ada Stone', price: 100, date: '2025-03-01' })
  await purchases.buy({ buyer: 'Ada Stone', price: 100, date: '2025-03-05', time: '09:00' })
  await purchases.buy({ buyer: 'Ada Stone', price: 100, date: '2025-03-05', time: '15:00' })
  await purchases.buy({ buyer: 'Ada Stone', price: 100, date: '2025-03-20' })
  await purchases.buyOn('Ben Ortiz', 250, ['2025-03-10', '2025-03-31'])
  await purchases.buy({ buyer: 'Cleo Park', price: 999, date: '2025-02-20' })
  await purchases.buy({ buyer: 'Cleo Park', price: 300, date: '2025-03-15' })
  await purchases.buyOn('Dan Reyes', 50, ['2025-03-01', '2025-03-02', '2025-03-04', '2025-03-08', '2025-03-16', '2025-03-31'])
  await purchases.buy({ buyer: 'Eve Moss', price: 200, date: '2025-03-31' })
  await purchases.buy({ price: 1000, date: '2025-03-10' })
}

describe.each(testEngines())('repeat_purchases on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('buckets customers by orders, with the repeat rate and the days between orders', async () => {
    const envelope = await runTool(database(), 'repeat_purchases', { from: '2025-03-01', to: '2025-03-31' })
    // 5 customers, 1,700 of revenue (400 + 500 + 300 + 300 + 200).
    expect(envelope.rows.map(({ bucket, customers, orders, revenue, customers_share_percent, revenue_share_percent }) => ({
      bucket,
      customers,
      orders,
      revenue,
      customers_share_percent,
      revenue_share_percent,
    }))).toEqual([
      // Cleo and Eve: 300 + 200 = 500 → 29.4% of 1,700; 2 of 5 customers = 40%.
      { bucket: '1 order', customers: 2, orders: 2, revenue: 500, customers_share_percent: 40, revenue_share_percent: 29.4 },
      { bucket: '2 orders', customers: 1, orders: 2, revenue: 500, customers_share_percent: 20, revenue_share_percent: 29.4 },
      { bucket: '3 orders', customers: 0, orders: 0, revenue: 0, customers_share_percent: 0, revenue_share_percent: 0 },
      // Ada: 400 → 23.5%.
      { bucket: '4 orders', customers: 1, orders: 4, revenue: 400, customers_share_percent: 20, revenue_share_percent: 23.5 },
      // Dan's 6 orders fall in 5+: 300 → 17.6%.
      { bucket: '5+ orders', customers: 1, orders: 6, revenue: 300, customers_share_percent: 20, revenue_share_percent: 17.6 },
    ])
    expect(envelope.rows.map((row) => row.orders_per_customer)).toEqual([1, 2, 3, 4, 5])
    // Repeat customers Ada, Ben, Dan: 3 / 5 = 60%. Gaps 0, 1, 2, 4, 4, 8, 15, 15, 21: the 5th of 9 is 4; 70 / 9 = 7.78 → 7.8.
    expect(envelope.rows.every((row) =>
      row.repeat_rate_percent === 60 && row.median_days_between_orders === 4 && row.average_days_between_orders === 7.8,
    )).toBe(true)
    expect(envelope.narration).toBe(
      '5 customers bought between 2025-03-01 and 2025-03-31; 3 of them ordered twice or more, a repeat rate of 60.0%. ' +
        'Consecutive orders of the same customer were a median 4 days apart (average 7.8 days).',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { x: { field: 'bucket' }, y: { field: 'customers' } } })
  })

  it('takes the median of an even number of gaps, within the window only', async () => {
    const envelope = await runTool(database(), 'repeat_purchases', { from: '2025-03-01', to: '2025-03-05' })
    // Ada 1st, 5th, 5th (gaps 4, 0) and Dan 1st, 2nd, 4th (gaps 1, 2): both ordered 3 times → 100%.
    // Gaps 0, 1, 2, 4: median (1 + 2) / 2 = 1.5; average 7 / 4 = 1.75 → 1.8.
    expect(envelope.rows.map((row) => row.customers)).toEqual([0, 0, 2, 0, 0])
    expect(envelope.rows[2]).toMatchObject({ orders: 6, revenue: 450, repeat_rate_percent: 100, median_days_between_orders: 1.5, average_days_between_orders: 1.8 })
  })

  it('covers a single one-order customer and an empty window', async () => {
    const single = await runTool(database(), 'repeat_purchases', { from: '2025-03-15', to: '2025-03-15' })
    expect(single.rows[0]).toMatchObject({ customers: 1, revenue: 300, repeat_rate_percent: 0, median_days_between_orders: null, average_days_between_orders: null })
    expect(single.narration).toBe('1 customer bought between 2025-03-15 and 2025-03-15; none ordered twice (repeat rate 0.0%).')
    const empty = await runTool(database(), 'repeat_purchases', { from: '2025-04-01', to: '2025-04-30' })
    expect(empty.rows).toHaveLength(5)
    expect(empty.rows.every((row) => row.customers === 0 && row.repeat_rate_percent === null)).toBe(true)
    expect(empty.narration).toBe('No customer purchases between 2025-04-01 and 2025-04-30.')
    expect(empty.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const unknownField = await tryTool(database(), 'repeat_purchases', { min_orders: 2 })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'min_orders'; allowed fields: period, from, to/)
    const badDate = await tryTool(database(), 'repeat_purchases', { from: '2025/03/01' })
    expect(badDate.ok ? '' : badDate.error.message).toMatch(/from: must be a date written YYYY-MM-DD/)
    const backwards = await tryTool(database(), 'repeat_purchases', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
  })
})
