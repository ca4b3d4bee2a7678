import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Window March 2025; its previous period is February 2025 (the previous calendar month). Sales run from 2025-01-10
// to 2025-03-31, so February is fully covered. Revenue = price − discount; profit = revenue − fees − cost.
//   March:    Bag1   Chanel  bag     Ada (TX) whatnot    3,000 − 100 fees − 2,000 = 900
//             Bag2   LV      bag     Ben (NY) instagram  1,500 − 100 discount = 1,400, − 1,000 = 400
//             Wal1   LV      wallet  Ada      whatnot    500 − 200 = 300
//             Slg1   Gucci   slg     Ben      website    150 − 10 fees − 100 = 40
//   February: Bag3   Chanel  bag     Ada      whatnot    2,000 − 1,500 = 500
//             Wal2   Gucci   wallet  Ben      whatnot    1,000 − 300 = 700
//             Wal3   LV      wallet  Ada      whatnot    250 − 100 = 150
//   January:  Bag4   Chanel  bag     Ben      whatnot    800 − 500 = 300
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone', region: 'TX' })
  await fixture.customer({ name: 'Ben Marsh', region: 'NY' })
  const items: Array<[string, string, 'bag' | 'wallet' | 'small_leather_goods', number]> = [
    ['Bag1', 'Chanel', 'bag', 2000], ['Bag2', 'Louis Vuitton', 'bag', 1000], ['Wal1', 'Louis Vuitton', 'wallet', 200],
    ['Slg1', 'Gucci', 'small_leather_goods', 100], ['Bag3', 'Chanel', 'bag', 1500], ['Wal2', 'Gucci', 'wallet', 300],
    ['Wal3', 'Louis Vuitton', 'wallet', 100], ['Bag4', 'Chanel', 'bag', 500],
  ]
  for (const [key, brand, category, cost] of items) await fixture.item(key, { brand, category, cost, added: '2024-12-01' })
  await fixture.sale({ item: 'Bag1', buyer: 'Ada Stone', price: 3000, fees: 100, date: '2025-03-03' })
  await fixture.sale({ item: 'Bag2', buyer: 'Ben Marsh', price: 1500, discount: 100, date: '2025-03-12', channel: 'instagram' })
  await fixture.sale({ item: 'Wal1', buyer: 'Ada Stone', price: 500, date: '2025-03-31' })
  await fixture.sale({ item: 'Slg1', buyer: 'Ben Marsh', price: 150, fees: 10, date: '2025-03-20', channel: 'website' })
  await fixture.sale({ item: 'Bag3', buyer: 'Ada Stone', price: 2000, date: '2025-02-10' })
  await fixture.sale({ item: 'Wal2', buyer: 'Ben Marsh', price: 1000, date: '2025-02-15' })
  await fixture.sale({ item: 'Wal3', buyer: 'Ada Stone', price: 250, date: '2025-02-20' })
  await fixture.sale({ item: 'Bag4', buyer: 'Ben Marsh', price: 800, date: '2025-01-10' })
}

const march = { from: '2025-03-01', to: '2025-03-31' }
const changes = (rows: Record<string, unknown>[]) =>
  rows.map((row) => [row.category, row.revenue, row.previous_revenue, row.revenue_change_percent, row.units_change_percent])

describe.each(testEngines())('category_performance on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('reports each category with its share of revenue and its change on the previous period', async () => {
    const envelope = await runTool(database(), 'category_performance', march)
    expect(envelope.rows).toEqual([
      // Bags: 3,000 + 1,400 = 4,400 revenue, 900 + 400 = 1,300 profit, 1,300 / 4,400 = 29.55%, 4,400 / 2 = 2,200 a unit;
      // 4,400 / 5,050 = 87.13% of revenue; February 2,000 from 1 unit: +120% revenue, +100% units.
      { category: 'bag', units: 2, orders: 2, revenue: 4400, gross_profit: 1300, margin_percent: 29.55, average_price: 2200, previous_revenue: 2000, previous_units: 1, revenue_share_percent: 87.13, revenue_change_percent: 120, units_change_percent: 100 },
      // Wallets: 500, 300 profit = 60%; 500 / 5,050 = 9.9%; February 1,000 + 250 = 1,250 from 2: −60% revenue, −50% units.
      { category: 'wallet', units: 1, orders: 1, revenue: 500, gross_profit: 300, margin_percent: 60, average_price: 500, previous_revenue: 1250, previous_units: 2, revenue_share_percent: 9.9, revenue_change_percent: -60, units_change_percent: -50 },
      // Small leather goods: 40 / 150 = 26.67%; 150 / 5,050 = 2.97%; nothing in February, so no change.
      { category: 'small_leather_goods', units: 1, orders: 1, revenue: 150, gross_profit: 40, margin_percent: 26.67, average_price: 150, previous_revenue: 0, previous_units: 0, revenue_share_percent: 2.97, revenue_change_percent: null, units_change_percent: null },
      // No backpack sold in either month: listed last with zeros.
      { category: 'backpack', units: 0, orders: 0, revenue: 0, gross_profit: 0, margin_percent: 0, average_price: 0, previous_revenue: 0, previous_units: 0, revenue_share_percent: 0, revenue_change_percent: null, units_change_percent: null },
    ])
    expect(envelope.narration).toBe(
      'Bag leads on revenue between 2025-03-01 and 2025-03-31: $4,400 revenue (87.1% of the total) from 2 units, $1,300 gross profit at 29.6% margin, up 120.0% on the previous period. ' +
        'Wallet: $500.00 (60.0% margin, down 60.0% on the previous period). Small leather goods: $150.00 (26.7% margin). 1 category had no sales.',
    )
    expect(envelope.comparisons).toEqual([
      { kind: 'previous_period', from: '2025-02-01', to: '2025-02-28', label: 'February 2025', rule: 'the previous calendar month' },
    ])
    expect(envelope.chart).toBeDefined()
  })

  it('applies the sales filters from the rollup and from the sales (state), and sorts by margin', async () => {
    // Whatnot: bags 3,000 (Bag1) vs 2,000 (Bag3) = +50%; wallets 500 vs 1,250 = −60%; Bag2 and Slg1 sold elsewhere.
    const whatnot = await runTool(database(), 'category_performance', { ...march, channel: 'whatnot' })
    expect(changes(whatnot.rows)).toEqual([
      ['bag', 3000, 2000, 50, 0],
      ['wallet', 500, 1250, -60, -50],
      ['backpack', 0, 0, null, null],
      ['small_leather_goods', 0, 0, null, null],
    ])
    // Texas buyers (Ada): bags 3,000 vs 2,000 = +50%; wallets 500 vs 250 (Wal3) = +100%.
    const texas = await runTool(database(), 'category_performance', { ...march, region: 'Texas' })
    expect(changes(texas.rows).slice(0, 2)).toEqual([['bag', 3000, 2000, 50, 0], ['wallet', 500, 250, 100, 0]])
    expect(texas.narration).toMatch(/^Bag leads on revenue between 2025-03-01 and 2025-03-31 with region TX: \$3,000 revenue/)
    // 'LV' reads as Louis Vuitton: bags 1,400 vs nothing; wallets 500 vs 250.
    const lvWallets = await runTool(database(), 'category_performance', { ...march, brand: 'LV', category: 'wallet' })
    expect(changes(lvWallets.rows)).toEqual([['wallet', 500, 250, 100, 0]])
    // Margin: wallets 60%, bags 29.55%, small leather goods 26.67%.
    const byMargin = await runTool(database(), 'category_performance', { ...march, sort_by: 'margin' })
    expect(byMargin.rows.map((row) => row.category)).toEqual(['wallet', 'bag', 'small_leather_goods', 'backpack'])
  })

  it('withholds changes against a period the data does not reach, and says when nothing sold', async () => {
    // January 2025 against December 2024, before the first sale (2025-01-10).
    const january = await runTool(database(), 'category_performance', { from: '2025-01-01', to: '2025-01-31' })
    expect(january.rows[0]).toMatchObject({ category: 'bag', revenue: 800, previous_revenue: null, previous_units: null, revenue_change_percent: null })
    expect(january.assumptions.join(' ')).toMatch(/Changes are withheld/)
    const empty = await runTool(database(), 'category_performance', { from: '2024-06-01', to: '2024-06-30' })
    expect(empty.narration).toBe('No sales between 2024-06-01 and 2024-06-30.')
    expect(empty.chart).toBeNull()
  })

  it('refuses bad input with what is allowed', async () => {
    const sort = await tryTool(database(), 'category_performance', { sort_by: 'speed' })
    expect(sort.ok ? '' : sort.error.message).toMatch(/sort_by: .*"revenue"\|"gross_profit"\|"margin"\|"units"/)
    const category = await tryTool(database(), 'category_performance', { category: 'shoes' })
    expect(category.ok ? '' : category.error.message).toMatch(/category: .*"bag"\|"wallet"\|"backpack"\|"small_leather_goods"/)
  })
})
