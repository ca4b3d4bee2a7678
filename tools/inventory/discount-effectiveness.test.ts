import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// March 2025. Revenue = price − discount; profit = revenue − cost; a sale's discount % = discount ÷ price × 100.
//   key  brand   model (name)           list    cost   added       sold        price  discount  days
//   D1   Gucci   D1                     1,500   600    2025-02-20  03-05       1,000  0         13
//   D2   Gucci   D2                     2,250   1,500  2025-01-01  03-10       2,000  100 (5%)  68
//   D3   Gucci   D3                     1,050   700    2025-03-01  03-20       1,000  150 (15%) 19
//   D4   Gucci   D4                     450     300    2025-02-01  03-25       500    50 (10%)  52
//   D5   Gucci   D5                     300     200    2025-03-02  03-12       400    100 (25%) 10
//   P1   Chanel  Chanel Classic Flap    8,000   6,000  2025-03-03  03-15       8,000  0         12
//   P2   Chanel  Chanel Classic Flap    10,000  7,000  2025-03-04  unsold
//   P3   Chanel  Chanel Classic Flap    10,000  7,000  2024-12-01  unsold
//   P4   Chanel  Chanel Classic Flap    12,000  8,000  2025-03-05  unsold
//   N1   LV      Louis Vuitton Neverfull 1,000  700    2025-03-06  03-20       1,000  0         14
//   N2   LV      Louis Vuitton Neverfull 1,500  900    2024-12-01  2025-01-10  1,500  0
// Typical (median) list price: Classic Flap median(8,000, 10,000, 10,000, 12,000) = 10,000, so P1 is below (< 9,000),
// P2 at, P4 above (> 11,000); Neverfull median(1,000, 1,500) = 1,250, so N1 is below (< 1,125); D3 and D5 are the
// only items of their models: at typical.
async function load(fixture: Fixture) {
  const items: Array<[string, string, string, number, number, string]> = [
    ['D1', 'Gucci', 'D1', 1500, 600, '2025-02-20'], ['D2', 'Gucci', 'D2', 2250, 1500, '2025-01-01'],
    ['D3', 'Gucci', 'D3', 1050, 700, '2025-03-01'], ['D4', 'Gucci', 'D4', 450, 300, '2025-02-01'],
    ['D5', 'Gucci', 'D5', 300, 200, '2025-03-02'],
    ['P1', 'Chanel', 'Chanel Classic Flap', 8000, 6000, '2025-03-03'], ['P2', 'Chanel', 'Chanel Classic Flap', 10000, 7000, '2025-03-04'],
    ['P3', 'Chanel', 'Chanel Classic Flap', 10000, 7000, '2024-12-01'], ['P4', 'Chanel', 'Chanel Classic Flap', 12000, 8000, '2025-03-05'],
    ['N1', 'Louis Vuitton', 'Louis Vuitton Neverfull', 1000, 700, '2025-03-06'], ['N2', 'Louis Vuitton', 'Louis Vuitton Neverfull', 1500, 900, '2024-12-01'],
  ]
  for (const [key, brand, name, listPrice, cost, added] of items) await fixture.item(key, { brand, name, listPrice, cost, added })
  await fixture.sale({ item: 'D1', price: 1000, date: '2025-03-05' })
  await fixture.sale({ item: 'D2', price: 2000, discount: 100, date: '2025-03-10' })
  await fixture.sale({ item: 'D3', price: 1000, discount: 150, date: '2025-03-20' })
  await fixture.sale({ item: 'D4', price: 500, discount: 50, date: '2025-03-25' })
  await fixture.sale({ item: 'D5', price: 400, discount: 100, date: '2025-03-12' })
  await fixture.sale({ item: 'P1', price: 8000, date: '2025-03-15' })
  await fixture.sale({ item: 'N1', price: 1000, date: '2025-03-20' })
  await fixture.sale({ item: 'N2', price: 1500, date: '2025-01-10' })
  // April: 1,000 off 10,001 is 9.9990% (10.00 when rounded to two places): under 10%, not 10–20%.
  await fixture.item('E1', { brand: 'Prada', name: 'E1', listPrice: 10001, cost: 5000, added: '2025-04-01' })
  await fixture.sale({ item: 'E1', price: 10001, discount: 1000, date: '2025-04-10' })
}

const march = { from: '2025-03-01', to: '2025-03-31' }

describe.each(testEngines())('discount_effectiveness on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('compares the margin and speed of sale of each discount band', async () => {
    const envelope = await runTool(database(), 'discount_effectiveness', march)
    expect(envelope.rows).toEqual([
      // D1, P1, N1: revenue 1,000 + 8,000 + 1,000 = 10,000; profit 400 + 2,000 + 300 = 2,700 (27%); (13 + 12 + 14) / 3 = 13 days.
      { band: 'no discount', band_order: 1, items: 3, items_sold: 3, sold_within_30_days: 3, revenue: 10000, gross_profit: 2700, margin_percent: 27, average_discount_percent: 0, average_days_to_sell: 13, sell_through_percent: null, sold_within_30_days_percent: 100 },
      // D2: 1,900 revenue, 400 profit = 21.05%; 100 ÷ 2,000 = 5% off; 68 days.
      { band: 'under 10%', band_order: 2, items: 1, items_sold: 1, sold_within_30_days: 0, revenue: 1900, gross_profit: 400, margin_percent: 21.05, average_discount_percent: 5, average_days_to_sell: 68, sell_through_percent: null, sold_within_30_days_percent: 0 },
      // D3 and D4 (exactly 10%): 850 + 450 = 1,300 revenue, 150 + 150 = 300 profit = 23.08%; (150 + 50) ÷ 1,500 = 13.33% off;
      // (19 + 52) / 2 = 35.5 days, 1 of 2 within 30 days.
      { band: '10–20%', band_order: 3, items: 2, items_sold: 2, sold_within_30_days: 1, revenue: 1300, gross_profit: 300, margin_percent: 23.08, average_discount_percent: 13.33, average_days_to_sell: 35.5, sell_through_percent: null, sold_within_30_days_percent: 50 },
      // D5: 300 revenue, 100 profit = 33.33%; 100 ÷ 400 = 25% off; 10 days.
      { band: '20% or more', band_order: 4, items: 1, items_sold: 1, sold_within_30_days: 1, revenue: 300, gross_profit: 100, margin_percent: 33.33, average_discount_percent: 25, average_days_to_sell: 10, sell_through_percent: null, sold_within_30_days_percent: 100 },
    ])
    expect(envelope.narration).toBe(
      'Sales between 2025-03-01 and 2025-03-31 by discount off the list price: no discount 3 items at 27.0% margin ($2,700 gross profit, 13 days to sell on average, 100.0% within 30 days); ' +
        'under 10% 1 item at 21.1% margin ($400.00 gross profit, 68 days to sell on average, 0.0% within 30 days); ' +
        '10–20% 2 items at 23.1% margin ($300.00 gross profit, 35.5 days to sell on average, 50.0% within 30 days); ' +
        '20% or more 1 item at 33.3% margin ($100.00 gross profit, 10 days to sell on average, 100.0% within 30 days).',
    )
    expect(envelope.chart).toBeDefined()
  })

  it('bands a line by its exact discount, not the discount rounded for display', async () => {
    const envelope = await runTool(database(), 'discount_effectiveness', { from: '2025-04-01', to: '2025-04-30' })
    expect(envelope.rows.map((band) => [band.band, band.items, band.revenue])).toEqual([
      ['no discount', 0, 0], ['under 10%', 1, 9001], ['10–20%', 0, 0], ['20% or more', 0, 0],
    ])
  })

  it("measures sell-through by list price against the model's typical price", async () => {
    const envelope = await runTool(database(), 'discount_effectiveness', { ...march, view: 'price_position' })
    expect(envelope.rows).toEqual([
      // P1 and N1, both sold: 8,000 + 1,000 = 9,000 revenue, 2,000 + 300 = 2,300 profit = 25.56%; (12 + 14) / 2 = 13 days.
      { band: 'below typical', band_order: 1, items: 2, items_sold: 2, sold_within_30_days: 2, revenue: 9000, gross_profit: 2300, margin_percent: 25.56, average_discount_percent: 0, average_days_to_sell: 13, sell_through_percent: 100, sold_within_30_days_percent: 100 },
      // P2 (unsold), D3 and D5: 2 of 3 sold = 66.67%; 850 + 300 = 1,150 revenue, 250 profit = 21.74%; (150 + 100) ÷ 1,400 = 17.86% off;
      // (19 + 10) / 2 = 14.5 days.
      { band: 'at typical', band_order: 2, items: 3, items_sold: 2, sold_within_30_days: 2, revenue: 1150, gross_profit: 250, margin_percent: 21.74, average_discount_percent: 17.86, average_days_to_sell: 14.5, sell_through_percent: 66.67, sold_within_30_days_percent: 100 },
      // P4, unsold.
      { band: 'above typical', band_order: 3, items: 1, items_sold: 0, sold_within_30_days: 0, revenue: 0, gross_profit: 0, margin_percent: 0, average_discount_percent: 0, average_days_to_sell: null, sell_through_percent: 0, sold_within_30_days_percent: null },
    ])
    expect(envelope.narration).toBe(
      "Of the items taken into stock between 2025-03-01 and 2025-03-31, by list price against their model's typical price: " +
        'below typical 100.0% sold (2 of 2 items, 13 days to sell on average, 25.6% margin); ' +
        'at typical 66.7% sold (2 of 3 items, 14.5 days to sell on average, 21.7% margin); above typical 0.0% sold (0 of 1 item, 0.0% margin).',
    )
  })

  it('filters by brand alias and category, and says when nothing matched', async () => {
    // Chanel in March: P1 alone, full price, 2,000 ÷ 8,000 = 25%.
    const chanel = await runTool(database(), 'discount_effectiveness', { ...march, brand: 'chanel' })
    expect(chanel.rows.map((band) => [band.band, band.items, band.margin_percent])).toEqual([
      ['no discount', 1, 25], ['under 10%', 0, 0], ['10–20%', 0, 0], ['20% or more', 0, 0],
    ])
    const wallets = await runTool(database(), 'discount_effectiveness', { ...march, view: 'price_position', category: 'wallet' })
    expect(wallets.narration).toBe('No items with category wallet were taken into stock between 2025-03-01 and 2025-03-31.')
    expect(wallets.chart).toBeNull()
    const bad = await tryTool(database(), 'discount_effectiveness', { view: 'markdown' })
    expect(bad.ok ? '' : bad.error.message).toMatch(/view: .*"discount_band"\|"price_position"/)
  })
})
