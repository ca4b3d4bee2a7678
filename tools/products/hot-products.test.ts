import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// One sale (Neverfull, 2025-03-12) sets the as-of date. Views (product_viewed events), session in brackets:
//   Kelly    (Hermès, in stock, added 02-01, list 13,500): 02-10 [s7], 03-02 [s1], 03-03 [s1], 03-05 [s2], 03-11 [s3]
//   Speedy   (LV, in stock, added 02-20, list 700 × 1.5 = 1,050): 03-04 [s1], 03-06 [s4], 03-07 [s5], 03-08 [s6]
//   Marmont  (Gucci, in stock, added 03-01, list 320): 03-05 [s2], 03-09 [s8]
//   Neverfull (sold): 3 views [s1] — left out. Kelly's add-to-cart is not a view.
// Days in stock to 03-12: Kelly 28 + 11 = 39, Speedy 9 + 11 = 20, Marmont 11.
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('Kelly', { brand: 'Hermès', cost: 9000, listPrice: 13500, added: '2025-02-01' })
  await fixture.item('Speedy', { brand: 'Louis Vuitton', cost: 700, added: '2025-02-20' })
  await fixture.item('Marmont', { brand: 'Gucci', category: 'wallet', condition: 'B', cost: 200, listPrice: 320, added: '2025-03-01' })
  await fixture.item('Neverfull', { brand: 'Louis Vuitton', cost: 500, added: '2025-01-01' })
  await fixture.sale({ item: 'Neverfull', buyer: 'Ada Stone', price: 900, date: '2025-03-12' })
  const view = (session: string, at: string, item: string) => fixture.event(session, 'product_viewed', `${at}T12:00:00Z`, { item })
  await view('s7', '2025-02-10', 'Kelly')
  await view('s1', '2025-03-02', 'Kelly')
  await view('s1', '2025-03-03', 'Kelly')
  await view('s2', '2025-03-05', 'Kelly')
  await view('s3', '2025-03-11', 'Kelly')
  await view('s1', '2025-03-04', 'Speedy')
  await view('s4', '2025-03-06', 'Speedy')
  await view('s5', '2025-03-07', 'Speedy')
  await view('s6', '2025-03-08', 'Speedy')
  await view('s2', '2025-03-05', 'Marmont')
  await view('s8', '2025-03-09', 'Marmont')
  await view('s1', '2025-03-02', 'Neverfull')
  await view('s1', '2025-03-03', 'Neverfull')
  await view('s1', '2025-03-04', 'Neverfull')
  await fixture.event('s3', 'added_to_cart', '2025-03-11T12:05:00Z', { item: 'Kelly' })
}

describe.each(testEngines())('hot_products on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('lists the most viewed items still in stock with sessions, list price and days in stock', async () => {
    // Default window: the last 12 months to 2025-03-12, so Kelly's February view counts: 5 views, sessions s1 s2 s3 s7 = 4.
    const envelope = await runTool(database(), 'hot_products', {})
    expect(envelope.rows).toEqual([
      {
        sku: 'SKU-0001',
        product: 'Kelly',
        brand: 'Hermès',
        category: 'bag',
        condition: 'A',
        views: 5,
        unique_sessions: 4,
        list_price: 13500,
        date_added: '2025-02-01',
        days_in_stock: 39,
      },
      expect.objectContaining({ product: 'Speedy', views: 4, unique_sessions: 4, list_price: 1050, days_in_stock: 20 }),
      expect.objectContaining({ product: 'Marmont', views: 2, unique_sessions: 2, list_price: 320, days_in_stock: 11 }),
    ])
    expect(envelope.narration).toBe(
      'The most viewed item still in stock between 2024-03-13 and 2025-03-12 is Kelly (SKU-0001, Hermès): 5 views from 4 sessions, ' +
        'listed at $13,500 after 39 days in stock. Next: Speedy with 4 views.',
    )
    expect(envelope.chart).not.toBeNull()
  })

  it('counts only views in the window and breaks ties on sessions, then name', async () => {
    const march = await runTool(database(), 'hot_products', { from: '2025-03-01', to: '2025-03-12' })
    // Kelly 4 views from s1 s2 s3 (3 sessions); Speedy 4 views from 4 sessions → Speedy first.
    expect(march.rows.map((row) => [row.product, row.views, row.unique_sessions])).toEqual([
      ['Speedy', 4, 4],
      ['Kelly', 4, 3],
      ['Marmont', 2, 2],
    ])
    const oneDay = await runTool(database(), 'hot_products', { from: '2025-03-05', to: '2025-03-05' })
    // Kelly and Marmont: 1 view from 1 session each → by name.
    expect(oneDay.rows.map((row) => [row.product, row.views, row.unique_sessions])).toEqual([
      ['Kelly', 1, 1],
      ['Marmont', 1, 1],
    ])
    const top = await runTool(database(), 'hot_products', { from: '2025-03-01', to: '2025-03-12', limit: 1 })
    expect(top.rows.map((row) => row.product)).toEqual(['Speedy'])
    expect(top.narration).toMatch(/Speedy \(SKU-0002, Louis Vuitton\): 4 views from 4 sessions, listed at \$1,050 after 20 days in stock\.$/)
  })

  it('says so when nothing in stock was viewed in the window', async () => {
    const empty = await runTool(database(), 'hot_products', { from: '2025-01-01', to: '2025-01-31' })
    expect(empty.rows).toEqual([])
    expect(empty.narration).toBe('No views of products still in stock between 2025-01-01 and 2025-01-31.')
    expect(empty.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badLimit = await tryTool(database(), 'hot_products', { limit: 0 })
    expect(badLimit.ok ? '' : badLimit.error.message).toMatch(/limit: must be a whole number from 1 to 100/)
    const unknownField = await tryTool(database(), 'hot_products', { sort_by: 'views' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'sort_by'; allowed fields: period, from, to, limit/)
    const badPeriod = await tryTool(database(), 'hot_products', { period: 'yesterday' })
    expect(badPeriod.ok ? '' : badPeriod.error.message).toMatch(/period: .*"last_7_days"/)
  })
})
