import { describe, expect, it } from 'vitest'
import type { Database } from '../../src/db/database.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Items taken into stock January–June 2025; the latest sale (Marmont, 09-30) makes 2025-09-30 the as-of date.
//   key  brand   category  grade  added  → sold    days
//   S1   LV      bag       S      01-10  → 01-25   15   fast
//   S2   Chanel  bag       S      02-01  → 03-03   30   fast (≤ 30)
//   S3   Chanel  wallet    S      03-01  unsold   213 in stock → deadstock
//   S4   LV      backpack  S      05-01  → 08-29  120
//   A1   LV      wallet    A      01-15  → 02-15   31   not fast
//   A2   Gucci   bag       A      04-01  → 09-30  182   sold, so not deadstock
//   A3   Gucci   wallet    A      04-03  unsold   180 in stock → not over 180
//   B1   Gucci   backpack  B      06-30  unsold    92 in stock
// Outside January–June: X1 (B, added 2024-12-31, sold 5 days later) and X2 (B, added 07-15, unsold).
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  const items: Array<[string, string, 'bag' | 'wallet' | 'backpack', 'S' | 'A' | 'B', string]> = [
    ['S1', 'Louis Vuitton', 'bag', 'S', '2025-01-10'],
    ['S2', 'Chanel', 'bag', 'S', '2025-02-01'],
    ['S3', 'Chanel', 'wallet', 'S', '2025-03-01'],
    ['S4', 'Louis Vuitton', 'backpack', 'S', '2025-05-01'],
    ['A1', 'Louis Vuitton', 'wallet', 'A', '2025-01-15'],
    ['A2', 'Gucci', 'bag', 'A', '2025-04-01'],
    ['A3', 'Gucci', 'wallet', 'A', '2025-04-03'],
    ['B1', 'Gucci', 'backpack', 'B', '2025-06-30'],
    ['X1', 'Gucci', 'bag', 'B', '2024-12-31'],
    ['X2', 'Gucci', 'bag', 'B', '2025-07-15'],
  ]
  for (const [key, brand, category, condition, added] of items) {
    await fixture.item(key, { brand, category, condition, cost: 100, added })
  }
  const sales: Array<[string, string]> = [
    ['S1', '2025-01-25'],
    ['S2', '2025-03-03'],
    ['S4', '2025-08-29'],
    ['A1', '2025-02-15'],
    ['A2', '2025-09-30'],
    ['X1', '2025-01-05'],
  ]
  for (const [item, date] of sales) await fixture.sale({ item, buyer: 'Ada Stone', price: 200, date })
}

const firstHalf = { from: '2025-01-01', to: '2025-06-30' }

describe.each(testEngines())('sell_through_by_condition on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('reports added, sold, sell-through, days to sell, fast movers and deadstock per grade, S → A → B', async () => {
    const envelope = await runTool(database(), 'sell_through_by_condition', firstHalf)
    expect(envelope.rows).toEqual([
      // S: 4 added, 3 sold → 75%; days 15, 30, 120 → average 55, median 30; fast 15 and 30; S3 deadstock (213 days).
      { label: 'S', items_added: 4, items_sold: 3, sell_through_percent: 75, average_days_to_sell: 55, median_days_to_sell: 30, fast_movers: 2, deadstock: 1 },
      // A: 3 added, 2 sold → 66.67%; days 31, 182 → 106.5; A3 is exactly 180 days: not deadstock.
      { label: 'A', items_added: 3, items_sold: 2, sell_through_percent: 66.67, average_days_to_sell: 106.5, median_days_to_sell: 106.5, fast_movers: 0, deadstock: 0 },
      // B: B1 only, unsold for 92 days.
      { label: 'B', items_added: 1, items_sold: 0, sell_through_percent: 0, average_days_to_sell: null, median_days_to_sell: null, fast_movers: 0, deadstock: 0 },
    ])
    // 3 + 2 + 0 = 5 of 4 + 3 + 1 = 8 → 62.5%.
    expect(envelope.narration).toBe(
      'Of 8 items taken into stock between 2025-01-01 and 2025-06-30, 5 have sold (62.5%). S sells through best: 75.0% of 4 items, ' +
        'median 30 days to sell. Deadstock: 1 item unsold over 180 days as of 2025-09-30.',
    )
    expect(envelope.chart).not.toBeNull()
  })

  it('groups by brand and by category, ties by name', async () => {
    const byBrand = await runTool(database(), 'sell_through_by_condition', { ...firstHalf, group_by: 'brand' })
    // Gucci and LV both added 3 → by name; Chanel 2.
    expect(byBrand.rows).toEqual([
      // Gucci: A2 sold (182), A3 and B1 unsold → 1 / 3 = 33.33%.
      { label: 'Gucci', items_added: 3, items_sold: 1, sell_through_percent: 33.33, average_days_to_sell: 182, median_days_to_sell: 182, fast_movers: 0, deadstock: 0 },
      // LV: 15, 31, 120 → 3 / 3; average 166 / 3 = 55.33 → 55.3; median 31; fast only S1.
      { label: 'Louis Vuitton', items_added: 3, items_sold: 3, sell_through_percent: 100, average_days_to_sell: 55.3, median_days_to_sell: 31, fast_movers: 1, deadstock: 0 },
      // Chanel: S2 sold in 30 days, S3 deadstock.
      { label: 'Chanel', items_added: 2, items_sold: 1, sell_through_percent: 50, average_days_to_sell: 30, median_days_to_sell: 30, fast_movers: 1, deadstock: 1 },
    ])
    expect(byBrand.narration).toMatch(/Louis Vuitton sells through best: 100.0% of 3 items, median 31 days to sell\./)
    const byCategory = await runTool(database(), 'sell_through_by_condition', { ...firstHalf, group_by: 'category' })
    // bag: 15, 30, 182 → 3 / 3, average 227 / 3 = 75.67 → 75.7, median 30; wallet: A1 (31) sold of 3, S3 deadstock; backpack: S4 of 2.
    expect(byCategory.rows.map((row) => [row.label, row.items_added, row.items_sold, row.sell_through_percent, row.average_days_to_sell, row.deadstock])).toEqual([
      ['bag', 3, 3, 100, 75.7, 0],
      ['wallet', 3, 1, 33.33, 31, 1],
      ['backpack', 2, 1, 50, 120, 0],
    ])
  })

  it('takes the cohort from the window by date added', async () => {
    // Default window: the 12 months to 2025-09-30 also hold X1 (sold in 5 days) and X2 (unsold 77 days), both grade B.
    const envelope = await runTool(database(), 'sell_through_by_condition', {})
    expect(envelope.rows.find((row) => row.label === 'B')).toEqual({
      label: 'B',
      items_added: 3,
      items_sold: 1,
      sell_through_percent: 33.33,
      average_days_to_sell: 5,
      median_days_to_sell: 5,
      fast_movers: 1,
      deadstock: 0,
    })
    const spring = await runTool(database(), 'sell_through_by_condition', { from: '2025-04-01', to: '2025-04-30' })
    // A2 and A3 only.
    expect(spring.rows.map((row) => [row.label, row.items_added, row.items_sold])).toEqual([['A', 2, 1]])
  })

  it('says so when no items were taken into stock in the window', async () => {
    const empty = await runTool(database(), 'sell_through_by_condition', { from: '2023-01-01', to: '2023-12-31' })
    expect(empty.rows).toEqual([])
    expect(empty.narration).toBe('No items were taken into stock between 2023-01-01 and 2023-12-31.')
    expect(empty.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badGroup = await tryTool(database(), 'sell_through_by_condition', { group_by: 'channel' })
    expect(badGroup.ok ? '' : badGroup.error.message).toMatch(/group_by: .*"condition"\|"brand"\|"category"/)
    const unknownField = await tryTool(database(), 'sell_through_by_condition', { condition: 'S' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'condition'; allowed fields: period, from, to, group_by/)
    const longWindow = await tryTool(database(), 'sell_through_by_condition', { from: '2015-01-01', to: '2025-01-01' })
    expect(longWindow.ok ? '' : longWindow.error.message).toMatch(/from: the window may span at most 5 years/)
  })
})

// Products stocked or sold more than once, the latest sale (R2's second, 2025-03-06) the as-of date:
//   key  grade  items added            sales (days held)
//   R1   S      2024-12-01, 2025-02-01  2024-12-11 (10)
//   R2   S      2025-01-05              2025-01-15 (10), 2025-03-06 (60)
//   R3   S      2025-01-01, 2025-02-01  none
//   R4   B      2024-08-01, 2025-01-01  none: 217 and 64 days in stock
async function loadRepeated(fixture: Fixture, database: Database) {
  await fixture.customer({ name: 'Ada Stone' })
  const items: Array<[string, 'S' | 'B', string, string | undefined]> = [
    ['R1', 'S', '2024-12-01', '2025-02-01'],
    ['R2', 'S', '2025-01-05', undefined],
    ['R3', 'S', '2025-01-01', '2025-02-01'],
    ['R4', 'B', '2024-08-01', '2025-01-01'],
  ]
  for (const [key, condition, added, addedAgain] of items) {
    const productId = await fixture.item(key, { brand: 'Chanel', category: 'bag', condition, cost: 100, added })
    if (addedAgain) {
      await database.sql`
        insert into inventory (product_id, quantity, purchase_price, list_price, created_at)
        values (${productId}, 1, 100, 150, ${`${addedAgain}T12:00:00Z`})`
    }
  }
  await fixture.sale({ item: 'R1', buyer: 'Ada Stone', price: 200, date: '2024-12-11' })
  await fixture.sale({ item: 'R2', buyer: 'Ada Stone', price: 200, date: '2025-01-15' })
  await fixture.sale({ item: 'R2', buyer: 'Ada Stone', price: 200, date: '2025-03-06' })
}

describe.each(testEngines())('sell_through_by_condition with products stocked or sold more than once on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => loadRepeated(new Fixture(db), db))

  it('counts each product once and each of its items with each of its sales as a line', async () => {
    const envelope = await runTool(database(), 'sell_through_by_condition', { from: '2024-07-01', to: '2025-06-30' })
    expect(envelope.rows).toEqual([
      // S: products R1, R2, R3 added, R1 and R2 sold (2 / 3). Lines: R1's two items × its sale (10, 10), R2's item × its
      // two sales (10, 60) → average 90 / 4 = 22.5, median (10 + 10) / 2 = 10; both sold products have a line ≤ 30 days.
      { label: 'S', items_added: 3, items_sold: 2, sell_through_percent: 66.67, average_days_to_sell: 22.5, median_days_to_sell: 10, fast_movers: 2, deadstock: 0 },
      // B: R4 unsold, one of its items 217 days in stock → deadstock once.
      { label: 'B', items_added: 1, items_sold: 0, sell_through_percent: 0, average_days_to_sell: null, median_days_to_sell: null, fast_movers: 0, deadstock: 1 },
    ])
    // From 2025-01-01: R1's second item (its product sold, 10 days), R2, R3's two items and R4's second (64 days).
    const later = await runTool(database(), 'sell_through_by_condition', { from: '2025-01-01', to: '2025-06-30' })
    expect(later.rows.map((row) => [row.label, row.items_added, row.items_sold, row.average_days_to_sell, row.median_days_to_sell, row.fast_movers, row.deadstock])).toEqual([
      // Lines R1 (10), R2 (10, 60), R3 ×2 unsold → average 80 / 3 = 26.7, median 10.
      ['S', 3, 2, 26.7, 10, 2, 0],
      ['B', 1, 0, null, null, 0, 0],
    ])
  })
})
