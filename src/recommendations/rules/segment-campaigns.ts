import { z } from 'zod'
import { formatMoney, formatNumber, formatPercent, plural } from '../../present/format.ts'
import { nothingToRecommend, recommended, type RecommendationRule } from '../rule.ts'
import { cents, sum } from '../statistics.ts'

const segmentRow = z.object({
  segment: z.string(),
  customers: z.number(),
  revenue: z.number(),
  revenue_share_percent: z.number(),
  average_recency_days: z.number().nullable(),
  average_frequency: z.number().nullable(),
  average_monetary: z.number().nullable(),
})

/** The campaign each RFM segment gets: what it is and why it suits them. */
const playbook: Record<string, string> = {
  Champions: 'VIP early access to new arrivals before they go live; no discount needed.',
  Loyal: 'A loyalty perk (free authentication or shipping upgrade) on their next order.',
  'Potential Loyalists': 'Curated picks from the brands they bought, to earn the next order.',
  New: 'A welcome series: how authentication and conditions work, then new arrivals.',
  'At Risk': 'A personal win-back offer on their usual brands, time-limited.',
  "Can't Lose Them": 'A personal call or message from the owner with hand-picked pieces.',
  Hibernating: 'Low-cost e-mail only: seasonal highlights, no paid channels.',
}
const winBackSegments = ['At Risk', "Can't Lose Them"]
/** Assumed share of the win-back segments placing one more order, for the estimate only. */
const responseRate = 0.1

/**
 * Customers: one personalised campaign per RFM segment. Impact: an assumed 10% of At Risk and Can't Lose Them
 * customers place one more order at their segment's average order value (average spend ÷ average orders).
 */
export const segmentCampaigns: RecommendationRule = {
  name: 'segment_campaigns',
  area: 'customers',
  description: 'A personalised campaign for each RFM segment, sized by the customers and revenue in it.',
  async run(context) {
    const read = await context.read('rfm_segments', { to: context.window.to }, segmentRow)
    if (!read.ok) return read.outcome
    const segments = read.rows.filter((row) => row.customers > 0)
    if (segments.length === 0) return nothingToRecommend(`No customers with purchases up to ${context.window.to}.`)
    const winBack = segments
      .filter((row) => winBackSegments.includes(row.segment))
      .map((row) => {
        const orderValue = row.average_monetary !== null && row.average_frequency ? row.average_monetary / row.average_frequency : 0
        return { ...row, orderValue, expected: responseRate * row.customers * orderValue }
      })
    const amount = cents(sum(winBack.map((row) => row.expected)))
    const largestAtStake = [...winBack].sort((left, right) => right.revenue - left.revenue)[0]
    const champions = segments.find((row) => row.segment === 'Champions')
    return recommended({
      id: 'segment_campaigns:rfm',
      rule: 'segment_campaigns',
      area: 'customers',
      title: largestAtStake
        ? `Run segment campaigns, starting with ${largestAtStake.segment}`
        : `Run a personalised campaign for each of ${plural(segments.length, 'customer segment')}`,
      action:
        (largestAtStake
          ? `First, ${largestAtStake.segment}: ${playbook[largestAtStake.segment]} Then the rest, one message per segment (table below).`
          : 'One message per segment (table below).') + ' Leave Hibernating customers to e-mail only.',
      rationale:
        (largestAtStake
          ? `${plural(largestAtStake.customers, `${largestAtStake.segment} customer`)} ${largestAtStake.customers === 1 ? 'holds' : 'hold'} ${formatPercent(largestAtStake.revenue_share_percent)} of lifetime revenue ` +
            `(${formatMoney(largestAtStake.revenue)}) but last bought ${formatNumber(largestAtStake.average_recency_days ?? 0)} days ago on average. `
          : '') +
        (champions ? `${plural(champions.customers, 'Champion')} ${champions.customers === 1 ? 'brings' : 'bring'} ${formatPercent(champions.revenue_share_percent)} of lifetime revenue. ` : '') +
        `Segments as of ${context.window.to}.`,
      impact: {
        amount: winBack.length > 0 ? amount : null,
        currency: winBack.length > 0 ? 'USD' : null,
        horizonDays: null,
        summary: winBack.length > 0 ? `About ${formatMoney(amount)} from one more order by a tenth of the win-back segments.` : 'Not estimated: no customers in the win-back segments.',
        method:
          `${Math.round(responseRate * 100)}% (an assumed response rate) of the At Risk and Can't Lose Them customers each place one more order ` +
          'at their segment\'s average order value (average lifetime spend ÷ average orders): ' +
          (winBack.map((row) => `${row.segment} ${responseRate} × ${formatNumber(row.customers)} × ${formatMoney(cents(row.orderValue))}`).join(' + ') || 'none') +
          '.',
      },
      confidence: { level: 'low', reason: 'The segments are measured; the response to each campaign is an assumption until it is tested.' },
      evidence: [read.evidence],
      chart: read.envelope.chart,
      details: {
        title: 'Campaign per segment',
        columns: [
          { key: 'segment', label: 'Segment' },
          { key: 'customers', label: 'Customers' },
          { key: 'revenue_share_percent', label: 'Share of revenue %' },
          { key: 'average_recency_days', label: 'Days since last purchase' },
          { key: 'average_monetary', label: 'Average spend' },
          { key: 'campaign', label: 'Campaign' },
        ],
        rows: segments.map((row) => ({
          segment: row.segment,
          customers: row.customers,
          revenue_share_percent: row.revenue_share_percent,
          average_recency_days: row.average_recency_days,
          average_monetary: row.average_monetary,
          campaign: playbook[row.segment] ?? 'No playbook for this segment yet.',
        })),
        note: null,
      },
    })
  },
}
