import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Window March 2025, a calendar month: previous period February 2025 (the previous calendar month, not the 31 days
// before); last year March 2024. The data runs from 2023-12-01 (Dan's first sale) to 2025-03-28.
async function load(fixture: Fixture) {
  for (const name of ['Ada Stone', 'Ben Marsh', 'Cleo Park', 'Dan Reyes']) await fixture.customer({ name })
  const items: Array<[string, number]> = [['A', 600], ['B', 300], ['C', 500], ['D', 100], ['E', 1500], ['F', 100], ['G', 800], ['H', 700], ['I', 100]]
  for (const [key, cost] of items) await fixture.item(key, { brand: 'Chanel', cost, added: key === 'I' ? '2023-11-01' : '2024-01-01' })
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
  // The first sale in the data, in no period compared below: the data starts on 2023-12-01.
  await fixture.sale({ item: 'I', buyer: 'Dan Reyes', price: 300, date: '2023-12-01' })
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
      // Revenue ÷ units: 2,500 / 4 units; each order here is one unit, so the same as the AOV.
      ['average_price', 625, 2000, -1375, -68.75, 1100, -475, -43.18],
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
      'Revenue was $2,500 between 2025-03-01 and 2025-03-31, up 25.0% on the previous period (February 2025: 2025-02-01 to 2025-02-28) ' +
        '($2,000) and up 13.6% on the same period last year (March 2024: 2024-03-01 to 2024-03-31) ($2,200). Orders 4 (+300.0% on the previous period, +100.0% on last year); average order value ' +
        '$625.00 (-68.8% on the previous period, -43.2% on last year); average price per unit $625.00 (-68.8% on the previous ' +
        'period, -43.2% on last year); units 4 (+300.0% on the previous period, +100.0% on last ' +
        'year); gross profit $920.00 (+84.0% on the previous period, +53.3% on last year); gross margin % 36.8% (+11.8 points ' +
        'on the previous period, +9.53 points on last year); new customers 1 (0.0% on the previous period, 0.0% on last year); ' +
        'repeat purchase rate 33.3% (+33.33 points on the previous period, -66.67 points on last year). ' +
        // The data stops on 2025-03-28: said, and the window is not moved.
        'Sales are recorded up to 2025-03-28; 2025-03-29 to 2025-03-31 have none yet. The window\'s figures are partial.',
    )
    expect(envelope.assumptions).toContain(
      'Previous period: 2025-02-01 to 2025-02-28 (the previous calendar month); same period last year: 2024-03-01 to 2024-03-31 (the same month a year earlier).',
    )
    expect(envelope.comparisons).toEqual([
      { kind: 'previous_period', from: '2025-02-01', to: '2025-02-28', label: 'February 2025', rule: 'the previous calendar month' },
      { kind: 'last_year', from: '2024-03-01', to: '2024-03-31', label: 'March 2024', rule: 'the same month a year earlier' },
    ])
    expect(envelope.coverage).toEqual({
      fact: 'sales', first: '2023-12-01', last: '2025-03-28', window: 'partial',
      comparisons: [
        { kind: 'previous_period', from: '2025-02-01', to: '2025-02-28', coverage: 'full' },
        { kind: 'last_year', from: '2024-03-01', to: '2024-03-31', coverage: 'full' },
      ],
    })
    expect(envelope.chart).not.toBeNull()
  })

  it('leaves % changes empty when the base had nothing, and withholds the change against a base before the data starts', async () => {
    // March 2024: 2,200 revenue; February 2024 is in the data (from 2023-12-01) but had no sales: +2,200, no %.
    // March 2023 is before the data starts: no figure and no change, not "growth from nothing".
    const envelope = await runTool(database(), 'kpi_summary', { from: '2024-03-01', to: '2024-03-31' })
    expect(figures(envelope.rows)[0]).toEqual(['revenue', 2200, 0, 2200, null, null, null, null])
    // No buyers in either base: the repeat rate there is empty, and so is any change against it.
    expect(figures(envelope.rows)[8]).toEqual(['repeat_rate', 100, null, null, null, null, null, null])
    expect(envelope.narration).toMatch(
      /^Revenue was \$2,200 between 2024-03-01 and 2024-03-31, with no revenue in the previous period \(February 2024: 2024-02-01 to 2024-02-29\) and with no change reported against the same period last year \(March 2023: 2023-03-01 to 2023-03-31\), as it is before the data starts \(2023-12-01\)\. /,
    )
    expect(envelope.narration).toContain('repeat purchase rate 100.0% (n/a on the previous period, n/a on last year)')
    expect(envelope.assumptions).toContain(
      'No change is reported against the same period last year (2023-03-01 to 2023-03-31): it is before the data starts (2023-12-01).',
    )
    expect(envelope.coverage?.comparisons.map((comparison) => comparison.coverage)).toEqual(['full', 'none'])
  })

  it('withholds the change against a base the data covers only in part', async () => {
    // 2023-12-16 to 2024-01-14 (30 days) against the 30 days before, 2023-11-16 to 2023-12-15: the data starts on
    // 2023-12-01, so that base holds only Dan's 300 from its last 15 days.
    const envelope = await runTool(database(), 'kpi_summary', { from: '2023-12-16', to: '2024-01-14' })
    expect(envelope.comparisons?.[0]).toMatchObject({ from: '2023-11-16', to: '2023-12-15', rule: 'the 30 days before (equal length)' })
    expect(figures(envelope.rows)[0]).toEqual(['revenue', 0, 300, null, null, null, null, null])
    expect(envelope.coverage?.comparisons.map((comparison) => comparison.coverage)).toEqual(['partial', 'none'])
    expect(envelope.assumptions).toContain(
      'No change is reported against the previous period (2023-11-16 to 2023-12-15): the data covers it only from 2023-12-01.',
    )
  })

  it('maps 29 February to the 28th a year earlier', async () => {
    const envelope = await runTool(database(), 'kpi_summary', { from: '2024-02-01', to: '2024-02-29' })
    // February 2024 (29 days) against all of January 2024 and all of February 2023 (28 days).
    expect(envelope.assumptions).toContain(
      'Previous period: 2024-01-01 to 2024-01-31 (the previous calendar month); same period last year: 2023-02-01 to 2023-02-28 (the same month a year earlier).',
    )
  })

  it('says so when the window has no sales, still showing the bases', async () => {
    // April 2025, after the data ends (2025-03-28): March 2025 holds all four March sales, 2,500, but a window with
    // no recorded sales is not a −100% fall.
    const envelope = await runTool(database(), 'kpi_summary', { from: '2025-04-01', to: '2025-04-30' })
    expect(figures(envelope.rows)[0]).toEqual(['revenue', 0, 2500, null, null, 0, null, null])
    expect(envelope.rows[8]).toMatchObject({ kpi: 'repeat_rate', value: null, previous: 33.33 })
    expect(envelope.narration).toBe(
      'Sales are recorded up to 2025-03-28; April 2025 has none yet. No sales between 2025-04-01 and 2025-04-30; the previous ' +
        'period (March 2025: 2025-03-01 to 2025-03-31) had $2,500 revenue and the same period last year (April 2024: 2024-04-01 to ' +
        '2024-04-30) $0.00 revenue.',
    )
  })

  it('resolves named periods against today (the as-of date), month to date like for like', async () => {
    // Today 2025-03-20: this month is 1–20 March: 1,000 (03-05) + 800 (03-10) + 450 (03-20) = 2,250, against
    // 1–20 February: 2,000 (02-10): +250, +12.5%. A year earlier, 1–20 March 2024: Ben's 1,000 (03-15) + 1,200 (03-16)
    // = 2,200: +50, 50 / 2,200 = +2.27%.
    const toDate = await runTool(database(), 'kpi_summary', { period: 'this_month' }, 'analyst', 'UTC', '2025-03-20')
    expect(toDate.comparisons?.map((comparison) => `${comparison.from}..${comparison.to}`)).toEqual(['2025-02-01..2025-02-20', '2024-03-01..2024-03-20'])
    expect(figures(toDate.rows)[0]).toEqual(['revenue', 2250, 2000, 250, 12.5, 2200, 50, 2.27])
    // Today 2025-04-10: last month is all of March (2,500) against all of February (2,000): +25%.
    const lastMonth = await runTool(database(), 'kpi_summary', { period: 'last_month' }, 'analyst', 'UTC', '2025-04-10')
    expect([lastMonth.window.from, lastMonth.window.to]).toEqual(['2025-03-01', '2025-03-31'])
    expect(figures(lastMonth.rows)[0]!.slice(0, 5)).toEqual(['revenue', 2500, 2000, 500, 25])
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

// Filters: March 2025 against February 2025. Ada (TX) and Ben (FL); Dan's 2023 sale makes the data start early
// enough that both comparison periods are fully covered.
async function loadFiltered(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone', region: 'TX' })
  await fixture.customer({ name: 'Ben Marsh', region: 'FL' })
  await fixture.customer({ name: 'Dan Reyes', region: 'NY' })
  await fixture.item('A', { brand: 'Chanel', cost: 600, added: '2023-11-01' })
  await fixture.item('B', { brand: 'Hermès', cost: 300, added: '2023-11-01' })
  await fixture.item('C', { brand: 'Hermès', cost: 500, added: '2023-11-01', category: 'wallet' })
  await fixture.item('D', { brand: 'Chanel', cost: 100, added: '2023-11-01' })
  await fixture.item('E', { brand: 'Chanel', cost: 100, added: '2023-11-01' })
  await fixture.sale({ item: 'E', buyer: 'Dan Reyes', price: 300, date: '2023-12-01' })
  // March 2025: Ada's first purchases (Chanel on Instagram 1,000 − 50 fees − 600 = 350; Hermès on Whatnot 500 − 300 = 200)
  // and Ben's Hermès wallet on Whatnot (800 − 500 = 300). February 2025: Ben's first purchase, Chanel 400 − 100 = 300.
  await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 1000, fees: 50, date: '2025-03-05', channel: 'instagram' })
  await fixture.sale({ item: 'B', buyer: 'Ada Stone', price: 500, date: '2025-03-06', channel: 'whatnot' })
  await fixture.sale({ item: 'C', buyer: 'Ben Marsh', price: 800, date: '2025-03-10', channel: 'whatnot' })
  await fixture.sale({ item: 'D', buyer: 'Ben Marsh', price: 400, date: '2025-02-10', channel: 'whatnot' })
}

describe.each(testEngines())('kpi_summary with filters on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => loadFiltered(new Fixture(db)))
  const march = { from: '2025-03-01', to: '2025-03-31' }
  const kpi = (rows: Record<string, unknown>[], name: string) => figures(rows).find(([kpiName]) => kpiName === name)!.slice(0, 3)

  it('narrows every KPI and both comparison periods to the brand, state or channel asked for', async () => {
    // Hermès: 500 + 800 = 1,300 from 2 orders, profit 200 + 300 = 500; nothing in February. New: Ada (first purchase
    // 2025-03-05); Ben's first was in February. Repeat: neither bought Hermès twice.
    const hermes = await runTool(database(), 'kpi_summary', { ...march, brand: 'hermes' })
    expect(kpi(hermes.rows, 'revenue')).toEqual(['revenue', 1300, 0])
    expect(kpi(hermes.rows, 'orders')).toEqual(['orders', 2, 0])
    expect(kpi(hermes.rows, 'gross_profit')).toEqual(['gross_profit', 500, 0])
    expect(kpi(hermes.rows, 'new_customers')).toEqual(['new_customers', 1, 0])
    expect(kpi(hermes.rows, 'repeat_rate')).toEqual(['repeat_rate', 0, null])
    expect(hermes.narration).toMatch(/^Revenue \(brand Hermès\) was \$1,300 between 2025-03-01 and 2025-03-31/)
    // Texas is Ada: 1,000 + 500 = 1,500, profit 550, one new buyer who ordered twice (100%).
    const texas = await runTool(database(), 'kpi_summary', { ...march, region: 'Texas' })
    expect(kpi(texas.rows, 'revenue')).toEqual(['revenue', 1500, 0])
    expect(kpi(texas.rows, 'gross_profit')).toEqual(['gross_profit', 550, 0])
    expect(kpi(texas.rows, 'repeat_rate')).toEqual(['repeat_rate', 100, null])
    // Whatnot in Florida is Ben: 800 in March against 400 in February, +100%.
    const whatnotFlorida = await runTool(database(), 'kpi_summary', { ...march, channel: 'whatnot', region: 'FL' })
    expect(figures(whatnotFlorida.rows)[0]!.slice(0, 5)).toEqual(['revenue', 800, 400, 400, 100])
    // Chanel wallets: none in either period.
    const chanelWallets = await runTool(database(), 'kpi_summary', { ...march, brand: 'Chanel', category: 'wallet' })
    expect(kpi(chanelWallets.rows, 'revenue')).toEqual(['revenue', 0, 0])
    expect(chanelWallets.narration).toMatch(/No sales with brand Chanel, category wallet between 2025-03-01 and 2025-03-31/)
  })

  it('counts each period\'s customers among the sales a channel, category or brand and channel keep', async () => {
    // Whatnot: Ada's Hermès bag and Ben's Hermès wallet in March (1,300; Ada new, Ben not: his first purchase was in
    // February), Ben's Chanel bag in February (400; new then). Nobody bought twice on Whatnot in either month.
    const whatnot = await runTool(database(), 'kpi_summary', { ...march, channel: 'whatnot' })
    expect(kpi(whatnot.rows, 'revenue')).toEqual(['revenue', 1300, 400])
    expect(kpi(whatnot.rows, 'new_customers')).toEqual(['new_customers', 1, 1])
    expect(kpi(whatnot.rows, 'repeat_rate')).toEqual(['repeat_rate', 0, 0])
    // Bags: Ada's Chanel and Hermès bags in March (1,500; one buyer, two orders: 100 %, new), Ben's in February.
    const bags = await runTool(database(), 'kpi_summary', { ...march, category: 'bag' })
    expect(kpi(bags.rows, 'revenue')).toEqual(['revenue', 1500, 400])
    expect(kpi(bags.rows, 'orders')).toEqual(['orders', 2, 1])
    expect(kpi(bags.rows, 'repeat_rate')).toEqual(['repeat_rate', 100, 0])
    expect(kpi(bags.rows, 'new_customers')).toEqual(['new_customers', 1, 1])
    // Chanel on Whatnot: Ada's Chanel was on Instagram, so March has nothing; February has Ben's.
    const chanelWhatnot = await runTool(database(), 'kpi_summary', { ...march, brand: 'Chanel', channel: 'whatnot' })
    expect(kpi(chanelWhatnot.rows, 'revenue')).toEqual(['revenue', 0, 400])
    expect(kpi(chanelWhatnot.rows, 'new_customers')).toEqual(['new_customers', 0, 1])
    expect(kpi(chanelWhatnot.rows, 'repeat_rate')).toEqual(['repeat_rate', null, 0])
  })

  it('refuses a brand the data does not hold, naming the closest', async () => {
    const unknown = await tryTool(database(), 'kpi_summary', { ...march, brand: 'Hermez' })
    expect(unknown.ok ? '' : unknown.error.message).toMatch(/No brand 'Hermez'\. Did you mean Hermès\?/)
  })
})
