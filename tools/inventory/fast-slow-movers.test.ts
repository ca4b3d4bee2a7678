import { describe, expect, it } from 'vitest'
import type { Database } from '../../src/db/database.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// The latest sale (Boy Wallet, 2025-09-30) sets the as-of date; the default window is 2024-10-01 to 2025-09-30.
//   SKU   item          brand   added       sold        days  price
//   0001  Neverfull     LV      2025-09-01  2025-09-03     2    800
//   0002  Zippy Wallet  LV      2025-08-01  2025-08-31    30    600
//   0003  Marmont       Gucci   2025-07-01  2025-08-01    31    350
//   0004  Boy Wallet    Chanel  2025-05-01  2025-09-30   152  1,200
//   0005  Classic Flap  Chanel  2025-09-10  2025-09-12     2  4,000
//   0006  Kelly         Hermès  2025-01-01  in stock     272  list 13,500
//   0007  Speedy        LV      2025-06-01  in stock     121  list 1,050
//   0008  Pochette      LV      2025-06-02  in stock     120  list 450
//   0009  Evelyne       Hermès  2025-09-15  in stock      15  list 3,000
//   0010  Alma          LV      2024-01-01  2024-06-01   152  1,500 (before the default window)
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('Neverfull', { brand: 'Louis Vuitton', condition: 'S', cost: 500, added: '2025-09-01' })
  await fixture.item('Zippy Wallet', { brand: 'Louis Vuitton', category: 'wallet', cost: 300, added: '2025-08-01' })
  await fixture.item('Marmont', { brand: 'Gucci', category: 'wallet', condition: 'B', cost: 200, added: '2025-07-01' })
  await fixture.item('Boy Wallet', { brand: 'Chanel', category: 'wallet', condition: 'S', cost: 700, added: '2025-05-01' })
  await fixture.item('Classic Flap', { brand: 'Chanel', cost: 3000, added: '2025-09-10' })
  await fixture.item('Kelly', { brand: 'Hermès', cost: 9000, listPrice: 13500, added: '2025-01-01' })
  await fixture.item('Speedy', { brand: 'Louis Vuitton', condition: 'S', cost: 700, added: '2025-06-01' })
  await fixture.item('Pochette', { brand: 'Louis Vuitton', category: 'small_leather_goods', cost: 300, added: '2025-06-02' })
  await fixture.item('Evelyne', { brand: 'Hermès', condition: 'B', cost: 2000, listPrice: 3000, added: '2025-09-15' })
  await fixture.item('Alma', { brand: 'Louis Vuitton', cost: 900, added: '2024-01-01' })
  const sales: Array<[string, number, string]> = [
    ['Neverfull', 800, '2025-09-03'],
    ['Zippy Wallet', 600, '2025-08-31'],
    ['Marmont', 350, '2025-08-01'],
    ['Boy Wallet', 1200, '2025-09-30'],
    ['Classic Flap', 4000, '2025-09-12'],
    ['Alma', 1500, '2024-06-01'],
  ]
  for (const [item, price, date] of sales) await fixture.sale({ item, buyer: 'Ada Stone', price, date })
}

describe.each(testEngines())('fast_slow_movers on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('lists fast movers quickest first, ties on days by price', async () => {
    const envelope = await runTool(database(), 'fast_slow_movers', {})
    // Sold within 30 days in the window: Classic Flap and Neverfull (2 days; 4,000 before 800), Zippy Wallet (30). Marmont took 31.
    expect(envelope.rows.map((row) => [row.product, row.days, row.price])).toEqual([
      ['Classic Flap', 2, 4000],
      ['Neverfull', 2, 800],
      ['Zippy Wallet', 30, 600],
    ])
    expect(envelope.rows[0]).toEqual({
      sku: 'SKU-0005',
      product: 'Classic Flap',
      brand: 'Chanel',
      category: 'bag',
      condition: 'A',
      status: 'sold',
      date_added: '2025-09-10',
      date_sold: '2025-09-12',
      days: 2,
      price: 4000,
      total_matching: 3,
      total_in_stock: 0,
    })
    expect(envelope.narration).toBe(
      '3 items sold within 30 days of entering stock between 2024-10-01 and 2025-09-30. Fastest: Classic Flap (SKU-0005, Chanel) in 2 days for $4,000.',
    )
    expect(envelope.chart).not.toBeNull()
    const within31 = await runTool(database(), 'fast_slow_movers', { days: 31 })
    expect(within31.rows.map((row) => row.product)).toEqual(['Classic Flap', 'Neverfull', 'Zippy Wallet', 'Marmont'])
    const september = await runTool(database(), 'fast_slow_movers', { from: '2025-09-01', to: '2025-09-30' })
    // Zippy Wallet sold on 08-31: outside.
    expect(september.rows.map((row) => row.product)).toEqual(['Classic Flap', 'Neverfull'])
  })

  it('lists slow movers slowest first: unsold stock past N days and items sold after N days', async () => {
    const envelope = await runTool(database(), 'fast_slow_movers', { view: 'slow' })
    // Over 120 days: Kelly 272 (in stock), Boy Wallet 152 (sold 09-30), Speedy 121 (in stock). Pochette is exactly 120.
    expect(envelope.rows).toEqual([
      expect.objectContaining({ sku: 'SKU-0006', product: 'Kelly', brand: 'Hermès', status: 'in stock', date_added: '2025-01-01', date_sold: null, days: 272, price: 13500 }),
      expect.objectContaining({ product: 'Boy Wallet', status: 'sold', date_sold: '2025-09-30', days: 152, price: 1200 }),
      // List price 700 × 1.5 = 1,050.
      expect.objectContaining({ product: 'Speedy', status: 'in stock', days: 121, price: 1050, total_matching: 3, total_in_stock: 2 }),
    ])
    expect(envelope.narration).toBe(
      '3 slow movers (more than 120 days): 2 still in stock as of 2025-09-30 and 1 sold between 2024-10-01 and 2025-09-30. ' +
        'Slowest: Kelly (SKU-0006, Hermès), 272 days in stock, listed at $13,500.',
    )
    const over90 = await runTool(database(), 'fast_slow_movers', { view: 'slow', days: 90, limit: 1 })
    // Over 90 days: Kelly, Boy Wallet, Speedy, Pochette (120) → 4, 3 in stock; only Kelly shown.
    expect(over90.rows.map((row) => [row.product, row.total_matching, row.total_in_stock])).toEqual([['Kelly', 4, 3]])
  })

  it('counts sold items by the window but unsold stock whatever the window', async () => {
    const allTime = await runTool(database(), 'fast_slow_movers', { view: 'slow', period: 'all_time' })
    // All time adds Alma (152 days, 1,500), tied with Boy Wallet on days and first on price.
    expect(allTime.rows.map((row) => [row.product, row.days])).toEqual([
      ['Kelly', 272],
      ['Alma', 152],
      ['Boy Wallet', 152],
      ['Speedy', 121],
    ])
    const january = await runTool(database(), 'fast_slow_movers', { view: 'slow', from: '2025-01-01', to: '2025-01-31' })
    expect(january.rows.map((row) => row.product)).toEqual(['Kelly', 'Speedy'])
    expect(january.narration).toMatch(/^2 slow movers \(more than 120 days\): 2 still in stock as of 2025-09-30 and 0 sold between 2025-01-01 and 2025-01-31\./)
  })

  it('says so when nothing matches', async () => {
    const noFast = await runTool(database(), 'fast_slow_movers', { from: '2025-01-01', to: '2025-01-31' })
    expect(noFast.rows).toEqual([])
    expect(noFast.narration).toBe('No items sold within 30 days of entering stock between 2025-01-01 and 2025-01-31.')
    expect(noFast.chart).toBeNull()
    const noSlow = await runTool(database(), 'fast_slow_movers', { view: 'slow', days: 365 })
    expect(noSlow.narration).toBe('No slow movers (more than 365 days) as of 2025-09-30.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badView = await tryTool(database(), 'fast_slow_movers', { view: 'medium' })
    expect(badView.ok ? '' : badView.error.message).toMatch(/view: .*"fast"\|"slow"/)
    const zeroDays = await tryTool(database(), 'fast_slow_movers', { days: 0 })
    expect(zeroDays.ok ? '' : zeroDays.error.message).toMatch(/days: .*>=1/)
    const tooManyDays = await tryTool(database(), 'fast_slow_movers', { days: 1000 })
    expect(tooManyDays.ok ? '' : tooManyDays.error.message).toMatch(/days: .*<=730/)
    const textDays = await tryTool(database(), 'fast_slow_movers', { days: '30' })
    expect(textDays.ok ? '' : textDays.error.message).toMatch(/days: .*expected number/)
  })
})

// A product with two items and one with two sale lines give a row per item and sale line, as inventory joined to
// sales does; the latest sale (Single Flap, 2025-09-30) sets the as-of date. Days held count from the product's first
// item, whatever the item.
//   item          brand   added             sold                         days  price
//   Twin Speedy   LV      2025-09-01 and    2025-09-11 (one line,          10  1,500 (twice: one row per item)
//                         2025-09-05        both items)
//   Resold Kelly  Hermès  2025-08-01        2025-08-06 and 2025-08-26    5, 25  9,000 and 9,500 (one row per line)
//   Single Flap   Chanel  2025-09-10        2025-09-30                     20  4,000
//   Marmont       Gucci   2025-03-01        2025-09-15                    198    700
//   Evelyne       Hermès  2025-05-01        in stock                      152  list 3,000
async function loadRepeated(fixture: Fixture, database: Database) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('Twin Speedy', { brand: 'Louis Vuitton', cost: 1000, added: '2025-09-01' })
  await database.sql`
    insert into inventory (product_id, quantity, purchase_price, list_price, created_at)
    values (${fixture.productId('Twin Speedy')}, 1, 1000, 1500, '2025-09-05T12:00:00Z')`
  await fixture.item('Resold Kelly', { brand: 'Hermès', cost: 5000, added: '2025-08-01' })
  await fixture.item('Single Flap', { brand: 'Chanel', cost: 3000, added: '2025-09-10' })
  await fixture.item('Marmont', { brand: 'Gucci', cost: 200, added: '2025-03-01' })
  await fixture.item('Evelyne', { brand: 'Hermès', cost: 2000, added: '2025-05-01' })
  const sales: Array<[string, number, string]> = [
    ['Twin Speedy', 1500, '2025-09-11'],
    ['Resold Kelly', 9000, '2025-08-06'],
    ['Resold Kelly', 9500, '2025-08-26'],
    ['Single Flap', 4000, '2025-09-30'],
    ['Marmont', 700, '2025-09-15'],
  ]
  for (const [item, price, date] of sales) await fixture.sale({ item, buyer: 'Ada Stone', price, date })
}

describe.each(testEngines())('fast_slow_movers with repeated items and sale lines on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => loadRepeated(new Fixture(db), db))

  it('counts and lists a product with two items twice, and a product sold twice once per sale line', async () => {
    const envelope = await runTool(database(), 'fast_slow_movers', {})
    // Within 30 days: Kelly's first line (5), both Speedy items (10), Single Flap (20), Kelly's second line (25): 5 rows.
    expect(envelope.rows.map((row) => [row.product, row.days, row.price, row.date_sold])).toEqual([
      ['Resold Kelly', 5, 9000, '2025-08-06'],
      ['Twin Speedy', 10, 1500, '2025-09-11'],
      ['Twin Speedy', 10, 1500, '2025-09-11'],
      ['Single Flap', 20, 4000, '2025-09-30'],
      ['Resold Kelly', 25, 9500, '2025-08-26'],
    ])
    // The two Speedy rows tie on days, price and SKU: one per item, in either order.
    expect(envelope.rows.filter((row) => row.product === 'Twin Speedy').map((row) => row.date_added).sort()).toEqual(['2025-09-01', '2025-09-05'])
    expect(envelope.rows.map((row) => [row.total_matching, row.total_in_stock])).toEqual(Array(5).fill([5, 0]))
    // Two rows shown of the five: the second Speedy item ties with the first but is cut by the limit, and still counted.
    const two = await runTool(database(), 'fast_slow_movers', { limit: 2 })
    expect(two.rows.map((row) => [row.product, row.days, row.total_matching])).toEqual([
      ['Resold Kelly', 5, 5],
      ['Twin Speedy', 10, 5],
    ])
  })

  it('adds unsold stock to the repeated rows in the slow view', async () => {
    // More than 5 days: Marmont (198), Evelyne in stock (152, list 2,000 × 1.5), Kelly's second line (25), Single Flap
    // (20), both Speedy items (10); Kelly's first line took 5. Six rows, one in stock.
    const envelope = await runTool(database(), 'fast_slow_movers', { view: 'slow', days: 5 })
    expect(envelope.rows.map((row) => [row.product, row.status, row.days, row.price, row.total_matching, row.total_in_stock])).toEqual([
      ['Marmont', 'sold', 198, 700, 6, 1],
      ['Evelyne', 'in stock', 152, 3000, 6, 1],
      ['Resold Kelly', 'sold', 25, 9500, 6, 1],
      ['Single Flap', 'sold', 20, 4000, 6, 1],
      ['Twin Speedy', 'sold', 10, 1500, 6, 1],
      ['Twin Speedy', 'sold', 10, 1500, 6, 1],
    ])
    // Over the default 120 days: Marmont and Evelyne.
    const slow = await runTool(database(), 'fast_slow_movers', { view: 'slow' })
    expect(slow.rows.map((row) => [row.product, row.days, row.total_matching, row.total_in_stock])).toEqual([
      ['Marmont', 198, 2, 1],
      ['Evelyne', 152, 2, 1],
    ])
  })
})
