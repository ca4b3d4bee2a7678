import { describe, expect, it } from 'vitest'
import { Purchases } from '../../testing/customer-fixtures.ts'
import { Fixture } from '../../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import { recommendationsOf, runRule } from '../rule-testing.ts'
import { segmentCampaigns } from './segment-campaigns.ts'

// Five customers as of 2025-06-30, each alone in its quintile for recency (R), orders (F) and spend (M):
//   Cara   5 days, 5 orders, $10,000 → R5 F5 M5: Champions
//   Nina  50 days, 1 order,   $1,000 → R4 F1 M1: New
//   Paul 100 days, 2 orders,  $2,000 → R3 F2 M2: Potential Loyalists
//   Carl 200 days, 4 orders,  $8,000 → R2 F4 M4: Can't Lose Them
//   Rita 300 days, 3 orders,  $3,000 → R1 F3 M3: At Risk
// Impact: 10% × (Rita: 1 × $3,000 ÷ 3 orders + Carl: 1 × $8,000 ÷ 4 orders) = 0.1 × (1,000 + 2,000) = $300.
// Can't Lose Them holds the most revenue of the win-back segments: 8,000 ÷ 24,000 = 33.3%.
const customers: Array<[string, number, string[]]> = [
  ['Cara Champion', 2000, ['2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-25']],
  ['Nina New', 1000, ['2025-05-11']],
  ['Paul Potential', 1000, ['2025-01-10', '2025-03-22']],
  ['Carl Cantlose', 2000, ['2024-03-01', '2024-06-01', '2024-09-01', '2024-12-12']],
  ['Rita Risk', 1000, ['2024-05-01', '2024-07-01', '2024-09-03']],
]

async function load(fixture: Fixture) {
  const purchases = new Purchases(fixture)
  for (const [name, price, dates] of customers) {
    await fixture.customer({ name })
    await purchases.buyOn(name, price, dates)
  }
  await fixture.item('latest', { brand: 'Chanel', cost: 0, added: '2025-06-30' })
  await fixture.sale({ item: 'latest', price: 1, date: '2025-06-30' })
}

describe.each(testEngines())('segment_campaigns on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('gives each occupied RFM segment its campaign, starting with the win-back segment holding the most revenue', async () => {
    const [recommendation] = recommendationsOf(await runRule(database(), segmentCampaigns, { from: '2025-01-01', to: '2025-06-30' }))
    expect(recommendation).toMatchObject({
      id: 'segment_campaigns:rfm',
      title: "Run segment campaigns, starting with Can't Lose Them",
      impact: { amount: 300, currency: 'USD', horizonDays: null },
      confidence: { level: 'low' },
      evidence: [{ tool: 'rfm_segments', arguments: { to: '2025-06-30' } }],
    })
    expect(recommendation!.rationale).toContain("1 Can't Lose Them customer holds 33.3% of lifetime revenue ($8,000) but last bought 200 days ago")
    expect(recommendation!.details!.rows.map((row) => [row.segment, row.customers])).toEqual([
      ['Champions', 1],
      ['Potential Loyalists', 1],
      ['New', 1],
      ['At Risk', 1],
      ["Can't Lose Them", 1],
    ])
  })
})
