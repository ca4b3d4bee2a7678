import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Every campaign overlaps March 2025. Sales and touches are at 12:00 UTC.
async function load(fixture: Fixture) {
  await fixture.campaign({
    name: 'Spring Live', channel: 'whatnot', start: '2025-03-01', end: '2025-03-31',
    spend: 1000, impressions: 50_000, clicks: 2000, conversions: 60, revenue: 5000,
  })
  await fixture.campaign({
    name: 'IG Reels', channel: 'instagram', start: '2025-03-10', end: '2025-04-10',
    spend: 500, impressions: 20_000, clicks: 400, conversions: 10, revenue: 3000,
  })
  await fixture.campaign({
    name: 'Free Shoutout', channel: 'instagram', start: '2025-03-15', end: '2025-03-20',
    spend: 0, impressions: 1000, clicks: 50, conversions: 2, revenue: 400,
  })
  await fixture.campaign({
    name: 'Newsletter', channel: 'email', start: '2025-02-01', end: '2025-03-05',
    spend: 200, impressions: 0, clicks: 0, conversions: 0, revenue: 0,
  })
  for (const name of ['Ada Stone', 'Ben Marsh', 'Cleo Park', 'Dan Reyes', 'Eve Lund']) await fixture.customer({ name })
  for (const key of ['A', 'B', 'C', 'D', 'E', 'F']) await fixture.item(key, { brand: 'Chanel', cost: 100, added: '2025-01-01' })
  // Ada: first purchase 03-10; touched by whatnot 8 days before, then Instagram 1 day before.
  await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 900, date: '2025-03-10' })
  await fixture.touch('Ada Stone', 'Spring Live', '2025-03-02T12:00:00Z')
  await fixture.touch('Ada Stone', 'IG Reels', '2025-03-09T12:00:00Z')
  // Ben: first purchase 03-20; e-mail 38 days before (outside a 30-day lookback), Instagram 5 days before.
  await fixture.sale({ item: 'B', buyer: 'Ben Marsh', price: 400, date: '2025-03-20' })
  await fixture.touch('Ben Marsh', 'Newsletter', '2025-02-10T12:00:00Z', 'open')
  await fixture.touch('Ben Marsh', 'IG Reels', '2025-03-15T12:00:00Z')
  // Cleo first bought in February: not a new customer in March.
  await fixture.sale({ item: 'C', buyer: 'Cleo Park', price: 300, date: '2025-02-20' })
  await fixture.sale({ item: 'D', buyer: 'Cleo Park', price: 300, date: '2025-03-12' })
  await fixture.touch('Cleo Park', 'Spring Live', '2025-03-05T12:00:00Z')
  // Dan: new, never touched. Eve: new, touched only after her purchase.
  await fixture.sale({ item: 'E', buyer: 'Dan Reyes', price: 250, date: '2025-03-25' })
  await fixture.sale({ item: 'F', buyer: 'Eve Lund', price: 250, date: '2025-03-26' })
  await fixture.touch('Eve Lund', 'IG Reels', '2025-03-28T12:00:00Z')
}

const march = { from: '2025-03-01', to: '2025-03-31' }

describe.each(testEngines())('channel_comparison on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('aggregates campaigns per channel with ratios and shares of spend and revenue', async () => {
    const envelope = await runTool(database(), 'channel_comparison', march)
    expect(envelope.rows.map((row) => row.channel)).toEqual(['whatnot', 'instagram', 'email'])
    const [whatnot, instagram, email] = envelope.rows
    // Whatnot: 5,000 / 1,000 = 5; 1,000 / 60 = 16.67; 60 / 2,000 = 3%; 2,000 / 50,000 = 4%.
    // Shares: spend 1,000 / 1,700 = 58.82%; revenue 5,000 / 8,400 = 59.52%.
    expect(whatnot).toMatchObject({
      campaigns: 1, spend: 1000, impressions: 50_000, clicks: 2000, conversions: 60, attributed_revenue: 5000,
      roas: 5, cpa: 16.67, conversion_rate_percent: 3, ctr_percent: 4, spend_share_percent: 58.82, revenue_share_percent: 59.52,
    })
    // Instagram, two campaigns: spend 500 + 0, impressions 21,000, clicks 450, conversions 12, revenue 3,400.
    // 3,400 / 500 = 6.8; 500 / 12 = 41.67; 12 / 450 = 2.67%; 450 / 21,000 = 2.14%; 500 / 1,700 = 29.41%; 3,400 / 8,400 = 40.48%.
    expect(instagram).toMatchObject({
      campaigns: 2, spend: 500, impressions: 21_000, clicks: 450, conversions: 12, attributed_revenue: 3400,
      roas: 6.8, cpa: 41.67, conversion_rate_percent: 2.67, ctr_percent: 2.14, spend_share_percent: 29.41, revenue_share_percent: 40.48,
    })
    // E-mail: 0 / 200 = ROAS 0; no conversions, clicks or impressions → empty ratios; 200 / 1,700 = 11.76%.
    expect(email).toMatchObject({
      campaigns: 1, spend: 200, roas: 0, cpa: null, conversion_rate_percent: null, ctr_percent: null,
      spend_share_percent: 11.76, revenue_share_percent: 0,
    })
    expect(envelope.narration).toBe(
      'From 2025-03-01 to 2025-03-31 campaigns spent $1,700 and the channels attribute $8,400 revenue to them. ' +
        'Instagram has the best ROAS at 6.8 ($3,400 attributed revenue on $500.00 spend). ' +
        'Whatnot has the best conversion rate at 3.0% of clicks. ' +
        // Ada acquired by Whatnot ($1,000 spend), Ben by Instagram ($500): cheapest first; e-mail acquired no one.
        'Cost to acquire a new customer: Instagram $500.00 (1 customer), Whatnot $1,000 (1 customer); Instagram is the cheapest.',
    )
    expect(envelope.chart).not.toBeNull()
  })

  it('divides spend by the new customers each channel first-touched within the lookback', async () => {
    const acquisition = async (lookbackDays?: number) => {
      const envelope = await runTool(database(), 'channel_comparison', { ...march, lookback_days: lookbackDays })
      return envelope.rows.map((row) => [row.channel, row.acquired_customers, row.customer_acquisition_cost])
    }
    // 30 days: Ada → whatnot (03-02), Ben → Instagram (the e-mail open is 38 days back). Cleo is not new; Dan has no
    // touch; Eve's touch came after her purchase. CAC: 1,000 / 1; 500 / 1; e-mail none acquired.
    expect(await acquisition()).toEqual([['whatnot', 1, 1000], ['instagram', 1, 500], ['email', 0, null]])
    // 60 days: Ben's earliest touch is now the e-mail open → e-mail CAC 200 / 1; Instagram acquires nobody.
    expect(await acquisition(60)).toEqual([['whatnot', 1, 1000], ['instagram', 0, null], ['email', 1, 200]])
    // 7 days: Ada's whatnot touch (8 days back) drops out, her Instagram touch remains → Instagram 2, CAC 500 / 2 = 250.
    expect(await acquisition(7)).toEqual([['whatnot', 0, null], ['instagram', 2, 250], ['email', 0, null]])
  })

  it('keeps all three channels when no campaign ran', async () => {
    const envelope = await runTool(database(), 'channel_comparison', { from: '2024-06-01', to: '2024-06-30' })
    expect(envelope.rows).toEqual(
      ['whatnot', 'instagram', 'email'].map((channel) =>
        expect.objectContaining({
          channel, campaigns: 0, spend: 0, attributed_revenue: 0, acquired_customers: 0, roas: null, cpa: null,
          customer_acquisition_cost: null, spend_share_percent: null, revenue_share_percent: null,
        }),
      ),
    )
    expect(envelope.narration).toBe('No marketing campaigns ran between 2024-06-01 and 2024-06-30.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const zeroLookback = await tryTool(database(), 'channel_comparison', { lookback_days: 0 })
    expect(zeroLookback.ok ? '' : zeroLookback.error.message).toMatch(/lookback_days: .*>=1/)
    const longLookback = await tryTool(database(), 'channel_comparison', { lookback_days: 91 })
    expect(longLookback.ok ? '' : longLookback.error.message).toMatch(/lookback_days: .*<=90/)
    const unknownField = await tryTool(database(), 'channel_comparison', { channel: 'email' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(
      /unknown field 'channel'; allowed fields: period, from, to, lookback_days/,
    )
    const backwards = await tryTool(database(), 'channel_comparison', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
  })
})
