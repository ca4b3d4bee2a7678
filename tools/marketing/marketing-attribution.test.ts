import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Sales and touches at 12:00 UTC. In March 2025: Ada 900 (03-10), Ben 400 (03-20), Cleo 100 (03-15),
// Dan 250 (03-22, never touched) and a walk-in 50 (03-25, no buyer): 1,700 revenue, 1,400 of it from touched buyers.
async function load(fixture: Fixture) {
  await fixture.campaign({ name: 'Spring Live', channel: 'whatnot', start: '2025-01-01', end: '2025-03-31', spend: 1000, clicks: 100, conversions: 5, revenue: 2000 })
  await fixture.campaign({ name: 'IG Reels', channel: 'instagram', start: '2025-01-01', end: '2025-03-31', spend: 500, clicks: 100, conversions: 5, revenue: 2000 })
  await fixture.campaign({ name: 'IG Stories', channel: 'instagram', start: '2025-03-01', end: '2025-03-31', spend: 300, clicks: 100, conversions: 5, revenue: 2000 })
  await fixture.campaign({ name: 'Newsletter', channel: 'email', start: '2025-01-01', end: '2025-03-31', spend: 200, clicks: 100, conversions: 5, revenue: 2000 })
  for (const name of ['Ada Stone', 'Ben Marsh', 'Cleo Park', 'Dan Reyes']) await fixture.customer({ name })
  for (const key of ['A', 'B', 'C', 'D', 'E', 'F']) await fixture.item(key, { brand: 'Hermès', cost: 50, added: '2025-01-01' })
  // Ada, sale 03-10 for 950 − 50 discount = 900. The January open is 54 days back (only within a 60-day lookback);
  // within 30 days: Newsletter 03-01, IG Reels 03-05, Spring Live 03-09 (exactly 1 day back).
  await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 950, discount: 50, date: '2025-03-10' })
  await fixture.touch('Ada Stone', 'Newsletter', '2025-01-15T12:00:00Z', 'open')
  await fixture.touch('Ada Stone', 'Newsletter', '2025-03-01T12:00:00Z', 'open')
  await fixture.touch('Ada Stone', 'IG Reels', '2025-03-05T12:00:00Z', 'impression')
  await fixture.touch('Ada Stone', 'Spring Live', '2025-03-09T12:00:00Z')
  // Ben, sale 03-20 for 400: IG Reels 03-18, IG Stories 03-19; the whatnot touch comes after the sale.
  await fixture.sale({ item: 'B', buyer: 'Ben Marsh', price: 400, date: '2025-03-20' })
  await fixture.touch('Ben Marsh', 'IG Reels', '2025-03-18T12:00:00Z')
  await fixture.touch('Ben Marsh', 'IG Stories', '2025-03-19T12:00:00Z')
  await fixture.touch('Ben Marsh', 'Spring Live', '2025-03-21T12:00:00Z')
  // Cleo, sale 03-15 for 100, three touches: 100 does not split evenly in three.
  await fixture.sale({ item: 'C', buyer: 'Cleo Park', price: 100, date: '2025-03-15' })
  await fixture.touch('Cleo Park', 'Newsletter', '2025-03-12T12:00:00Z', 'open')
  await fixture.touch('Cleo Park', 'Spring Live', '2025-03-13T12:00:00Z')
  await fixture.touch('Cleo Park', 'IG Reels', '2025-03-14T12:00:00Z')
  await fixture.sale({ item: 'D', buyer: 'Dan Reyes', price: 250, date: '2025-03-22' })
  await fixture.sale({ item: 'E', price: 50, date: '2025-03-25' })
  // April: outside the window.
  await fixture.sale({ item: 'F', buyer: 'Ada Stone', price: 700, date: '2025-04-05' })
}

const march = { from: '2025-03-01', to: '2025-03-31' }
const columns = ['first_touch_revenue', 'last_touch_revenue', 'linear_revenue'] as const

function pick(rows: Record<string, unknown>[]) {
  return rows.map((row) => [row.group, row.first_touch_revenue, row.last_touch_revenue, row.linear_revenue])
}

describe.each(testEngines())('marketing_attribution on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('credits revenue to channels by first, last and linear touch', async () => {
    const envelope = await runTool(database(), 'marketing_attribution', march)
    // First: e-mail gets Ada 900 + Cleo 100 = 1,000; Instagram Ben 400.
    // Last: whatnot Ada 900; Instagram Ben 400 + Cleo 100 = 500.
    // Linear: Ada 900 / 3 = 300 each; Ben 400 / 2 = 200 + 200 (both Instagram); Cleo 10,000 cents / 3 = 3,333 r 1 → the
    // earliest touch (e-mail) 33.34, whatnot 33.33, Instagram 33.33. E-mail 300 + 33.34 = 333.34;
    // Instagram 300 + 400 + 33.33 = 733.33; whatnot 300 + 33.33 = 333.33. Dan 250 + walk-in 50 = 300 unattributed.
    expect(pick(envelope.rows)).toEqual([
      ['instagram', 400, 500, 733.33],
      ['email', 1000, 0, 333.34],
      ['whatnot', 0, 900, 333.33],
      ['unattributed', 300, 300, 300],
    ])
    // Conversions: linear hundredths of a sale: Ada 34/33/33 (earliest first), Ben 50/50, Cleo 34/33/33.
    // Instagram 0.33 + 1 + 0.33 = 1.66; e-mail 0.34 + 0.34 = 0.68; whatnot 0.33 + 0.33 = 0.66.
    expect(envelope.rows.map((row) => [row.first_touch_conversions, row.last_touch_conversions, row.linear_conversions])).toEqual([
      [1, 2, 1.66],
      [2, 0, 0.68],
      [0, 1, 0.66],
      [2, 2, 2],
    ])
    expect(envelope.rows[3]).toMatchObject({ channel: null })
    expect(envelope.narration).toBe(
      'Of $1,700 revenue between 2025-03-01 and 2025-03-31, $1,400 (82.4%) came from buyers reached by a campaign in the 30 days ' +
        'before buying. Most credited: email under first touch ($1,000), whatnot under last touch ($900.00), instagram under ' +
        'linear ($733.33). $300.00 had no touch (unattributed).',
    )
    expect(envelope.chart).not.toBeNull()
  })

  it('adds up, under every model, to the revenue of touched sales and, with unattributed, to all revenue', async () => {
    for (const args of [march, { ...march, group_by: 'campaign' }, { ...march, lookback_days: 60 }, { ...march, lookback_days: 1 }]) {
      const { rows } = await runTool(database(), 'marketing_attribution', args)
      for (const column of columns) {
        const touched = rows.filter((row) => row.channel !== null).reduce((sum, row) => sum + Number(row[column]), 0)
        const all = rows.reduce((sum, row) => sum + Number(row[column]), 0)
        // Touched sales: Ada 900 + Ben 400 + Cleo 100 = 1,400, except with a 1-day lookback where Cleo's IG Reels touch
        // (exactly 1 day back) still counts: the same 1,400. All March sales: 1,400 + 250 + 50 = 1,700.
        expect(touched).toBeCloseTo(1400, 6)
        expect(all).toBeCloseTo(1700, 6)
      }
      const conversions = rows.reduce((sum, row) => sum + Number(row.linear_conversions), 0)
      expect(conversions).toBeCloseTo(5, 6)
    }
  })

  it('credits single campaigns with group_by campaign', async () => {
    const envelope = await runTool(database(), 'marketing_attribution', { ...march, group_by: 'campaign' })
    // IG Reels: first Ben 400; last Cleo 100; linear Ada 300 + Ben 200 + Cleo 33.33 = 533.33.
    // IG Stories: last Ben 400; linear Ben 200. Newsletter and Spring Live as e-mail and whatnot above.
    expect(pick(envelope.rows)).toEqual([
      ['IG Reels', 400, 100, 533.33],
      ['Newsletter', 1000, 0, 333.34],
      ['Spring Live', 0, 900, 333.33],
      ['IG Stories', 0, 400, 200],
      ['unattributed', 300, 300, 300],
    ])
    expect(envelope.rows.map((row) => row.channel)).toEqual(['instagram', 'email', 'whatnot', 'instagram', null])
    // Linear conversions: IG Reels 0.33 + 0.5 + 0.33 = 1.16; IG Stories 0.5.
    expect(envelope.rows[0]).toMatchObject({ linear_conversions: 1.16 })
    expect(envelope.rows[3]).toMatchObject({ linear_conversions: 0.5 })
  })

  it('counts only touches within lookback_days before the sale, the boundary included', async () => {
    // 60 days: Ada's January open joins → four touches, 900 / 4 = 225 each. E-mail 225 + 225 + 33.34 = 483.34;
    // Instagram 225 + 400 + 33.33 = 658.33; whatnot 225 + 33.33 = 258.33. First and last touch do not change.
    const sixty = await runTool(database(), 'marketing_attribution', { ...march, lookback_days: 60 })
    expect(pick(sixty.rows)).toEqual([
      ['instagram', 400, 500, 658.33],
      ['email', 1000, 0, 483.34],
      ['whatnot', 0, 900, 258.33],
      ['unattributed', 300, 300, 300],
    ])
    // 1 day: only touches at most 24 hours before: Ada → Spring Live (03-09 12:00), Ben → IG Stories, Cleo → IG Reels.
    // Whatnot 900; Instagram 400 + 100 = 500; e-mail gets nothing and has no row.
    const oneDay = await runTool(database(), 'marketing_attribution', { ...march, lookback_days: 1 })
    expect(pick(oneDay.rows)).toEqual([
      ['whatnot', 900, 900, 900],
      ['instagram', 500, 500, 500],
      ['unattributed', 300, 300, 300],
    ])
  })

  it('reports sales without touches as unattributed, and an empty window as no sales', async () => {
    // 03-22 to 03-25: Dan 250 and the walk-in 50, neither touched.
    const untouched = await runTool(database(), 'marketing_attribution', { from: '2025-03-22', to: '2025-03-25' })
    expect(pick(untouched.rows)).toEqual([['unattributed', 300, 300, 300]])
    expect(untouched.narration).toBe(
      'Of $300.00 revenue between 2025-03-22 and 2025-03-25, $0.00 (0.0%) came from buyers reached by a campaign in the 30 days before buying.',
    )
    const empty = await runTool(database(), 'marketing_attribution', { from: '2024-06-01', to: '2024-06-30' })
    expect(empty.rows).toEqual([])
    expect(empty.narration).toBe('No sales between 2024-06-01 and 2024-06-30.')
    expect(empty.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const zeroLookback = await tryTool(database(), 'marketing_attribution', { lookback_days: 0 })
    expect(zeroLookback.ok ? '' : zeroLookback.error.message).toMatch(/lookback_days: .*>=1/)
    const badGroup = await tryTool(database(), 'marketing_attribution', { group_by: 'brand' })
    expect(badGroup.ok ? '' : badGroup.error.message).toMatch(/group_by: .*"channel"\|"campaign"/)
    const unknownField = await tryTool(database(), 'marketing_attribution', { model: 'linear' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(
      /unknown field 'model'; allowed fields: period, from, to, group_by, lookback_days/,
    )
    const backwards = await tryTool(database(), 'marketing_attribution', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
  })
})
