import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { Purchases } from '../../src/testing/customer-fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'
import { pseudonymOf } from '../../src/testing/pseudonym.ts'

// The as-of date is 2025-06-30, Ada's last purchase (the latest sale in the data).
// Lifetime spend up to then: Fay 500, Ada 1,000, Eve 1,000, Ben 3,000, Cleo 5,000, Dan 6,000 (6 customers).
// Share of customers spending no more than each (cume_dist): Fay 1/6, Ada and Eve 3/6 (tied), Ben 4/6, Cleo 5/6, Dan 6/6;
// value points = 40 × that share: Fay 6.67, Ada and Eve 20, Ben 26.67, Cleo 33.33, Dan 40.
async function load(fixture: Fixture) {
  const purchases = new Purchases(fixture)
  await fixture.customer({ name: 'Ada Active', contactPreference: 'email' })
  await fixture.customer({ name: 'Ben Regular', phone: '+1 555 010 0002', contactPreference: 'instagram' })
  await fixture.customer({ name: 'Cleo Once', phone: '+1 555 010 0003', contactPreference: 'email' })
  await fixture.customer({ name: 'Dan Slow' })
  await fixture.customer({ name: 'Eve Bursty', contactPreference: 'snapchat' })
  await fixture.customer({ name: 'Fay Sameday', contactPreference: 'phone' })
  await fixture.consignor('Zed Consignor')
  await purchases.buy({ buyer: 'Ada Active', price: 400, date: '2025-05-01' })
  await purchases.buy({ buyer: 'Ada Active', price: 600, date: '2025-06-30' })
  // Ben: every 30 days, then 120 days of silence (2025-03-02 → 2025-06-30).
  await purchases.buy({ buyer: 'Ben Regular', price: 1000, date: '2025-01-01', consignor: 'Zed Consignor' })
  await purchases.buy({ buyer: 'Ben Regular', price: 1000, date: '2025-01-31' })
  await purchases.buy({ buyer: 'Ben Regular', price: 1000, date: '2025-03-02' })
  // Cleo: one purchase, 365 days before the as-of date.
  await purchases.buy({ buyer: 'Cleo Once', price: 5000, date: '2024-06-30' })
  // Dan: once a year (gaps 365 and 366 days), last 121 days ago; two years from first to last purchase.
  await purchases.buy({ buyer: 'Dan Slow', price: 2000, date: '2023-03-01' })
  await purchases.buy({ buyer: 'Dan Slow', price: 2000, date: '2024-03-01' })
  await purchases.buy({ buyer: 'Dan Slow', price: 2000, date: '2025-03-01' })
  // Eve: gaps of 10, 10 and 100 days (median 10, mean 40), last 91 days ago.
  await purchases.buy({ buyer: 'Eve Bursty', price: 250, date: '2024-12-01' })
  await purchases.buy({ buyer: 'Eve Bursty', price: 250, date: '2024-12-11' })
  await purchases.buy({ buyer: 'Eve Bursty', price: 250, date: '2024-12-21' })
  await purchases.buy({ buyer: 'Eve Bursty', price: 250, date: '2025-03-31' })
  // Fay: two orders on one day (one purchase day, so no usual gap), 148 days ago.
  await purchases.buy({ buyer: 'Fay Sameday', price: 300, date: '2025-02-02' })
  await purchases.buy({ buyer: 'Fay Sameday', price: 200, date: '2025-02-02' })
  // A sale without a known buyer belongs to no customer.
  await purchases.buy({ price: 9000, date: '2025-06-01' })
}

describe.each(testEngines())('churn_risk on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('scores customers 90+ days inactive by lateness against their usual gap and by value', async () => {
    const envelope = await runTool(database(), 'churn_risk', {}, 'admin')
    // Ada bought today (0 days): not at risk. The other five are, ranked by score.
    expect(envelope.rows.map((row) => row.customer_name)).toEqual(['Cleo Once', 'Ben Regular', 'Eve Bursty', 'Dan Slow', 'Fay Sameday'])
    const byName = Object.fromEntries(envelope.rows.map((row) => [row.customer_name, row]))
    // Cleo: one purchase day, measured against 90 days: 365 / 90 = 4.06 gaps → capped at 3 → 60; + 33.33 = 93.33 → 93.
    // Value at risk: 5,000 × 365 / max(365, 0 days) = 5,000.
    expect(byName['Cleo Once']).toMatchObject({
      email: 'cleo.once@example.com',
      phone: '+1 555 010 0003',
      contact_preference: 'email',
      orders: 1,
      lifetime_spend: 5000,
      last_purchase_date: '2024-06-30',
      days_since_last_purchase: 365,
      usual_gap_days: null,
      churn_score: 93,
      value_at_risk: 5000,
    })
    // Ben: gaps 30, 30 → median 30; 120 / 30 = 4 gaps → 60; + 26.67 = 86.67 → 87. Span 60 days < a year → 3,000.
    expect(byName['Ben Regular']).toMatchObject({
      orders: 3,
      lifetime_spend: 3000,
      days_since_last_purchase: 120,
      usual_gap_days: 30,
      churn_score: 87,
      value_at_risk: 3000,
    })
    // Eve: the median gap (10), not the mean (40): 91 / 10 → capped → 60; + 20 = 80.
    expect(byName['Eve Bursty']).toMatchObject({ orders: 4, usual_gap_days: 10, days_since_last_purchase: 91, churn_score: 80 })
    // Dan: gaps 365 and 366 → median 365.5; 121 / 365.5 × 20 = 6.62; + 40 = 46.62 → 47.
    // Value at risk: 6,000 × 365 / 731 days (2023-03-01 → 2025-03-01) = 2,995.896 → 2,995.90.
    expect(byName['Dan Slow']).toMatchObject({
      contact_preference: 'unknown',
      phone: null,
      usual_gap_days: 365.5,
      days_since_last_purchase: 121,
      churn_score: 47,
      value_at_risk: 2995.9,
    })
    // Fay: two orders on one day → no usual gap; 148 / 90 × 20 = 32.89; + 6.67 = 39.56 → 40.
    expect(byName['Fay Sameday']).toMatchObject({ orders: 2, usual_gap_days: null, days_since_last_purchase: 148, churn_score: 40, value_at_risk: 500 })
    // 5,000 + 3,000 + 1,000 + 2,995.90 + 500 = 12,495.90.
    expect(envelope.rows.every((row) => row.customers_at_risk === 5 && row.total_value_at_risk === 12495.9)).toBe(true)
    expect(envelope.narration).toBe(
      '5 customers are at churn risk (no purchase in 90+ days as of 2025-06-30), whose average yearly spend adds up to $12,496 (the value at risk). ' +
        'Top by churn score: Cleo Once, 365 days since the last purchase (a single purchase day), churn score 93, average yearly spend $5,000 at risk.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { x: { field: 'value_at_risk' } } })
  })

  it('ranks by value at risk and keeps the totals of every customer at risk under a limit', async () => {
    const byValue = await runTool(database(), 'churn_risk', { sort_by: 'value' })
    // 5,000 > 3,000 > 2,995.90 > 1,000 > 500.
    expect(byValue.rows.map((row) => row.customer_name)).toEqual(['Cleo Once', 'Ben Regular', 'Dan Slow', 'Eve Bursty', 'Fay Sameday'])
    expect(byValue.narration).toContain('Top by value at risk: Cleo Once')
    const topTwo = await runTool(database(), 'churn_risk', { limit: 2 })
    expect(topTwo.rows.map((row) => row.customer_name)).toEqual(['Cleo Once', 'Ben Regular'])
    expect(topTwo.rows[0]).toMatchObject({ customers_at_risk: 5, total_value_at_risk: 12495.9 })
  })

  it('counts the inactivity threshold inclusively and measures one-day customers against it', async () => {
    const envelope = await runTool(database(), 'churn_risk', { inactive_days: 120 })
    // Ben is exactly 120 days inactive and stays in; Eve (91) drops out.
    expect(envelope.rows.map((row) => row.customer_name)).toEqual(['Cleo Once', 'Ben Regular', 'Dan Slow', 'Fay Sameday'])
    // Fay against 120 days: 148 / 120 × 20 = 24.67; + 6.67 = 31.33 → 31. Cleo: 365 / 120 = 3.04 → still 60 + 33.33 → 93.
    expect(envelope.rows.find((row) => row.customer_name === 'Fay Sameday')).toMatchObject({ churn_score: 31 })
    expect(envelope.rows[0]).toMatchObject({ churn_score: 93, customers_at_risk: 4 })
  })

  it('keeps only customers with enough orders', async () => {
    const envelope = await runTool(database(), 'churn_risk', { min_orders: 2 })
    // Cleo has a single order; Fay's two same-day lines are two orders.
    expect(envelope.rows.map((row) => row.customer_name)).toEqual(['Ben Regular', 'Eve Bursty', 'Dan Slow', 'Fay Sameday'])
    // 3,000 + 1,000 + 2,995.90 + 500 = 7,495.90; value points are unchanged (every customer still counts for the value share).
    expect(envelope.rows[0]).toMatchObject({ churn_score: 87, customers_at_risk: 4, total_value_at_risk: 7495.9 })
  })

  it('reads history only up to the window end: a single customer at risk', async () => {
    const envelope = await runTool(database(), 'churn_risk', { from: '2025-01-01', to: '2025-03-31' })
    // Up to 2025-03-31 Ada has not bought yet; days since: Ben 29, Cleo 274, Dan 30, Eve 0, Fay 57 → only Cleo.
    // Value share among the 5 customers then: Fay 500, Eve 1,000, Ben 3,000, Cleo 5,000, Dan 6,000 → Cleo 4/5 → 32 points.
    // 274 / 90 = 3.04 gaps → 60; 60 + 32 = 92.
    expect(envelope.rows).toEqual([
      expect.objectContaining({ customer_name: 'Cleo Once', days_since_last_purchase: 274, churn_score: 92, customers_at_risk: 1 }),
    ])
    expect(envelope.narration).toMatch(/^1 customer is at churn risk \(no purchase in 90\+ days as of 2025-03-31\), whose average yearly spend adds up to \$5,000/)
  })

  it('says so when nobody is at risk', async () => {
    const envelope = await runTool(database(), 'churn_risk', { inactive_days: 400 })
    // The longest silence is Cleo's 365 days.
    expect(envelope.rows).toEqual([])
    expect(envelope.narration).toBe('No customers had gone 400 or more days without a purchase as of 2025-06-30.')
    expect(envelope.chart).toBeNull()
  })

  it('masks contact details by role: viewers see neither names nor contacts, analysts see names only', async () => {
    const viewer = await runTool(database(), 'churn_risk', { limit: 2 }, 'viewer')
    const ids = Object.fromEntries(
      (await database().sql<{ name: string; id: string }[]>`select full_name as name, id::text from users`).map((row) => [row.name, pseudonymOf(row.id)]),
    )
    expect(viewer.rows[1]).toMatchObject({ customer_name: ids['Ben Regular'], email: null, phone: null })
    expect(viewer.narration).toContain(`Top by churn score: ${ids['Cleo Once']},`)
    expect(JSON.stringify(viewer)).not.toMatch(/Cleo|Ben|[A-Z]\. [A-Z]\.|\*\*\*|example\.com|555/)
    const analyst = await runTool(database(), 'churn_risk', { limit: 2 }, 'analyst')
    expect(analyst.rows[1]).toMatchObject({ customer_name: 'Ben Regular', email: 'b***@example.com', phone: '***-***-**02' })
    const admin = await runTool(database(), 'churn_risk', { limit: 2 }, 'admin')
    expect(admin.rows[1]).toMatchObject({ customer_name: 'Ben Regular', email: 'ben.regular@example.com', phone: '+1 555 010 0002' })
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const zeroDays = await tryTool(database(), 'churn_risk', { inactive_days: 0 })
    expect(zeroDays.ok ? '' : zeroDays.error.message).toMatch(/inactive_days: .*>=30/)
    const tooManyDays = await tryTool(database(), 'churn_risk', { inactive_days: 1000 })
    expect(tooManyDays.ok ? '' : tooManyDays.error.message).toMatch(/inactive_days: .*<=730/)
    const badSort = await tryTool(database(), 'churn_risk', { sort_by: 'name' })
    expect(badSort.ok ? '' : badSort.error.message).toMatch(/sort_by: .*"score"\|"value"/)
    const badOrders = await tryTool(database(), 'churn_risk', { min_orders: 0 })
    expect(badOrders.ok ? '' : badOrders.error.message).toMatch(/min_orders: .*>=1/)
    const unknownField = await tryTool(database(), 'churn_risk', { segment: 'vip' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(
      /unknown field 'segment'; allowed fields: period, from, to, inactive_days, min_orders, limit, sort_by/,
    )
  })
})
