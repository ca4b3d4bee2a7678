import { describe, expect, it } from 'vitest'
import { Purchases } from '../../src/testing/customer-fixtures.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Ten customers, scored as of 2025-06-30 (recency = days from the last purchase to that day).
// With ten customers ntile(5) puts two in each quintile; ties share the lowest quintile of their group.
//
//   name  orders × price          last purchase  recency  R   F   M (revenue)  segment
//   Ada   4 × 1,000 = 4,000        2025-06-20          10  5   5   5            Champions        (R≥4, F≥4)
//   Ben   4 × 1,100 = 4,400        2024-11-30         212  2   5   5            Can't Lose Them  (R≤2, F≥4, M≥4)
//   Cal   3 × 500   = 1,500        2025-03-31          91  3   4   4            Loyal            (R=3, F≥4)
//   Dee   3 × 200   =   600        2024-12-31         181  2   4   2            At Risk          (R≤2, F≥3, M<4)
//   Eli   2 × 400   =   800        2024-09-30         273  1   3   3            At Risk          (R≤2, F≥3)
//   Flo   2 × 500   = 1,000        2025-05-31          30  4   3   4            Potential Loyal. (R≥3, F≤3)
//   Gus   1 × 700                  2025-06-30           0  5   1   2            New              (R≥4, F=1)
//   Hal   1 × 300                  2025-02-28         122  3   1   1            Potential Loyal. (R=3, F=1)
//   Ivy   1 × 100                  2024-07-30         335  1   1   1            Hibernating      (R≤2, F≤2)
//   Joy   1 × 900                  2025-05-01          60  4   1   3            New              (R≥4, F=1)
//
// R: recency from oldest to newest: Ivy Eli | Ben Dee | Hal Cal | Joy Flo | Ada Gus → 1..5.
// F: the four one-order customers fill positions 1–4 (quintiles 1,1,2,2) and all share F = 1; the two-order
//    customers are positions 5–6 (3), three orders 7–8 (4), four orders 9–10 (5).
//    Without the shared tie score, Joy would get F = 2 or 1 depending on ids and could leave New.
// M: 100 Ivy, 300 Hal | 600 Dee, 700 Gus | 800 Eli, 900 Joy | 1,000 Flo, 1,500 Cal | 4,000 Ada, 4,400 Ben.
// Lifetime revenue 14,300. Ivy also buys 5,000 on 2025-07-15, after the as-of date, and a sale without a buyer is ignored.
async function load(fixture: Fixture) {
  for (const name of ['Ada', 'Ben', 'Cal', 'Dee', 'Eli', 'Flo', 'Gus', 'Hal', 'Ivy', 'Joy']) await fixture.customer({ name })
  const purchases = new Purchases(fixture)
  await purchases.buyOn('Ada', 1000, ['2025-03-01', '2025-04-01', '2025-05-01', '2025-06-20'])
  await purchases.buyOn('Ben', 1100, ['2024-09-01', '2024-10-01', '2024-11-01', '2024-11-30'])
  await purchases.buyOn('Cal', 500, ['2025-01-15', '2025-02-15', '2025-03-31'])
  await purchases.buyOn('Dee', 200, ['2024-10-15', '2024-11-15', '2024-12-31'])
  await purchases.buyOn('Eli', 400, ['2024-09-15', '2024-09-30'])
  await purchases.buyOn('Flo', 500, ['2025-04-15', '2025-05-31'])
  await purchases.buyOn('Gus', 700, ['2025-06-30'])
  await purchases.buyOn('Hal', 300, ['2025-02-28'])
  await purchases.buyOn('Ivy', 100, ['2024-07-30'])
  await purchases.buyOn('Joy', 900, ['2025-05-01'])
  await purchases.buyOn('Ivy', 5000, ['2025-07-15'])
  await purchases.buy({ price: 2000, date: '2025-06-01' })
}

describe.each(testEngines())('rfm_segments on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('scores customers and sums each segment', async () => {
    const envelope = await runTool(database(), 'rfm_segments', { to: '2025-06-30' })
    const rows = envelope.rows.map(({ segment, customers, customers_percent, revenue, revenue_share_percent, average_recency_days, average_frequency, average_monetary }) => ({
      segment,
      customers,
      customers_percent,
      revenue,
      revenue_share_percent,
      average_recency_days,
      average_frequency,
      average_monetary,
    }))
    // Shares of 10 customers and of 14,300: 4,000 → 28.0, 1,500 → 10.5, 1,300 → 9.1, 1,600 → 11.2, 1,400 → 9.8, 4,400 → 30.8, 100 → 0.7.
    expect(rows).toEqual([
      { segment: 'Champions', customers: 1, customers_percent: 10, revenue: 4000, revenue_share_percent: 28, average_recency_days: 10, average_frequency: 4, average_monetary: 4000 },
      { segment: 'Loyal', customers: 1, customers_percent: 10, revenue: 1500, revenue_share_percent: 10.5, average_recency_days: 91, average_frequency: 3, average_monetary: 1500 },
      // Flo and Hal: (30 + 122) / 2 = 76 days, (2 + 1) / 2 = 1.5 orders, (1,000 + 300) / 2 = 650.
      { segment: 'Potential Loyalists', customers: 2, customers_percent: 20, revenue: 1300, revenue_share_percent: 9.1, average_recency_days: 76, average_frequency: 1.5, average_monetary: 650 },
      // Gus and Joy: (0 + 60) / 2 = 30 days, 1 order, (700 + 900) / 2 = 800.
      { segment: 'New', customers: 2, customers_percent: 20, revenue: 1600, revenue_share_percent: 11.2, average_recency_days: 30, average_frequency: 1, average_monetary: 800 },
      // Dee and Eli: (181 + 273) / 2 = 227 days, (3 + 2) / 2 = 2.5 orders, (600 + 800) / 2 = 700.
      { segment: 'At Risk', customers: 2, customers_percent: 20, revenue: 1400, revenue_share_percent: 9.8, average_recency_days: 227, average_frequency: 2.5, average_monetary: 700 },
      { segment: "Can't Lose Them", customers: 1, customers_percent: 10, revenue: 4400, revenue_share_percent: 30.8, average_recency_days: 212, average_frequency: 4, average_monetary: 4400 },
      // Ivy's 5,000 after the as-of date does not count.
      { segment: 'Hibernating', customers: 1, customers_percent: 10, revenue: 100, revenue_share_percent: 0.7, average_recency_days: 335, average_frequency: 1, average_monetary: 100 },
    ])
    expect(envelope.rows.map((row) => row.segment_number)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(envelope.rows[0]).toMatchObject({ rule: 'R 4–5 and F 4–5' })
    expect(envelope.narration).toBe(
      'Of 10 customers with purchases up to 2025-06-30, 1 is a Champion (10.0%), bringing 28.0% of lifetime revenue ($4,000). ' +
        'The largest segments are Potential Loyalists, New and At Risk with 2 customers each. ' +
        // 1,400 + 4,400 = 5,800.
        "3 customers are At Risk or Can't Lose Them, with $5,800 of lifetime revenue.",
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { x: { field: 'segment' }, y: { field: 'customers' } } })
  })

  it('lists every segment for a single customer, who scores 1 on everything', async () => {
    // As of 2024-08-15 only Ivy has bought (16 days before): alone, she is in the lowest quintile of each score → Hibernating.
    const envelope = await runTool(database(), 'rfm_segments', { to: '2024-08-15' })
    expect(envelope.rows.map((row) => [row.segment, row.customers])).toEqual([
      ['Champions', 0],
      ['Loyal', 0],
      ['Potential Loyalists', 0],
      ['New', 0],
      ['At Risk', 0],
      ["Can't Lose Them", 0],
      ['Hibernating', 1],
    ])
    expect(envelope.rows[6]).toMatchObject({ revenue: 100, revenue_share_percent: 100, average_recency_days: 16 })
    expect(envelope.rows[0]).toMatchObject({ revenue: 0, revenue_share_percent: 0, average_recency_days: null, average_monetary: null })
    expect(envelope.narration).toBe(
      "Of 1 customer with purchases up to 2024-08-15, none are Champions. The largest segment is Hibernating with 1 customer. None are At Risk or Can't Lose Them.",
    )
  })

  it('says so when no one had bought by the as-of date', async () => {
    const envelope = await runTool(database(), 'rfm_segments', { to: '2024-06-30' })
    expect(envelope.rows).toHaveLength(7)
    expect(envelope.rows.every((row) => row.customers === 0 && row.revenue === 0)).toBe(true)
    expect(envelope.narration).toBe('No customer purchases up to 2024-06-30.')
    expect(envelope.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const withStart = await tryTool(database(), 'rfm_segments', { from: '2025-01-01' })
    expect(withStart.ok ? '' : withStart.error.message).toMatch(/unknown field 'from'; allowed fields: period, to/)
    const badDate = await tryTool(database(), 'rfm_segments', { to: 'June' })
    expect(badDate.ok ? '' : badDate.error.message).toMatch(/to: must be a date written YYYY-MM-DD/)
    const badPeriod = await tryTool(database(), 'rfm_segments', { period: 'forever' })
    expect(badPeriod.ok ? '' : badPeriod.error.message).toMatch(/period: .*"all_time"/)
  })
})
