import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// March 2025: the 3rd is a Monday, the 8th a Saturday, the 12th a Wednesday.
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('A', { brand: 'Louis Vuitton', cost: 500, added: '2025-02-01' })
  await fixture.item('B', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
  await fixture.item('C', { brand: 'Gucci', cost: 200, added: '2025-02-01' })
  await fixture.item('D', { brand: 'Louis Vuitton', cost: 300, added: '2025-02-01' })
  await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 800, discount: 50, date: '2025-03-03' })
  await fixture.sale({ item: 'B', buyer: 'Ada Stone', price: 1500, date: '2025-03-08' })
  await fixture.sale({ item: 'C', buyer: 'Ada Stone', price: 400, date: '2025-03-08' })
  await fixture.sale({ item: 'D', buyer: 'Ada Stone', price: 600, date: '2025-03-12', channel: 'instagram' })
}

describe.each(testEngines())('sales_by_weekday on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('sums units, revenue (after discount) and average price per weekday, with shares of revenue', async () => {
    const envelope = await runTool(database(), 'sales_by_weekday', { period: 'all_time' })
    const byDay = Object.fromEntries(envelope.rows.map((row) => [row.weekday, row]))
    expect(envelope.rows).toHaveLength(7)
    // Saturday: 1,500 + 400 = 1,900 of 3,250 total → 58.5%; average 1,900 / 2 = 950.
    expect(byDay.Saturday).toMatchObject({ units: 2, orders: 2, revenue: 1900, average_price: 950, revenue_share_percent: 58.5 })
    // Monday: 800 − 50 discount = 750 → 23.1%.
    expect(byDay.Monday).toMatchObject({ units: 1, revenue: 750, average_price: 750, revenue_share_percent: 23.1 })
    expect(byDay.Wednesday).toMatchObject({ units: 1, revenue: 600, revenue_share_percent: 18.5 })
    expect(byDay.Sunday).toMatchObject({ units: 0, revenue: 0, revenue_share_percent: 0 })
    expect(envelope.narration).toContain('Saturday is the strongest day: $1,900 revenue from 2 units')
    expect(envelope.window).toMatchObject({ from: '2025-03-03', to: '2025-03-12', asOf: '2025-03-12' })
  })

  it('filters by channel', async () => {
    const envelope = await runTool(database(), 'sales_by_weekday', { period: 'all_time', channel: 'instagram' })
    const nonEmpty = envelope.rows.filter((row) => row.units !== 0)
    expect(nonEmpty).toEqual([expect.objectContaining({ weekday: 'Wednesday', revenue: 600, revenue_share_percent: 100 })])
  })

  it('says so when the window has no sales', async () => {
    const envelope = await runTool(database(), 'sales_by_weekday', { from: '2025-04-01', to: '2025-04-30' })
    expect(envelope.rows.every((row) => row.revenue === 0)).toBe(true)
    expect(envelope.narration).toBe('No sales between 2025-04-01 and 2025-04-30.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const backwards = await tryTool(database(), 'sales_by_weekday', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
    const unknownField = await tryTool(database(), 'sales_by_weekday', { colour: 'red' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'colour'; allowed fields: period, from, to, channel/)
    const badChannel = await tryTool(database(), 'sales_by_weekday', { channel: 'tiktok' })
    expect(badChannel.ok ? '' : badChannel.error.message).toMatch(/channel: .*"whatnot"\|"instagram"\|"email"\|"website"/)
    const badDate = await tryTool(database(), 'sales_by_weekday', { from: '2025-13-01' })
    expect(badDate.ok ? '' : badDate.error.message).toMatch(/from: must be a date written YYYY-MM-DD/)
    const unknownTool = await tryTool(database(), 'sales_by_colour', {})
    expect(unknownTool.ok ? '' : unknownTool.error.message).toMatch(/^Unknown tool 'sales_by_colour'. Available: .*sales_by_weekday/)
  })
})
