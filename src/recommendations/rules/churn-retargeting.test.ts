import { describe, expect, it } from 'vitest'
import { Fixture } from '../../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../../testing/test-database.ts'
import { recommendationsOf, runRule } from '../rule-testing.ts'
import { churnRetargeting } from './churn-retargeting.ts'
import { pseudonymOf } from '../../testing/pseudonym.ts'

// Ten customers, as of 2025-06-30; the top fifth is ⌈0.2 × 10⌉ = 2 customers:
//   Vera Vip  $5,000 on 2024-06-01 and $5,000 on 2025-01-15 → $10,000, silent 166 days: high value and at risk.
//             Value at risk: 10,000 × 365 ÷ max(365, 228 days between purchases) = $10,000 a year.
//   Otto Big  $8,000 on 2025-06-20: high value (the threshold, $8,000), but active.
//   Lena Low  $500 on 2024-12-01: at risk (211 days) but not high value.
//   Seven others, $100 to $700, all in June 2025.
// Impact: 20% × $10,000 = $2,000 a year.
async function load(fixture: Fixture) {
  await fixture.customer({ name: 'Vera Vip', phone: '555-123-4567', contactPreference: 'phone' })
  await fixture.customer({ name: 'Otto Big' })
  await fixture.customer({ name: 'Lena Low' })
  const purchases: Array<[string, number, string]> = [
    ['Vera Vip', 5000, '2024-06-01'],
    ['Vera Vip', 5000, '2025-01-15'],
    ['Otto Big', 8000, '2025-06-20'],
    ['Lena Low', 500, '2024-12-01'],
  ]
  for (let index = 1; index <= 7; index++) {
    await fixture.customer({ name: `Other ${index}` })
    purchases.push([`Other ${index}`, 100 * index, `2025-06-${String(index + 10).padStart(2, '0')}`])
  }
  purchases.push(['Other 1', 100, '2025-06-30'])
  for (const [index, [buyer, price, date]] of purchases.entries()) {
    await fixture.item(`item-${index}`, { brand: 'Chanel', cost: 0, added: date })
    await fixture.sale({ item: `item-${index}`, buyer, price, date })
  }
}

describe.each(testEngines())('churn_retargeting on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))
  const window = { from: '2025-01-01', to: '2025-06-30' }

  it('lists the top-fifth customers who went quiet, with no name or contact for a viewer', async () => {
    const [recommendation] = recommendationsOf(await runRule(database(), churnRetargeting, window, 'viewer'))
    const [{ vera }] = await database().sql<[{ vera: string }]>`select id::text as vera from users where full_name = 'Vera Vip'`
    expect(recommendation).toMatchObject({
      id: 'churn_retargeting:top_fifth',
      area: 'customers',
      title: 'Win back 1 high-value customer who went quiet',
      impact: { amount: 2000, currency: 'USD', horizonDays: 365 },
      confidence: { level: 'medium' },
    })
    expect(recommendation!.rationale).toContain('1 customer of the top 2 by lifetime spend (at least $8,000 each)')
    expect(recommendation!.details!.rows).toEqual([
      {
        customer_id: vera,
        customer_name: pseudonymOf(vera),
        email: null,
        phone: null,
        contact_preference: 'phone',
        lifetime_spend: 10000,
        last_purchase_date: '2025-01-15',
        days_since_last_purchase: 166,
        value_at_risk: 10000,
      },
    ])
    expect(recommendation!.details!.note).toMatch(/hidden for the viewer role/)
    expect(recommendation!.evidence.map((evidence) => evidence.tool)).toEqual(['customer_concentration', 'top_customers', 'churn_risk'])
  })

  it('shows names but masks contacts for an analyst, and shows everything to an admin', async () => {
    const [analyst] = recommendationsOf(await runRule(database(), churnRetargeting, window, 'analyst'))
    expect(analyst!.details!.rows[0]).toMatchObject({ customer_name: 'Vera Vip', email: 'v***@example.com', phone: '***-***-**67' })
    const [admin] = recommendationsOf(await runRule(database(), churnRetargeting, window, 'admin'))
    expect(admin!.details!.rows[0]).toMatchObject({ customer_name: 'Vera Vip', email: 'vera.vip@example.com', phone: '555-123-4567' })
  })
})
