import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Shows (start in UTC → New York, which is UTC−5 until 2025-03-09 and UTC−4 after):
//   S0 whatnot   Sat 2024-01-06 19:00, 60 min, peak 500: sale 2,000 (outside the last 12 months)
//   S1 whatnot   Sat 2025-03-08 19:00 → Sat 14:00, 120 min, peak 100: sales 1,000 + 500 = 1,500
//   S2 whatnot   Sat 2025-03-15 19:30 → Sat 15:30, 60 min, peak 200: sales 1,200 + 150 × 2 = 1,500
//   S3 instagram Wed 2025-03-12 20:00 → Wed 16:00, 90 min, peak 50: sale 900
//   S4 whatnot   Thu 2025-03-13 01:00 → Wed 21:00, 60 min, no peak recorded: sale 600
//   S5 whatnot   Mon 2025-03-10 14:00 → Mon 10:00, 30 min, peak 10: no sales
// A sale of 5,000 on 2025-03-15 outside any show must not count. The latest sale is 2025-03-15, so the
// default window (last 12 months) is 2024-03-16 to 2025-03-15.
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.show('S0', { startedAt: '2024-01-06T19:00:00Z', durationMinutes: 60, peakViewers: 500 })
  await fixture.show('S1', { startedAt: '2025-03-08T19:00:00Z', durationMinutes: 120, peakViewers: 100 })
  await fixture.show('S2', { startedAt: '2025-03-15T19:30:00Z', durationMinutes: 60, peakViewers: 200 })
  await fixture.show('S3', { platform: 'instagram', startedAt: '2025-03-12T20:00:00Z', durationMinutes: 90, peakViewers: 50 })
  await fixture.show('S4', { startedAt: '2025-03-13T01:00:00Z', durationMinutes: 60 })
  await fixture.show('S5', { startedAt: '2025-03-10T14:00:00Z', durationMinutes: 30, peakViewers: 10 })
  const sales = [
    { key: 'H', show: 'S0', date: '2024-01-06', price: 2000 },
    { key: 'A', show: 'S1', date: '2025-03-08', price: 1000 },
    { key: 'B', show: 'S1', date: '2025-03-08', price: 500 },
    { key: 'C', show: 'S2', date: '2025-03-15', price: 1200 },
    { key: 'D', show: 'S2', date: '2025-03-15', price: 150, quantity: 2 },
    { key: 'E', show: 'S3', date: '2025-03-12', price: 900 },
    { key: 'F', show: 'S4', date: '2025-03-13', price: 600 },
    { key: 'G', date: '2025-03-15', price: 5000 },
  ]
  for (const sale of sales) {
    await fixture.item(sale.key, { brand: 'Chanel', cost: 100, added: '2023-12-01' })
    await fixture.sale({ item: sale.key, buyer: 'Ada Stone', price: sale.price, quantity: sale.quantity, date: sale.date, show: sale.show })
  }
}

const slots = (rows: Array<Record<string, unknown>>) => rows.map((row) => row.slot)

describe.each(testEngines())('show_performance on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('ranks weekday and start-hour slots by revenue per show hour', async () => {
    const envelope = await runTool(database(), 'show_performance', {})
    expect(envelope.window).toMatchObject({ from: '2024-03-16', to: '2025-03-15' })
    expect(envelope.rows).toEqual([
      // S1 + S2: 120 + 60 min = 3 h; 1,500 + 1,500 = 3,000 → 1,000 per hour; units 1 + 1 + 1 + 2 = 5; peak (100 + 200) ÷ 2 = 150.
      {
        slot: 'Saturday 19:00', weekday_number: 6, weekday: 'Saturday', start_hour: 19, shows: 2, show_hours: 3,
        revenue: 3000, units: 5, orders: 4, revenue_per_show_hour: 1000, average_peak_viewers: 150,
      },
      // S3: 900 ÷ 1.5 h = 600; ties S4 on revenue per hour and goes first on revenue (900 > 600).
      {
        slot: 'Wednesday 20:00', weekday_number: 3, weekday: 'Wednesday', start_hour: 20, shows: 1, show_hours: 1.5,
        revenue: 900, units: 1, orders: 1, revenue_per_show_hour: 600, average_peak_viewers: 50,
      },
      // S4: 600 ÷ 1 h = 600; no peak recorded.
      {
        slot: 'Thursday 01:00', weekday_number: 4, weekday: 'Thursday', start_hour: 1, shows: 1, show_hours: 1,
        revenue: 600, units: 1, orders: 1, revenue_per_show_hour: 600, average_peak_viewers: null,
      },
      // S5: nothing sold in 30 minutes.
      {
        slot: 'Monday 14:00', weekday_number: 1, weekday: 'Monday', start_hour: 14, shows: 1, show_hours: 0.5,
        revenue: 0, units: 0, orders: 0, revenue_per_show_hour: 0, average_peak_viewers: 10,
      },
    ])
    expect(envelope.narration).toBe(
      'The best slot is Saturday 19:00: $1,000 per show hour (2 shows, 3 show hours, $3,000 revenue, 5 units) ' +
        'between 2024-03-16 and 2025-03-15. 4 slots listed, best first.',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'bar' }, encoding: { y: { field: 'slot' }, x: { field: 'revenue_per_show_hour' } } })
  })

  it('includes older shows when the window does', async () => {
    const envelope = await runTool(database(), 'show_performance', { period: 'all_time' })
    // S0 joins Saturday 19:00: 3 shows, 4 h, 5,000 → 1,250 per hour; peak (500 + 100 + 200) ÷ 3 = 266.67 → 266.7.
    expect(envelope.rows[0]).toMatchObject({
      slot: 'Saturday 19:00', shows: 3, show_hours: 4, revenue: 5000, revenue_per_show_hour: 1250, average_peak_viewers: 266.7,
    })
  })

  it('reads start hours in the business time zone', async () => {
    const envelope = await runTool(database(), 'show_performance', {}, 'analyst', 'America/New_York')
    // S1 and S2 split into Saturday 14:00 (1,500 ÷ 2 h = 750) and 15:00 (1,500 ÷ 1 h); S4 moves to Wednesday 21:00.
    expect(envelope.rows.map(({ slot, revenue_per_show_hour }) => ({ slot, revenue_per_show_hour }))).toEqual([
      { slot: 'Saturday 15:00', revenue_per_show_hour: 1500 },
      { slot: 'Saturday 14:00', revenue_per_show_hour: 750 },
      { slot: 'Wednesday 16:00', revenue_per_show_hour: 600 },
      { slot: 'Wednesday 21:00', revenue_per_show_hour: 600 },
      { slot: 'Monday 10:00', revenue_per_show_hour: 0 },
    ])
    expect(envelope.narration).toContain('The best slot is Saturday 15:00: $1,500 per show hour (1 show, 1 show hour, $1,500 revenue, 3 units)')
  })

  it('filters by platform, minimum shows and limit', async () => {
    const instagram = await runTool(database(), 'show_performance', { platform: 'instagram' })
    expect(slots(instagram.rows)).toEqual(['Wednesday 20:00'])
    expect(instagram.narration).toContain('The best instagram slot is Wednesday 20:00: $600.00 per show hour (1 show, 1.5 show hours, $900.00 revenue, 1 unit)')
    const regular = await runTool(database(), 'show_performance', { min_shows: 2 })
    expect(slots(regular.rows)).toEqual(['Saturday 19:00'])
    expect(regular.assumptions).toContain('Only slots with at least 2 shows.')
    const top = await runTool(database(), 'show_performance', { limit: 2 })
    expect(slots(top.rows)).toEqual(['Saturday 19:00', 'Wednesday 20:00'])
  })

  it('names every best slot when they tie', async () => {
    // 2025-03-12 to 2025-03-13 holds S3 (Wednesday) and S4 (started on the 13th in UTC): 600 per hour each.
    const envelope = await runTool(database(), 'show_performance', { from: '2025-03-12', to: '2025-03-13' })
    expect(envelope.narration).toBe(
      'Wednesday 20:00 and Thursday 01:00 tie as the best slots at $600.00 per show hour between 2025-03-12 and 2025-03-13 ' +
        '(Wednesday 20:00: 1 show, 1.5 show hours, $900.00 revenue, 1 unit; Thursday 01:00: 1 show, 1 show hour, $600.00 revenue, 1 unit). ' +
        '2 slots listed, best first.',
    )
  })

  it('says so when no show qualifies', async () => {
    const empty = await runTool(database(), 'show_performance', { from: '2025-04-01', to: '2025-04-30' })
    expect(empty.rows).toEqual([])
    expect(empty.chart).toBeNull()
    expect(empty.narration).toBe('No live shows between 2025-04-01 and 2025-04-30.')
    const tooFew = await runTool(database(), 'show_performance', { platform: 'instagram', min_shows: 2 })
    expect(tooFew.narration).toBe('No time slot had 2 or more instagram live shows between 2024-03-16 and 2025-03-15.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const noShows = await tryTool(database(), 'show_performance', { min_shows: 0 })
    expect(noShows.ok ? '' : noShows.error.message).toMatch(/min_shows: Too small: expected number to be >=1/)
    const badPlatform = await tryTool(database(), 'show_performance', { platform: 'tiktok' })
    expect(badPlatform.ok ? '' : badPlatform.error.message).toMatch(/platform: .*"whatnot"\|"instagram"/)
    const unknownField = await tryTool(database(), 'show_performance', { channel: 'whatnot' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(
      /unknown field 'channel'; allowed fields: period, from, to, platform, min_shows, limit/,
    )
    const backwards = await tryTool(database(), 'show_performance', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
  })
})
