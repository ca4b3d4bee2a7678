import { describe, expect, it } from 'vitest'
import { Purchases } from '../../src/testing/customer-fixtures.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'
import { pseudonymOf } from '../../src/testing/pseudonym.ts'

// March 2025 (the window of most tests):
//   Ada   3 orders: 1,000 + (500 − 100 discount) + 600 × 2 units = 2,600 spend, 4 units, AOV 2,600 / 3 = 866.67
//   Ben   5 orders of 100 = 500 spend, 5 units (plus 10,000 in February, outside the window)
//   Cleo  1 order of 3,000, consigned by Hal (the seller, who is not a customer)
//   Dan   1 order of 500 (ties Ben on spend with fewer orders)
//   Eve, Fay  1 order of 200 each on the same day (a full tie)
//   one sale of 1,000 with no buyer
// Window revenue: 2,600 + 500 + 3,000 + 500 + 200 + 200 + 1,000 = 8,000.
async function load(fixture: Fixture) {
  for (const name of ['Ada Stone', 'Ben Ortiz', 'Cleo Park', 'Dan Reyes', 'Eve Moss', 'Fay Lund']) await fixture.customer({ name })
  await fixture.consignor('Hal Consignor')
  const purchases = new Purchases(fixture)
  await purchases.buy({ buyer: 'Ada Stone', price: 1000, date: '2025-03-02' })
  await purchases.buy({ buyer: 'Ada Stone', price: 500, discount: 100, date: '2025-03-10' })
  await purchases.buy({ buyer: 'Ada Stone', price: 600, quantity: 2, date: '2025-03-20' })
  await purchases.buy({ buyer: 'Ben Ortiz', price: 10_000, date: '2025-02-10' })
  await purchases.buyOn('Ben Ortiz', 100, ['2025-03-21', '2025-03-22', '2025-03-23', '2025-03-24', '2025-03-25'])
  await purchases.buy({ buyer: 'Cleo Park', consignor: 'Hal Consignor', price: 3000, date: '2025-03-05' })
  await purchases.buy({ buyer: 'Dan Reyes', price: 500, date: '2025-03-15' })
  await purchases.buy({ buyer: 'Eve Moss', price: 200, date: '2025-03-12' })
  await purchases.buy({ buyer: 'Fay Lund', price: 200, date: '2025-03-12' })
  await purchases.buy({ price: 1000, date: '2025-03-18' })
  return fixture
}

const march = { from: '2025-03-01', to: '2025-03-31' }

describe.each(testEngines())('top_customers on %s', (engine) => {
  let fixture: Fixture
  const database = useTestDatabase(engine, async (db) => {
    fixture = await load(new Fixture(db))
  })
  // Eve and Fay tie on every measure: the lower customer id comes first.
  const tiedPair = () => [fixture.userId('Eve Moss'), fixture.userId('Fay Lund')].sort()

  it('ranks buyers by spend with orders, units, AOV, last purchase and share of all revenue', async () => {
    const envelope = await runTool(database(), 'top_customers', march)
    expect(envelope.rows.map((row) => row.customer_id)).toEqual([
      fixture.userId('Cleo Park'),
      fixture.userId('Ada Stone'),
      fixture.userId('Ben Ortiz'), // 500 like Dan, but 5 orders against 1
      fixture.userId('Dan Reyes'),
      ...tiedPair(),
    ])
    expect(envelope.rows.map((row) => row.rank)).toEqual([1, 2, 3, 4, 5, 6])
    // 3,000 / 8,000 = 37.5%; 2,600 / 8,000 = 32.5%; 500 / 8,000 = 6.25 → 6.3%; 200 / 8,000 = 2.5%.
    expect(envelope.rows[0]).toMatchObject({
      customer_name: 'Cleo Park',
      orders: 1,
      units: 1,
      total_spend: 3000,
      average_order_value: 3000,
      last_purchase_date: '2025-03-05',
      share_of_revenue_percent: 37.5,
    })
    expect(envelope.rows[1]).toMatchObject({
      customer_name: 'Ada Stone',
      orders: 3,
      units: 4,
      total_spend: 2600,
      average_order_value: 866.67,
      last_purchase_date: '2025-03-20',
      share_of_revenue_percent: 32.5,
    })
    // Ben's February 10,000 is outside the window.
    expect(envelope.rows[2]).toMatchObject({ orders: 5, units: 5, total_spend: 500, average_order_value: 100, share_of_revenue_percent: 6.3 })
    expect(envelope.rows[5]).toMatchObject({ total_spend: 200, share_of_revenue_percent: 2.5 })
    // The consignor of Cleo's item is not a customer.
    expect(envelope.rows.some((row) => row.customer_name === 'Hal Consignor')).toBe(false)
    expect(envelope.narration).toBe(
      'Cleo Park ranks first by spend: $3,000 spent over 1 order (1 unit), 37.5% of revenue between 2025-03-01 and 2025-03-31. ' +
        // 3,000 + 2,600 + 500 + 500 + 200 + 200 = 7,000.
        'The top 6 customers together spent $7,000.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { x: { field: 'total_spend' } } })
  })

  it('ranks by units and by orders, ties broken by spend', async () => {
    const byUnits = await runTool(database(), 'top_customers', { ...march, rank_by: 'units' })
    // Ben 5 units, Ada 4, then the one-unit buyers by spend: Cleo 3,000, Dan 500, Eve and Fay 200.
    expect(byUnits.rows.map((row) => row.customer_id)).toEqual([
      fixture.userId('Ben Ortiz'),
      fixture.userId('Ada Stone'),
      fixture.userId('Cleo Park'),
      fixture.userId('Dan Reyes'),
      ...tiedPair(),
    ])
    expect(byUnits.narration).toMatch(/^Ben Ortiz ranks first by units bought: \$500.00 spent over 5 orders \(5 units\), 6.3% of revenue/)
    expect(byUnits.chart).toMatchObject({ encoding: { x: { field: 'units' } } })

    const byOrders = await runTool(database(), 'top_customers', { ...march, rank_by: 'orders', limit: 3 })
    // Ben 5 orders, Ada 3, then Cleo (1 order, the highest spend of the one-order buyers).
    expect(byOrders.rows.map((row) => row.customer_name)).toEqual(['Ben Ortiz', 'Ada Stone', 'Cleo Park'])
    expect(byOrders.narration).toContain('The top 3 customers together spent $6,100.') // 500 + 2,600 + 3,000
  })

  it('honours the limit', async () => {
    const envelope = await runTool(database(), 'top_customers', { ...march, limit: 2 })
    expect(envelope.rows.map((row) => row.customer_name)).toEqual(['Cleo Park', 'Ada Stone'])
    expect(envelope.narration).toContain('The top 2 customers together spent $5,600.') // 3,000 + 2,600
  })

  it('covers a single customer and an empty window', async () => {
    const single = await runTool(database(), 'top_customers', { from: '2025-03-05', to: '2025-03-05' })
    // Cleo's 3,000 is the day's only revenue: 100%.
    expect(single.rows).toEqual([expect.objectContaining({ customer_name: 'Cleo Park', share_of_revenue_percent: 100 })])
    const empty = await runTool(database(), 'top_customers', { from: '2025-04-01', to: '2025-04-30' })
    expect(empty.rows).toEqual([])
    expect(empty.narration).toBe('No customer purchases between 2025-04-01 and 2025-04-30.')
    expect(empty.chart).toBeNull()
  })

  it('masks personal data by role', async () => {
    const analyst = await runTool(database(), 'top_customers', { ...march, limit: 1 })
    expect(analyst.rows[0]).toMatchObject({ customer_name: 'Cleo Park', email: 'c***@example.com' })
    const admin = await runTool(database(), 'top_customers', { ...march, limit: 1 }, 'admin')
    expect(admin.rows[0]).toMatchObject({ email: 'cleo.park@example.com' })
    const viewer = await runTool(database(), 'top_customers', { ...march, limit: 1 }, 'viewer')
    const [{ cleo }] = await database().sql<[{ cleo: string }]>`select id::text as cleo from users where full_name = 'Cleo Park'`
    expect(viewer.rows[0]).toMatchObject({ customer_id: cleo, customer_name: pseudonymOf(cleo), email: null })
    expect(viewer.narration).toMatch(new RegExp(`^${pseudonymOf(cleo)} ranks first`))
    expect(JSON.stringify(viewer)).not.toMatch(/Cleo|C\. P\.|c\*\*\*|example\.com/)
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const zero = await tryTool(database(), 'top_customers', { limit: 0 })
    expect(zero.ok ? '' : zero.error.message).toMatch(/limit: must be a whole number from 1 to 100/)
    const tooMany = await tryTool(database(), 'top_customers', { limit: 101 })
    expect(tooMany.ok ? '' : tooMany.error.message).toMatch(/limit: must be a whole number from 1 to 100/)
    const badRank = await tryTool(database(), 'top_customers', { rank_by: 'profit' })
    expect(badRank.ok ? '' : badRank.error.message).toMatch(/rank_by: .*"spend"\|"units"\|"orders"/)
    const unknownField = await tryTool(database(), 'top_customers', { sort: 'spend' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'sort'; allowed fields: period, from, to, rank_by, limit/)
  })
})
