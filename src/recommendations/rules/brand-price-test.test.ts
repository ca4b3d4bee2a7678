import { describe, expect, it } from 'vitest'
import { Fixture } from '../../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import { recommendationsOf, runRule } from '../rule-testing.ts'
import { brandPriceTest } from './brand-price-test.ts'

// Q1 2025 (90 days), five $1,000 sales per brand:
//   Hermès 10 days, cost 500 → 50% margin     Prada  12 days, cost 700 → 30%
//   Chanel 30 days, cost 600 → 40%            Gucci  60 days, cost 800 → 20%
// Median days (12 + 30) ÷ 2 = 21 → fast is 21 ÷ 1.5 = 14 days or less: Hermès and Prada.
// Median margin (30 + 40) ÷ 2 = 35%: Prada falls short, Hermès qualifies.
// Impact: 5% × $5,000 Hermès revenue × 30 ÷ 90 days = $83.33 a month.
const brands = [
  { brand: 'Hermès', cost: 500, days: 10 },
  { brand: 'Prada', cost: 700, days: 12 },
  { brand: 'Chanel', cost: 600, days: 30 },
  { brand: 'Gucci', cost: 800, days: 60 },
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

describe.each(testEngines())('brand_price_test on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('proposes a price test on brands that sell far faster than the median at a median-or-better margin', async () => {
    const [recommendation] = recommendationsOf(await runRule(database(), brandPriceTest, { from: '2025-01-01', to: '2025-03-31' }))
    expect(recommendation).toMatchObject({
      id: 'brand_price_test:Hermès',
      area: 'pricing',
      title: 'Test 5% higher list prices on Hermès',
      impact: { amount: 83.33, currency: 'USD', horizonDays: 30 },
      confidence: { level: 'low' },
    })
    expect(recommendation!.rationale).toBe(
      "Hermès sells in 10 days on average at a 50.0% margin, against a median brand's 21 days and 35.0% (4 brands with 5+ sales, 2025-01-01 to 2025-03-31).",
    )
  })
})
