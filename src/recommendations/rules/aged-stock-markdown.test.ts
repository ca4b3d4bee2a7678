import { describe, expect, it } from 'vitest'
import { Fixture } from '../../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import { recommendationsOf, runRule } from '../rule-testing.ts'
import { agedStockMarkdown } from './aged-stock-markdown.ts'

// Stock as of 2025-06-30 (the one sale, a Dior bag, sets the as-of date); items added 2024-10-01 are 272 days old:
//   Gucci  4 aged items (one a wallet), cost $300, list $500 each → $1,200 at cost, $2,000 at list;
//          1 item added 2025-06-01 (29 days), cost $300. Aged share of cost: 1,200 ÷ 1,500 = 80%.
//   Chanel 1 aged item: under the 3-item floor.
//   Prada  3 aged items at $100 cost + 2 new at $2,000: aged share 300 ÷ 4,300 = 7%, under 20%.
// Gucci: 30% markdown (over 180 days) = $600 off list; revenue if sold marked down: 2,000 − 600 = $1,400, one-off.
async function load(fixture: Fixture) {
  for (let index = 0; index < 4; index++) {
    await fixture.item(`gucci-${index}`, {
      brand: 'Gucci',
      name: index === 0 ? 'Gucci Card Case' : `Gucci Bag ${index}`,
      category: index === 0 ? 'wallet' : 'bag',
      cost: 300,
      listPrice: 500,
      added: '2024-10-01',
    })
  }
  await fixture.item('gucci-new', { brand: 'Gucci', cost: 300, listPrice: 500, added: '2025-06-01' })
  await fixture.item('chanel-old', { brand: 'Chanel', cost: 1000, listPrice: 1500, added: '2024-10-01' })
  for (let index = 0; index < 3; index++) await fixture.item(`prada-old-${index}`, { brand: 'Prada', cost: 100, listPrice: 200, added: '2024-10-01' })
  for (let index = 0; index < 2; index++) await fixture.item(`prada-new-${index}`, { brand: 'Prada', cost: 2000, listPrice: 3000, added: '2025-06-01' })
  await fixture.item('dior-sold', { brand: 'Dior', cost: 1000, added: '2025-06-01' })
  await fixture.sale({ item: 'dior-sold', price: 2000, date: '2025-06-30' })
}

describe.each(testEngines())('aged_stock_markdown on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('marks down the brand whose stock has aged, at the suggested rate, naming the items', async () => {
    const recommendations = recommendationsOf(await runRule(database(), agedStockMarkdown, { from: '2025-01-01', to: '2025-06-30' }))
    expect(recommendations.map((recommendation) => recommendation.id)).toEqual(['aged_stock_markdown:Gucci'])
    const [gucci] = recommendations
    expect(gucci).toMatchObject({
      title: 'Mark down Gucci stock older than 180 days by 30%',
      impact: { amount: 1400, currency: 'USD', horizonDays: null },
      confidence: { level: 'medium' },
      evidence: [
        { tool: 'inventory_aging', arguments: { group_by: 'brand', limit: 100 } },
        { tool: 'fast_slow_movers', arguments: { view: 'slow', days: 180, limit: 100 } },
      ],
    })
    expect(gucci!.rationale).toContain('4 items of Gucci ($1,200 at cost, $2,000 at list) have waited 272 days on average: 80.0%')
    expect(gucci!.action).toContain('offer the 1 wallet or small leather good among the oldest as add-ons')
    expect(gucci!.details!.rows).toHaveLength(4)
    expect(gucci!.details!.rows).toContainEqual(
      expect.objectContaining({ product: 'Gucci Card Case', category: 'wallet', days: 272, price: 500, marked_down_price: 350 }),
    )
  })
})
