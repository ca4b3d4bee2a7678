import { describe, expect, it } from 'vitest'
import { Fixture } from '../../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import { recommendationsOf, runRule } from '../rule-testing.ts'
import { stockCoverGaps } from './stock-cover-gaps.ts'

// Q1 2025 (90 days). Every brand sells 9 units (0.1 a day); all items were added 2025-01-05 (in the window):
//   Hermès 1 left in stock → cover 1 ÷ 0.1 = 10 days; sell-through 9 ÷ 10 = 90%
//   Chanel 6 left → 60 days, 60%     Gucci 9 left → 90 days, 50%     Prada 12 left → 120 days, 42.86%
// Median cover (60 + 90) ÷ 2 = 75 days; median sell-through (60 + 50) ÷ 2 = 55%.
// Short (under 37.5 days) and selling through at least the median: Hermès.
// Units to source: ⌈(75 − 10) × 0.1⌉ = 7, at $1,000 profit a unit ($2,000 price, $1,000 cost) = $7,000.
const brands = [
  { brand: 'Hermès', left: 1 },
  { brand: 'Chanel', left: 6 },
  { brand: 'Gucci', left: 9 },
  { brand: 'Prada', left: 12 },
]

async function load(fixture: Fixture) {
  for (const { brand, left } of brands) {
    for (let index = 0; index < 9 + left; index++) {
      const key = `${brand}-${index}`
      await fixture.item(key, { brand, cost: 1000, added: '2025-01-05' })
      if (index < 9) await fixture.sale({ item: key, price: 2000, date: index === 0 ? '2025-03-31' : '2025-02-15' })
    }
  }
}

describe.each(testEngines())('stock_cover_gaps on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('flags the brands that sell through well but hold the fewest days of stock', async () => {
    const [recommendation] = recommendationsOf(await runRule(database(), stockCoverGaps, { from: '2025-01-01', to: '2025-03-31' }))
    expect(recommendation).toMatchObject({
      id: 'stock_cover_gaps:Hermès',
      title: 'Restock Hermès before they run out',
      impact: { amount: 7000, currency: 'USD', horizonDays: null },
      confidence: { level: 'low' },
    })
    expect(recommendation!.action).toBe('Source 7 more units of Hermès to bring each to the median stock cover of 75 days.')
    expect(recommendation!.rationale).toBe(
      'Hermès: 1 item in stock against 9 units sold in 90 days, 10 days of cover, 90.0% sell-through. Median brand: 75 days of cover, 55.0% sell-through.',
    )
    expect(recommendation!.evidence.map((evidence) => evidence.tool)).toEqual(['brand_performance', 'inventory_aging', 'sell_through_by_condition'])
  })
})
