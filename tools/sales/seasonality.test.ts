import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Sales (whatnot bags unless noted):
//   2023-12-10 1,000 | 2024-01-15 400 wallet | 2024-02-14 400 | 2024-03-05 600
//   2024-12-20 1,400 instagram | 2025-03-10 400 × 2 = 800 wallet | 2025-06-30 200
// All time is 2023-12-10 to 2025-06-30: December and January–June are seen twice, July–November once.
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  const sales = [
    { key: 'A', date: '2023-12-10', price: 1000 },
    { key: 'B', date: '2024-01-15', price: 400, category: 'wallet' as const },
    { key: 'C', date: '2024-02-14', price: 400 },
    { key: 'D', date: '2024-03-05', price: 600 },
    { key: 'E', date: '2024-12-20', price: 1400, channel: 'instagram' as const },
    { key: 'F', date: '2025-03-10', price: 400, quantity: 2, category: 'wallet' as const },
    { key: 'G', date: '2025-06-30', price: 200 },
  ]
  for (const sale of sales) {
    await fixture.item(sale.key, { brand: 'Chanel', category: sale.category ?? 'bag', cost: 100, added: '2023-11-01' })
    await fixture.sale({ item: sale.key, buyer: 'Ada Stone', price: sale.price, quantity: sale.quantity, date: sale.date, channel: sale.channel ?? 'whatnot' })
  }
}

const indexes = (rows: Array<Record<string, unknown>>) => rows.map((row) => row.seasonality_index)

describe.each(testEngines())('seasonality on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('averages each month over the years observed and indexes it against the average month (all time by default)', async () => {
    const envelope = await runTool(database(), 'seasonality', {})
    expect(envelope.window).toMatchObject({ from: '2023-12-10', to: '2025-06-30' })
    expect(envelope.rows.map((row) => row.month)).toEqual([
      'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
    ])
    expect(envelope.rows.map((row) => row.years_observed)).toEqual([2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 2])
    // Revenue: Jan 400, Feb 400, Mar 600 + 800 = 1,400, Jun 200, Dec 1,000 + 1,400 = 2,400.
    expect(envelope.rows.map((row) => row.revenue)).toEqual([400, 400, 1400, 0, 0, 200, 0, 0, 0, 0, 0, 2400])
    expect(envelope.rows.map((row) => row.units)).toEqual([1, 1, 3, 0, 0, 1, 0, 0, 0, 0, 0, 2])
    // ÷ years observed: 200, 200, 700, 0, 0, 100, 0 ×5, 1,200.
    expect(envelope.rows.map((row) => row.average_revenue)).toEqual([200, 200, 700, 0, 0, 100, 0, 0, 0, 0, 0, 1200])
    // Mean of the 12 averages: 2,400 ÷ 12 = 200, so the index is average ÷ 2.
    expect(indexes(envelope.rows)).toEqual([100, 100, 350, 0, 0, 50, 0, 0, 0, 0, 0, 600])
    expect(envelope.narration).toBe(
      'December is the peak month: $1,200 average revenue per observed December, index 600 (100 = the average month), ' +
        'between 2023-12-10 and 2025-06-30. The quietest months, at index 0, are April, May, July, August, September, October and November.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { y: { field: 'average_revenue' } } })
  })

  it('warns when each month is seen in one year only', async () => {
    const envelope = await runTool(database(), 'seasonality', { period: 'last_year' })
    expect(envelope.window).toMatchObject({ from: '2024-01-01', to: '2024-12-31' })
    // Jan 400, Feb 400, Mar 600, Dec 1,400; mean 2,800 ÷ 12 = 233.33.
    // Dec 1,400 ÷ 233.33 = 600; Mar 600 ÷ 233.33 = 257.14 → 257.1; Jan, Feb 400 ÷ 233.33 = 171.43 → 171.4.
    expect(indexes(envelope.rows)).toEqual([171.4, 171.4, 257.1, 0, 0, 0, 0, 0, 0, 0, 0, 600])
    expect(envelope.narration).toContain('December is the peak month: $1,400 average revenue per observed December, index 600')
    expect(envelope.narration).toContain('Each month is seen in one year at most, so the index mixes seasonality with growth and one-off events.')
  })

  it('leaves months outside the window without an average or index', async () => {
    const envelope = await runTool(database(), 'seasonality', { from: '2025-01-01', to: '2025-06-30' })
    expect(envelope.rows.map((row) => row.years_observed)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    // Mar 800, Jun 200; mean over the 6 observed months 1,000 ÷ 6 = 166.67 → Mar 480, Jun 120.
    expect(indexes(envelope.rows)).toEqual([0, 0, 480, 0, 0, 120, null, null, null, null, null, null])
    expect(envelope.rows[6]).toEqual({
      month_number: 7, month: 'July', years_observed: 0, revenue: 0, units: 0, average_revenue: null, seasonality_index: null,
    })
  })

  it('names both peak months when they tie', async () => {
    // Jan 400 and Feb 400, the only observed months: each is the average, index 100.
    const envelope = await runTool(database(), 'seasonality', { from: '2024-01-01', to: '2024-02-29' })
    expect(envelope.narration).toBe(
      'January and February tie as the peak months: $400.00 average revenue each, index 100 (100 = the average month), ' +
        'between 2024-01-01 and 2024-02-29. Each month is seen in one year at most, so the index mixes seasonality with growth and one-off events.',
    )
  })

  it('filters by category and channel', async () => {
    // Wallets: Jan 400 ÷ 2 = 200, Mar 800 ÷ 2 = 400; mean 600 ÷ 12 = 50 → Jan 400, Mar 800.
    const wallets = await runTool(database(), 'seasonality', { category: 'wallet' })
    expect(indexes(wallets.rows)).toEqual([400, 0, 800, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(wallets.assumptions).toContain('Only wallet sales.')
    // Instagram: Dec 1,400 ÷ 2 = 700; mean 700 ÷ 12 = 58.33 → 1,200.
    const instagram = await runTool(database(), 'seasonality', { channel: 'instagram' })
    expect(instagram.rows[11]).toMatchObject({ revenue: 1400, average_revenue: 700, seasonality_index: 1200 })
    expect(instagram.narration).toContain('December is the peak month: $700.00 average revenue per observed December, index 1,200')
  })

  it('says so when the window has no sales', async () => {
    const envelope = await runTool(database(), 'seasonality', { from: '2025-08-01', to: '2025-08-31' })
    expect(envelope.rows[7]).toMatchObject({ month: 'August', years_observed: 1, revenue: 0, average_revenue: 0, seasonality_index: null })
    expect(envelope.narration).toBe('No sales between 2025-08-01 and 2025-08-31.')
    const filtered = await runTool(database(), 'seasonality', { channel: 'email' })
    expect(filtered.narration).toBe('No email sales between 2023-12-10 and 2025-06-30.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badCategory = await tryTool(database(), 'seasonality', { category: 'shoes' })
    expect(badCategory.ok ? '' : badCategory.error.message).toMatch(/category: .*"bag"\|"wallet"\|"backpack"\|"small_leather_goods"/)
    const unknownField = await tryTool(database(), 'seasonality', { grain: 'month' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'grain'; allowed fields: period, from, to, channel, category/)
    const backwards = await tryTool(database(), 'seasonality', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
    const badPeriod = await tryTool(database(), 'seasonality', { period: 'forever' })
    expect(badPeriod.ok ? '' : badPeriod.error.message).toMatch(/period: .*"all_time"/)
  })
})
