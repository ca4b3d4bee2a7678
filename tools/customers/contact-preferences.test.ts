import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { Purchases } from '../../src/testing/customer-fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Customers join on 2024-01-01 unless stated. In the first quarter of 2025: Ann 1,000, Cat 500 + 250, Dee 250 → 2,000.
async function load(fixture: Fixture) {
  const purchases = new Purchases(fixture)
  await fixture.customer({ name: 'Ann Insta', contactPreference: 'instagram' })
  await fixture.customer({ name: 'Bob Insta', contactPreference: 'instagram' })
  await fixture.customer({ name: 'Cat Mail', contactPreference: 'email' })
  await fixture.customer({ name: 'Dee Phone', contactPreference: 'phone' })
  await fixture.customer({ name: 'Eve Nothing' })
  await fixture.customer({ name: 'Fay Snap', contactPreference: 'snapchat', joined: '2025-06-01' })
  await purchases.buy({ buyer: 'Ann Insta', price: 1000, date: '2025-02-01' })
  await purchases.buy({ buyer: 'Bob Insta', price: 400, date: '2024-11-01' })
  await purchases.buy({ buyer: 'Cat Mail', price: 500, date: '2025-01-05' })
  await purchases.buy({ buyer: 'Cat Mail', price: 250, date: '2025-03-05' })
  await purchases.buy({ buyer: 'Dee Phone', price: 250, date: '2025-03-10' })
  await purchases.buy({ buyer: 'Fay Snap', price: 300, date: '2025-06-15' })
  await purchases.buy({ price: 999, date: '2025-02-20' })
}

const firstQuarter = { from: '2025-01-01', to: '2025-03-31' }

describe.each(testEngines())('contact_preferences on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('counts every customer who had joined by the window end, with revenue in the window', async () => {
    const envelope = await runTool(database(), 'contact_preferences', firstQuarter)
    // Fay joined after 2025-03-31, so 5 customers: Ann, Bob, Cat, Dee, Eve.
    expect(envelope.rows).toEqual([
      // 2 / 5 = 40%; Ann's 1,000 / 2,000 = 50%. Bob did not buy in the window.
      { contact_preference: 'instagram', customers: 2, active_customers: 1, orders: 1, revenue: 1000, customer_share_percent: 40, revenue_share_percent: 50 },
      // The three 1-customer rows are ranked by revenue: 750 / 2,000 = 37.5%, 250 / 2,000 = 12.5%, then Eve with none.
      { contact_preference: 'email', customers: 1, active_customers: 1, orders: 2, revenue: 750, customer_share_percent: 20, revenue_share_percent: 37.5 },
      { contact_preference: 'phone', customers: 1, active_customers: 1, orders: 1, revenue: 250, customer_share_percent: 20, revenue_share_percent: 12.5 },
      { contact_preference: 'unknown', customers: 1, active_customers: 0, orders: 0, revenue: 0, customer_share_percent: 20, revenue_share_percent: 0 },
      { contact_preference: 'snapchat', customers: 0, active_customers: 0, orders: 0, revenue: 0, customer_share_percent: 0, revenue_share_percent: 0 },
    ])
    expect(envelope.narration).toBe(
      'Of 5 customers, the most common preference is Instagram: 2 (40.0%). ' +
        'They brought $1,000 of the $2,000 revenue between 2025-01-01 and 2025-03-31 (50.0%). 1 has no preference recorded.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { x: { field: 'customers' } } })
  })

  it('counts only customers who bought in the window when asked', async () => {
    const envelope = await runTool(database(), 'contact_preferences', { ...firstQuarter, active_only: true })
    // Ann, Cat and Dee: 1 of 3 each → 33.3%. Ties on customers go to revenue (1,000, 750, 250), then the fixed order
    // (snapchat before unknown).
    expect(envelope.rows.map((row) => [row.contact_preference, row.customers, row.customer_share_percent])).toEqual([
      ['instagram', 1, 33.3],
      ['email', 1, 33.3],
      ['phone', 1, 33.3],
      ['snapchat', 0, 0],
      ['unknown', 0, 0],
    ])
    expect(envelope.narration).toBe(
      'Of 3 customers who bought, the most common preference is Instagram: 1 (33.3%). ' +
        'They brought $1,000 of the $2,000 revenue between 2025-01-01 and 2025-03-31 (50.0%).',
    )
  })

  it('includes customers who joined by a later window end', async () => {
    const envelope = await runTool(database(), 'contact_preferences', { from: '2025-06-01', to: '2025-06-30', active_only: true })
    // A single customer: Fay, 300 in June.
    expect(envelope.rows[0]).toEqual({
      contact_preference: 'snapchat',
      customers: 1,
      active_customers: 1,
      orders: 1,
      revenue: 300,
      customer_share_percent: 100,
      revenue_share_percent: 100,
    })
  })

  it('says so when nobody bought or nobody had joined', async () => {
    const quiet = await runTool(database(), 'contact_preferences', { from: '2025-04-01', to: '2025-04-30' })
    // Everyone but Fay had joined; nobody bought in April.
    expect(quiet.rows.reduce((sum, row) => sum + Number(row.customers), 0)).toBe(5)
    expect(quiet.narration).toContain('None of the customers bought between 2025-04-01 and 2025-04-30.')
    const inactive = await runTool(database(), 'contact_preferences', { from: '2025-04-01', to: '2025-04-30', active_only: true })
    expect(inactive.rows.every((row) => row.customers === 0 && row.revenue === 0)).toBe(true)
    expect(inactive.narration).toBe('No customers bought between 2025-04-01 and 2025-04-30.')
    const beforeAnyone = await runTool(database(), 'contact_preferences', { from: '2023-01-01', to: '2023-12-31' })
    expect(beforeAnyone.narration).toBe('No customers had joined by 2023-12-31.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badFlag = await tryTool(database(), 'contact_preferences', { active_only: 'yes' })
    expect(badFlag.ok ? '' : badFlag.error.message).toMatch(/active_only: .*expected boolean/)
    const unknownField = await tryTool(database(), 'contact_preferences', { preference: 'email' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'preference'; allowed fields: period, from, to, active_only/)
  })
})
