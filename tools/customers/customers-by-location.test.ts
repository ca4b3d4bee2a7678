import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { Purchases } from '../../src/testing/customer-fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// The window is the first quarter of 2025; revenue from customers in it: 1,500 + 800 + 1,200 + 1,500 + 300 = 5,300.
async function load(fixture: Fixture) {
  const purchases = new Purchases(fixture)
  await fixture.customer({ name: 'Ann Oregon', city: 'Portland', region: 'OR', country: 'US' })
  await fixture.customer({ name: 'Bob Maine', city: 'Portland', region: 'ME', country: 'US' })
  await fixture.customer({ name: 'Cat Austin', city: 'Austin', region: 'TX', country: 'US' })
  await fixture.customer({ name: 'Dee Paris', city: 'Paris', region: 'Ile-de-France', country: 'FR' })
  await fixture.customer({ name: 'Eve Texas', region: 'TX', country: 'US' })
  await fixture.customer({ name: 'Fay Austin', city: 'Austin', region: 'TX', country: 'US' })
  await purchases.buy({ buyer: 'Ann Oregon', price: 1000, date: '2025-01-10' })
  await purchases.buy({ buyer: 'Ann Oregon', price: 500, date: '2025-02-10' })
  await purchases.buy({ buyer: 'Bob Maine', price: 800, date: '2025-01-15' })
  await purchases.buy({ buyer: 'Cat Austin', price: 600, date: '2025-02-01' })
  await purchases.buy({ buyer: 'Cat Austin', price: 600, date: '2025-03-01' })
  await purchases.buy({ buyer: 'Dee Paris', price: 1500, date: '2025-03-15' })
  await purchases.buy({ buyer: 'Eve Texas', price: 300, date: '2025-03-20' })
  // Outside the window, and a sale without a known buyer: neither counts.
  await purchases.buy({ buyer: 'Fay Austin', price: 700, date: '2024-12-01' })
  await purchases.buy({ price: 999, date: '2025-02-20' })
}

const firstQuarter = { from: '2025-01-01', to: '2025-03-31' }

describe.each(testEngines())('customers_by_location on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('ranks cities by revenue, keeping same-named cities apart and grouping missing cities as Unknown', async () => {
    const envelope = await runTool(database(), 'customers_by_location', firstQuarter)
    expect(envelope.rows).toEqual([
      // Paris and Portland, OR tie at 1,500 with 1 customer each: alphabetical order breaks the tie. 1,500 / 5,300 = 28.30 → 28.3.
      { location: 'Paris, Ile-de-France, FR', customers: 1, orders: 1, revenue: 1500, average_order_value: 1500, revenue_share_percent: 28.3 },
      { location: 'Portland, OR, US', customers: 1, orders: 2, revenue: 1500, average_order_value: 750, revenue_share_percent: 28.3 },
      // Austin: Cat only (Fay bought before the window). 1,200 / 5,300 = 22.64 → 22.6.
      { location: 'Austin, TX, US', customers: 1, orders: 2, revenue: 1200, average_order_value: 600, revenue_share_percent: 22.6 },
      // 800 / 5,300 = 15.09 → 15.1.
      { location: 'Portland, ME, US', customers: 1, orders: 1, revenue: 800, average_order_value: 800, revenue_share_percent: 15.1 },
      // Eve has no city. 300 / 5,300 = 5.66 → 5.7.
      { location: 'Unknown', customers: 1, orders: 1, revenue: 300, average_order_value: 300, revenue_share_percent: 5.7 },
    ])
    expect(envelope.narration).toBe(
      'Paris, Ile-de-France, FR leads with $1,500 revenue (28.3% of customer revenue) from 1 customer and 1 order (average $1,500) ' +
        'between 2025-01-01 and 2025-03-31. Customers bought from 5 cities in all.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { y: { field: 'location', title: 'City' } } })
  })

  it('groups by region', async () => {
    const envelope = await runTool(database(), 'customers_by_location', { ...firstQuarter, level: 'region' })
    expect(envelope.rows).toEqual([
      // Texas: Cat 1,200 + Eve 300 = 1,500 over 3 orders → 500 each; 2 customers put it ahead of the other 1,500 regions.
      { location: 'TX, US', customers: 2, orders: 3, revenue: 1500, average_order_value: 500, revenue_share_percent: 28.3 },
      expect.objectContaining({ location: 'Ile-de-France, FR', customers: 1, revenue: 1500 }),
      expect.objectContaining({ location: 'OR, US', customers: 1, revenue: 1500 }),
      expect.objectContaining({ location: 'ME, US', customers: 1, revenue: 800 }),
    ])
  })

  it('groups by country', async () => {
    const envelope = await runTool(database(), 'customers_by_location', { ...firstQuarter, level: 'country' })
    // US: Ann, Bob, Cat, Eve; 2 + 1 + 2 + 1 = 6 orders; 1,500 + 800 + 1,200 + 300 = 3,800 → 633.33 per order; 3,800 / 5,300 = 71.70 → 71.7.
    expect(envelope.rows).toEqual([
      { location: 'US', customers: 4, orders: 6, revenue: 3800, average_order_value: 633.33, revenue_share_percent: 71.7 },
      { location: 'FR', customers: 1, orders: 1, revenue: 1500, average_order_value: 1500, revenue_share_percent: 28.3 },
    ])
  })

  it('limits the rows while shares stay of all customer revenue', async () => {
    const envelope = await runTool(database(), 'customers_by_location', { ...firstQuarter, limit: 2 })
    expect(envelope.rows.map((row) => [row.location, row.revenue_share_percent])).toEqual([
      ['Paris, Ile-de-France, FR', 28.3],
      ['Portland, OR, US', 28.3],
    ])
    // 28.3 + 28.3 = 56.6.
    expect(envelope.narration).toContain('The 2 cities shown bring 56.6% of it.')
  })

  it('handles a single customer and an empty window', async () => {
    const single = await runTool(database(), 'customers_by_location', { from: '2024-12-01', to: '2024-12-31' })
    expect(single.rows).toEqual([
      { location: 'Austin, TX, US', customers: 1, orders: 1, revenue: 700, average_order_value: 700, revenue_share_percent: 100 },
    ])
    expect(single.narration).toContain('Customers bought from 1 city in all.')
    const empty = await runTool(database(), 'customers_by_location', { from: '2025-06-01', to: '2025-06-30' })
    expect(empty.rows).toEqual([])
    expect(empty.narration).toBe('No customer purchases between 2025-06-01 and 2025-06-30.')
    expect(empty.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badLevel = await tryTool(database(), 'customers_by_location', { level: 'zip' })
    expect(badLevel.ok ? '' : badLevel.error.message).toMatch(/level: .*"city"\|"region"\|"country"/)
    const badLimit = await tryTool(database(), 'customers_by_location', { limit: 0 })
    expect(badLimit.ok ? '' : badLimit.error.message).toMatch(/limit: must be a whole number from 1 to 100/)
    const unknownField = await tryTool(database(), 'customers_by_location', { city: 'Paris' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'city'; allowed fields: period, from, to, level, limit/)
  })
})
