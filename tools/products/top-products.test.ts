import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Five items sold in March 2025 and one left in stock. Revenue = price − discount; profit = revenue − fees − cost;
// days to sell = sale day − day added.
//   Neverfull     LV      bag      S  cost   500  900 − 100 = 800, fees  50 → profit  250, 01-01 → 03-01 = 59 days
//   Classic Flap  Chanel  bag      A  cost 3,000  4,000,         fees 200 → profit  800, 01-10 → 03-05 = 54 days
//   Marmont       Gucci   wallet   B  cost   200    350,         fees  20 → profit  130, 02-01 → 03-05 = 32 days
//   Zippy Wallet  LV      wallet   A  cost   300    800,         fees   0 → profit  500, 02-01 → 03-10 = 37 days
//   Boy Wallet    Chanel  wallet   S  cost   400    380,         fees  30 → profit  −50, 02-15 → 03-12 = 25 days
//   Soho Backpack Gucci   backpack A  cost   600  unsold
// Marmont sold on Instagram, Boy Wallet on the website, the rest on Whatnot.
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('Neverfull', { brand: 'Louis Vuitton', category: 'bag', condition: 'S', cost: 500, added: '2025-01-01' })
  await fixture.item('Classic Flap', { brand: 'Chanel', category: 'bag', condition: 'A', cost: 3000, added: '2025-01-10' })
  await fixture.item('Marmont', { brand: 'Gucci', category: 'wallet', condition: 'B', cost: 200, added: '2025-02-01' })
  await fixture.item('Zippy Wallet', { brand: 'Louis Vuitton', category: 'wallet', condition: 'A', cost: 300, added: '2025-02-01' })
  await fixture.item('Boy Wallet', { brand: 'Chanel', category: 'wallet', condition: 'S', cost: 400, added: '2025-02-15' })
  await fixture.item('Soho Backpack', { brand: 'Gucci', category: 'backpack', condition: 'A', cost: 600, added: '2025-02-15' })
  await fixture.sale({ item: 'Neverfull', buyer: 'Ada Stone', price: 900, discount: 100, fees: 50, date: '2025-03-01' })
  await fixture.sale({ item: 'Classic Flap', buyer: 'Ada Stone', price: 4000, fees: 200, date: '2025-03-05' })
  await fixture.sale({ item: 'Marmont', buyer: 'Ada Stone', price: 350, fees: 20, date: '2025-03-05', channel: 'instagram' })
  await fixture.sale({ item: 'Zippy Wallet', buyer: 'Ada Stone', price: 800, date: '2025-03-10' })
  await fixture.sale({ item: 'Boy Wallet', buyer: 'Ada Stone', price: 380, fees: 30, date: '2025-03-12', channel: 'website' })
}

describe.each(testEngines())('top_products on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('ranks products by revenue, with ties sharing a rank', async () => {
    const envelope = await runTool(database(), 'top_products', { period: 'all_time' })
    // Classic Flap 4,000 first; Neverfull and Zippy Wallet tie at 800 (rank 2, by name); Boy Wallet 380; Marmont 350.
    expect(envelope.rows.map((row) => [row.rank, row.label])).toEqual([
      [1, 'Classic Flap'],
      [2, 'Neverfull'],
      [2, 'Zippy Wallet'],
      [4, 'Boy Wallet'],
      [5, 'Marmont'],
    ])
    expect(envelope.rows[0]).toMatchObject({
      sku: expect.stringMatching(/^SKU-/),
      brand: 'Chanel',
      category: 'bag',
      condition: 'A',
      units: 1,
      orders: 1,
      revenue: 4000,
      gross_profit: 800,
      average_price: 4000,
      average_profit: 800,
      average_days_to_sell: 54,
    })
    // Neverfull: 900 − 100 discount = 800 revenue; 800 − 50 fees − 500 cost = 250 profit.
    expect(envelope.rows[1]).toMatchObject({ revenue: 800, gross_profit: 250, average_price: 800, average_days_to_sell: 59 })
    expect(envelope.narration).toBe(
      'Classic Flap (SKU-0002) leads by revenue with $4,000 between 2025-03-01 and 2025-03-12 (1 unit, $4,000 revenue, ' +
        '$800.00 gross profit). Next: Neverfull (SKU-0001) with $800.00.',
    )
    expect(envelope.chart).not.toBeNull()
  })

  it('ranks by units and by profit', async () => {
    const byUnits = await runTool(database(), 'top_products', { period: 'all_time', rank_by: 'units' })
    // Every product sold 1 unit: all share rank 1, listed by revenue (4,000, 800, 800, 380, 350).
    expect(byUnits.rows.every((row) => row.rank === 1)).toBe(true)
    expect(byUnits.rows.map((row) => row.label)).toEqual(['Classic Flap', 'Neverfull', 'Zippy Wallet', 'Boy Wallet', 'Marmont'])
    expect(byUnits.narration).toMatch(
      /^Classic Flap \(SKU-0002\), Neverfull \(SKU-0001\), Zippy Wallet \(SKU-0004\), Boy Wallet \(SKU-0005\) and Marmont \(SKU-0003\) tie for first by units sold with 1 unit each/,
    )
    const byProfit = await runTool(database(), 'top_products', { period: 'all_time', rank_by: 'profit' })
    // 800, 500, 250, 130, −50.
    expect(byProfit.rows.map((row) => [row.label, row.gross_profit])).toEqual([
      ['Classic Flap', 800],
      ['Zippy Wallet', 500],
      ['Neverfull', 250],
      ['Marmont', 130],
      ['Boy Wallet', -50],
    ])
  })

  it('groups by brand, category and condition', async () => {
    const byBrand = await runTool(database(), 'top_products', { period: 'all_time', group_by: 'brand', rank_by: 'profit' })
    // Chanel: 800 − 50 = 750 profit on 4,000 + 380 = 4,380; LV: 250 + 500 = 750 on 800 + 800 = 1,600 → a tie at 750,
    // Chanel first on revenue. Gucci: 130 on 350.
    expect(byBrand.rows).toEqual([
      expect.objectContaining({ rank: 1, label: 'Chanel', brand: 'Chanel', sku: null, category: null, units: 2, revenue: 4380, gross_profit: 750 }),
      expect.objectContaining({ rank: 1, label: 'Louis Vuitton', units: 2, revenue: 1600, gross_profit: 750 }),
      expect.objectContaining({ rank: 3, label: 'Gucci', units: 1, revenue: 350, gross_profit: 130 }),
    ])
    // Chanel: average price 4,380 / 2 = 2,190; average profit 750 / 2 = 375; days (54 + 25) / 2 = 39.5.
    expect(byBrand.rows[0]).toMatchObject({ average_price: 2190, average_profit: 375, average_days_to_sell: 39.5 })
    expect(byBrand.narration).toMatch(/^Chanel and Louis Vuitton tie for first by gross profit with \$750.00 each/)

    const byCategory = await runTool(database(), 'top_products', { period: 'all_time', group_by: 'category', rank_by: 'units' })
    // Wallets: 3 units, 350 + 800 + 380 = 1,530 revenue, 130 + 500 − 50 = 580 profit, average profit 580 / 3 = 193.33,
    // days (32 + 37 + 25) / 3 = 31.33 → 31.3. Bags: 2 units, 4,800 revenue.
    expect(byCategory.rows).toEqual([
      expect.objectContaining({ rank: 1, label: 'wallet', category: 'wallet', brand: null, units: 3, revenue: 1530, gross_profit: 580, average_price: 510, average_profit: 193.33, average_days_to_sell: 31.3 }),
      expect.objectContaining({ rank: 2, label: 'bag', units: 2, revenue: 4800, gross_profit: 1050 }),
    ])

    const byCondition = await runTool(database(), 'top_products', { period: 'all_time', group_by: 'condition' })
    // A: 4,000 + 800 = 4,800; S: 800 + 380 = 1,180; B: 350.
    expect(byCondition.rows.map((row) => [row.label, row.condition, row.revenue])).toEqual([
      ['A', 'A', 4800],
      ['S', 'S', 1180],
      ['B', 'B', 350],
    ])
  })

  it('filters by brand (any case), category and condition, and limits the rows', async () => {
    const louisVuitton = await runTool(database(), 'top_products', { period: 'all_time', brand: 'louis vuitton' })
    expect(louisVuitton.rows.map((row) => row.label)).toEqual(['Neverfull', 'Zippy Wallet'])
    const wallets = await runTool(database(), 'top_products', { period: 'all_time', category: 'wallet', condition: 'S' })
    expect(wallets.rows.map((row) => row.label)).toEqual(['Boy Wallet'])
    const topTwo = await runTool(database(), 'top_products', { period: 'all_time', limit: 2 })
    expect(topTwo.rows.map((row) => row.label)).toEqual(['Classic Flap', 'Neverfull'])
    // From 03-06 only Zippy Wallet (800) and Boy Wallet (380) sold.
    const late = await runTool(database(), 'top_products', { from: '2025-03-06', to: '2025-03-31' })
    expect(late.rows.map((row) => [row.label, row.revenue])).toEqual([
      ['Zippy Wallet', 800],
      ['Boy Wallet', 380],
    ])
  })

  it('groups by and filters on the sales channel', async () => {
    // Whatnot: Neverfull, Classic Flap, Zippy Wallet: profit 250 + 800 + 500 = 1,550 on 800 + 4,000 + 800 = 5,600;
    // Instagram: Marmont 130 on 350; website: Boy Wallet −50 on 380.
    const byChannel = await runTool(database(), 'top_products', { period: 'all_time', group_by: 'channel', rank_by: 'profit' })
    expect(byChannel.rows.map((row) => [row.rank, row.label, row.gross_profit, row.revenue])).toEqual([
      [1, 'whatnot', 1550, 5600],
      [2, 'instagram', 130, 350],
      [3, 'website', -50, 380],
    ])
    const instagram = await runTool(database(), 'top_products', { period: 'all_time', channel: 'instagram' })
    expect(instagram.rows.map((row) => row.label)).toEqual(['Marmont'])
    expect(instagram.narration).toMatch(/^Marmont \(SKU-\d+\) leads by revenue with \$350\.00 on instagram/)
    const instagramBrands = await runTool(database(), 'top_products', { period: 'all_time', channel: 'instagram', group_by: 'brand' })
    expect(instagramBrands.rows.map((row) => [row.label, row.revenue])).toEqual([['Gucci', 350]])
  })

  it('says so when nothing sold in the window', async () => {
    const empty = await runTool(database(), 'top_products', { from: '2025-04-01', to: '2025-04-30' })
    expect(empty.rows).toEqual([])
    expect(empty.narration).toBe('No sales between 2025-04-01 and 2025-04-30.')
    expect(empty.chart).toBeNull()
    // A brand the data holds but that sold nothing; a brand it does not hold is refused, not answered with nothing.
    await new Fixture(database()).brand('Hermès')
    const unknown = await tryTool(database(), 'top_products', { period: 'all_time', brand: 'Goyard' })
    expect(unknown.ok ? '' : unknown.error.message).toBe("Invalid arguments for top_products: No brand 'Goyard'. The brands are Chanel, Gucci, Hermès and Louis Vuitton.")
    const filtered = await runTool(database(), 'top_products', { period: 'all_time', brand: 'hermes', condition: 'B' })
    expect(filtered.narration).toBe('No sales of Hermès, condition B items between 2025-03-01 and 2025-03-12.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badRank = await tryTool(database(), 'top_products', { rank_by: 'margin' })
    expect(badRank.ok ? '' : badRank.error.message).toMatch(/rank_by: .*"revenue"\|"units"\|"profit"/)
    const badGroup = await tryTool(database(), 'top_products', { group_by: 'colour' })
    expect(badGroup.ok ? '' : badGroup.error.message).toMatch(/group_by: .*"product"\|"brand"\|"category"\|"condition"/)
    const badLimit = await tryTool(database(), 'top_products', { limit: 0 })
    expect(badLimit.ok ? '' : badLimit.error.message).toMatch(/limit: must be a whole number from 1 to 100/)
    const emptyBrand = await tryTool(database(), 'top_products', { brand: ' ' })
    expect(emptyBrand.ok ? '' : emptyBrand.error.message).toMatch(/brand: .*>=1 character/)
  })
})

// A product sold twice (a return put back on sale): its lines are summed, so it can lead although neither line would.
//   Kelly   cost 1,000: 03-02 for 1,500 and 03-20 for 1,500 → 3,000 revenue, 2 units, 500 + 500 = 1,000 profit
//   Birkin  cost 2,000: 03-05 for 2,500 → 500 profit
//   Speedy  cost   300: 03-25 for   600 → 300 profit
async function loadResold(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('Kelly', { brand: 'Hermès', cost: 1000, added: '2025-01-01' })
  await fixture.item('Birkin', { brand: 'Hermès', cost: 2000, added: '2025-01-01' })
  await fixture.item('Speedy', { brand: 'Louis Vuitton', cost: 300, added: '2025-01-01' })
  await fixture.sale({ item: 'Kelly', buyer: 'Ada Stone', price: 1500, date: '2025-03-02' })
  await fixture.sale({ item: 'Birkin', buyer: 'Ada Stone', price: 2500, date: '2025-03-05' })
  await fixture.sale({ item: 'Kelly', buyer: 'Ada Stone', price: 1500, date: '2025-03-20' })
  await fixture.sale({ item: 'Speedy', buyer: 'Ada Stone', price: 600, date: '2025-03-25' })
}

describe.each(testEngines())('top_products with a product sold twice on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => loadResold(new Fixture(db)))

  it('sums the product\'s lines in the window before ranking', async () => {
    const byRevenue = await runTool(database(), 'top_products', { period: 'all_time', limit: 2 })
    // Kelly 3,000 beats Birkin 2,500, though each of its lines (1,500) is below Birkin's.
    expect(byRevenue.rows.map((row) => [row.rank, row.label, row.units, row.orders, row.revenue, row.gross_profit])).toEqual([
      [1, 'Kelly', 2, 2, 3000, 1000],
      [2, 'Birkin', 1, 1, 2500, 500],
    ])
    const byProfit = await runTool(database(), 'top_products', { period: 'all_time', rank_by: 'profit', limit: 1 })
    expect(byProfit.rows.map((row) => [row.label, row.gross_profit])).toEqual([['Kelly', 1000]])
    // From 03-10 only Kelly's second line (1,500) and Speedy (600) are in the window.
    const late = await runTool(database(), 'top_products', { from: '2025-03-10', to: '2025-03-31' })
    expect(late.rows.map((row) => [row.rank, row.label, row.units, row.revenue])).toEqual([
      [1, 'Kelly', 1, 1500],
      [2, 'Speedy', 1, 600],
    ])
  })
})
