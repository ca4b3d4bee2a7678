import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { Purchases } from '../../src/testing/customer-fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// First purchases ever: Ann 2024-12-20, Bob 2025-01-05, Cat 2025-02-14, Dee 2025-03-01.
async function load(fixture: Fixture) {
  const purchases = new Purchases(fixture)
  for (const name of ['Ann Early', 'Bob Twice', 'Cat New', 'Dee Daily']) await fixture.customer({ name })
  await fixture.consignor('Zed Consignor')
  await purchases.buy({ buyer: 'Ann Early', price: 100, date: '2024-12-20' })
  await purchases.buy({ buyer: 'Ann Early', price: 200, date: '2025-01-10' })
  await purchases.buy({ buyer: 'Ann Early', price: 300, date: '2025-02-05' })
  await purchases.buy({ buyer: 'Bob Twice', price: 400, date: '2025-01-05' })
  await purchases.buy({ buyer: 'Bob Twice', price: 100, date: '2025-01-25' })
  await purchases.buy({ buyer: 'Bob Twice', price: 500, date: '2025-03-10' })
  await purchases.buy({ buyer: 'Cat New', price: 250, date: '2025-02-14', consignor: 'Zed Consignor' })
  await purchases.buy({ buyer: 'Dee Daily', price: 50, date: '2025-03-01' })
  await purchases.buy({ buyer: 'Dee Daily', price: 50, date: '2025-03-02' })
  // No known buyer, and a consignor (not a buyer) buying: left out of both groups.
  await purchases.buy({ price: 999, date: '2025-02-20' })
  await purchases.buy({ buyer: 'Zed Consignor', price: 777, date: '2025-02-21' })
}

describe.each(testEngines())('new_vs_returning_customers on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('counts a customer whose first purchase precedes a window starting mid-month as returning', async () => {
    // Window 2025-01-10..2025-01-31 (its period is labelled by the month, 2025-01-01): Bob first bought on 01-05, before the window, so his 01-25 purchase (100) is a
    // return; Ann (first 2024-12-20) returns with 200 on 01-10. Nobody is new. Returning share 300 / 300 = 100.
    const envelope = await runTool(database(), 'new_vs_returning_customers', { from: '2025-01-10', to: '2025-01-31', grain: 'month' })
    expect(envelope.rows).toEqual([
      expect.objectContaining({ period_start: '2025-01-01', new_customers: 0, returning_customers: 2, revenue: 300, returning_revenue_share_percent: 100 }),
    ])
  })

  it('splits each month into new and returning customers with their revenue', async () => {
    const envelope = await runTool(database(), 'new_vs_returning_customers', { from: '2025-01-01', to: '2025-03-31' })
    expect(envelope.rows).toEqual([
      // January: Bob is new (first purchase 01-05; his 01-25 purchase is in the same month, so still new): 400 + 100 = 500.
      // Ann returns (first bought in December): 200. Returning share 200 / 700 = 28.57 → 28.6.
      {
        period_start: '2025-01-01',
        new_customers: 1,
        returning_customers: 1,
        new_customer_revenue: 500,
        returning_customer_revenue: 200,
        revenue: 700,
        returning_revenue_share_percent: 28.6,
        partial: false,
      },
      // February: Cat new 250; Ann returning 300; the 999 sale without a buyer and the consignor's 777 purchase are left
      // out. 300 / 550 = 54.55 → 54.5.
      {
        period_start: '2025-02-01',
        new_customers: 1,
        returning_customers: 1,
        new_customer_revenue: 250,
        returning_customer_revenue: 300,
        revenue: 550,
        returning_revenue_share_percent: 54.5,
        partial: false,
      },
      // March: Dee new 50 + 50; Bob returning 500. 500 / 600 = 83.33 → 83.3. The sales end on 03-10: a partial month.
      {
        period_start: '2025-03-01',
        new_customers: 1,
        returning_customers: 1,
        new_customer_revenue: 100,
        returning_customer_revenue: 500,
        revenue: 600,
        returning_revenue_share_percent: 83.3,
        partial: true,
      },
    ])
    // New 500 + 250 + 100 = 850; returning 200 + 300 + 500 = 1,000 of 1,850 = 54.05 → 54.1%. Ties of 1 new customer go to the
    // earliest complete month; March, whose sales stop on 03-10, is partial and left out of that comparison.
    expect(envelope.narration).toBe(
      'From 2025-01-01 to 2025-03-31, 3 new customers brought $850.00 and returning customers brought $1,000 (54.1% of revenue). ' +
        'The most new customers came in the complete month starting 2025-01-01 (1). ' +
        'The month of 2025-03-01 is partial (cut by the window or past the recorded sales) and left out of that comparison.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { color: { field: 'group' } } })
  })

  it('counts a new customer\'s revenue in their first period only up to the window\'s end', async () => {
    // Window 2025-01-01..2025-01-20: Bob is new (first purchase 01-05, 400); his 01-25 purchase (100) is after the window.
    // Ann returns with 200 on 01-10. Returning share 200 / 600 = 33.33 → 33.3.
    const envelope = await runTool(database(), 'new_vs_returning_customers', { from: '2025-01-01', to: '2025-01-20', grain: 'month' })
    expect(envelope.rows).toEqual([
      expect.objectContaining({
        period_start: '2025-01-01',
        new_customers: 1,
        returning_customers: 1,
        new_customer_revenue: 400,
        returning_customer_revenue: 200,
        revenue: 600,
        returning_revenue_share_percent: 33.3,
      }),
    ])
  })

  it('classifies by ISO week: a later week of the first purchase month counts as returning', async () => {
    const envelope = await runTool(database(), 'new_vs_returning_customers', { from: '2025-01-01', to: '2025-01-31', grain: 'week' })
    // Weeks start on Monday: 2024-12-30 holds Bob's first purchase (01-05); Ann returns in the week of 01-06;
    // Bob's 01-25 purchase is in the week of 01-20, after his first week, so he returns there.
    expect(envelope.rows.map((row) => [row.period_start, row.new_customers, row.returning_customers, row.revenue])).toEqual([
      ['2024-12-30', 1, 0, 400],
      ['2025-01-06', 0, 1, 200],
      ['2025-01-13', 0, 0, 0],
      ['2025-01-20', 0, 1, 100],
      ['2025-01-27', 0, 0, 0],
    ])
  })

  it('works by day for a single customer', async () => {
    const envelope = await runTool(database(), 'new_vs_returning_customers', { from: '2025-03-01', to: '2025-03-02', grain: 'day' })
    // Dee is new on 03-01 and returning on 03-02 (her first purchase day is over).
    expect(envelope.rows).toEqual([
      expect.objectContaining({ period_start: '2025-03-01', new_customers: 1, returning_customers: 0, revenue: 50, returning_revenue_share_percent: 0 }),
      expect.objectContaining({ period_start: '2025-03-02', new_customers: 0, returning_customers: 1, revenue: 50, returning_revenue_share_percent: 100 }),
    ])
    expect(envelope.narration).toContain('The most new customers came in the day 2025-03-01 (1).')
  })

  it('says so when the window has no customer purchases', async () => {
    const envelope = await runTool(database(), 'new_vs_returning_customers', { from: '2025-06-01', to: '2025-06-30' })
    expect(envelope.rows).toEqual([
      {
        period_start: '2025-06-01',
        new_customers: 0,
        returning_customers: 0,
        new_customer_revenue: 0,
        returning_customer_revenue: 0,
        revenue: 0,
        returning_revenue_share_percent: 0,
        // June lies after the last recorded sale (2025-03-10).
        partial: true,
      },
    ])
    expect(envelope.narration).toBe('No customer purchases between 2025-06-01 and 2025-06-30.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badGrain = await tryTool(database(), 'new_vs_returning_customers', { grain: 'year' })
    expect(badGrain.ok ? '' : badGrain.error.message).toMatch(/grain: .*"day"\|"week"\|"month"/)
    const unknownField = await tryTool(database(), 'new_vs_returning_customers', { channel: 'whatnot' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'channel'; allowed fields: period, from, to, grain/)
    const backwards = await tryTool(database(), 'new_vs_returning_customers', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
  })
})
