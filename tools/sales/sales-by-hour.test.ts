import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Sale times are UTC. March 2025: the 3rd and 10th are Mondays, the 8th a Saturday, the 9th a Sunday.
// New York is UTC−5 until 2025-03-09 07:00 UTC (DST starts), UTC−4 after.
//   A Mon 03-03 14:10  1,000 whatnot     → New York 09:10
//   B Mon 03-03 14:50    500 instagram   → 09:50
//   C Sat 03-08 14:05    700 whatnot     → Sat 09:05
//   D Sat 03-08 20:30  1,000 × 2 = 2,000 → Sat 15:30
//   E Sun 03-09 02:30    300             → Sat 03-08 21:30 (still EST)
//   G Mon 03-10 09:15    400 website     → 05:15 (EDT)
//   H Mon 03-10 18:45    400 email       → 14:45
// Total 1,000 + 500 + 700 + 2,000 + 300 + 400 + 400 = 5,300.
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  for (const key of ['A', 'B', 'C', 'D', 'E', 'G', 'H']) await fixture.item(key, { brand: 'Chanel', cost: 100, added: '2025-02-01' })
  await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 1000, date: '2025-03-03', time: '14:10' })
  await fixture.sale({ item: 'B', buyer: 'Ada Stone', price: 500, date: '2025-03-03', time: '14:50', channel: 'instagram' })
  await fixture.sale({ item: 'C', buyer: 'Ada Stone', price: 700, date: '2025-03-08', time: '14:05' })
  await fixture.sale({ item: 'D', buyer: 'Ada Stone', price: 1000, quantity: 2, date: '2025-03-08', time: '20:30' })
  await fixture.sale({ item: 'E', buyer: 'Ada Stone', price: 300, date: '2025-03-09', time: '02:30' })
  await fixture.sale({ item: 'G', buyer: 'Ada Stone', price: 400, date: '2025-03-10', time: '09:15', channel: 'website' })
  await fixture.sale({ item: 'H', buyer: 'Ada Stone', price: 400, date: '2025-03-10', time: '18:45', channel: 'email' })
}

const nonZero = (rows: Array<Record<string, unknown>>) => rows.filter((row) => row.revenue !== 0)

describe.each(testEngines())('sales_by_hour on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('sums units, orders and revenue per hour of the day, every hour listed', async () => {
    const envelope = await runTool(database(), 'sales_by_hour', { period: 'all_time' })
    expect(envelope.rows).toHaveLength(24)
    expect(envelope.rows.map((row) => row.hour)).toEqual([...Array(24).keys()])
    expect(envelope.rows[0]).toEqual({ weekday_number: null, weekday: null, hour: 0, units: 0, orders: 0, revenue: 0, revenue_share_percent: 0 })
    expect(nonZero(envelope.rows)).toEqual([
      // 300 ÷ 5,300 = 5.66% → 5.7.
      expect.objectContaining({ hour: 2, units: 1, orders: 1, revenue: 300, revenue_share_percent: 5.7 }),
      // 400 ÷ 5,300 = 7.55% → 7.5.
      expect.objectContaining({ hour: 9, units: 1, orders: 1, revenue: 400, revenue_share_percent: 7.5 }),
      // A + B + C = 1,000 + 500 + 700 = 2,200; 2,200 ÷ 5,300 = 41.51% → 41.5.
      expect.objectContaining({ hour: 14, units: 3, orders: 3, revenue: 2200, revenue_share_percent: 41.5 }),
      expect.objectContaining({ hour: 18, units: 1, orders: 1, revenue: 400, revenue_share_percent: 7.5 }),
      // D: one order of 2 units; 2,000 ÷ 5,300 = 37.74% → 37.7.
      expect.objectContaining({ hour: 20, units: 2, orders: 1, revenue: 2000, revenue_share_percent: 37.7 }),
    ])
    expect(envelope.narration).toBe(
      'The power hour is 14:00–15:00: $2,200 revenue from 3 units (41.5% of revenue) between 2025-03-03 and 2025-03-10. ' +
        'Sales fell in 5 of the 24 hours of the day.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { x: { field: 'hour' }, y: { field: 'revenue' } } })
  })

  it('gives a weekday × hour grid with the power hour', async () => {
    const envelope = await runTool(database(), 'sales_by_hour', { period: 'all_time', view: 'weekday_hour' })
    // 7 weekdays × 24 hours, Monday 00 first, Sunday 23 last.
    expect(envelope.rows).toHaveLength(168)
    expect(envelope.rows[0]).toMatchObject({ weekday_number: 1, weekday: 'Monday', hour: 0 })
    expect(envelope.rows[167]).toMatchObject({ weekday_number: 7, weekday: 'Sunday', hour: 23 })
    expect(nonZero(envelope.rows).map(({ weekday, hour, units, revenue }) => ({ weekday, hour, units, revenue }))).toEqual([
      { weekday: 'Monday', hour: 9, units: 1, revenue: 400 },
      // A + B = 1,500.
      { weekday: 'Monday', hour: 14, units: 2, revenue: 1500 },
      { weekday: 'Monday', hour: 18, units: 1, revenue: 400 },
      { weekday: 'Saturday', hour: 14, units: 1, revenue: 700 },
      { weekday: 'Saturday', hour: 20, units: 2, revenue: 2000 },
      { weekday: 'Sunday', hour: 2, units: 1, revenue: 300 },
    ])
    // Saturday 20 beats Monday 14 here although hour 14 wins across all days. 2,000 ÷ 5,300 = 37.7%.
    expect(envelope.narration).toBe(
      'The power hour is Saturday 20:00–21:00: $2,000 revenue from 2 units (37.7% of revenue) between 2025-03-03 and 2025-03-10. ' +
        'Sales fell in 6 of the 168 weekday hours.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'rect' }, encoding: { x: { field: 'hour' }, y: { field: 'weekday' }, color: { field: 'revenue' } } })
  })

  it('reads hours in the business time zone', async () => {
    const hours = await runTool(database(), 'sales_by_hour', { period: 'all_time' }, 'analyst', 'America/New_York')
    // A, B, C at 09:xx = 2,200; G 05:15; H 14:45; D 15:30; E 21:30 (see the table above).
    expect(nonZero(hours.rows).map(({ hour, revenue }) => ({ hour, revenue }))).toEqual([
      { hour: 5, revenue: 400 },
      { hour: 9, revenue: 2200 },
      { hour: 14, revenue: 400 },
      { hour: 15, revenue: 2000 },
      { hour: 21, revenue: 300 },
    ])
    const grid = await runTool(database(), 'sales_by_hour', { period: 'all_time', view: 'weekday_hour' }, 'analyst', 'America/New_York')
    // E moves from Sunday 02:00 UTC to Saturday 21:00 in New York, leaving Sunday empty.
    expect(grid.rows.find((row) => row.weekday === 'Saturday' && row.hour === 21)).toMatchObject({ revenue: 300 })
    expect(grid.rows.filter((row) => row.weekday === 'Sunday').every((row) => row.revenue === 0)).toBe(true)
    expect(grid.narration).toContain('The power hour is Saturday 15:00–16:00: $2,000 revenue')
  })

  it('reads sales one by one in a zone whose offset is not a whole number of hours', async () => {
    // Kolkata is UTC+5:30 all year: A 14:10 → 19:40 and B 14:50 → 20:20 share a UTC hour but not a local one;
    // C 14:05 → 19:35; D 20:30 → 02:00 the next day; E 02:30 → 08:00; G 09:15 → 14:45; H 18:45 → 00:15.
    const hours = await runTool(database(), 'sales_by_hour', { period: 'all_time' }, 'analyst', 'Asia/Kolkata')
    expect(nonZero(hours.rows).map(({ hour, units, orders, revenue }) => ({ hour, units, orders, revenue }))).toEqual([
      { hour: 0, units: 1, orders: 1, revenue: 400 },
      { hour: 2, units: 2, orders: 1, revenue: 2000 },
      { hour: 8, units: 1, orders: 1, revenue: 300 },
      { hour: 14, units: 1, orders: 1, revenue: 400 },
      // A + C = 1,000 + 700.
      { hour: 19, units: 2, orders: 2, revenue: 1700 },
      { hour: 20, units: 1, orders: 1, revenue: 500 },
    ])
    const grid = await runTool(database(), 'sales_by_hour', { period: 'all_time', view: 'weekday_hour', channel: 'whatnot' }, 'analyst', 'Asia/Kolkata')
    // Whatnot: A Monday 19:40, C Saturday 19:35, D Sunday 02:00 and E Sunday 08:00 (the 9th).
    expect(nonZero(grid.rows).map(({ weekday, hour, revenue }) => ({ weekday, hour, revenue }))).toEqual([
      { weekday: 'Monday', hour: 19, revenue: 1000 },
      { weekday: 'Saturday', hour: 19, revenue: 700 },
      { weekday: 'Sunday', hour: 2, revenue: 2000 },
      { weekday: 'Sunday', hour: 8, revenue: 300 },
    ])
  })

  it('filters by channel', async () => {
    const envelope = await runTool(database(), 'sales_by_hour', { period: 'all_time', channel: 'instagram' })
    expect(nonZero(envelope.rows)).toEqual([expect.objectContaining({ hour: 14, units: 1, revenue: 500, revenue_share_percent: 100 })])
    expect(envelope.narration).toContain('The power hour is 14:00–15:00: $500.00 revenue from 1 unit (100.0% of instagram revenue)')
  })

  it('names every power hour when they tie', async () => {
    // 2025-03-10 only: G 400 at 09:15 and H 400 at 18:45; each 400 ÷ 800 = 50%.
    const envelope = await runTool(database(), 'sales_by_hour', { from: '2025-03-10', to: '2025-03-10' })
    expect(envelope.narration).toBe(
      'The power hours are 09:00–10:00 and 18:00–19:00, tied at $400.00 revenue each (50.0% of revenue each) between 2025-03-10 and 2025-03-10. ' +
        'Sales fell in 2 of the 24 hours of the day.',
    )
  })

  it('says so when the window has no sales, still listing every hour', async () => {
    const hours = await runTool(database(), 'sales_by_hour', { from: '2025-04-01', to: '2025-04-30' })
    expect(hours.rows).toHaveLength(24)
    expect(hours.rows.every((row) => row.revenue === 0 && row.revenue_share_percent === 0)).toBe(true)
    expect(hours.narration).toBe('No sales between 2025-04-01 and 2025-04-30.')
    const grid = await runTool(database(), 'sales_by_hour', { from: '2025-04-01', to: '2025-04-30', view: 'weekday_hour' })
    expect(grid.rows).toHaveLength(168)
    expect(grid.narration).toBe('No sales between 2025-04-01 and 2025-04-30.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badView = await tryTool(database(), 'sales_by_hour', { view: 'minute' })
    expect(badView.ok ? '' : badView.error.message).toMatch(/view: .*"hour"\|"weekday_hour"/)
    const unknownField = await tryTool(database(), 'sales_by_hour', { grain: 'hour' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'grain'; allowed fields: period, from, to, view, channel/)
    const backwards = await tryTool(database(), 'sales_by_hour', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
  })
})
