import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// March 2025. Campaigns (spend, revenue the channel reports):
//   Spring IG    instagram  03-01…03-15  500  3,000
//   March Email  email      03-01…03-31  200    400
//   Zero Spend   email      03-05…03-06    0      0
//   Feb Whatnot  whatnot    02-01…02-10  1,000 (outside the window: not listed)
// Sales and the buyers' touches (30-day lookback):
//   Ada   touched Spring IG 03-02, March Email 03-04; bought 03-05: 2,000 revenue − 1,200 cost = 800 profit
//   Ben   touched Spring IG 03-10;                    bought 03-12: 1,000 − 900 = 100
//   Cleo  touched March Email 01-20 (59 days before);  bought 03-20: 500 − 300 = 200, unattributed
async function load(fixture: Fixture) {
  for (const name of ['Ada Stone', 'Ben Marsh', 'Cleo Park']) await fixture.customer({ name })
  await fixture.campaign({ name: 'Spring IG', channel: 'instagram', start: '2025-03-01', end: '2025-03-15', spend: 500, clicks: 100, conversions: 5, revenue: 3000 })
  await fixture.campaign({ name: 'March Email', channel: 'email', start: '2025-03-01', end: '2025-03-31', spend: 200, clicks: 50, conversions: 2, revenue: 400 })
  await fixture.campaign({ name: 'Zero Spend', channel: 'email', start: '2025-03-05', end: '2025-03-06', spend: 0, clicks: 0, conversions: 0, revenue: 0 })
  await fixture.campaign({ name: 'Feb Whatnot', channel: 'whatnot', start: '2025-02-01', end: '2025-02-10', spend: 1000, clicks: 10, conversions: 1, revenue: 900 })
  await fixture.touch('Ada Stone', 'Spring IG', '2025-03-02T10:00:00Z')
  await fixture.touch('Ada Stone', 'March Email', '2025-03-04T10:00:00Z', 'open')
  await fixture.touch('Ben Marsh', 'Spring IG', '2025-03-10T10:00:00Z')
  await fixture.touch('Cleo Park', 'March Email', '2025-01-20T10:00:00Z')
  await fixture.item('A', { brand: 'Chanel', cost: 1200, added: '2025-01-01' })
  await fixture.item('B', { brand: 'Gucci', cost: 900, added: '2025-01-01' })
  await fixture.item('C', { brand: 'Prada', cost: 300, added: '2025-01-01' })
  await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 2000, date: '2025-03-05' })
  await fixture.sale({ item: 'B', buyer: 'Ben Marsh', price: 1000, date: '2025-03-12' })
  await fixture.sale({ item: 'C', buyer: 'Cleo Park', price: 500, date: '2025-03-20' })
}

const march = { from: '2025-03-01', to: '2025-03-31' }
const rois = (rows: Record<string, unknown>[]) =>
  rows.map((row) => [row.campaign, row.credited_sales, row.credited_revenue, row.credited_gross_profit, row.profit_roi_percent, row.revenue_roi_percent, row.reported_roi_percent])

describe.each(testEngines())('campaign_roi on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('credits sales by last touch and reports ROI on gross profit, on revenue and on reported revenue', async () => {
    const envelope = await runTool(database(), 'campaign_roi', march)
    expect(rois(envelope.rows)).toEqual([
      // Ada's sale, last touched by March Email: (800 − 200) / 200 = 300%; (2,000 − 200) / 200 = 900%; (400 − 200) / 200 = 100%.
      ['March Email', 1, 2000, 800, 300, 900, 100],
      // Ben's sale: (100 − 500) / 500 = −80%; (1,000 − 500) / 500 = 100%; (3,000 − 500) / 500 = 500%.
      ['Spring IG', 1, 1000, 100, -80, 100, 500],
      // Nothing spent: no ROI, listed last.
      ['Zero Spend', 0, 0, 0, null, null, null],
    ])
    expect(envelope.rows[0]).toMatchObject({ channel: 'email', start_date: '2025-03-01', end_date: '2025-03-31', spend: 200, reported_revenue: 400 })
    expect(envelope.narration).toBe(
      '3 campaigns shown between 2025-03-01 and 2025-03-31, sorted by ROI on credited gross profit. March Email (email) comes first: ' +
        '$800.00 gross profit and $2,000 revenue from 1 credited sale (last touch, 30-day lookback) on $200.00 spend: ROI 300.0% on gross profit, ' +
        '900.0% on revenue (100.0% on the revenue the channel reports). 1 campaign shown returned less gross profit than it cost.',
    )
    expect(envelope.chart).toBeDefined()
  })

  it('credits by first touch or linear split, filters by channel and sorts by reported ROI', async () => {
    // First touch: Ada's and Ben's sales both go to Spring IG: 3,000 revenue, 900 profit: (900 − 500) / 500 = 80%.
    const first = await runTool(database(), 'campaign_roi', { ...march, attribution: 'first_touch' })
    expect(rois(first.rows).slice(0, 2)).toEqual([
      ['Spring IG', 2, 3000, 900, 80, 500, 500],
      ['March Email', 0, 0, 0, -100, -100, 100],
    ])
    // Linear: Ada's sale split in two (1,000 and 400 each). Spring IG 2,000 and 500: 0%; March Email 1,000 and 400: 100%.
    const linear = await runTool(database(), 'campaign_roi', { ...march, attribution: 'linear' })
    expect(rois(linear.rows).slice(0, 2)).toEqual([
      ['March Email', 0.5, 1000, 400, 100, 400, 100],
      ['Spring IG', 1.5, 2000, 500, 0, 300, 500],
    ])
    const email = await runTool(database(), 'campaign_roi', { ...march, channel: 'email', sort_by: 'reported_roi' })
    expect(email.rows.map((row) => row.campaign)).toEqual(['March Email', 'Zero Spend'])
    // A lookback of 1 day reaches no touch (the nearest is Ada's, 26 hours before her purchase): nothing credited.
    const short = await runTool(database(), 'campaign_roi', { ...march, lookback_days: 1 })
    expect(short.rows.map((row) => row.credited_revenue)).toEqual([0, 0, 0])
  })

  it('says when no campaign ran, and refuses bad input', async () => {
    const none = await runTool(database(), 'campaign_roi', { from: '2024-06-01', to: '2024-06-30' })
    expect(none.narration).toBe('No marketing campaigns ran between 2024-06-01 and 2024-06-30.')
    const channel = await tryTool(database(), 'campaign_roi', { channel: 'website' })
    expect(channel.ok ? '' : channel.error.message).toMatch(/channel: .*"whatnot"\|"instagram"\|"email"/)
    const lookback = await tryTool(database(), 'campaign_roi', { lookback_days: 0 })
    expect(lookback.ok ? '' : lookback.error.message).toMatch(/lookback_days/)
  })
})
