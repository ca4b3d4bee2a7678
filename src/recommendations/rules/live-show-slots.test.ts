import { describe, expect, it } from 'vitest'
import { Fixture } from '../../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import { recommendationsOf, runRule } from '../rule-testing.ts'
import { liveShowSlots } from './live-show-slots.ts'

// Whatnot shows in March 2025 (UTC), one sale each:
//   Thursday 20:00 ×3 (6, 13, 20),  60 min, $3,000 each → $9,000 in 3 h = $3,000 per show hour
//   Monday 14:00   ×3 (3, 10, 17),  60 min, $1,000 each → $3,000 in 3 h = $1,000 per show hour
//   Saturday 12:00 ×3 (1, 8, 15),  120 min, $1,000 each → $3,000 in 6 h =   $500 per show hour
// Median of 3,000 / 1,000 / 500 = $1,000. Impact: 4 weeks × 1 h × ($3,000 − $1,000) = $8,000 over 28 days.
// One Instagram show: a single slot, so no Instagram recommendation.
async function load(fixture: Fixture) {
  const slots = [
    { key: 'thursday', dates: ['2025-03-06', '2025-03-13', '2025-03-20'], time: '20:00', minutes: 60, price: 3000 },
    { key: 'monday', dates: ['2025-03-03', '2025-03-10', '2025-03-17'], time: '14:00', minutes: 60, price: 1000 },
    { key: 'saturday', dates: ['2025-03-01', '2025-03-08', '2025-03-15'], time: '12:00', minutes: 120, price: 1000 },
  ]
  for (const slot of slots) {
    for (const date of slot.dates) {
      const key = `${slot.key}-${date}`
      await fixture.show(key, { startedAt: `${date}T${slot.time}:00Z`, durationMinutes: slot.minutes })
      await fixture.item(key, { brand: 'Chanel', cost: 100, added: '2025-02-01' })
      await fixture.sale({ item: key, price: slot.price, date, time: slot.time, show: key })
    }
  }
  await fixture.show('instagram', { platform: 'instagram', startedAt: '2025-03-05T18:00:00Z', durationMinutes: 60 })
  await fixture.item('instagram', { brand: 'Chanel', cost: 100, added: '2025-02-01' })
  await fixture.sale({ item: 'instagram', price: 800, date: '2025-03-05', channel: 'instagram', show: 'instagram' })
}

describe.each(testEngines())('live_show_slots on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))
  const march = { from: '2025-03-01', to: '2025-03-31' }

  it('recommends the Whatnot slot with the best revenue per show hour, with the impact of moving one show a week', async () => {
    const [recommendation, ...others] = recommendationsOf(await runRule(database(), liveShowSlots, march))
    expect(others).toEqual([])
    expect(recommendation).toMatchObject({
      id: 'live_show_slots:whatnot',
      area: 'shows',
      title: 'Schedule Whatnot shows on Thursday 20:00',
      impact: { amount: 8000, currency: 'USD', horizonDays: 28 },
      confidence: { level: 'low' },
      evidence: [{ tool: 'show_performance', arguments: { platform: 'whatnot', min_shows: 2, from: '2025-03-01', to: '2025-03-31' } }],
    })
    expect(recommendation!.action).toContain('from Saturday 12:00, the weakest slot')
    expect(recommendation!.rationale).toContain('$3,000 per show hour over 3 shows')
    expect(recommendation!.rationale).toContain('median of $1,000 across 3 slots')
    expect(recommendation!.chart).toMatchObject({ title: 'Revenue per show hour by time slot' })
  })

  it('recommends nothing, and says why, when no platform has two slots to compare', async () => {
    const outcome = await runRule(database(), liveShowSlots, { from: '2025-04-01', to: '2025-04-30' })
    expect(outcome).toEqual({ status: 'nothing_to_recommend', reason: 'Whatnot: no slot with 2+ shows; Instagram Live: no slot with 2+ shows' })
  })
})
