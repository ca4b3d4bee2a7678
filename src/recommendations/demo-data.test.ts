import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config.ts'
import { seedDemoData } from '../demo/seed.ts'
import { runtimeFrom } from '../runtime.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { recommend } from './engine.ts'
import { createToolSession } from './rule-context.ts'
import { pseudonymOf } from '../testing/pseudonym.ts'

/**
 * The planted patterns of the small demo data (docs: src/demo) must come out of the rules as their
 * recommendations, with the tools run as a viewer so the retargeting list is masked.
 */
describe.each(testEngines())('recommendations on the small demo data on %s', (engine) => {
  const database = useTestDatabase(engine, (opened) => seedDemoData(opened.sql, { scale: 'small', seed: 42, endDate: '2026-10-31' }))
  const window = { from: '2025-11-01', to: '2026-10-31' }

  it('turns every planted pattern into its recommendation', async () => {
    const runtime = runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'America/New_York' }), database())
    const run = await recommend(createToolSession(runtime, 'viewer', 'test'), { window })
    expect(run.rules.filter((rule) => rule.status === 'failed')).toEqual([])
    const byId = new Map(run.recommendations.map((recommendation) => [recommendation.id, recommendation]))

    // Whatnot Thursday 20:00 shows make the most per show hour.
    expect(byId.get('live_show_slots:whatnot')?.title).toBe('Schedule Whatnot shows on Thursday 20:00')
    // Gucci stock ages: the largest aged markdown.
    const markdowns = run.recommendations.filter((recommendation) => recommendation.rule === 'aged_stock_markdown')
    expect(markdowns[0]?.id).toBe('aged_stock_markdown:Gucci')
    expect(markdowns[0]?.title).toBe('Mark down Gucci stock older than 180 days by 30%')
    // E-mail has the best ROAS: it gets more budget.
    expect(byId.get('channel_budget_shift:instagram->email')?.title).toMatch(/^Move \$[\d,]+ of Instagram spend to E-mail$/)
    // Hermès has the best margin and sells fast: source more of it.
    expect([...byId.keys()].find((id) => id.startsWith('brands_to_double_down:'))).toMatch(/^brands_to_double_down:Hermès/)
    // Condition B sells slowest.
    expect(byId.get('condition_pricing:B')?.title).toBe('Price grade B to sell; hold S and A at list')

    // At least 12 top-fifth customers went silent 100–250 days before 2026-10-31: all of them are in the list, by pseudonym.
    const silent = await database().sql<{ id: string }[]>`
      with spend as (
        select buyer_id, sum(gross_amount_earned) as total, max(date_sold) as last_purchase from sales group by buyer_id),
      ranked as (select *, ntile(5) over (order by total desc) as fifth from spend)
      select buyer_id::text as id from ranked where fifth = 1 and date '2026-10-31' - last_purchase between 100 and 250`
    expect(silent.length).toBeGreaterThanOrEqual(12)
    const retargeting = byId.get('churn_retargeting:top_fifth')
    const listed = new Set(retargeting?.details?.rows.map((row) => row.customer_id))
    expect(silent.filter((customer) => listed.has(customer.id))).toHaveLength(silent.length)
    for (const row of retargeting!.details!.rows) {
      // A viewer sees no name or contact: the customer's pseudonym, from their id.
      expect(row).toMatchObject({ customer_name: pseudonymOf(String(row.customer_id)), email: null, phone: null })
    }
    // The demo data's ids share a prefix: the pseudonyms must still tell every listed customer apart.
    const names = retargeting!.details!.rows.map((row) => row.customer_name)
    expect(new Set(names).size).toBe(names.length)
  })
})
