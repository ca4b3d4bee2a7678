import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Window March 2025 (31 days); previous period 2025-01-29 to 2025-02-28 (31 days); last year March 2024.
async function load(fixture: Fixture) {
  for (const name of ['Ada Stone', 'Ben Marsh', 'Cleo Park', 'Dan Reyes']) await fixture.customer({ name })
  const items: Array<[string, number]> = [['A', 600], ['B', 300], ['C', 500], ['D', 100], ['E', 1500], ['F', 100], ['G', 800], ['H', 700]]
  for (const [key, cost] of items) await fixture.item(key, { brand: 'Chanel', cost, added: '2024-01-01' })
  // March 2025: Ada 1,000 − 50 fees − 600 cost = 350 profit; Ada 500 − 50 discount = 450, − 300 = 150;
  // Ben 800 − 30 − 500 = 270; Cleo 250 − 100 = 150 (her first purchase ever).
  await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 1000, fees: 50, date: '2025-03-05' })
  await fixture.sale({ item: 'B', buyer: 'Ada Stone', price: 500, discount: 50, date: '2025-03-20' })
  await fixture.sale({ item: 'C', buyer: 'Ben Marsh', price: 800, fees: 30, date: '2025-03-10' })
  await fixture.sale({ item: 'D', buyer: 'Cleo Park', price: 250, date: '2025-03-28' })
  // Previous period: Ada's first purchase, 2,000 − 1,500 = 500 profit. Dan's 01-28 sale is one day before it.
  await fixture.sale({ item: 'E', buyer: 'Ada Stone', price: 2000, date: '2025-02-10' })
  await fixture.sale({ item: 'F', buyer: 'Dan Reyes', price: 300, date: '2025-01-28' })
  // March 2024: Ben's first two purchases, 1,000 − 800 = 200 and 1,200 − 100 fees − 700 = 400.
  await fixture.sale({ item: 'G', buyer: 'Ben Marsh', price: 1000, date: '2024-03-15' })
  await fixture.sale({ item: 'H', buyer: 'Ben Marsh', price: 1200, fees: 100, date: '2024-03-16' })
}

type Figures = [kpi: string, value: number | null, previous: number | null, changeVsPrevious: number | null,
  changePercentVsPrevious: number | null, lastYear: number | null, changeVsLastYear: number | null, changePercentVsLastYear: number | null]

function figures(rows: Record<string, unknown>[]): Figures[] {
  return rows.map((row) => [
    row.kpi, row.value, row.previous, row.change_vs_previous, row.change_percent_vs_previous,
    row.last_year, row.change_vs_last_year, row.change_percent_vs_last_year,
  ] as Figures)
}

describe.each(testEngines())('kpi_summary on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('compares each KPI with the previous period and the same period last year', async () => {
    const envelope = await runTool(database(), 'kpi_summary', { from: '2025-03-01', to: '2025-03-31' })
    expect(figures(envelope.rows)).toEqual([
      // 1,000 + 450 + 800 + 250 = 2,500 vs 2,000 (+500, +25%) and 1,000 + 1,200 = 2,200 (+300, 300 / 2,200 = +13.64%).
      ['revenue', 2500, 2000, 500, 25, 2200, 300, 13.64],
      // 4 vs 1: +300%; vs 2: +100%.
      ['orders', 4, 1, 3, 300, 2, 2, 100],
      // 2,500 / 4 = 625 vs 2,000 / 1 (−1,375, −68.75%) and 2,200 / 2 = 1,100 (−475, −475 / 1,100 = −43.18%).
      ['aov', 625, 2000, -1375, -68.75, 1100, -475, -43.18],
      ['units', 4, 1, 3, 300, 2, 2, 100],
      // 350 + 150 + 270 + 150 = 920 vs 500 (+420, +84%) and 200 + 400 = 600 (+320, +53.33%).
      ['gross_profit', 920, 500, 420, 84, 600, 320, 53.33],
      // 920 / 2,500 = 36.8% vs 500 / 2,000 = 25% (+11.8 points, 11.8 / 25 = +47.2%) and 600 / 2,200 = 27.27%
      // (+9.53 points, 9.53 / 27.27 = +34.95%).
      ['margin_percent', 36.8, 25, 11.8, 47.2, 27.27, 9.53, 34.95],
      // First purchases: Cleo in March 2025, Ada in the previous period, Ben in March 2024 (Dan's falls in no period).
      ['new_customers', 1, 1, 0, 0, 1, 0, 0],
      // Ada ordered twice of 3 buyers = 33.33%; previous 0 of 1 = 0% (no % change on a 0 base); last year Ben 1 of 1 = 100%.
      ['repeat_rate', 33.33, 0, 33.33, null, 100, -66.67, -66.67],
    ])
    expect(envelope.rows[0]).toMatchObject({ label: 'Revenue', unit: 'currency' })
    expect(envelope.narration).toBe(
      'Revenue was $2,500 between 2025-03-01 and 2025-03-31, up 25.0% on the previous period ($2,000) and up 13.6% on the same ' +
        'period last year ($2,200). Orders 4 (+300.0% on the previous period, +100.0% on last year); average order value ' +
        '$625.00 (-68.8% on the previous period, -43.2% on last year); units 4 (+300.0% on the previous period, +100.0% on last ' +
        'year); gross profit $920.00 (+84.0% on the previous period, +53.3% on last year); gross margin % 36.8% (+11.8 points ' +
        'on the previous period, +9.53 points on last year); new customers 1 (0.0% on the previous period, 0.0% on last year); ' +
        'repeat purchase rate 33.3% (+33.33 points on the previous period, -66.67 points on last year).',
    )
    expect(envelope.assumptions).toContain(
      'Previous period: 2025-01-29 to 2025-02-28; same period last year: 2024-03-01 to 2024-03-31.',
    )
    expect(envelope.chart).not.toBeNull()
  })

  it('leaves % changes empty when the base periods had nothing', async () => {
    // March 2024: 2,200 revenue; the previous period (2024-01-30 to 2024-02-29) and March 2023 had no sales.
    const envelope = await runTool(database(), 'kpi_summary', { from: '2024-03-01', to: '2024-03-31' })
    expect(figures(envelope.rows)[0]).toEqual(['revenue', 2200, 0, 2200, null, 0, 2200, null])
    // No buyers in either base: the repeat rate there is empty, and so is any change against it.
    expect(figures(envelope.rows)[7]).toEqual(['repeat_rate', 100, null, null, null, null, null, null])
    expect(envelope.narration).toMatch(
      /^Revenue was \$2,200 between 2024-03-01 and 2024-03-31, with no revenue in the previous period and with no revenue in the same period last year\. /,
    )
    expect(envelope.narration).toContain('repeat purchase rate 100.0% (n/a on the previous period, n/a on last year)')
    expect(envelope.assumptions).toContain(
      'Previous period: 2024-01-30 to 2024-02-29; same period last year: 2023-03-01 to 2023-03-31.',
    )
  })

  it('maps 29 February to the 28th a year earlier', async () => {
    const envelope = await runTool(database(), 'kpi_summary', { from: '2024-02-01', to: '2024-02-29' })
    // 29 days: the previous period is 2024-01-03 to 2024-01-31.
    expect(envelope.assumptions).toContain(
      'Previous period: 2024-01-03 to 2024-01-31; same period last year: 2023-02-01 to 2023-02-28.',
    )
  })

  it('says so when the window has no sales, still showing the bases', async () => {
    // April 2025 (30 days): the previous period 2025-03-02 to 2025-03-31 holds all four March sales, 2,500.
    const envelope = await runTool(database(), 'kpi_summary', { from: '2025-04-01', to: '2025-04-30' })
    expect(figures(envelope.rows)[0]).toEqual(['revenue', 0, 2500, -2500, -100, 0, 0, null])
    expect(envelope.rows[7]).toMatchObject({ kpi: 'repeat_rate', value: null, previous: 33.33 })
    expect(envelope.narration).toBe(
      'No sales between 2025-04-01 and 2025-04-30; the previous period (2025-03-02 to 2025-03-31) had $2,500 revenue and the ' +
        'same period last year (2024-04-01 to 2024-04-30) $0.00.',
    )
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const unknownField = await tryTool(database(), 'kpi_summary', { kpis: ['revenue'] })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'kpis'; allowed fields: period, from, to/)
    const backwards = await tryTool(database(), 'kpi_summary', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
    const badPeriod = await tryTool(database(), 'kpi_summary', { period: 'last_fortnight' })
    expect(badPeriod.ok ? '' : badPeriod.error.message).toMatch(/period: .*"last_30_days"/)
  })
})
