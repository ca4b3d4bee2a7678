import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Sales in March 2025. Revenue = price − discount; profit = revenue − fees − cost; percent_profit = profit ÷ cost (2 dp).
//   Louis Vuitton: Neverfull    cost 500, rev 800 (900 − 100), fees 50 → profit 250, 50%,     03-01, 59 days
//                  Zippy Wallet cost 300, rev 800,             fees  0 → profit 500, 166.67%, 03-10, 37 days
//                  Speedy       unsold (added 02-20)
//   Chanel:        Classic Flap cost 3,000, rev 4,000,         fees 200 → profit 800, 26.67%, 03-05, 54 days
//                  Boy Wallet   cost 400, rev 380,             fees  30 → profit −50, −12.5%,  03-12, 25 days
//   Gucci:         Marmont      cost 200, rev 350,             fees  20 → profit 130, 65%,     03-05, 32 days
//   Hermès:        Kelly        unsold (added 02-01)
//   Prada:         Galleria     unsold, added 04-15, after the latest sale (03-12)
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('Neverfull', { brand: 'Louis Vuitton', cost: 500, added: '2025-01-01' })
  await fixture.item('Zippy Wallet', { brand: 'Louis Vuitton', category: 'wallet', cost: 300, added: '2025-02-01' })
  await fixture.item('Speedy', { brand: 'Louis Vuitton', cost: 700, added: '2025-02-20' })
  await fixture.item('Classic Flap', { brand: 'Chanel', cost: 3000, added: '2025-01-10' })
  await fixture.item('Boy Wallet', { brand: 'Chanel', category: 'wallet', cost: 400, added: '2025-02-15' })
  await fixture.item('Marmont', { brand: 'Gucci', category: 'wallet', cost: 200, added: '2025-02-01' })
  await fixture.item('Kelly', { brand: 'Hermès', cost: 9000, added: '2025-02-01' })
  await fixture.item('Galleria', { brand: 'Prada', cost: 900, added: '2025-04-15' })
  await fixture.sale({ item: 'Neverfull', buyer: 'Ada Stone', price: 900, discount: 100, fees: 50, date: '2025-03-01' })
  await fixture.sale({ item: 'Zippy Wallet', buyer: 'Ada Stone', price: 800, date: '2025-03-10' })
  await fixture.sale({ item: 'Classic Flap', buyer: 'Ada Stone', price: 4000, fees: 200, date: '2025-03-05' })
  await fixture.sale({ item: 'Boy Wallet', buyer: 'Ada Stone', price: 380, fees: 30, date: '2025-03-12' })
  await fixture.sale({ item: 'Marmont', buyer: 'Ada Stone', price: 350, fees: 20, date: '2025-03-05' })
}

describe.each(testEngines())('brand_performance on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('reports products, sales, revenue, profit, profit %, margin and days to sell per brand', async () => {
    const envelope = await runTool(database(), 'brand_performance', { period: 'all_time' })
    // Chanel and LV tie at 750 profit; Chanel first on revenue (4,380 > 1,600). Hermès has no sales: last.
    // Prada's only product was added after the window (ends 03-12): not listed.
    expect(envelope.rows).toEqual([
      // 800 − 50 = 750 on 4,000 + 380 = 4,380; (26.67 − 12.5) / 2 = 7.085 → 7.09; 750 / 4,380 = 17.12%; (54 + 25) / 2 = 39.5.
      {
        brand: 'Chanel',
        products: 2,
        sales: 2,
        units: 2,
        revenue: 4380,
        gross_profit: 750,
        average_profit_percent: 7.09,
        margin_percent: 17.12,
        average_days_to_sell: 39.5,
        average_discount_percent: 0,
      },
      // 250 + 500 = 750 on 1,600; (50 + 166.67) / 2 = 108.335 → 108.34; 750 / 1,600 = 46.875 → 46.88; (59 + 37) / 2 = 48.
      // The Neverfull's $100 discount off 1,600 + 100 = 1,700 of list value: 5.88%.
      {
        brand: 'Louis Vuitton',
        products: 3,
        sales: 2,
        units: 2,
        revenue: 1600,
        gross_profit: 750,
        average_profit_percent: 108.34,
        margin_percent: 46.88,
        average_days_to_sell: 48,
        average_discount_percent: 5.88,
      },
      // 130 / 350 = 37.14%.
      {
        brand: 'Gucci',
        products: 1,
        sales: 1,
        units: 1,
        revenue: 350,
        gross_profit: 130,
        average_profit_percent: 65,
        margin_percent: 37.14,
        average_days_to_sell: 32,
        average_discount_percent: 0,
      },
      {
        brand: 'Hermès',
        products: 1,
        sales: 0,
        units: 0,
        revenue: 0,
        gross_profit: 0,
        average_profit_percent: null,
        margin_percent: 0,
        average_days_to_sell: null,
        average_discount_percent: 0,
      },
    ])
    expect(envelope.narration).toBe(
      'Chanel leads on gross profit between 2025-03-01 and 2025-03-12: $750.00 gross profit on $4,380 revenue from 2 sales ' +
        '(17.1% margin, 39.5 days to sell on average). Next: Louis Vuitton. 1 brand listed had no sales in the window.',
    )
    expect(envelope.chart).not.toBeNull()
  })

  it('sorts by revenue, margin and days to sell, brands without sales always last', async () => {
    const sorted = async (sortBy: string) =>
      (await runTool(database(), 'brand_performance', { period: 'all_time', sort_by: sortBy })).rows.map((row) => row.brand)
    // Revenue 4,380 > 1,600 > 350; margin 46.88 > 37.14 > 17.12; days 32 < 39.5 < 48.
    expect(await sorted('revenue')).toEqual(['Chanel', 'Louis Vuitton', 'Gucci', 'Hermès'])
    expect(await sorted('margin')).toEqual(['Louis Vuitton', 'Gucci', 'Chanel', 'Hermès'])
    expect(await sorted('days_to_sell')).toEqual(['Gucci', 'Chanel', 'Louis Vuitton', 'Hermès'])
    const fastest = await runTool(database(), 'brand_performance', { period: 'all_time', sort_by: 'days_to_sell', limit: 1 })
    expect(fastest.narration).toBe(
      'Gucci leads on speed of sale between 2025-03-01 and 2025-03-12: $130.00 gross profit on $350.00 revenue from 1 sale ' +
        '(37.1% margin, 32 days to sell on average).',
    )
  })

  it('counts only the sales in the window and the products created by its end', async () => {
    const late = await runTool(database(), 'brand_performance', { from: '2025-03-06', to: '2025-03-12' })
    // Only Zippy Wallet (LV, +500) and Boy Wallet (Chanel, −50) sold; Gucci and Hermès follow by name.
    expect(late.rows.map((row) => [row.brand, row.sales, row.gross_profit])).toEqual([
      ['Louis Vuitton', 1, 500],
      ['Chanel', 1, -50],
      ['Gucci', 0, 0],
      ['Hermès', 0, 0],
    ])
    // Chanel: −50 / 380 = −13.16%.
    expect(late.rows[1]).toMatchObject({ margin_percent: -13.16, average_profit_percent: -12.5, average_days_to_sell: 25 })
  })

  it('says so when no brand sold in the window', async () => {
    const empty = await runTool(database(), 'brand_performance', { from: '2025-04-01', to: '2025-04-30' })
    // Every brand with a product by 04-30, Prada included, with zero sales, by name.
    expect(empty.rows.map((row) => [row.brand, row.products, row.sales])).toEqual([
      ['Chanel', 2, 0],
      ['Gucci', 1, 0],
      ['Hermès', 1, 0],
      ['Louis Vuitton', 3, 0],
      ['Prada', 1, 0],
    ])
    expect(empty.narration).toBe('No sales between 2025-04-01 and 2025-04-30.')
    expect(empty.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badSort = await tryTool(database(), 'brand_performance', { sort_by: 'units' })
    expect(badSort.ok ? '' : badSort.error.message).toMatch(/sort_by: .*"profit"\|"revenue"\|"margin"\|"days_to_sell"/)
    const unknownField = await tryTool(database(), 'brand_performance', { brand: 'Chanel' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'brand'; allowed fields: period, from, to, sort_by, limit/)
    const fractionalLimit = await tryTool(database(), 'brand_performance', { limit: 2.5 })
    expect(fractionalLimit.ok ? '' : fractionalLimit.error.message).toMatch(/limit: must be a whole number from 1 to 100/)
  })
})
