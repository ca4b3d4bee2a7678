import { describe, expect, it } from 'vitest'
import { Fixture } from '../../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import { recommendationsOf, runRule } from '../rule-testing.ts'
import { brandsToDoubleDown } from './brands-to-double-down.ts'

// Q1 2025 (90 days), five $1,000 sales per brand:
//   Hermès cost 500 → 50% margin, held 10 days     Chanel cost 600 → 40%, 20 days
//   Gucci  cost 800 → 20% margin, held 60 days     Prada  cost 550 → 45%, 90 days
// Median margin (40 + 45) ÷ 2 = 42.5%; median days (20 + 60) ÷ 2 = 40.
// Above-median margin and median-or-faster: Hermès only (Prada is slow, Chanel's margin is below the median).
// Impact: 0.2 × $2,500 Hermès gross profit × 30 ÷ 90 days = $166.67 a month.
const brands = [
  { brand: 'Hermès', cost: 500, days: 10 },
  { brand: 'Chanel', cost: 600, days: 20 },
  { brand: 'Gucci', cost: 800, days: 60 },
  { brand: 'Prada', cost: 550, days: 90 },
]

async function load(fixture: Fixture) {
  for (const { brand, cost, days } of brands) {
    for (let sale = 0; sale < 5; sale++) {
      const key = `${brand}-${sale}`
      const added = new Date(Date.parse('2025-03-31T00:00:00Z') - days * 86_400_000).toISOString().slice(0, 10)
      await fixture.item(key, { brand, cost, added })
      await fixture.sale({ item: key, price: 1000, date: '2025-03-31' })
    }
  }
}

describe.each(testEngines())('brands_to_double_down on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('picks the brands with both an above-median margin and a median-or-faster sale', async () => {
    const [recommendation] = recommendationsOf(await runRule(database(), brandsToDoubleDown, { from: '2025-01-01', to: '2025-03-31' }))
    expect(recommendation).toMatchObject({
      id: 'brands_to_double_down:Hermès',
      area: 'inventory',
      title: 'Source more Hermès',
      impact: { amount: 166.67, currency: 'USD', horizonDays: 30 },
      confidence: { level: 'low' },
      evidence: [{ tool: 'brand_performance', arguments: { sort_by: 'margin', from: '2025-01-01', to: '2025-03-31' } }],
    })
    expect(recommendation!.rationale).toContain('Hermès: 50.0% margin, 10 days to sell, $2,500 gross profit from 5 sales')
    expect(recommendation!.rationale).toContain('Median across 4 brands with 5+ sales: 42.5% margin, 40 days to sell')
  })

  it('recommends nothing when too few brands sold', async () => {
    const outcome = await runRule(database(), brandsToDoubleDown, { from: '2025-04-01', to: '2025-04-30' })
    expect(outcome).toEqual({ status: 'nothing_to_recommend', reason: 'Fewer than 3 brands with 5+ sales to compare.' })
  })
})
