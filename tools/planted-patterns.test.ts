import { describe, expect, it } from 'vitest'
import { runTool } from '../src/testing/run-tool.ts'
import { testEngines, useDemoDatabase } from '../src/testing/test-database.ts'

// The demo data plants patterns a good analyst should find (README, "Demo data"); each is found here by the
// tool meant to find it, read in the business time zone as the product runs by default.
const timeZone = 'America/New_York'

type Row = Record<string, unknown>

function top<T extends Row>(rows: T[], field: keyof T): T {
  return [...rows].sort((a, b) => Number(b[field]) - Number(a[field]))[0]!
}

describe.each(testEngines())('planted patterns in the demo data, found by the tools (%s)', (engine) => {
  const database = useDemoDatabase(engine)
  const run = (name: string, args: Row = {}) => runTool(database(), name, args, 'analyst', timeZone)

  it('sales_by_weekday: Thursday sells the most', async () => {
    const { rows } = await run('sales_by_weekday', { period: 'all_time' })
    expect(top(rows, 'revenue').weekday).toBe('Thursday')
  })

  it('sales_by_hour: the evening power hour is 20:00', async () => {
    const { rows } = await run('sales_by_hour', { period: 'all_time' })
    expect(top(rows, 'revenue').hour).toBe(20)
  })

  it('brand_performance: Hermès has the best margin', async () => {
    const { rows } = await run('brand_performance', { period: 'all_time', sort_by: 'margin', limit: 100 })
    const established = rows.filter((row) => Number(row.sales) >= 30)
    expect(top(established, 'margin_percent').brand).toBe('Hermès')
  })

  it('inventory_aging: Gucci is the brand whose stock ages', async () => {
    const { rows } = await run('inventory_aging', { group_by: 'brand', limit: 100 })
    const oldest = rows.filter((row) => row.bucket_order === 4)
    expect(top(oldest, 'items').label).toBe('Gucci')
  })

  it('sell_through_by_condition: condition B sells slowest', async () => {
    const { rows } = await run('sell_through_by_condition', { period: 'all_time' })
    const byCondition = Object.fromEntries(rows.map((row) => [row.label, row]))
    const conditionB = byCondition.B!
    for (const other of [byCondition.S!, byCondition.A!]) {
      expect(Number(conditionB.sell_through_percent)).toBeLessThan(Number(other.sell_through_percent))
      expect(Number(conditionB.average_days_to_sell)).toBeGreaterThan(Number(other.average_days_to_sell))
    }
  })

  it('churn_risk and customer_concentration: a group of top-20% customers has gone quiet for 100+ days', async () => {
    const concentration = await run('customer_concentration', { period: 'all_time' })
    const topTwenty = concentration.rows.find((row) => row.decile === 2)!
    expect(Number(topTwenty.cumulative_revenue_share_percent)).toBeGreaterThanOrEqual(60)
    expect(Number(topTwenty.cumulative_revenue_share_percent)).toBeLessThanOrEqual(80)
    const churn = await run('churn_risk', { period: 'all_time', inactive_days: 100, sort_by: 'value', limit: 100 })
    const quietVips = churn.rows.filter((row) => Number(row.days_since_last_purchase) <= 250)
    expect(quietVips.length).toBeGreaterThanOrEqual(12)
  })

  it('channel_comparison: Email has the best ROAS and Whatnot the best conversion rate', async () => {
    const { rows } = await run('channel_comparison', { period: 'all_time' })
    expect(top(rows, 'roas').channel).toBe('email')
    expect(top(rows, 'conversion_rate_percent').channel).toBe('whatnot')
  })

  it('sales_trend: December spikes', async () => {
    const { rows } = await run('sales_trend', { from: '2025-01-01', to: '2025-12-31', grain: 'month' })
    expect(String(top(rows, 'revenue').period_start)).toBe('2025-12-01')
  })

  it('conversion_funnel: checkout to payment is the weakest step', async () => {
    const { rows } = await run('conversion_funnel', { period: 'all_time' })
    const steps = rows.filter((row) => row.step_conversion_percent !== null)
    expect([...steps].sort((a, b) => Number(a.step_conversion_percent) - Number(b.step_conversion_percent))[0]!.step).toBe('payment_completed')
  })

  it('show_performance: Thursday 20:00 Whatnot shows earn the most per show hour', async () => {
    const { rows } = await run('show_performance', { period: 'all_time', platform: 'whatnot', min_shows: 5 })
    expect(rows[0]).toMatchObject({ weekday: 'Thursday', start_hour: 20 })
  })
})
