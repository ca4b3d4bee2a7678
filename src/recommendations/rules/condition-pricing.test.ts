import { describe, expect, it } from 'vitest'
import { Fixture } from '../../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import { recommendationsOf, runRule } from '../rule-testing.ts'
import { conditionPricing } from './condition-pricing.ts'

// Items taken in on 2025-01-10 (the window is Q1 2025):
//   S  5 items, all sold after 10 days at $2,000 (cost $1,000) → median 10 days, 100% sell-through, $1,000 a sale
//   A  5 items, all sold after 20 days at $1,500 (cost $1,000) → median 20 days
//   B  6 items, 3 sold after 40 days at $1,000 (cost $600) → median 40 days, 50%, $400 a sale; 3 unsold
// B is 40 ÷ 10 = 4× slower than S. The latest sale (2025-02-19) is the as-of date; older B stock outside the window:
//   added 2024-10-01 → 141 days (91–180 bucket, 20%): list $1,000 → $200 off
//   added 2024-06-01 → 263 days (over 180, 30%):      list $2,000 → $600 off
// The 3 unsold B items of the window are 40 days old: the 31–90 bucket, not yet marked down.
// Impact: (1,000 + 2,000) − (200 + 600) = $2,200, one-off. Only 6 B items taken in: medium confidence.
async function load(fixture: Fixture) {
  const grades = [
    { condition: 'S', items: 5, sold: 5, sale: '2025-01-20', price: 2000, cost: 1000 },
    { condition: 'A', items: 5, sold: 5, sale: '2025-01-30', price: 1500, cost: 1000 },
    { condition: 'B', items: 6, sold: 3, sale: '2025-02-19', price: 1000, cost: 600 },
  ] as const
  for (const grade of grades) {
    for (let index = 0; index < grade.items; index++) {
      const key = `${grade.condition}-${index}`
      await fixture.item(key, { brand: 'Chanel', condition: grade.condition, cost: grade.cost, added: '2025-01-10' })
      if (index < grade.sold) await fixture.sale({ item: key, price: grade.price, date: grade.sale })
    }
  }
  await fixture.item('B-aged-1', { brand: 'Chanel', condition: 'B', cost: 500, listPrice: 1000, added: '2024-10-01' })
  await fixture.item('B-aged-2', { brand: 'Chanel', condition: 'B', cost: 1000, listPrice: 2000, added: '2024-06-01' })
}

describe.each(testEngines())('condition_pricing on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('marks the slow grade\'s aged stock down at the suggested rates and holds the quick grades at list', async () => {
    const [recommendation] = recommendationsOf(await runRule(database(), conditionPricing, { from: '2025-01-01', to: '2025-03-31' }))
    expect(recommendation).toMatchObject({
      id: 'condition_pricing:B',
      area: 'pricing',
      title: 'Price grade B to sell; hold S and A at list',
      impact: { amount: 2200, currency: 'USD', horizonDays: null },
      confidence: { level: 'medium' },
    })
    expect(recommendation!.action).toContain('Mark down the 2 grade B items in stock over 90 days (20% then 30% by age) now')
    expect(recommendation!.rationale).toBe(
      'Grade B takes 40 days to sell (median) against 10 for grade S, with 50.0% sell-through against 100.0% (items taken in 2025-01-01 to 2025-03-31); ' +
        'it sells at $1,000 a unit and earns $400.00 a sale, against $2,000 and $1,000 for grade S.',
    )
    expect(recommendation!.evidence.map((evidence) => evidence.tool)).toEqual(['sell_through_by_condition', 'top_products', 'inventory_aging'])
  })
})
