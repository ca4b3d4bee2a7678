import { describe, expect, it } from 'vitest'
import { compile } from 'vega-lite'
import { asChartSpec } from '../../src/charts/spec.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'
import { addDays } from '../../src/tools/time-window.ts'

// Revenue on day t of a run starting on a Monday: base + 10·t + the weekday's effect
// (Monday 0, Tuesday 50, Wednesday 100, Thursday 150, Friday 200, Saturday 400, Sunday 300).
const weekly = [0, 50, 100, 150, 200, 400, 300]

async function load(fixture: Fixture) {
  const series = async (start: string, base: number, bump: (t: number) => number) => {
    for (let t = 0; t < 21; t += 1) {
      const date = addDays(start, t)
      await fixture.item(date, { brand: 'Chanel', cost: 100, added: '2024-12-01' })
      await fixture.sale({ item: date, price: base + 10 * t + weekly[t % 7]! + bump(t), date })
    }
  }
  // Run A, Monday 2025-01-06 to Sunday 2025-01-26: exactly linear plus the weekly pattern.
  await series('2025-01-06', 1000, () => 0)
  // Run B, Monday 2025-03-03 to Sunday 2025-03-23: the same shape from 2,000, but the last week is $70 a day higher.
  await series('2025-03-03', 2000, (t) => (t >= 14 ? 70 : 0))
}

describe.each(testEngines())('revenue_forecast on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('recovers an exact trend and weekly pattern, with zero-width intervals and a perfect holdout', async () => {
    const envelope = await runTool(database(), 'revenue_forecast', {
      from: '2025-01-06',
      to: '2025-01-26',
      horizon_days: 7,
      holdout_days: 7,
    })
    const actual = envelope.rows.filter((row) => row.kind === 'actual')
    const ahead = envelope.rows.filter((row) => row.kind === 'forecast')
    expect(actual).toHaveLength(21)
    // The fit is exact, so the fitted value equals the revenue on every day of history.
    expect(actual.every((row) => row.forecast === row.revenue)).toBe(true)
    // Days 21 … 27 (Monday 2025-01-27 … Sunday 2025-02-02): 1000 + 10·t + effect
    // = 1210, 1270, 1330, 1390, 1450, 1660, 1570; no residual spread, so every bound equals the forecast.
    expect(ahead.map((row) => [row.date, row.forecast])).toEqual([
      ['2025-01-27', 1210],
      ['2025-01-28', 1270],
      ['2025-01-29', 1330],
      ['2025-01-30', 1390],
      ['2025-01-31', 1450],
      ['2025-02-01', 1660],
      ['2025-02-02', 1570],
    ])
    expect(ahead.every((row) => row.revenue === null && row.lower_95 === row.forecast && row.upper_80 === row.forecast)).toBe(true)
    // The holdout model (first 14 days) predicts the last 7 exactly: Monday 2025-01-20 is 1000 + 140 = 1140.
    expect(actual.find((row) => row.date === '2025-01-20')).toMatchObject({ revenue: 1140, holdout_forecast: 1140 })
    expect(actual.filter((row) => row.holdout_forecast !== null)).toHaveLength(7)
    // Forecast total 1210 + 1270 + 1330 + 1390 + 1450 + 1660 + 1570 = 9,880, ÷ 7 = 1,411.43.
    // History: 21 × 1000 + 10 × (0 + … + 20 = 210) + 3 weeks × 1,200 of weekday effects = 26,700.
    expect(envelope.narration).toBe(
      'Forecast for the next 7 days (2025-01-27 to 2025-02-02): $9,880 revenue in total, $1,411 a day on average, ' +
        'from a linear trend with a day-of-week pattern fitted on 21 days of history (2025-01-06 to 2025-01-26, $26,700 revenue). ' +
        'Holdout check: refitted without the last 7 days, the model missed them by $0.00 a day on average (MAE), ' +
        'a mean absolute percentage error (MAPE) of 0.0%.',
    )
    expect(envelope.assumptions.join('\n')).toMatch(/forecast ± z × s × √\(1 \+ leverage\)/)
  })

  it('widens the intervals by the residual spread and reports the holdout error', async () => {
    const envelope = await runTool(database(), 'revenue_forecast', {
      from: '2025-03-03',
      to: '2025-03-23',
      horizon_days: 7,
      holdout_days: 7,
    })
    // Run B is the exact series plus 70 × step, step = 1 in week 2 (t = 14 … 20). Least squares is linear, so the fit
    // is the exact series plus 70 × the fit of the step. Each weekday has the step values 0, 0, 1 at t = d, d + 7, d + 14:
    // the common slope is Σ(t − t̄)(y − ȳ) / Σ(t − t̄)² = (7 · ⅓ + 14 · ⅓) / 98 = 1/14 a day, the weekday means are ⅓ at
    // t̄ = d + 7, so the step is fitted as ⅓ + (week − 1) / 2: −⅙, ⅓, ⅚ in weeks 0, 1, 2 and 4/3 in week 3.
    // Monday 2025-03-03 (t = 0): 2000 − 70/6 = 1988.33; Monday 2025-03-24 (t = 21): 2000 + 210 + 70 · 4/3 = 2303.33.
    expect(envelope.rows.find((row) => row.date === '2025-03-03')).toMatchObject({ revenue: 2000, forecast: 1988.33 })
    const monday = envelope.rows.find((row) => row.date === '2025-03-24')!
    expect(monday).toMatchObject({ kind: 'forecast', revenue: null, forecast: 2303.33 })
    // Residuals per weekday 70 × (⅙, −⅓, ⅙): SSR = 7 × 4900 × (1/36 + 1/9 + 1/36) = 5,716.67 on 21 − 8 = 13 degrees of
    // freedom, s = 70 √(7/78) = 20.970. Leverage of a week-3 day: ⅓ (its weekday's mean) + 14² / (7 × 98) (the slope)
    // = 13/21, so the standard error is s √(1 + 13/21) = 26.683; 80%: ± 1.28155 × 26.683 = ± 34.195, 95%: ± 52.297.
    expect(monday.lower_80).toBeCloseTo(2269.14, 2)
    expect(monday.upper_80).toBeCloseTo(2337.53, 2)
    expect(monday.lower_95).toBeCloseTo(2251.04, 2)
    expect(monday.upper_95).toBeCloseTo(2355.63, 2)
    // Holdout: the first 14 days are exact, so the refit predicts the exact series and misses each of the last 7 days by 70.
    // MAPE = mean of 70 / actual × 100 over actuals 2210, 2270, 2330, 2390, 2450, 2660, 2570 = 2.914%.
    expect(envelope.rows.find((row) => row.date === '2025-03-17')).toMatchObject({ revenue: 2210, holdout_forecast: 2140 })
    // Forecast total: the exact series for t = 21 … 27 sums to 16,880, plus 7 × 70 × 4/3 = 653.33 → 17,533.33 (2,504.76 a day).
    expect(envelope.narration).toContain('$17,533 revenue in total, $2,505 a day on average')
    expect(envelope.narration).toContain('the model missed them by $70.00 a day on average (MAE), a mean absolute percentage error (MAPE) of 2.9%.')
    expect(() => compile(asChartSpec(envelope.chart!))).not.toThrow()
  })

  it('skips the holdout check when the history is too short for it', async () => {
    // 21 days − 28 held out leaves nothing to fit on.
    const envelope = await runTool(database(), 'revenue_forecast', { from: '2025-01-06', to: '2025-01-26' })
    expect(envelope.rows.filter((row) => row.kind === 'forecast')).toHaveLength(30)
    expect(envelope.rows.every((row) => row.holdout_forecast === null)).toBe(true)
    expect(envelope.narration).toMatch(/Too little history for a holdout check\.$/)
    expect(envelope.assumptions).toContain('No holdout check: it needs at least 14 days of history besides the last 28.')
  })

  it('does not forecast from fewer than 14 days, down to a single day', async () => {
    // 2025-01-06 … 2025-01-12: 7 × 1000 + 10 × (0 + … + 6 = 21) + 1,200 = 8,410.
    const week = await runTool(database(), 'revenue_forecast', { from: '2025-01-06', to: '2025-01-12' })
    expect(week.rows).toHaveLength(7)
    expect(week.rows.every((row) => row.kind === 'actual' && row.forecast === null)).toBe(true)
    expect(week.narration).toBe(
      'Only 7 days of history (2025-01-06 to 2025-01-12, $8,410 revenue): a forecast needs at least 14 days. Widen the window.',
    )
    const day = await runTool(database(), 'revenue_forecast', { from: '2025-01-06', to: '2025-01-06' })
    expect(day.rows).toEqual([expect.objectContaining({ date: '2025-01-06', kind: 'actual', revenue: 1000, forecast: null })])
    expect(day.narration).toMatch(/^Only 1 day of history \(2025-01-06 to 2025-01-06, \$1,000 revenue\)/)
  })

  it('says so when the window has no sales', async () => {
    // Between the two runs: 21 days on which nothing sold.
    const gap = await runTool(database(), 'revenue_forecast', { from: '2025-02-03', to: '2025-02-23' })
    expect(gap.rows).toEqual([])
    expect(gap.narration).toBe('No sales between 2025-02-03 and 2025-02-23.')
    expect(gap.chart).toBeNull()
    const after = await runTool(database(), 'revenue_forecast', { from: '2025-05-01', to: '2025-05-31' })
    expect(after.rows).toEqual([])
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const noHorizon = await tryTool(database(), 'revenue_forecast', { horizon_days: 0 })
    expect(noHorizon.ok ? '' : noHorizon.error.message).toMatch(/horizon_days: Too small: expected number to be >=7/)
    const longHoldout = await tryTool(database(), 'revenue_forecast', { holdout_days: 120 })
    expect(longHoldout.ok ? '' : longHoldout.error.message).toMatch(/holdout_days: Too big: expected number to be <=90/)
    const backwards = await tryTool(database(), 'revenue_forecast', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
    const unknownField = await tryTool(database(), 'revenue_forecast', { horizon: 30 })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(
      /unknown field 'horizon'; allowed fields: period, from, to, horizon_days, holdout_days/,
    )
  })
})
