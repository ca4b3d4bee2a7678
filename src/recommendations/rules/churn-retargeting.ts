import { z } from 'zod'
import { barChart } from '../../charts/spec.ts'
import { formatMoney, formatNumber, plural } from '../../present/format.ts'
import { chartJson } from '../recommendation.ts'
import { nothingToRecommend, recommended, type RecommendationRule } from '../rule.ts'
import { cents, sum } from '../statistics.ts'

const concentrationRow = z.object({ total_customers: z.number() })
const topCustomerRow = z.object({ customer_id: z.string(), total_spend: z.number() })
const churnRow = z.object({
  customer_id: z.string(),
  customer_name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  contact_preference: z.string(),
  orders: z.number(),
  lifetime_spend: z.number(),
  last_purchase_date: z.string(),
  days_since_last_purchase: z.number(),
  churn_score: z.number(),
  value_at_risk: z.number(),
  customers_at_risk: z.number(),
})

/** High value: the top fifth of customers by lifetime spend. */
const topShare = 0.2
const inactiveDays = 90
/** The tools return at most 100 rows a call. */
const listLimit = 100
/** Assumed share of the list won back by a personal offer, for the estimate only. */
const winBackRate = 0.2

/**
 * Customers: a retargeting list of the top-fifth customers by lifetime spend who have not bought for 90+ days,
 * contacts masked for the caller's role by the executor. Impact: an assumed one in five won back, at their
 * average yearly spend (churn_risk's value at risk).
 */
export const churnRetargeting: RecommendationRule = {
  name: 'churn_retargeting',
  area: 'customers',
  description: 'High-value customers (top fifth by spend) who have gone quiet for 90+ days: who to contact, and what is at stake.',
  async run(context) {
    const asOf = context.window.to
    // The at-risk list does not depend on the first answer: asked at once beside it; the top list's length does.
    const [concentration, churn] = await Promise.all([
      context.read('customer_concentration', { period: 'all_time', to: asOf }, concentrationRow),
      context.read('churn_risk', { to: asOf, inactive_days: inactiveDays, sort_by: 'value', limit: listLimit }, churnRow),
    ])
    if (!concentration.ok) return concentration.outcome
    const customers = concentration.rows[0]?.total_customers ?? 0
    if (customers === 0) return nothingToRecommend(`No customers with purchases up to ${asOf}.`)
    const topCount = Math.min(listLimit, Math.ceil(topShare * customers))
    const top = await context.read('top_customers', { period: 'all_time', to: asOf, rank_by: 'spend', limit: topCount }, topCustomerRow)
    if (!top.ok) return top.outcome
    const threshold = Math.min(...top.rows.map((row) => row.total_spend))
    const highValue = new Set(top.rows.map((row) => row.customer_id))
    if (!churn.ok) return churn.outcome
    const atRisk = churn.rows.filter((row) => highValue.has(row.customer_id))
    if (atRisk.length === 0) {
      return nothingToRecommend(`None of the top ${plural(top.rows.length, 'customer')} by spend has gone ${inactiveDays}+ days without buying as of ${asOf}.`)
    }
    const valueAtRisk = cents(sum(atRisk.map((row) => row.value_at_risk)))
    const amount = cents(winBackRate * valueAtRisk)
    const allAtRisk = churn.rows[0]?.customers_at_risk ?? atRisk.length
    const masking =
      context.role === 'admin'
        ? 'Contacts shown in full (admin role).'
        : context.role === 'analyst'
          ? 'E-mail and phone masked for the analyst role; names shown.'
          : 'Names, e-mail and phone hidden for the viewer role (each customer is named by their ID); look customers up by ID in the admin tools.'
    return recommended({
      id: 'churn_retargeting:top_fifth',
      rule: 'churn_retargeting',
      area: 'customers',
      title: `Win back ${plural(atRisk.length, 'high-value customer')} who went quiet`,
      action:
        `Contact the ${plural(atRisk.length, 'customer')} below personally on their preferred channel this week, highest value at risk first, ` +
        'with early access to new arrivals that match their past purchases.',
      rationale:
        `${plural(atRisk.length, 'customer')} of the top ${formatNumber(top.rows.length)} by lifetime spend (at least ${formatMoney(threshold)} each) ` +
        `have not bought for ${inactiveDays}+ days as of ${asOf}; together they spent ${formatMoney(cents(sum(atRisk.map((row) => row.lifetime_spend))))} ` +
        `and average ${formatMoney(valueAtRisk)} a year. ${plural(allAtRisk, 'customer')} in all are at churn risk.`,
      impact: {
        amount,
        currency: 'USD',
        horizonDays: 365,
        summary: `About ${formatMoney(amount)} a year if one in five comes back.`,
        method:
          `${Math.round(winBackRate * 100)}% (an assumed win-back rate for personal outreach, not measured here) × ${formatMoney(valueAtRisk)}, ` +
          'the listed customers\' average yearly spend (churn_risk value at risk: lifetime spend ÷ years from first to last purchase, at least one).',
      },
      confidence: {
        level: 'medium',
        reason: 'Who is at risk is measured; how many come back is an assumed rate.',
      },
      evidence: [concentration.evidence, top.evidence, churn.evidence],
      chart: chartJson({
        ...barChart({
          title: 'High-value customers at churn risk, by value at risk',
          // Masked names can coincide ("A. S."), so each bar carries its rank too.
          values: atRisk.map((row, index) => ({ ...row, label: `${index + 1}. ${row.customer_name ?? 'Unnamed'}` })),
          category: { field: 'label', title: 'Customer' },
          value: { field: 'value_at_risk', title: 'Value at risk ($ a year)', format: '$,.0f' },
          sort: 'none',
          extraTooltip: [
            { field: 'days_since_last_purchase', title: 'Days since last purchase' },
            { field: 'lifetime_spend', title: 'Lifetime spend', format: '$,.0f' },
          ],
        }),
        height: Math.max(160, 16 * atRisk.length),
      }),
      details: {
        title: 'High-value customers at churn risk',
        columns: [
          { key: 'customer_id', label: 'Customer ID' },
          { key: 'customer_name', label: 'Name' },
          { key: 'email', label: 'E-mail' },
          { key: 'phone', label: 'Phone' },
          { key: 'contact_preference', label: 'Prefers' },
          { key: 'lifetime_spend', label: 'Lifetime spend' },
          { key: 'last_purchase_date', label: 'Last purchase' },
          { key: 'days_since_last_purchase', label: 'Days silent' },
          { key: 'value_at_risk', label: 'Value at risk a year' },
        ],
        rows: atRisk.map((row) => ({
          customer_id: row.customer_id,
          customer_name: row.customer_name,
          email: row.email,
          phone: row.phone,
          contact_preference: row.contact_preference,
          lifetime_spend: row.lifetime_spend,
          last_purchase_date: row.last_purchase_date,
          days_since_last_purchase: row.days_since_last_purchase,
          value_at_risk: row.value_at_risk,
        })),
        note:
          masking +
          (allAtRisk > churn.rows.length
            ? ` Drawn from the ${plural(churn.rows.length, 'customer')} at risk with the highest value at risk (of ${formatNumber(allAtRisk)}).`
            : ''),
      },
    })
  },
}
