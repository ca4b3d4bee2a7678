import { describe, expect, it } from 'vitest'
import { addDays } from '../../src/tools/define-tool.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Eight full weeks, Monday 2025-01-06 to Sunday 2025-03-02 (weeks x = 0 … 7), one sale a week per category on its
// Wednesday, of this many units:
//   wallet (Louis Vuitton Zippy Wallet): 1 2 3 4 5 6 7 8   an exact line, 1 + x
//   bag    (Chanel Classic Flap):        2 1 3 2 4 3 5 4
// A bag on Tuesday 2025-03-04 starts a ninth week the data does not finish (the last sale is that day).
const wallets = [1, 2, 3, 4, 5, 6, 7, 8]
const bags = [2, 1, 3, 2, 4, 3, 5, 4]

async function load(fixture: Fixture) {
  for (const [index, units] of wallets.entries()) {
    const wednesday = addDays('2025-01-08', 7 * index)
    await fixture.item(`W${index}`, { brand: 'Louis Vuitton', name: 'Louis Vuitton Zippy Wallet', category: 'wallet', cost: 100, added: '2024-12-01' })
    await fixture.sale({ item: `W${index}`, price: 200, quantity: units, date: wednesday })
    await fixture.item(`B${index}`, { brand: 'Chanel', name: 'Chanel Classic Flap', category: 'bag', cost: 1000, added: '2024-12-01' })
    await fixture.sale({ item: `B${index}`, price: 2000, quantity: bags[index]!, date: wednesday })
  }
  await fixture.item('late', { brand: 'Chanel', name: 'Chanel Classic Flap', category: 'bag', cost: 1000, added: '2024-12-01' })
  await fixture.sale({ item: 'late', price: 2000, quantity: 9, date: '2025-03-04' })
}

const eightWeeks = { from: '2025-01-06', to: '2025-03-02', grain: 'week', horizon: 2, holdout: 2 }

describe.each(testEngines())('demand_forecast on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('fits a straight line per category with intervals and a holdout error', async () => {
    const envelope = await runTool(database(), 'demand_forecast', eightWeeks)
    const bag = envelope.rows.filter((entry) => entry.group === 'bag')
    // Bags by least squares on x: mean x 3.5, mean units 3, Sxx 42, Sxy 18, so 3/7 a week from 1.5.
    // Fitted 1.5, 1.93, 2.36, 2.79, 3.21, 3.64, 4.07, 4.5; residuals sum of squares 30/7, s² = (30/7) / 6 = 5/7.
    expect(bag.filter((entry) => entry.kind === 'actual').map((entry) => [entry.period, entry.units, entry.forecast])).toEqual([
      ['2025-01-06', 2, 1.5], ['2025-01-13', 1, 1.9], ['2025-01-20', 3, 2.4], ['2025-01-27', 2, 2.8],
      ['2025-02-03', 4, 3.2], ['2025-02-10', 3, 3.6], ['2025-02-17', 5, 4.1], ['2025-02-24', 4, 4.5],
    ])
    // Holdout: refitted on the first six weeks (mean x 2.5, mean 2.5, Sxx 17.5, Sxy 6.5: 1.5714 + 0.3714 x), it predicts
    // x = 6: 3.8 and x = 7: 4.2 for 5 and 4.
    expect(bag.map((entry) => entry.holdout_forecast)).toEqual([null, null, null, null, null, null, 3.8, 4.2, null, null])
    // x = 8: 1.5 + 24/7 = 4.93; leverage 1/8 + 4.5² / 42 = 0.6071, se = √(5/7 × 1.6071) = 15/14 = 1.0714;
    // 80% ± 1.2816 × 1.0714 = ± 1.3731, 95% ± 2.1000. x = 9: 5.36; leverage 1/8 + 5.5² / 42 = 0.8452, se = 1.1481;
    // 80% ± 1.4713, 95% ± 2.2501.
    expect(bag.filter((entry) => entry.kind === 'forecast')).toEqual([
      { group: 'bag', period: '2025-03-03', kind: 'forecast', units: null, forecast: 4.9, lower_80: 3.6, upper_80: 6.3, lower_95: 2.8, upper_95: 7, holdout_forecast: null },
      { group: 'bag', period: '2025-03-10', kind: 'forecast', units: null, forecast: 5.4, lower_80: 3.9, upper_80: 6.8, lower_95: 3.1, upper_95: 7.6, holdout_forecast: null },
    ])
    // Wallets lie on 1 + x exactly: 9 and 10 ahead with no spread, and no holdout error. They sold more (36 vs 24): first.
    const wallet = envelope.rows.filter((entry) => entry.group === 'wallet' && entry.kind === 'forecast')
    expect(wallet.map((entry) => [entry.forecast, entry.lower_95, entry.upper_95])).toEqual([[9, 9, 9], [10, 10, 10]])
    expect(envelope.rows[0]!.group).toBe('wallet')
    // Bags' holdout: |5 − 3.8| = 1.2 and |4 − 4.2| = 0.2: MAE 0.7; 1.2 / 5 = 24%, 0.2 / 4 = 5%: MAPE 14.5%. 4.9 + 5.4 = 10.3.
    expect(envelope.narration).toBe(
      'Forecast of units sold by category, per week: wallet: 9 units in the week from 2025-03-03 (80% interval 9 to 9), 19 over the next 2 weeks, ' +
        'from 8 weeks of history; holdout error over the last 2: MAE 0 units, MAPE 0.0%. bag: 4.9 units in the week from 2025-03-03 ' +
        '(80% interval 3.6 to 6.3), 10.3 over the next 2 weeks, from 8 weeks of history; holdout error over the last 2: MAE 0.7 units, MAPE 14.5%.',
    )
    expect(envelope.chart).toBeDefined()
  })

  it('leaves out a week the data has not finished, and filters by model, brand and category', async () => {
    // To Sunday 2025-03-09: the week of 2025-03-03 has only its Tuesday recorded (the last sale), so it is left out.
    const throughMarch = await runTool(database(), 'demand_forecast', { ...eightWeeks, to: '2025-03-09', model: 'flap' })
    expect(new Set(throughMarch.rows.map((entry) => entry.group))).toEqual(new Set(['bag']))
    expect(throughMarch.rows.filter((entry) => entry.kind === 'actual')).toHaveLength(8)
    const byModel = await runTool(database(), 'demand_forecast', { ...eightWeeks, group_by: 'model', brand: 'LV' })
    expect(byModel.rows.filter((entry) => entry.kind === 'actual').map((entry) => entry.units)).toEqual(wallets)
    expect(byModel.rows[0]!.group).toBe('Louis Vuitton Zippy Wallet')
    const walletsOnly = await runTool(database(), 'demand_forecast', { ...eightWeeks, category: 'wallet', group_by: 'brand' })
    expect(new Set(walletsOnly.rows.map((entry) => entry.group))).toEqual(new Set(['Louis Vuitton']))
  })

  it('says when the history is too short or empty, and refuses bad input', async () => {
    // January and February 2025: two full months, six needed.
    const months = await runTool(database(), 'demand_forecast', { from: '2025-01-01', to: '2025-02-28', category: 'wallet' })
    expect(months.rows.map((entry) => [entry.period, entry.units, entry.forecast])).toEqual([['2025-01-01', 10, null], ['2025-02-01', 26, null]])
    expect(months.narration).toBe('Forecast of units sold by category, per month: wallet: only 2 full months of history, too few to forecast (6 needed).')
    const empty = await runTool(database(), 'demand_forecast', { from: '2024-01-01', to: '2024-06-30' })
    expect(empty.narration).toBe('No units sold in a full month between 2024-01-01 and 2024-06-30.')
    const horizon = await tryTool(database(), 'demand_forecast', { horizon: 24 })
    expect(horizon.ok ? '' : horizon.error.message).toMatch(/horizon: .*12/)
    const grain = await tryTool(database(), 'demand_forecast', { grain: 'day' })
    expect(grain.ok ? '' : grain.error.message).toMatch(/grain: .*"week"\|"month"/)
  })
})
