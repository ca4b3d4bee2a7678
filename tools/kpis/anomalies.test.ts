import { describe, expect, it } from 'vitest'
import { compile } from 'vega-lite'
import { asChartSpec } from '../../src/charts/spec.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// March 2025: Mondays are the 3rd, 10th, 17th, 24th and 31st; the 20th is a Thursday.
// Monday revenue 100, 120, 110, 500 (two orders: 300 + 200), 20; one Thursday sale of 40 on the 20th; nothing else.
// Weeks (Monday to Sunday): 03-03 → 100, 03-10 → 120, 03-17 → 110 + 40 = 150, 03-24 → 500; the week of 03-31 is partial.
async function load(fixture: Fixture) {
  const sales: Array<[string, number]> = [
    ['2025-03-03', 100],
    ['2025-03-10', 120],
    ['2025-03-17', 110],
    ['2025-03-20', 40],
    ['2025-03-24', 300],
    ['2025-03-24', 200],
    ['2025-03-31', 20],
  ]
  for (const [index, [date, price]] of sales.entries()) {
    await fixture.item(`item ${index}`, { brand: 'Gucci', cost: 10, added: '2025-02-01' })
    await fixture.sale({ item: `item ${index}`, price, date })
  }
}

describe.each(testEngines())('anomalies on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('flags days outside the median ± 3 robust deviations of the same weekday', async () => {
    const envelope = await runTool(database(), 'anomalies', { period: 'all_time', baseline_periods: 3 })
    // Days before 03-24 have fewer than 3 earlier same weekdays and are not judged.
    // 03-24: baseline 100, 120, 110 → median 110; distances 10, 10, 0 → MAD 10 → robust deviation 14.826;
    //   band 110 ± 3 × 14.826 = 65.52 … 154.48; (500 − 110) / 14.826 = 26.31 → high.
    // 03-31: baseline 500, 110, 120 → median 120; distances 380, 10, 0 → MAD 10 → 14.826;
    //   band 75.52 … 164.48; (20 − 120) / 14.826 = −6.74 → low.
    // Other days: a baseline of zeros and an actual of 0 (Thursday 03-27: baseline 40, 0, 0 → median 0, MAD 0,
    //   1.2533 × mean distance 40/3 = 16.71, band 0 … 50.13, actual 0) → inside.
    expect(envelope.rows).toEqual([
      { date: '2025-03-24', actual: 500, expected: 110, lower: 65.52, upper: 154.48, deviation: 26.31, direction: 'high', is_anomaly: true },
      { date: '2025-03-31', actual: 20, expected: 120, lower: 75.52, upper: 164.48, deviation: -6.74, direction: 'low', is_anomaly: true },
    ])
    expect(envelope.narration).toBe(
      '2 days with revenue outside the expected band between 2025-03-03 and 2025-03-31: 1 high, 1 low. ' +
        'The largest: Monday 2025-03-24 with $500.00 against an expected $110.00 (band $65.52 to $154.48), 26.31 robust deviations above expected.',
    )
    expect(() => compile(asChartSpec(envelope.chart!))).not.toThrow()
  })

  it('returns every period with its band when asked, judging the first days of the window from earlier data', async () => {
    const envelope = await runTool(database(), 'anomalies', {
      from: '2025-03-24',
      to: '2025-03-31',
      baseline_periods: 3,
      only_anomalies: false,
    })
    expect(envelope.rows.map((row) => row.date)).toEqual([
      '2025-03-24', '2025-03-25', '2025-03-26', '2025-03-27', '2025-03-28', '2025-03-29', '2025-03-30', '2025-03-31',
    ])
    expect(envelope.rows.filter((row) => row.is_anomaly).map((row) => row.date)).toEqual(['2025-03-24', '2025-03-31'])
    // Tuesday 03-25: three zero Tuesdays before it, so the band is 0 … 0 with no spread to measure deviations in.
    expect(envelope.rows[1]).toEqual({
      date: '2025-03-25', actual: 0, expected: 0, lower: 0, upper: 0, deviation: null, direction: null, is_anomaly: false,
    })
    // Thursday 03-27, as worked above: band 0 … 50.13.
    expect(envelope.rows[3]).toMatchObject({ expected: 0, lower: 0, upper: 50.13, deviation: 0, is_anomaly: false })
    expect(() => compile(asChartSpec(envelope.chart!))).not.toThrow()
  })

  it('uses the mean as expected value when asked, keeping the robust band width', async () => {
    const envelope = await runTool(database(), 'anomalies', { period: 'all_time', baseline_periods: 3, center: 'mean' })
    // 03-31: mean of 500, 110, 120 = 243.33; band 243.33 ± 44.48 = 198.86 … 287.81; (20 − 243.33) / 14.826 = −15.06.
    expect(envelope.rows.find((row) => row.date === '2025-03-31')).toMatchObject({
      expected: 243.33, lower: 198.86, upper: 287.81, deviation: -15.06, direction: 'low',
    })
  })

  it('watches orders, where a flat baseline makes any change an anomaly', async () => {
    const envelope = await runTool(database(), 'anomalies', { period: 'all_time', baseline_periods: 3, metric: 'orders' })
    // 03-24: 2 orders against 1, 1, 1: no spread at all, so 2 is outside the band 1 … 1 (deviation not measurable).
    // 03-31: 1 order against 2, 1, 1 → median 1, MAD 0 → 1.2533 × mean distance ⅓ = 0.418; band 0 … 2.25 → inside.
    expect(envelope.rows).toEqual([
      { date: '2025-03-24', actual: 2, expected: 1, lower: 1, upper: 1, deviation: null, direction: 'high', is_anomaly: true },
    ])
    expect(envelope.narration).toBe(
      '1 day with orders outside the expected band between 2025-03-03 and 2025-03-31: 1 high, 0 low. ' +
        'The largest: Monday 2025-03-24 with 2 against an expected 1 (band 1 to 1), while that weekday was 1 in each of the previous 3 weeks.',
    )
  })

  it('judges whole weeks against the previous weeks', async () => {
    const envelope = await runTool(database(), 'anomalies', {
      period: 'all_time',
      grain: 'week',
      baseline_periods: 3,
      only_anomalies: false,
    })
    // The week of 03-31 ends after the latest sale (03-31), so it is left out.
    // Week of 03-24: baseline 100, 120, 150 → median 120; distances 20, 0, 30 → MAD 20 → 29.652;
    // band 120 ± 88.956 = 31.04 … 208.96; (500 − 120) / 29.652 = 12.82 → high.
    expect(envelope.rows.map((row) => [row.date, row.actual, row.expected])).toEqual([
      ['2025-03-03', 100, null],
      ['2025-03-10', 120, null],
      ['2025-03-17', 150, null],
      ['2025-03-24', 500, 120],
    ])
    expect(envelope.rows[3]).toMatchObject({ lower: 31.04, upper: 208.96, deviation: 12.82, direction: 'high' })
    expect(envelope.narration).toMatch(/^1 week with revenue outside .*The largest: the week of 2025-03-24 with \$500\.00/)
  })

  it('handles a single day, a window too early to judge and a window without sales', async () => {
    const single = await runTool(database(), 'anomalies', { from: '2025-03-24', to: '2025-03-24', baseline_periods: 3 })
    expect(single.rows).toEqual([expect.objectContaining({ date: '2025-03-24', direction: 'high' })])
    const unjudged = await runTool(database(), 'anomalies', { period: 'all_time', only_anomalies: false })
    expect(unjudged.rows.every((row) => row.expected === null)).toBe(true)
    expect(unjudged.narration).toBe(
      'No day between 2025-03-03 and 2025-03-31 could be judged: each needs 8 earlier comparable days of data.',
    )
    const empty = await runTool(database(), 'anomalies', { from: '2025-05-01', to: '2025-05-31' })
    expect(empty.rows).toEqual([])
    expect(empty.chart).toBeNull()
    expect(empty.narration).toBe('No days with revenue outside the expected band between 2025-05-01 and 2025-05-31.')
    const emptySeries = await runTool(database(), 'anomalies', { from: '2025-05-01', to: '2025-05-31', only_anomalies: false })
    expect(emptySeries.narration).toBe('No sales between 2025-05-01 and 2025-05-31.')
  })

  it('watches one channel: every sale here is on Whatnot, so Instagram has none to flag', async () => {
    const whatnot = await runTool(database(), 'anomalies', { period: 'all_time', baseline_periods: 3, channel: 'whatnot' })
    expect(whatnot.rows.map((row) => [row.date, row.actual, row.direction])).toEqual([
      ['2025-03-24', 500, 'high'],
      ['2025-03-31', 20, 'low'],
    ])
    expect(whatnot.narration).toMatch(/^2 days with revenue on Whatnot outside the expected band/)
    const instagram = await runTool(database(), 'anomalies', { period: 'all_time', baseline_periods: 3, channel: 'Instagram' })
    expect(instagram.rows).toEqual([])
    expect(instagram.assumptions).toContain('Only sales on Instagram.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badGrain = await tryTool(database(), 'anomalies', { grain: 'month' })
    expect(badGrain.ok ? '' : badGrain.error.message).toMatch(/grain: .*"day"\|"week"/)
    const badThreshold = await tryTool(database(), 'anomalies', { threshold: 10 })
    expect(badThreshold.ok ? '' : badThreshold.error.message).toMatch(/threshold: Too big: expected number to be <=5/)
    const badBaseline = await tryTool(database(), 'anomalies', { baseline_periods: 1 })
    expect(badBaseline.ok ? '' : badBaseline.error.message).toMatch(/baseline_periods: Too small: expected number to be >=3/)
    const backwards = await tryTool(database(), 'anomalies', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
    const unknownField = await tryTool(database(), 'anomalies', { sensitivity: 2 })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(
      /unknown field 'sensitivity'; allowed fields: period, from, to, grain, metric, baseline_periods, center, threshold, channel, only_anomalies/,
    )
  })
})
