import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Nine items, one unit each; the two sold (Birkin 30, Classic Wallet) count 0. The last sale, 2025-06-30, is today.
//   key    brand          name (the model)               category  grade  cost    list    stock
//   B25a   Hermès         Hermès Birkin 25               bag       S      20,000  28,000  1
//   B25b   Hermès         Hermès Birkin 25               bag       A      18,000  26,000  1
//   B30    Hermès         Hermès Birkin 30               bag       A      15,000  24,000  0 (sold)
//   K28    Hermès         Hermès Kelly 28                bag       B      12,000  18,000  1
//   N1-3   Louis Vuitton  Louis Vuitton Neverfull MM     bag       A/B/A  900/700/800  1,400/1,100/1,200  1 each
//   Zippy  Louis Vuitton  Louis Vuitton Zippy Wallet     wallet    A      400     650     1
//   CW     Chanel         Chanel Classic Wallet          wallet    S      1,000   1,600   0 (sold)
async function load(fixture: Fixture) {
  const items: Array<[string, string, string, 'bag' | 'wallet', 'S' | 'A' | 'B', number, number]> = [
    ['B25a', 'Hermès', 'Hermès Birkin 25', 'bag', 'S', 20000, 28000],
    ['B25b', 'Hermès', 'Hermès Birkin 25', 'bag', 'A', 18000, 26000],
    ['B30', 'Hermès', 'Hermès Birkin 30', 'bag', 'A', 15000, 24000],
    ['K28', 'Hermès', 'Hermès Kelly 28', 'bag', 'B', 12000, 18000],
    ['N1', 'Louis Vuitton', 'Louis Vuitton Neverfull MM', 'bag', 'A', 900, 1400],
    ['N2', 'Louis Vuitton', 'Louis Vuitton Neverfull MM', 'bag', 'B', 700, 1100],
    ['N3', 'Louis Vuitton', 'Louis Vuitton Neverfull MM', 'bag', 'A', 800, 1200],
    ['Zippy', 'Louis Vuitton', 'Louis Vuitton Zippy Wallet', 'wallet', 'A', 400, 650],
    ['CW', 'Chanel', 'Chanel Classic Wallet', 'wallet', 'S', 1000, 1600],
  ]
  for (const [key, brand, name, category, condition, cost, listPrice] of items) {
    await fixture.item(key, { brand, name, category, condition, cost, listPrice, added: '2025-01-15' })
  }
  await fixture.sale({ item: 'B30', price: 26000, date: '2025-06-02' })
  await fixture.sale({ item: 'CW', price: 1500, date: '2025-06-30' })
}

const units = (rows: Record<string, unknown>[]) => rows.map((row) => [row.brand, row.model, row.category, row.condition, row.in_stock])

describe.each(testEngines())('stock_levels on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('counts what is in stock now per model, most units first, with values at cost and list', async () => {
    const envelope = await runTool(database(), 'stock_levels', {})
    expect(envelope.rows).toEqual([
      // 900 + 700 + 800 = 2,400 at cost; 1,400 + 1,100 + 1,200 = 3,700 at list.
      { brand: 'Louis Vuitton', model: 'Louis Vuitton Neverfull MM', category: 'bag', condition: null, in_stock: 3, stock_value_at_cost: 2400, stock_value_at_list: 3700, groups_matching: 4, sold_out_matching: 0 },
      // Birkin 30 sold: only the two Birkin 25, 20,000 + 18,000 and 28,000 + 26,000.
      { brand: 'Hermès', model: 'Hermès Birkin 25', category: 'bag', condition: null, in_stock: 2, stock_value_at_cost: 38000, stock_value_at_list: 54000, groups_matching: 4, sold_out_matching: 0 },
      // One unit each: the larger list value first.
      { brand: 'Hermès', model: 'Hermès Kelly 28', category: 'bag', condition: null, in_stock: 1, stock_value_at_cost: 12000, stock_value_at_list: 18000, groups_matching: 4, sold_out_matching: 0 },
      { brand: 'Louis Vuitton', model: 'Louis Vuitton Zippy Wallet', category: 'wallet', condition: null, in_stock: 1, stock_value_at_cost: 400, stock_value_at_list: 650, groups_matching: 4, sold_out_matching: 0 },
    ])
    // 3 + 2 + 1 + 1 = 7 units; list 3,700 + 54,000 + 18,000 + 650 = 76,350; cost 2,400 + 38,000 + 12,000 + 400 = 52,800.
    expect(envelope.narration).toBe(
      'As of 2025-06-30, 7 units are in stock across the 4 models shown, worth $76,350 at list and $52,800 at cost. ' +
        'Most in stock: Louis Vuitton Neverfull MM with 3 units ($3,700 at list).',
    )
    expect(envelope.parameters).toEqual({ group_by: 'model', limit: 20 })
    expect(envelope.chart).toBeDefined()
  })

  it('lists low stock below a threshold, sold-out models included, fewest first', async () => {
    const envelope = await runTool(database(), 'stock_levels', { below: 2 })
    // Fewer than 2: the two sold-out models (0 units, $0: by brand, Chanel before Hermès), then Kelly and Zippy (1 each).
    expect(units(envelope.rows)).toEqual([
      ['Chanel', 'Chanel Classic Wallet', 'wallet', null, 0],
      ['Hermès', 'Hermès Birkin 30', 'bag', null, 0],
      ['Hermès', 'Hermès Kelly 28', 'bag', null, 1],
      ['Louis Vuitton', 'Louis Vuitton Zippy Wallet', 'wallet', null, 1],
    ])
    expect(envelope.narration).toBe('As of 2025-06-30, 4 models have fewer than 2 units in stock (2 sold out). Lowest: Chanel Classic Wallet with 0 units.')
    // With a limit the narration still counts every low model, and says which are shown.
    const lowest = await runTool(database(), 'stock_levels', { below: 2, limit: 1 })
    expect(lowest.rows).toHaveLength(1)
    expect(lowest.narration).toBe(
      'As of 2025-06-30, 4 models have fewer than 2 units in stock (2 sold out). Lowest: Chanel Classic Wallet with 0 units; only the lowest is shown.',
    )
    const top = await runTool(database(), 'stock_levels', { limit: 2 })
    expect(top.narration).toMatch(/^As of 2025-06-30, 5 units are in stock across the 2 models shown \(of 4 in stock\), worth/)
  })

  it('filters by model name, brand alias, category and condition, and groups by brand, category and condition', async () => {
    // "birkin" matches both Birkin models whatever the case; by brand, the Birkin 25 pair is all that is left.
    const birkins = await runTool(database(), 'stock_levels', { model: 'birkin', group_by: 'brand' })
    expect(birkins.rows).toEqual([
      { brand: 'Hermès', model: null, category: null, condition: null, in_stock: 2, stock_value_at_cost: 38000, stock_value_at_list: 54000, groups_matching: 1, sold_out_matching: 0 },
    ])
    const soldOutBirkin = await runTool(database(), 'stock_levels', { model: 'Birkin 30', below: 1 })
    expect(units(soldOutBirkin.rows)).toEqual([['Hermès', 'Hermès Birkin 30', 'bag', null, 0]])
    // Bags: 2 Birkin 25 + Kelly + 3 Neverfull = 6 units; wallets: Zippy only (the Chanel wallet sold).
    const byCategory = await runTool(database(), 'stock_levels', { group_by: 'category' })
    expect(units(byCategory.rows)).toEqual([[null, null, 'bag', null, 6], [null, null, 'wallet', null, 1]])
    expect(byCategory.rows[0]).toMatchObject({ stock_value_at_list: 75700 })
    // 'hermes' reads as Hermès: one unit per grade, ordered by list value 28,000 (S), 26,000 (A), 18,000 (B).
    const hermesByGrade = await runTool(database(), 'stock_levels', { brand: 'hermes', group_by: 'condition' })
    expect(units(hermesByGrade.rows)).toEqual([[null, null, null, 'S', 1], [null, null, null, 'A', 1], [null, null, null, 'B', 1]])
    const lvWallets = await runTool(database(), 'stock_levels', { brand: 'LV', category: 'wallet', condition: 'A' })
    expect(units(lvWallets.rows)).toEqual([['Louis Vuitton', 'Louis Vuitton Zippy Wallet', 'wallet', null, 1]])
    // A model no product name holds is refused with the closest names, never answered as "nothing in stock".
    const none = await tryTool(database(), 'stock_levels', { model: 'Speedy' })
    expect(none.ok).toBe(false)
    if (!none.ok) expect(none.error.message).toMatch(/^Invalid arguments for stock_levels: model: No product name contains 'Speedy'\./)
  })

  it('refuses bad input with what is allowed', async () => {
    const below = await tryTool(database(), 'stock_levels', { below: 0 })
    expect(below.ok ? '' : below.error.message).toMatch(/below: must be a whole number from 1 to 1000/)
    const group = await tryTool(database(), 'stock_levels', { group_by: 'supplier' })
    expect(group.ok ? '' : group.error.message).toMatch(/group_by: .*"model"\|"brand"\|"category"\|"condition"/)
    const window = await tryTool(database(), 'stock_levels', { period: 'last_30_days' })
    expect(window.ok ? '' : window.error.message).toMatch(/unknown field 'period'; allowed fields: group_by, below, brand, model, category, condition, limit/)
  })
})
