import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// Four campaigns overlap March 2025 (one only by its last days); Winter Sale ran in January only.
async function load(fixture: Fixture) {
  await fixture.campaign({
    name: 'Spring Live', channel: 'whatnot', start: '2025-03-01', end: '2025-03-31',
    spend: 1000, impressions: 50_000, clicks: 2000, conversions: 20, revenue: 5000,
  })
  await fixture.campaign({
    name: 'IG Reels', channel: 'instagram', start: '2025-03-10', end: '2025-04-10',
    spend: 500, impressions: 20_000, clicks: 400, conversions: 10, revenue: 3000,
  })
  await fixture.campaign({
    name: 'Newsletter', channel: 'email', start: '2025-02-15', end: '2025-03-01',
    spend: 200, impressions: 0, clicks: 0, conversions: 0, revenue: 0,
  })
  await fixture.campaign({
    name: 'Free Shoutout', channel: 'instagram', start: '2025-03-15', end: '2025-03-20',
    spend: 0, impressions: 1000, clicks: 50, conversions: 2, revenue: 400,
  })
  await fixture.campaign({
    name: 'Winter Sale', channel: 'email', start: '2025-01-01', end: '2025-01-31',
    spend: 300, impressions: 9000, clicks: 90, conversions: 3, revenue: 900,
  })
}

const march = { from: '2025-03-01', to: '2025-03-31' }

describe.each(testEngines())('campaign_performance on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('reports each overlapping campaign with ROAS, CPA, conversion rate and CTR, best ROAS first', async () => {
    const envelope = await runTool(database(), 'campaign_performance', march)
    expect(envelope.rows.map((row) => row.campaign)).toEqual(['IG Reels', 'Spring Live', 'Newsletter', 'Free Shoutout'])
    // IG Reels: 3,000 / 500 = ROAS 6; 500 / 10 = CPA 50; 10 / 400 = 2.5%; 400 / 20,000 = 2.0%.
    expect(envelope.rows[0]).toMatchObject({
      channel: 'instagram', start_date: '2025-03-10', end_date: '2025-04-10', spend: 500, impressions: 20_000, clicks: 400,
      conversions: 10, attributed_revenue: 3000, roas: 6, cpa: 50, conversion_rate_percent: 2.5, ctr_percent: 2,
    })
    // Spring Live: 5,000 / 1,000 = 5; 1,000 / 20 = 50; 20 / 2,000 = 1.0%; 2,000 / 50,000 = 4.0%.
    expect(envelope.rows[1]).toMatchObject({ roas: 5, cpa: 50, conversion_rate_percent: 1, ctr_percent: 4 })
    expect(envelope.narration).toBe(
      '4 campaigns shown for 2025-03-01 to 2025-03-31, sorted by ROAS (highest first). IG Reels (instagram) comes first: ROAS 6, ' +
        '$3,000 attributed revenue on $500.00 spend, 10 conversions at CPA $50.00, 2.5% of clicks converting.',
    )
    expect(envelope.chart).not.toBeNull()
  })

  it('leaves a ratio empty when its denominator is 0 and sorts such campaigns last', async () => {
    const envelope = await runTool(database(), 'campaign_performance', march)
    const byName = Object.fromEntries(envelope.rows.map((row) => [row.campaign, row]))
    // Newsletter: 0 revenue on 200 spend → ROAS 0; no conversions, clicks or impressions → no CPA, conversion rate or CTR.
    expect(byName.Newsletter).toMatchObject({ roas: 0, cpa: null, conversion_rate_percent: null, ctr_percent: null })
    // Free Shoutout: nothing spent → no ROAS; 0 / 2 = CPA 0; 2 / 50 = 4%; 50 / 1,000 = 5%.
    expect(byName['Free Shoutout']).toMatchObject({ roas: null, cpa: 0, conversion_rate_percent: 4, ctr_percent: 5 })
  })

  it('sorts by revenue, spend and CPA (lowest first, ties by revenue)', async () => {
    const order = async (sortBy: string) =>
      (await runTool(database(), 'campaign_performance', { ...march, sort_by: sortBy })).rows.map((row) => row.campaign)
    // Revenue 5,000 > 3,000 > 400 > 0.
    expect(await order('revenue')).toEqual(['Spring Live', 'IG Reels', 'Free Shoutout', 'Newsletter'])
    // Spend 1,000 > 500 > 200 > 0.
    expect(await order('spend')).toEqual(['Spring Live', 'IG Reels', 'Newsletter', 'Free Shoutout'])
    // CPA 0 < 50 = 50 (Spring Live's 5,000 revenue beats 3,000) < none.
    expect(await order('cpa')).toEqual(['Free Shoutout', 'Spring Live', 'IG Reels', 'Newsletter'])
  })

  it('filters by channel and applies the limit after sorting', async () => {
    const instagram = await runTool(database(), 'campaign_performance', { ...march, channel: 'instagram' })
    expect(instagram.rows.map((row) => row.campaign)).toEqual(['IG Reels', 'Free Shoutout'])
    const topTwo = await runTool(database(), 'campaign_performance', { ...march, limit: 2 })
    expect(topTwo.rows.map((row) => row.campaign)).toEqual(['IG Reels', 'Spring Live'])
    // Winter Sale ran only in January.
    const january = await runTool(database(), 'campaign_performance', { from: '2025-01-01', to: '2025-01-31' })
    expect(january.rows).toEqual([expect.objectContaining({ campaign: 'Winter Sale', roas: 3, cpa: 100 })])
  })

  it('says so when no campaign ran in the window', async () => {
    const envelope = await runTool(database(), 'campaign_performance', { from: '2024-06-01', to: '2024-06-30' })
    expect(envelope.rows).toEqual([])
    expect(envelope.narration).toBe('No marketing campaigns ran between 2024-06-01 and 2024-06-30.')
    expect(envelope.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badChannel = await tryTool(database(), 'campaign_performance', { channel: 'tiktok' })
    expect(badChannel.ok ? '' : badChannel.error.message).toMatch(/channel: .*"whatnot"\|"instagram"\|"email"/)
    const badSort = await tryTool(database(), 'campaign_performance', { sort_by: 'clicks' })
    expect(badSort.ok ? '' : badSort.error.message).toMatch(/sort_by: .*"roas"\|"revenue"\|"spend"\|"cpa"/)
    const badLimit = await tryTool(database(), 'campaign_performance', { limit: 0 })
    expect(badLimit.ok ? '' : badLimit.error.message).toMatch(/limit: must be a whole number from 1 to 100/)
    const unknownField = await tryTool(database(), 'campaign_performance', { budget: 5 })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(
      /unknown field 'budget'; allowed fields: period, from, to, channel, sort_by, limit/,
    )
    const backwards = await tryTool(database(), 'campaign_performance', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
  })
})
