import { describe, expect, it } from 'vitest'
import { renderSvg } from '../../src/charts/render.ts'
import { asChartSpec } from '../../src/charts/spec.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// March 2025: the 3rd, 10th, 17th, 24th and 31st are Mondays, so ISO weeks start on them.
// Sales (revenue = price × quantity − discount; profit = revenue − fees − cost × quantity):
//   A 03-03 whatnot   Chanel bag S     1,000        profit 1,000 − 500       =   500
//   B 03-05 instagram Gucci wallet A   300 − 20 = 280  profit 280 − 100      =   180
//   C 03-12 whatnot   Chanel bag A     1,200, fees 50  profit 1,200 − 50 − 800 = 350
//   G 03-13 website   Gucci wallet S   200          profit 200 − 100         =   100
//   D 03-14 website   Gucci SLG B      100 × 2 = 200   profit 200 − 50 × 2   =   100
//   E 03-25 email     Chanel wallet S  600          profit 600 − 300         =   300
//   F 04-02 whatnot   Gucci bag A      900          profit 900 − 400         =   500
// Weeks: 03-03 → 1,280 (A+B), 03-10 → 1,600 (C+G+D), 03-17 → 0, 03-24 → 600 (E), 03-31 → 900 (F); total 4,380.
// Campaigns: Spring Drop 03-08..03-12, Archive Sale 03-20..03-28, Easter Email 03-28..04-05, New Year in January (never in the window).
// Shows: S1 03-12 19:00 UTC; S2 03-17 02:00 UTC, which is 03-16 22:00 in New York (EDT, UTC−4); S0 in February.
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Ada Stone' })
  await fixture.item('A', { brand: 'Chanel', category: 'bag', condition: 'S', cost: 500, added: '2025-02-01' })
  await fixture.item('B', { brand: 'Gucci', category: 'wallet', condition: 'A', cost: 100, added: '2025-02-01' })
  await fixture.item('C', { brand: 'Chanel', category: 'bag', condition: 'A', cost: 800, added: '2025-02-01' })
  await fixture.item('G', { brand: 'Gucci', category: 'wallet', condition: 'S', cost: 100, added: '2025-02-01' })
  await fixture.item('D', { brand: 'Gucci', category: 'small_leather_goods', condition: 'B', cost: 50, added: '2025-02-01' })
  await fixture.item('E', { brand: 'Chanel', category: 'wallet', condition: 'S', cost: 300, added: '2025-02-01' })
  await fixture.item('F', { brand: 'Gucci', category: 'bag', condition: 'A', cost: 400, added: '2025-02-01' })
  await fixture.show('S0', { startedAt: '2025-02-20T19:00:00Z', durationMinutes: 60 })
  await fixture.show('S1', { startedAt: '2025-03-12T19:00:00Z', durationMinutes: 120 })
  await fixture.show('S2', { startedAt: '2025-03-17T02:00:00Z', durationMinutes: 60, platform: 'instagram' })
  await fixture.sale({ item: 'A', buyer: 'Ada Stone', price: 1000, date: '2025-03-03', channel: 'whatnot' })
  await fixture.sale({ item: 'B', buyer: 'Ada Stone', price: 300, discount: 20, date: '2025-03-05', channel: 'instagram' })
  await fixture.sale({ item: 'C', buyer: 'Ada Stone', price: 1200, fees: 50, date: '2025-03-12', channel: 'whatnot', show: 'S1' })
  await fixture.sale({ item: 'G', buyer: 'Ada Stone', price: 200, date: '2025-03-13', channel: 'website' })
  await fixture.sale({ item: 'D', buyer: 'Ada Stone', price: 100, quantity: 2, date: '2025-03-14', channel: 'website' })
  await fixture.sale({ item: 'E', buyer: 'Ada Stone', price: 600, date: '2025-03-25', channel: 'email' })
  await fixture.sale({ item: 'F', buyer: 'Ada Stone', price: 900, date: '2025-04-02', channel: 'whatnot' })
  const campaign = { spend: 100, clicks: 10, conversions: 1, revenue: 500 }
  await fixture.campaign({ ...campaign, name: 'New Year', channel: 'email', start: '2025-01-01', end: '2025-01-31' })
  await fixture.campaign({ ...campaign, name: 'Spring Drop', channel: 'instagram', start: '2025-03-08', end: '2025-03-12' })
  await fixture.campaign({ ...campaign, name: 'Easter Email', channel: 'email', start: '2025-03-28', end: '2025-04-05' })
  await fixture.campaign({ ...campaign, name: 'Archive Sale', channel: 'instagram', start: '2025-03-20', end: '2025-03-28' })
}

const revenues = (rows: Array<Record<string, unknown>>) => rows.map((row) => row.revenue)

describe.each(testEngines())('sales_trend on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('reports every week with revenue, units, orders, profit, campaigns and shows', async () => {
    const envelope = await runTool(database(), 'sales_trend', { period: 'all_time', grain: 'week' })
    expect(envelope.window).toMatchObject({ from: '2025-03-03', to: '2025-04-02' })
    expect(envelope.rows).toEqual([
      // 1,000 + 280; units 2; profit 500 + 180. Spring Drop starts on the 8th.
      { period_start: '2025-03-03', period_end: '2025-03-09', days: 7, partial: false, revenue: 1280, units: 2, orders: 2, gross_profit: 680, campaigns: 1, campaign_names: 'Spring Drop', live_shows: 0 },
      // 1,200 + 200 + 200; units 1 + 1 + 2; profit 350 + 100 + 100; show S1.
      { period_start: '2025-03-10', period_end: '2025-03-16', days: 7, partial: false, revenue: 1600, units: 4, orders: 3, gross_profit: 550, campaigns: 1, campaign_names: 'Spring Drop', live_shows: 1 },
      // No sales: zero-filled. S2 started on Monday the 17th in UTC.
      { period_start: '2025-03-17', period_end: '2025-03-23', days: 7, partial: false, revenue: 0, units: 0, orders: 0, gross_profit: 0, campaigns: 1, campaign_names: 'Archive Sale', live_shows: 1 },
      // Two campaigns overlap this week: listed by start date.
      { period_start: '2025-03-24', period_end: '2025-03-30', days: 7, partial: false, revenue: 600, units: 1, orders: 1, gross_profit: 300, campaigns: 2, campaign_names: 'Archive Sale, Easter Email', live_shows: 0 },
      // The last week is cut at the window's end (today, 04-02, a Wednesday): 3 days, partial.
      { period_start: '2025-03-31', period_end: '2025-04-02', days: 3, partial: true, revenue: 900, units: 1, orders: 1, gross_profit: 500, campaigns: 1, campaign_names: 'Easter Email', live_shows: 0 },
    ])
    // Total 1,280 + 1,600 + 600 + 900 = 4,380 from 2 + 4 + 1 + 1 = 8 units in 7 orders.
    // The partial last week is neither ranked nor compared. Halves of the 4 complete weeks: 1,280 + 1,600 = 2,880 →
    // 0 + 600 = 600; (600 − 2,880) ÷ 2,880 = −79.2%.
    expect(envelope.narration).toBe(
      'Revenue was $4,380 from 8 units in 7 orders between 2025-03-03 and 2025-04-02, over 5 weeks. ' +
        'The best complete week was 2025-03-10 to 2025-03-16 with $1,600. ' +
        '2025-03-31 to 2025-04-02 is a partial week (cut by the window or past the recorded sales, which end on 2025-04-02), left out of the comparisons. ' +
        'The last 2 complete weeks brought $600.00 against $2,880 in the first 2: down 79.2%. ' +
        'Live shows fell in 2 and campaigns ran in 5 of the 5 weeks.',
    )
    expect(envelope.assumptions).toContain('Grain: week, as asked.')
  })

  it('defaults to days for a 31-day window, every day present', async () => {
    const envelope = await runTool(database(), 'sales_trend', { period: 'all_time' })
    // 2025-03-03 to 2025-04-02: 29 days of March + 2 of April = 31 rows.
    expect(envelope.rows).toHaveLength(31)
    expect(envelope.rows[0]).toMatchObject({ period_start: '2025-03-03', period_end: '2025-03-03', days: 1, revenue: 1000 })
    expect(envelope.rows[1]).toMatchObject({ period_start: '2025-03-04', revenue: 0, units: 0, orders: 0, campaigns: 0, campaign_names: '' })
    expect(envelope.rows.find((row) => row.period_start === '2025-03-08')).toMatchObject({ revenue: 0, campaigns: 1 })
    expect(envelope.rows.find((row) => row.period_start === '2025-03-17')).toMatchObject({ revenue: 0, live_shows: 1 })
    expect(revenues(envelope.rows).reduce((sum: number, value) => sum + Number(value), 0)).toBe(4380)
    // Halves of 15 days: 03-03..03-17 hold A, B, C, G, D = 2,880; 03-19..04-02 hold E, F = 1,500.
    expect(envelope.narration).toContain('The best day was 2025-03-12 with $1,200.')
    expect(envelope.narration).toContain('The last 15 days brought $1,500 against $2,880 in the first 15: down 47.9%.')
    expect(envelope.assumptions).toContain(
      'Grain: day, chosen from the 31-day window (day up to 92 days, week up to 366, month beyond).',
    )
  })

  it('groups by month, cutting the periods to the window', async () => {
    const envelope = await runTool(database(), 'sales_trend', { period: 'all_time', grain: 'month' })
    expect(envelope.rows).toEqual([
      // March from the 3rd (29 days): A, B, C, G, D, E = 1,000 + 280 + 1,200 + 200 + 200 + 600 = 3,480;
      // units 1 + 1 + 1 + 1 + 2 + 1 = 7; profit 500 + 180 + 350 + 100 + 100 + 300 = 1,530; shows S1 and S2.
      {
        period_start: '2025-03-03', period_end: '2025-03-31', days: 29, partial: true, revenue: 3480, units: 7, orders: 6, gross_profit: 1530,
        campaigns: 3, campaign_names: 'Spring Drop, Archive Sale, Easter Email', live_shows: 2,
      },
      { period_start: '2025-04-01', period_end: '2025-04-02', days: 2, partial: true, revenue: 900, units: 1, orders: 1, gross_profit: 500, campaigns: 1, campaign_names: 'Easter Email', live_shows: 0 },
    ])
    // Both months are cut to the window (March from the 3rd, April to the 2nd): no best month, no change claimed.
    expect(envelope.narration).toContain(
      '2025-03-03 to 2025-03-31 and 2025-04-01 to 2025-04-02 are partial months (cut by the window or past the recorded sales, which end on 2025-04-02), left out of the comparisons.',
    )
    expect(envelope.narration).not.toMatch(/best|brought/)
  })

  it('chooses the grain from the window length unless one is given', async () => {
    // 2025-01-01 to 2025-04-02: 31 + 28 + 31 + 2 = 92 days → day.
    const days = await runTool(database(), 'sales_trend', { from: '2025-01-01', to: '2025-04-02' })
    expect(days.rows).toHaveLength(92)
    // One more day → week: Mondays 2024-12-30 … 2025-03-31 are 13 weeks apart, so 14 rows, the first cut to 01-01..01-05.
    const weeks = await runTool(database(), 'sales_trend', { from: '2025-01-01', to: '2025-04-03' })
    expect(weeks.rows).toHaveLength(14)
    expect(weeks.rows[0]).toMatchObject({ period_start: '2025-01-01', period_end: '2025-01-05', days: 5 })
    expect(weeks.rows[13]).toMatchObject({ period_start: '2025-03-31', period_end: '2025-04-03', days: 4, revenue: 900 })
    // 2024-04-02 to 2025-04-02 is 365 days apart, 366 inclusive → still week; a day earlier (367) → month, April 2024 … April 2025.
    const stillWeeks = await runTool(database(), 'sales_trend', { from: '2024-04-02', to: '2025-04-02' })
    expect(stillWeeks.assumptions).toContain('Grain: week, chosen from the 366-day window (day up to 92 days, week up to 366, month beyond).')
    const months = await runTool(database(), 'sales_trend', { from: '2024-04-01', to: '2025-04-02' })
    expect(months.rows).toHaveLength(13)
    expect(months.rows.map((row) => row.period_start).slice(-2)).toEqual(['2025-03-01', '2025-04-01'])
    // An explicit grain wins over the window length.
    const explicit = await runTool(database(), 'sales_trend', { from: '2024-04-01', to: '2025-04-02', grain: 'day' })
    expect(explicit.rows).toHaveLength(367)
  })

  it('filters by channel, brand, category and condition', async () => {
    const weekly = { period: 'all_time', grain: 'week' }
    // whatnot: A 1,000 | C 1,200 | – | – | F 900.
    expect(revenues((await runTool(database(), 'sales_trend', { ...weekly, channel: 'whatnot' })).rows)).toEqual([1000, 1200, 0, 0, 900])
    // Chanel: A 1,000 | C 1,200 | – | E 600 | –.
    expect(revenues((await runTool(database(), 'sales_trend', { ...weekly, brand: 'Chanel' })).rows)).toEqual([1000, 1200, 0, 600, 0])
    // wallets: B 280 | G 200 | – | E 600 | –.
    expect(revenues((await runTool(database(), 'sales_trend', { ...weekly, category: 'wallet' })).rows)).toEqual([280, 200, 0, 600, 0])
    // condition S: A 1,000 | G 200 | – | E 600 | –.
    expect(revenues((await runTool(database(), 'sales_trend', { ...weekly, condition: 'S' })).rows)).toEqual([1000, 200, 0, 600, 0])
    // Chanel in condition A: only C.
    const combined = await runTool(database(), 'sales_trend', { ...weekly, brand: 'Chanel', condition: 'A' })
    expect(revenues(combined.rows)).toEqual([0, 1200, 0, 0, 0])
    expect(combined.narration).toContain('Revenue was $1,200 from 1 unit in 1 order (brand Chanel, condition A)')
    expect(combined.assumptions).toContain('Only sales with brand Chanel, condition A; campaigns and shows are not filtered.')
  })

  it('keeps campaigns and shows when a filter matches no sales, and says there were none', async () => {
    // A brand the data holds but that sold nothing (one it does not hold is refused: src/tools/value-index.test.ts).
    await new Fixture(database()).brand('Hermès')
    const envelope = await runTool(database(), 'sales_trend', { period: 'all_time', grain: 'week', brand: 'Hermès' })
    expect(revenues(envelope.rows)).toEqual([0, 0, 0, 0, 0])
    expect(envelope.rows.map((row) => row.campaigns)).toEqual([1, 1, 1, 2, 1])
    expect(envelope.narration).toBe('No sales (brand Hermès) between 2025-03-03 and 2025-04-02.')
  })

  it('names every best period when they tie, and a rise from nothing', async () => {
    // Website sales on 03-12..03-14: none, G 200, D 200 → 03-13 and 03-14 tie; halves of 1 day: 0 → 200.
    const envelope = await runTool(database(), 'sales_trend', { from: '2025-03-12', to: '2025-03-14', channel: 'website' })
    expect(revenues(envelope.rows)).toEqual([0, 200, 200])
    expect(envelope.narration).toContain('The best days, tied at $200.00 each, were 2025-03-13 and 2025-03-14.')
    expect(envelope.narration).toContain('The last 1 day brought $200.00 against $0.00 in the first 1: up from nothing.')
  })

  it('counts shows in the period of their start in the business time zone', async () => {
    // S2 starts Sunday 2025-03-16 22:00 in New York, so it belongs to the week of the 10th there.
    const envelope = await runTool(database(), 'sales_trend', { period: 'all_time', grain: 'week' }, 'analyst', 'America/New_York')
    expect(envelope.rows.map((row) => row.live_shows)).toEqual([0, 2, 0, 0, 0])
    expect(revenues(envelope.rows)).toEqual([1280, 1600, 0, 600, 900])
  })

  it('says so when the window has no sales, still listing every day', async () => {
    const envelope = await runTool(database(), 'sales_trend', { from: '2025-05-01', to: '2025-05-31' })
    expect(envelope.rows).toHaveLength(31)
    expect(envelope.rows.every((row) => row.revenue === 0 && row.orders === 0)).toBe(true)
    expect(envelope.narration).toBe('No sales between 2025-05-01 and 2025-05-31.')
  })

  it('draws revenue, units, show and campaign marks as a chart that renders', async () => {
    const envelope = await runTool(database(), 'sales_trend', { period: 'all_time', grain: 'week' })
    expect(envelope.chart).toMatchObject({ title: 'Revenue and units by week', resolve: { scale: { y: 'independent' } } })
    const svg = await renderSvg(asChartSpec(envelope.chart!))
    expect(svg).toContain('<svg')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badGrain = await tryTool(database(), 'sales_trend', { grain: 'year' })
    expect(badGrain.ok ? '' : badGrain.error.message).toMatch(/grain: .*"day"\|"week"\|"month"/)
    const unknownField = await tryTool(database(), 'sales_trend', { colour: 'red' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(
      /unknown field 'colour'; allowed fields: period, from, to, grain, channel, brand, category, condition/,
    )
    const backwards = await tryTool(database(), 'sales_trend', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
    const badCondition = await tryTool(database(), 'sales_trend', { condition: 'C' })
    expect(badCondition.ok ? '' : badCondition.error.message).toMatch(/condition: .*"S"\|"A"\|"B"/)
  })
})
