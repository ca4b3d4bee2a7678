import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Seven SKUs sold in March 2025 (SKU-0001 … SKU-0007 in this order). Revenue = price − discount;
// profit = revenue − fees − cost; margin = profit ÷ revenue; return on cost = profit ÷ cost.
//   SKU-0001 Neverfull     LV      bag    cost   500  rev   800 (900 − 100), fees  50 → profit 250, margin 31.25, ROC  50
//   SKU-0002 Classic Flap  Chanel  bag    cost 3,000  rev 4,000,             fees 200 → profit 800, margin 20,    ROC  26.67
//   SKU-0003 Marmont       Gucci   wallet cost   200  rev   350,             fees  20 → profit 130, margin 37.14, ROC  65
//   SKU-0004 Zippy Wallet  LV      wallet cost   300  rev   800,             fees   0 → profit 500, margin 62.5,  ROC 166.67
//   SKU-0005 Boy Wallet    Chanel  wallet cost   400  rev   380,             fees  30 → profit −50, margin −13.16, ROC −12.5
//   SKU-0006 Dionysus      Gucci   bag    cost 1,000  rev   950,             fees  40 → profit −90, margin −9.47,  ROC −9
//   SKU-0007 Gift Pouch    LV      slg    cost     0  rev   130,             fees   0 → profit 130, margin 100,   ROC none
// Marmont and Gift Pouch tie at 130 profit. Loss leaders: Boy Wallet and Dionysus (2 of 7).
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('Neverfull', { brand: 'Louis Vuitton', category: 'bag', cost: 500, added: '2025-01-01' })
  await fixture.item('Classic Flap', { brand: 'Chanel', category: 'bag', cost: 3000, added: '2025-01-10' })
  await fixture.item('Marmont', { brand: 'Gucci', category: 'wallet', cost: 200, added: '2025-02-01' })
  await fixture.item('Zippy Wallet', { brand: 'Louis Vuitton', category: 'wallet', cost: 300, added: '2025-02-01' })
  await fixture.item('Boy Wallet', { brand: 'Chanel', category: 'wallet', cost: 400, added: '2025-02-15' })
  await fixture.item('Dionysus', { brand: 'Gucci', category: 'bag', cost: 1000, added: '2025-02-15' })
  await fixture.item('Gift Pouch', { brand: 'Louis Vuitton', category: 'small_leather_goods', cost: 0, added: '2025-02-20' })
  await fixture.sale({ item: 'Neverfull', buyer: 'Ada Stone', price: 900, discount: 100, fees: 50, date: '2025-03-01' })
  await fixture.sale({ item: 'Classic Flap', buyer: 'Ada Stone', price: 4000, fees: 200, date: '2025-03-05' })
  await fixture.sale({ item: 'Marmont', buyer: 'Ada Stone', price: 350, fees: 20, date: '2025-03-05' })
  await fixture.sale({ item: 'Zippy Wallet', buyer: 'Ada Stone', price: 800, date: '2025-03-10' })
  await fixture.sale({ item: 'Boy Wallet', buyer: 'Ada Stone', price: 380, fees: 30, date: '2025-03-12' })
  await fixture.sale({ item: 'Dionysus', buyer: 'Ada Stone', price: 950, fees: 40, date: '2025-03-12' })
  await fixture.sale({ item: 'Gift Pouch', buyer: 'Ada Stone', price: 130, date: '2025-03-08' })
}

describe.each(testEngines())('sku_profitability on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('lists the most profitable SKUs with revenue, fees, cost, margin and return on cost', async () => {
    const envelope = await runTool(database(), 'sku_profitability', { period: 'all_time' })
    // 800, 500, 250, then the 130 tie broken by margin (Gift Pouch 100% before Marmont 37.14%), −50, −90.
    expect(envelope.rows.map((row) => [row.product, row.gross_profit])).toEqual([
      ['Classic Flap', 800],
      ['Zippy Wallet', 500],
      ['Neverfull', 250],
      ['Gift Pouch', 130],
      ['Marmont', 130],
      ['Boy Wallet', -50],
      ['Dionysus', -90],
    ])
    expect(envelope.rows[0]).toEqual({
      sku: 'SKU-0002',
      product: 'Classic Flap',
      brand: 'Chanel',
      category: 'bag',
      condition: 'A',
      date_sold: '2025-03-05',
      units: 1,
      revenue: 4000,
      fees: 200,
      cost: 3000,
      gross_profit: 800,
      margin_percent: 20,
      return_on_cost_percent: 26.67,
      window_skus: 7,
      window_loss_leaders: 2,
    })
    // Neverfull: 900 − 100 = 800 revenue, cost 800 − 50 − 250 = 500; 250 / 800 = 31.25%; 250 / 500 = 50%.
    expect(envelope.rows[2]).toMatchObject({ revenue: 800, fees: 50, cost: 500, margin_percent: 31.25, return_on_cost_percent: 50 })
    // Gift Pouch cost nothing: no return on cost.
    expect(envelope.rows[3]).toMatchObject({ cost: 0, margin_percent: 100, return_on_cost_percent: null })
    expect(envelope.narration).toBe(
      'The most profitable SKU between 2025-03-01 and 2025-03-12 is Classic Flap (SKU-0002, Chanel): $800.00 gross profit on ' +
        '$4,000 revenue (20.0% margin, after $200.00 fees and $3,000 cost). 2 loss leaders (gross profit below $0) among the 7 SKUs sold.',
    )
  })

  it('shows the bottom of the list, loss leaders first, and ranks by margin', async () => {
    const bottom = await runTool(database(), 'sku_profitability', { period: 'all_time', show: 'bottom', limit: 4 })
    // −90, −50, then the 130 tie broken by the lower margin first (Marmont 37.14% before Gift Pouch 100%).
    expect(bottom.rows.map((row) => [row.product, row.gross_profit])).toEqual([
      ['Dionysus', -90],
      ['Boy Wallet', -50],
      ['Marmont', 130],
      ['Gift Pouch', 130],
    ])
    // Dionysus: −90 / 950 = −9.47%; −90 / 1,000 = −9%.
    expect(bottom.rows[0]).toMatchObject({ margin_percent: -9.47, return_on_cost_percent: -9, window_skus: 7, window_loss_leaders: 2 })
    expect(bottom.narration).toMatch(/^The least profitable SKU between 2025-03-01 and 2025-03-12 is Dionysus \(SKU-0006, Gucci\): -\$90.00 gross profit/)

    const byMargin = await runTool(database(), 'sku_profitability', { period: 'all_time', rank_by: 'margin', limit: 3 })
    // 100, 62.5, 37.14.
    expect(byMargin.rows.map((row) => [row.product, row.margin_percent])).toEqual([
      ['Gift Pouch', 100],
      ['Zippy Wallet', 62.5],
      ['Marmont', 37.14],
    ])
    expect(byMargin.narration).toMatch(/^The most profitable SKU between .* by margin is Gift Pouch/)
    const worstMargin = await runTool(database(), 'sku_profitability', { period: 'all_time', rank_by: 'margin', show: 'bottom', limit: 2 })
    // −13.16 (Boy Wallet: −50 / 380), then −9.47 (Dionysus).
    expect(worstMargin.rows.map((row) => [row.product, row.margin_percent])).toEqual([
      ['Boy Wallet', -13.16],
      ['Dionysus', -9.47],
    ])
  })

  it('filters by brand and category, and by window', async () => {
    const chanel = await runTool(database(), 'sku_profitability', { period: 'all_time', brand: 'CHANEL' })
    expect(chanel.rows.map((row) => row.product)).toEqual(['Classic Flap', 'Boy Wallet'])
    expect(chanel.narration).toMatch(/1 loss leader \(gross profit below \$0\) among the 2 SKUs sold\.$/)
    const wallets = await runTool(database(), 'sku_profitability', { period: 'all_time', category: 'wallet' })
    // 500, 130, −50.
    expect(wallets.rows.map((row) => [row.product, row.gross_profit])).toEqual([
      ['Zippy Wallet', 500],
      ['Marmont', 130],
      ['Boy Wallet', -50],
    ])
    const bags = await runTool(database(), 'sku_profitability', { from: '2025-03-01', to: '2025-03-05', category: 'bag' })
    // Neverfull and Classic Flap sold by 03-05, both at a profit.
    expect(bags.rows.map((row) => row.product)).toEqual(['Classic Flap', 'Neverfull'])
    expect(bags.narration).toMatch(/No loss leaders among the 2 SKUs sold\.$/)
  })

  it('says so when no SKU sold in the window', async () => {
    const empty = await runTool(database(), 'sku_profitability', { from: '2025-04-01', to: '2025-04-30' })
    expect(empty.rows).toEqual([])
    expect(empty.narration).toBe('No SKUs sold between 2025-04-01 and 2025-04-30.')
    expect(empty.chart).toBeNull()
    // A brand the data holds but that sold nothing (one it does not hold is refused: src/tools/value-index.test.ts).
    await new Fixture(database()).brand('Hermès')
    const noBrand = await runTool(database(), 'sku_profitability', { period: 'all_time', brand: 'Hermès' })
    expect(noBrand.narration).toBe('No SKUs sold between 2025-03-01 and 2025-03-12 matching the filters.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badShow = await tryTool(database(), 'sku_profitability', { show: 'worst' })
    expect(badShow.ok ? '' : badShow.error.message).toMatch(/show: .*"top"\|"bottom"/)
    const badRank = await tryTool(database(), 'sku_profitability', { rank_by: 'revenue' })
    expect(badRank.ok ? '' : badRank.error.message).toMatch(/rank_by: .*"profit"\|"margin"/)
    const badCategory = await tryTool(database(), 'sku_profitability', { category: 'shoes' })
    expect(badCategory.ok ? '' : badCategory.error.message).toMatch(/category: .*"bag"\|"wallet"\|"backpack"\|"small_leather_goods"/)
    const badLimit = await tryTool(database(), 'sku_profitability', { limit: 101 })
    expect(badLimit.ok ? '' : badLimit.error.message).toMatch(/limit: must be a whole number from 1 to 100/)
  })
})

// A product sold twice: Kelly (cost 1,000) first for 1,500 (profit 500), then for 200 (profit −800): −300 in all, a
// loss leader though one of its lines made money. Birkin (cost 2,000) for 2,500: 500. Speedy (cost 300) for 250: −50.
async function loadResold(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('Kelly', { brand: 'Hermès', cost: 1000, added: '2025-01-01' })
  await fixture.item('Birkin', { brand: 'Hermès', cost: 2000, added: '2025-01-01' })
  await fixture.item('Speedy', { brand: 'Louis Vuitton', cost: 300, added: '2025-01-01' })
  await fixture.sale({ item: 'Kelly', buyer: 'Ada Stone', price: 1500, date: '2025-03-02' })
  await fixture.sale({ item: 'Birkin', buyer: 'Ada Stone', price: 2500, date: '2025-03-05' })
  await fixture.sale({ item: 'Kelly', buyer: 'Ada Stone', price: 200, date: '2025-03-20' })
  await fixture.sale({ item: 'Speedy', buyer: 'Ada Stone', price: 250, date: '2025-03-25' })
}

describe.each(testEngines())('sku_profitability with a product sold twice on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => loadResold(new Fixture(db)))

  it('sums the product\'s lines and counts it once among the SKUs and loss leaders', async () => {
    const top = await runTool(database(), 'sku_profitability', { period: 'all_time' })
    // Birkin 500, Speedy −50, Kelly 1,500 + 200 = 1,700 revenue and −300 profit.
    expect(top.rows.map((row) => [row.product, row.units, row.revenue, row.gross_profit])).toEqual([
      ['Birkin', 1, 2500, 500],
      ['Speedy', 1, 250, -50],
      ['Kelly', 2, 1700, -300],
    ])
    // 3 SKUs from 4 lines; Kelly and Speedy lost money.
    expect(top.rows[0]).toMatchObject({ window_skus: 3, window_loss_leaders: 2 })
    const worst = await runTool(database(), 'sku_profitability', { period: 'all_time', show: 'bottom', limit: 1 })
    expect(worst.rows.map((row) => [row.product, row.gross_profit])).toEqual([['Kelly', -300]])
    // From 03-10: Kelly's second line alone (−800) and Speedy: both SKUs at a loss.
    const late = await runTool(database(), 'sku_profitability', { from: '2025-03-10', to: '2025-03-31' })
    expect(late.rows.map((row) => [row.product, row.gross_profit])).toEqual([
      ['Speedy', -50],
      ['Kelly', -800],
    ])
    expect(late.rows[0]).toMatchObject({ window_skus: 2, window_loss_leaders: 2 })
  })
})
