import { compile, type TopLevelSpec } from 'vega-lite'
import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// The only sale (Classic Flap, 2025-09-30) sets the as-of date. Unsold stock, days in stock to 09-30 and bucket:
//   Kelly     Hermès  bag       A  cost 9,000  list 13,500  added 09-20    10 days  0–30
//   Evelyne   Hermès  bag       B  cost 2,000  list  3,000  added 01-01   272 days  over 180
//   Speedy    LV      bag       S  cost   700  list  1,050  added 08-01    60 days  31–90
//   Pochette  LV      slg       A  cost   300  list    450  added 07-02    90 days  31–90
//   Keepall   LV      backpack  A  cost 1,000  list  1,400  added 07-01    91 days  91–180
//   Marmont   Gucci   wallet    B  cost   200  list    320  added 04-03   180 days  91–180
//   Ophidia   Gucci   wallet    A  cost   150  list    250  added 04-02   181 days  over 180
//   Galleria  Prada   bag       S  cost 2,000  list  3,000  added 10-05, after the as-of date → 0 days, 0–30
// Markdown rule: 0% / 10% / 20% / 30% of list value by bucket.
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('Kelly', { brand: 'Hermès', condition: 'A', cost: 9000, listPrice: 13500, added: '2025-09-20' })
  await fixture.item('Evelyne', { brand: 'Hermès', condition: 'B', cost: 2000, listPrice: 3000, added: '2025-01-01' })
  await fixture.item('Speedy', { brand: 'Louis Vuitton', condition: 'S', cost: 700, listPrice: 1050, added: '2025-08-01' })
  await fixture.item('Pochette', { brand: 'Louis Vuitton', category: 'small_leather_goods', condition: 'A', cost: 300, listPrice: 450, added: '2025-07-02' })
  await fixture.item('Keepall', { brand: 'Louis Vuitton', category: 'backpack', condition: 'A', cost: 1000, listPrice: 1400, added: '2025-07-01' })
  await fixture.item('Marmont', { brand: 'Gucci', category: 'wallet', condition: 'B', cost: 200, listPrice: 320, added: '2025-04-03' })
  await fixture.item('Ophidia', { brand: 'Gucci', category: 'wallet', condition: 'A', cost: 150, listPrice: 250, added: '2025-04-02' })
  await fixture.item('Galleria', { brand: 'Prada', condition: 'S', cost: 2000, listPrice: 3000, added: '2025-10-05' })
  await fixture.item('Classic Flap', { brand: 'Chanel', cost: 3000, added: '2025-06-01' })
  await fixture.sale({ item: 'Classic Flap', buyer: 'Ada Stone', price: 4000, date: '2025-09-30' })
}

describe.each(testEngines())('inventory_aging on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('buckets unsold stock by age per brand with values at cost and list and a suggested markdown', async () => {
    const envelope = await runTool(database(), 'inventory_aging', {})
    // Brands by stock value at cost: Hermès 11,000; LV 700 + 300 + 1,000 = 2,000 and Prada 2,000 (tie, by name); Gucci 350.
    // Chanel's only item is sold.
    expect(envelope.rows).toEqual([
      { label: 'Hermès', age_bucket: '0–30 days', bucket_order: 1, items: 1, stock_value_at_cost: 9000, stock_value_at_list: 13500, average_days_in_stock: 10, suggested_markdown_percent: 0, markdown_amount: 0 },
      // 3,000 × 30% = 900.
      { label: 'Hermès', age_bucket: 'over 180 days', bucket_order: 4, items: 1, stock_value_at_cost: 2000, stock_value_at_list: 3000, average_days_in_stock: 272, suggested_markdown_percent: 30, markdown_amount: 900 },
      // Speedy + Pochette: (60 + 90) / 2 = 75 days; list 1,500 × 10% = 150.
      { label: 'Louis Vuitton', age_bucket: '31–90 days', bucket_order: 2, items: 2, stock_value_at_cost: 1000, stock_value_at_list: 1500, average_days_in_stock: 75, suggested_markdown_percent: 10, markdown_amount: 150 },
      // 1,400 × 20% = 280.
      { label: 'Louis Vuitton', age_bucket: '91–180 days', bucket_order: 3, items: 1, stock_value_at_cost: 1000, stock_value_at_list: 1400, average_days_in_stock: 91, suggested_markdown_percent: 20, markdown_amount: 280 },
      { label: 'Prada', age_bucket: '0–30 days', bucket_order: 1, items: 1, stock_value_at_cost: 2000, stock_value_at_list: 3000, average_days_in_stock: 0, suggested_markdown_percent: 0, markdown_amount: 0 },
      // 320 × 20% = 64; 250 × 30% = 75. Marmont at exactly 180 days stays in 91–180.
      { label: 'Gucci', age_bucket: '91–180 days', bucket_order: 3, items: 1, stock_value_at_cost: 200, stock_value_at_list: 320, average_days_in_stock: 180, suggested_markdown_percent: 20, markdown_amount: 64 },
      { label: 'Gucci', age_bucket: 'over 180 days', bucket_order: 4, items: 1, stock_value_at_cost: 150, stock_value_at_list: 250, average_days_in_stock: 181, suggested_markdown_percent: 30, markdown_amount: 75 },
    ])
    // 8 items; cost 11,000 + 2,000 + 2,000 + 350 = 15,350; list 13,500 + 3,000 + 1,050 + 450 + 1,400 + 320 + 250 + 3,000 = 22,970;
    // over 180 days: Evelyne + Ophidia = 2 items, 2,150 at cost; markdowns 900 + 150 + 280 + 64 + 75 = 1,469.
    expect(envelope.narration).toBe(
      'As of 2025-09-30, 8 items are in stock across the 4 brands shown: $15,350 at cost, $22,970 at list. ' +
        '2 items ($2,150 at cost) have been in stock over 180 days, the largest share in Hermès ($2,000 at cost). ' +
        'The suggested markdowns (0% / 10% / 20% / 30% by age) would take $1,469 off list prices.',
    )
    expect(envelope.assumptions).toContain(
      'Suggested markdown on list price by age: 0% up to 30 days in stock, 10% for 31–90 days, 20% for 91–180 days, 30% over 180 days.',
    )
    expect(envelope.parameters).toEqual({ group_by: 'brand', limit: 20 })
    // The stacked bars compile as Vega-Lite.
    expect(() => compile(envelope.chart as unknown as TopLevelSpec)).not.toThrow()
  })

  it('groups by condition and by category', async () => {
    const byCondition = await runTool(database(), 'inventory_aging', { group_by: 'condition' })
    // A: 9,000 + 300 + 1,000 + 150 = 10,450; S: 700 + 2,000 = 2,700; B: 2,000 + 200 = 2,200.
    expect(byCondition.rows.map((row) => [row.label, row.age_bucket, row.items, row.stock_value_at_cost])).toEqual([
      ['A', '0–30 days', 1, 9000],
      ['A', '31–90 days', 1, 300],
      ['A', '91–180 days', 1, 1000],
      ['A', 'over 180 days', 1, 150],
      ['S', '0–30 days', 1, 2000],
      ['S', '31–90 days', 1, 700],
      ['B', '91–180 days', 1, 200],
      ['B', 'over 180 days', 1, 2000],
    ])
    const byCategory = await runTool(database(), 'inventory_aging', { group_by: 'category' })
    // bag 13,700 (Kelly and Galleria share 0–30: 2 items, (10 + 0) / 2 = 5 days), backpack 1,000, wallet 350, slg 300.
    expect(byCategory.rows[0]).toMatchObject({ label: 'bag', age_bucket: '0–30 days', items: 2, stock_value_at_cost: 11000, stock_value_at_list: 16500, average_days_in_stock: 5 })
    expect([...new Set(byCategory.rows.map((row) => row.label))]).toEqual(['bag', 'backpack', 'wallet', 'small_leather_goods'])
  })

  it('limits the groups, not the rows, breaking value ties by name', async () => {
    const two = await runTool(database(), 'inventory_aging', { limit: 2 })
    expect(two.rows.map((row) => `${row.label} ${row.bucket_order}`)).toEqual(['Hermès 1', 'Hermès 4', 'Louis Vuitton 2', 'Louis Vuitton 3'])
    expect(two.narration).toMatch(/^As of 2025-09-30, 5 items are in stock across the 2 brands shown: \$13,000 at cost, \$19,400 at list\./)
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const windowField = await tryTool(database(), 'inventory_aging', { period: 'last_30_days' })
    expect(windowField.ok ? '' : windowField.error.message).toMatch(/unknown field 'period'; allowed fields: group_by, limit/)
    const badGroup = await tryTool(database(), 'inventory_aging', { group_by: 'supplier' })
    expect(badGroup.ok ? '' : badGroup.error.message).toMatch(/group_by: .*"brand"\|"category"\|"condition"/)
    const badLimit = await tryTool(database(), 'inventory_aging', { limit: 0 })
    expect(badLimit.ok ? '' : badLimit.error.message).toMatch(/limit: must be a whole number from 1 to 100/)
  })
})

describe.each(testEngines())('inventory_aging with everything sold on %s', (engine) => {
  const database = useTestDatabase(engine, async (db) => {
    const fixture = new Fixture(db)
    await fixture.item('Neverfull', { brand: 'Louis Vuitton', cost: 500, added: '2025-01-01' })
    await fixture.sale({ item: 'Neverfull', price: 800, date: '2025-03-12' })
  })

  it('says there is no unsold stock', async () => {
    const envelope = await runTool(database(), 'inventory_aging', {})
    expect(envelope.rows).toEqual([])
    expect(envelope.narration).toBe('No unsold stock as of 2025-03-12.')
    expect(envelope.chart).toBeNull()
  })
})
