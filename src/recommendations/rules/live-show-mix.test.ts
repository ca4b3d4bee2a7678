import { describe, expect, it } from 'vitest'
import { Fixture } from '../../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import { recommendationsOf, runRule } from '../rule-testing.ts'
import { liveShowMix } from './live-show-mix.ts'

// March 2025 sales by brand and channel:
//   Chanel  Whatnot 2 × $2,000 = $4,000, website $4,000  → $8,000 in all
//   Hermès  Whatnot 1 × $5,000                            → $5,000
//   Gucci   Whatnot 1 × $500, website 2 × $1,000          → $2,500
//   Prada   website $1,500                                → $1,500
// All revenue $17,000; Whatnot $9,500 from 4 units.
// Whatnot shares: Hermès 5,000 ÷ 9,500 = 52.63%, Chanel 42.11%, Gucci 5.26% (together 100%).
// Overall shares: Chanel 47.06%, Hermès 29.41%, Gucci 14.71%, Prada 8.82%.
// Hermès sells better on Whatnot than elsewhere: 52.63 ÷ 29.41 = 1.79 ≥ 1.1. Only 4 Whatnot units: low confidence.
async function load(fixture: Fixture) {
  const sales = [
    { brand: 'Chanel', price: 2000, channel: 'whatnot' },
    { brand: 'Chanel', price: 2000, channel: 'whatnot' },
    { brand: 'Chanel', price: 4000, channel: 'website' },
    { brand: 'Hermès', price: 5000, channel: 'whatnot' },
    { brand: 'Gucci', price: 500, channel: 'whatnot' },
    { brand: 'Gucci', price: 1000, channel: 'website' },
    { brand: 'Gucci', price: 1000, channel: 'website' },
    { brand: 'Prada', price: 1500, channel: 'website' },
  ] as const
  for (const [index, sale] of sales.entries()) {
    const key = `item-${index}`
    await fixture.item(key, { brand: sale.brand, cost: 100, added: '2025-02-01' })
    await fixture.sale({ item: key, price: sale.price, date: '2025-03-10', channel: sale.channel })
  }
}

describe.each(testEngines())('live_show_mix on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('features the brands with the most Whatnot revenue and names those that over-index there', async () => {
    const [recommendation] = recommendationsOf(await runRule(database(), liveShowMix, { from: '2025-03-01', to: '2025-03-31' }))
    expect(recommendation).toMatchObject({
      id: 'live_show_mix:whatnot',
      title: 'Build Whatnot line-ups around Hermès, Chanel, Gucci',
      impact: { amount: null, currency: null },
      confidence: { level: 'low' },
    })
    expect(recommendation!.action).toContain('give more show time to Hermès, which sell better on Whatnot')
    expect(recommendation!.rationale).toContain('brought 100.0% of Whatnot revenue ($9,500, 4 units)')
    expect(recommendation!.details!.rows).toEqual([
      { brand: 'Chanel', whatnot_revenue: 4000, whatnot_units: 2, whatnot_share_percent: 42.11, overall_share_percent: 47.06, whatnot_average_price: 2000 },
      { brand: 'Hermès', whatnot_revenue: 5000, whatnot_units: 1, whatnot_share_percent: 52.63, overall_share_percent: 29.41, whatnot_average_price: 5000 },
      { brand: 'Gucci', whatnot_revenue: 500, whatnot_units: 1, whatnot_share_percent: 5.26, overall_share_percent: 14.71, whatnot_average_price: 500 },
      { brand: 'Prada', whatnot_revenue: 0, whatnot_units: 0, whatnot_share_percent: 0, overall_share_percent: 8.82, whatnot_average_price: null },
    ])
    expect(recommendation!.evidence.map((evidence) => [evidence.tool, evidence.arguments.brand ?? null])).toEqual([
      ['brand_performance', null],
      ['sales_trend', null],
      ['sales_trend', 'Chanel'],
      ['sales_trend', 'Hermès'],
      ['sales_trend', 'Gucci'],
      ['sales_trend', 'Prada'],
    ])
  })

  it('recommends nothing without Whatnot sales', async () => {
    const outcome = await runRule(database(), liveShowMix, { from: '2025-04-01', to: '2025-04-30' })
    expect(outcome).toEqual({ status: 'nothing_to_recommend', reason: 'No Whatnot sales in the window.' })
  })
})
