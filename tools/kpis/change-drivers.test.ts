import { describe, expect, it } from 'vitest'
import { compile } from 'vega-lite'
import { asChartSpec } from '../../src/charts/spec.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// February 2025 (comparison) and March 2025 (window), plus one sale in March 2024. Gross profit = price − cost (no fees).
//   item  brand          category  condition  cost   price  date        channel    buyer (region)
//   A     Chanel         bag       A          600    1000   2025-02-10  whatnot    Ada (CA)      profit 400
//   B     Gucci          wallet    A          300     500   2025-02-12  instagram  Ben (NY)      profit 200
//   C     Louis Vuitton  bag       A          500     800   2025-02-20  whatnot    Ada (CA)      profit 300
//   D     Chanel         bag       S          1200   2000   2025-03-05  whatnot    Ada (CA)      profit 800
//   E     Chanel         wallet    A          400     700   2025-03-10  website    Ben (NY)      profit 300
//   F     Gucci          wallet    A          150     200   2025-03-12  instagram  Ben (NY)      profit 50
//   G     Louis Vuitton  bag       A          600     900   2025-03-20  whatnot    Cleo (TX)     profit 300
//   H     Chanel         bag       A          1000   1500   2024-03-15  whatnot    Ada (CA)      profit 500
// March 2025 revenue: 2000 + 700 + 200 + 900 = 3,800. February: 1000 + 500 + 800 = 2,300.
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone', region: 'CA' })
  await fixture.customer({ name: 'Ben Hale', region: 'NY' })
  await fixture.customer({ name: 'Cleo Park', region: 'TX' })
  const items = [
    ['A', 'Chanel', 'bag', 'A', 600, 1000, '2025-02-10', 'whatnot', 'Ada Stone'],
    ['B', 'Gucci', 'wallet', 'A', 300, 500, '2025-02-12', 'instagram', 'Ben Hale'],
    ['C', 'Louis Vuitton', 'bag', 'A', 500, 800, '2025-02-20', 'whatnot', 'Ada Stone'],
    ['D', 'Chanel', 'bag', 'S', 1200, 2000, '2025-03-05', 'whatnot', 'Ada Stone'],
    ['E', 'Chanel', 'wallet', 'A', 400, 700, '2025-03-10', 'website', 'Ben Hale'],
    ['F', 'Gucci', 'wallet', 'A', 150, 200, '2025-03-12', 'instagram', 'Ben Hale'],
    ['G', 'Louis Vuitton', 'bag', 'A', 600, 900, '2025-03-20', 'whatnot', 'Cleo Park'],
    ['H', 'Chanel', 'bag', 'A', 1000, 1500, '2024-03-15', 'whatnot', 'Ada Stone'],
    // The first sale in the data (2024-01-10), in no period compared below: March 2024 is fully covered.
    ['I', 'Chanel', 'bag', 'A', 100, 200, '2024-01-10', 'whatnot', 'Ada Stone'],
  ] as const
  for (const [key, brand, category, condition, cost, price, date, channel, buyer] of items) {
    await fixture.item(key, { brand, category, condition, cost, added: '2024-01-01' })
    await fixture.sale({ item: key, price, date, channel, buyer })
  }
}

const march = { from: '2025-03-01', to: '2025-03-31' }

describe.each(testEngines())('change_drivers on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('splits the change in revenue by brand against the previous period', async () => {
    // Previous period: March is a calendar month, so February 2025 (2025-02-01 … 02-28). Total change 3,800 − 2,300 = +1,500 (65.2%).
    // Chanel 1000 → 2700: +1,700 (+170.0%), 1700 / 1500 = 113.3% of the change.
    // Gucci 500 → 200: −300 (−60.0%), −20.0%.   Louis Vuitton 800 → 900: +100 (+12.5%), 6.7%.  113.3 − 20.0 + 6.7 = 100.
    const envelope = await runTool(database(), 'change_drivers', march)
    expect(envelope.rows).toEqual([
      { member: 'Chanel', is_other: false, members: 1, comparison_value: 1000, current_value: 2700, change: 1700, change_percent: 170, contribution_percent: 113.3 },
      { member: 'Gucci', is_other: false, members: 1, comparison_value: 500, current_value: 200, change: -300, change_percent: -60, contribution_percent: -20 },
      { member: 'Louis Vuitton', is_other: false, members: 1, comparison_value: 800, current_value: 900, change: 100, change_percent: 12.5, contribution_percent: 6.7 },
    ])
    expect(envelope.narration).toBe(
      'Revenue rose $1,500 (65.2%) from $2,300 (2025-02-01 to 2025-02-28) to $3,800 (2025-03-01 to 2025-03-31); ' +
        'the biggest driver was Chanel (+$1,700, 113.3% of the change), while Gucci moved the other way (−$300.00).',
    )
    expect(envelope.assumptions).toContain('Comparison period: 2025-02-01 to 2025-02-28 (February 2025, the previous calendar month).')
    expect(() => compile(asChartSpec(envelope.chart!))).not.toThrow()
  })

  it('sums the members beyond the limit into an Other row, so the rows still add up', async () => {
    const envelope = await runTool(database(), 'change_drivers', { ...march, limit: 2 })
    expect(envelope.rows.map((row) => [row.member, row.is_other, row.members, row.change, row.contribution_percent])).toEqual([
      ['Chanel', false, 1, 1700, 113.3],
      ['Gucci', false, 1, -300, -20],
      ['Other', true, 1, 100, 6.7],
    ])
  })

  it('compares with the same dates last year', async () => {
    // 2024-03-01 … 2024-03-31: only H (Chanel, 1,500). Change 3,800 − 1,500 = +2,300 (153.3%).
    // Chanel 1500 → 2700: +1,200 (+80.0%), 1200 / 2300 = 52.2%; Louis Vuitton 0 → 900: 39.1%; Gucci 0 → 200: 8.7%.
    const envelope = await runTool(database(), 'change_drivers', { ...march, compare_to: 'last_year' })
    expect(envelope.rows.map((row) => [row.member, row.change, row.change_percent, row.contribution_percent])).toEqual([
      ['Chanel', 1200, 80, 52.2],
      ['Louis Vuitton', 900, null, 39.1],
      ['Gucci', 200, null, 8.7],
    ])
    expect(envelope.narration).toBe(
      'Revenue rose $2,300 (153.3%) from $1,500 (2024-03-01 to 2024-03-31) to $3,800 (2025-03-01 to 2025-03-31); ' +
        'the biggest driver was Chanel (+$1,200, 52.2% of the change).',
    )
  })

  it('takes explicit comparison dates, by channel', async () => {
    // 2025-02-01 … 2025-02-15: A (whatnot 1,000) and B (instagram 500) = 1,500; change +2,300.
    // whatnot 1000 → 2900 (D + G): +1,900 = 82.6%; website 0 → 700: 30.4%; instagram 500 → 200: −300 = −13.0%.
    const envelope = await runTool(database(), 'change_drivers', {
      ...march,
      dimension: 'channel',
      compare_from: '2025-02-01',
      compare_to_date: '2025-02-15',
    })
    expect(envelope.rows.map((row) => [row.member, row.comparison_value, row.current_value, row.contribution_percent])).toEqual([
      ['whatnot', 1000, 2900, 82.6],
      ['website', 0, 700, 30.4],
      ['instagram', 500, 200, -13],
    ])
    expect(envelope.assumptions).toContain('Comparison period: 2025-02-01 to 2025-02-15 (as given).')
  })

  it('breaks down by the buyer\'s region, gross profit by category and orders by condition', async () => {
    // Region: CA 1800 (A + C) → 2000 (D): +200; NY 500 → 900 (E + F): +400; TX 0 → 900 (G): +900. Of +1,500: 60.0, 26.7, 13.3.
    const region = await runTool(database(), 'change_drivers', { ...march, dimension: 'region' })
    expect(region.rows.map((row) => [row.member, row.change, row.contribution_percent])).toEqual([
      ['TX', 900, 60],
      ['NY', 400, 26.7],
      ['CA', 200, 13.3],
    ])
    // Gross profit: bag 400 + 300 = 700 → 800 + 300 = 1,100 (+400, +57.1%); wallet 200 → 300 + 50 = 350 (+150, +75.0%).
    // Total 900 → 1,450: +550 (61.1%); bag 400 / 550 = 72.7%, wallet 27.3%.
    const profit = await runTool(database(), 'change_drivers', { ...march, metric: 'gross_profit', dimension: 'category' })
    expect(profit.rows.map((row) => [row.member, row.comparison_value, row.current_value, row.change_percent, row.contribution_percent])).toEqual([
      ['bag', 700, 1100, 57.1, 72.7],
      ['wallet', 200, 350, 75, 27.3],
    ])
    expect(profit.narration).toBe(
      'Gross profit rose $550.00 (61.1%) from $900.00 (2025-02-01 to 2025-02-28) to $1,450 (2025-03-01 to 2025-03-31); ' +
        'the biggest driver was bag (+$400.00, 72.7% of the change).',
    )
    // Orders: condition A 3 → 3 (E, F, G), S 0 → 1 (D): +1 of +1 = 100% of the change; A is unchanged (0%).
    const orders = await runTool(database(), 'change_drivers', { ...march, metric: 'orders', dimension: 'condition' })
    expect(orders.rows.map((row) => [row.member, row.comparison_value, row.current_value, row.contribution_percent])).toEqual([
      ['S', 0, 1, 100],
      ['A', 3, 3, 0],
    ])
    expect(orders.narration).toMatch(/^Orders rose 1 \(33\.3%\) from 3 .* to 4 .*; the biggest driver was S \(\+1, 100\.0% of the change\)\.$/)
  })

  it('explains a fall, naming what moved against it', async () => {
    // 2025-03-11 … 03-20 (F 200 + G 900 = 1,100) against the 10 days before, 03-01 … 03-10 (D 2000 + E 700 = 2,700):
    // −1,600 (59.3%). Chanel −2,700 → −2700 / −1600 = 168.8%; Louis Vuitton +900 → −56.3%; Gucci +200 → −12.5%.
    const envelope = await runTool(database(), 'change_drivers', { from: '2025-03-11', to: '2025-03-20' })
    expect(envelope.rows.map((row) => [row.member, row.change, row.contribution_percent])).toEqual([
      ['Chanel', -2700, 168.8],
      ['Louis Vuitton', 900, -56.3],
      ['Gucci', 200, -12.5],
    ])
    expect(envelope.narration).toBe(
      'Revenue fell $1,600 (59.3%) from $2,700 (2025-03-01 to 2025-03-10) to $1,100 (2025-03-11 to 2025-03-20); ' +
        'the biggest driver was Chanel (−$2,700, 168.8% of the change), while Louis Vuitton moved the other way (+$900.00).',
    )
  })

  it('handles a single day, a leap day last year and a window without sales', async () => {
    // 2025-03-05 against 2025-03-04: Chanel 0 → 2,000, all of the change; no percentage from $0.
    const day = await runTool(database(), 'change_drivers', { from: '2025-03-05', to: '2025-03-05' })
    expect(day.rows).toEqual([
      { member: 'Chanel', is_other: false, members: 1, comparison_value: 0, current_value: 2000, change: 2000, change_percent: null, contribution_percent: 100 },
    ])
    expect(day.narration).toBe(
      'Revenue rose $2,000 from $0.00 (2025-03-04 to 2025-03-04) to $2,000 (2025-03-05 to 2025-03-05); ' +
        'the biggest driver was Chanel (+$2,000, 100.0% of the change).',
    )
    const leap = await runTool(database(), 'change_drivers', { from: '2024-02-29', to: '2024-03-31', compare_to: 'last_year' })
    expect(leap.assumptions).toContain('Comparison period: 2023-02-28 to 2023-03-31 (the same dates a year earlier).')
    const empty = await runTool(database(), 'change_drivers', { from: '2025-06-01', to: '2025-06-30' })
    expect(empty.rows).toEqual([])
    expect(empty.chart).toBeNull()
    // June 2025 against May 2025, both after the data ends (2025-03-20): said, and the window is not moved.
    expect(empty.narration).toBe(
      'No sales between 2025-06-01 and 2025-06-30 or between 2025-05-01 and 2025-05-31. Sales are recorded up to 2025-03-20; June 2025 has none yet.',
    )
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badDimension = await tryTool(database(), 'change_drivers', { dimension: 'colour' })
    expect(badDimension.ok ? '' : badDimension.error.message).toMatch(
      /dimension: .*"brand"\|"category"\|"condition"\|"channel"\|"region"/,
    )
    const badMetric = await tryTool(database(), 'change_drivers', { metric: 'profit' })
    expect(badMetric.ok ? '' : badMetric.error.message).toMatch(/metric: .*"revenue"\|"orders"\|"gross_profit"\|"units"/)
    const halfComparison = await tryTool(database(), 'change_drivers', { compare_from: '2025-02-01' })
    expect(halfComparison.ok ? '' : halfComparison.error.message).toMatch(/compare_to_date: is needed with compare_from \(give both, or neither\)/)
    const backwardsComparison = await tryTool(database(), 'change_drivers', { compare_from: '2025-02-15', compare_to_date: '2025-02-01' })
    expect(backwardsComparison.ok ? '' : backwardsComparison.error.message).toMatch(
      /compare_to_date: must be on or after compare_from \(2025-02-15\); got 2025-02-01/,
    )
    const backwards = await tryTool(database(), 'change_drivers', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
    const unknownField = await tryTool(database(), 'change_drivers', { versus: 'last_year' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(
      /unknown field 'versus'; allowed fields: period, from, to, metric, dimension, compare_to, compare_from, compare_to_date, limit/,
    )
  })
})
