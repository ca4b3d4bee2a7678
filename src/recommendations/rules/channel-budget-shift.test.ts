import { describe, expect, it } from 'vitest'
import { Fixture } from '../../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import { recommendationsOf, runRule } from '../rule-testing.ts'
import { channelBudgetShift } from './channel-budget-shift.ts'

// Q1 2025 (90 days), three campaigns per channel:
//   E-mail    spend $1,000, revenue $8,000 → ROAS 8; 1,000 clicks, 20 conversions (2%), CPA $50
//   Whatnot   spend $1,000, revenue $3,000 → ROAS 3;   500 clicks, 50 conversions (10%), CPA $20
//   Instagram spend $2,000, revenue $4,000 → ROAS 2; 2,000 clicks, 20 conversions (1%), CPA $100
// Move 20% of Instagram's $2,000 = $400 to e-mail: 400 × (8 − 2) = $2,400 over 90 days.
// Three campaigns each side and an 8 ÷ 2 = 4× gap: high confidence. Whatnot converts best: keep it funded.
const channels = [
  { channel: 'email', spend: 1000, revenue: 8000, clicks: 1000, conversions: 20 },
  { channel: 'whatnot', spend: 1000, revenue: 3000, clicks: 500, conversions: 50 },
  { channel: 'instagram', spend: 2000, revenue: 4000, clicks: 2000, conversions: 20 },
] as const

async function load(fixture: Fixture) {
  for (const totals of channels) {
    // Thirds that add up exactly: the first campaign takes the remainder.
    for (let index = 0; index < 3; index++) {
      const share = (total: number) => (index === 0 ? total - 2 * Math.floor(total / 3) : Math.floor(total / 3))
      await fixture.campaign({
        name: `${totals.channel} ${index + 1}`,
        channel: totals.channel,
        start: `2025-0${index + 1}-01`,
        end: `2025-0${index + 1}-20`,
        spend: share(totals.spend),
        clicks: share(totals.clicks),
        conversions: share(totals.conversions),
        revenue: share(totals.revenue),
      })
    }
  }
  await fixture.item('sold', { brand: 'Chanel', cost: 100, added: '2025-01-01' })
  await fixture.sale({ item: 'sold', price: 200, date: '2025-03-31' })
}

describe.each(testEngines())('channel_budget_shift on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('moves a fifth of the lowest-ROAS channel\'s spend to the highest-ROAS channel', async () => {
    const [recommendation] = recommendationsOf(await runRule(database(), channelBudgetShift, { from: '2025-01-01', to: '2025-03-31' }))
    expect(recommendation).toMatchObject({
      id: 'channel_budget_shift:instagram->email',
      area: 'marketing',
      title: 'Move $400.00 of Instagram spend to E-mail',
      impact: { amount: 2400, currency: 'USD', horizonDays: 90 },
      confidence: { level: 'high' },
      evidence: [{ tool: 'channel_comparison', arguments: { from: '2025-01-01', to: '2025-03-31' } }],
    })
    expect(recommendation!.rationale).toBe(
      'From 2025-01-01 to 2025-03-31: E-mail ROAS 8 ($8,000 on $1,000, CPA $50.00); Whatnot ROAS 3 ($3,000 on $1,000, CPA $20.00); ' +
        'Instagram ROAS 2 ($4,000 on $2,000, CPA $100.00).',
    )
    expect(recommendation!.action).toContain('Keep Whatnot funded: it converts best (10.0% of clicks).')
  })

  it('recommends nothing without spend to compare', async () => {
    const outcome = await runRule(database(), channelBudgetShift, { from: '2025-06-01', to: '2025-06-30' })
    expect(outcome).toEqual({ status: 'nothing_to_recommend', reason: 'Fewer than two channels with marketing spend in the window.' })
  })
})
