import { z } from 'zod'
import { formatMoney, formatNumber, formatPercent, formatPeriod, plural } from '../../present/format.ts'
import { daysBetween } from '../../tools/time-window.ts'
import { nothingToRecommend, recommended, type RecommendationRule } from '../rule.ts'
import { cents } from '../statistics.ts'

const channelRow = z.object({
  channel: z.string(),
  campaigns: z.number(),
  spend: z.number(),
  attributed_revenue: z.number(),
  roas: z.number().nullable(),
  cpa: z.number().nullable(),
  conversion_rate_percent: z.number().nullable(),
})

const channelNames: Record<string, string> = { whatnot: 'Whatnot', instagram: 'Instagram', email: 'E-mail' }
const nameOf = (channel: string) => channelNames[channel] ?? channel

/** Share of the weakest channel's spend moved: small enough that ROAS should roughly hold. */
const shiftShare = 0.2
/** The best ROAS must beat the worst by this factor to be worth a shift. */
const minimumGap = 1.2

/**
 * Marketing: move a fifth of the lowest-ROAS channel's spend to the highest-ROAS channel. Impact: the moved
 * spend × the ROAS difference, over a period as long as the window (marginal ROAS assumed equal to average ROAS).
 */
export const channelBudgetShift: RecommendationRule = {
  name: 'channel_budget_shift',
  area: 'marketing',
  description: 'A budget shift from the channel with the lowest return on ad spend to the one with the highest, with CPA alongside.',
  async run(context) {
    const window = { from: context.window.from, to: context.window.to }
    const read = await context.read('channel_comparison', window, channelRow)
    if (!read.ok) return read.outcome
    const funded = read.rows.filter((row): row is typeof row & { roas: number } => row.spend > 0 && row.roas !== null)
    if (funded.length < 2) return nothingToRecommend('Fewer than two channels with marketing spend in the window.')
    const byRoas = [...funded].sort((left, right) => right.roas - left.roas)
    const best = byRoas[0]!
    const worst = byRoas[byRoas.length - 1]!
    if (best.roas < minimumGap * worst.roas) {
      return nothingToRecommend(`ROAS is close across channels (${nameOf(best.channel)} ${formatNumber(best.roas)}, ${nameOf(worst.channel)} ${formatNumber(worst.roas)}).`)
    }
    const moved = cents(shiftShare * worst.spend)
    const amount = cents(moved * (best.roas - worst.roas))
    const days = daysBetween(window.from, window.to) + 1
    const bestConversion = [...funded]
      .filter((row) => row.conversion_rate_percent !== null)
      .sort((left, right) => (right.conversion_rate_percent ?? 0) - (left.conversion_rate_percent ?? 0))[0]
    const describe = (row: (typeof funded)[number]) =>
      `${nameOf(row.channel)} ROAS ${formatNumber(row.roas)} (${formatMoney(row.attributed_revenue)} on ${formatMoney(row.spend)}` +
      (row.cpa === null ? ')' : `, CPA ${formatMoney(row.cpa)})`)
    const fewest = Math.min(best.campaigns, worst.campaigns)
    const ratio = best.roas / worst.roas
    return recommended({
      id: `channel_budget_shift:${worst.channel}->${best.channel}`,
      rule: 'channel_budget_shift',
      area: 'marketing',
      title: `Move ${formatMoney(moved)} of ${nameOf(worst.channel)} spend to ${nameOf(best.channel)}`,
      action:
        `Shift ${Math.round(shiftShare * 100)}% of ${nameOf(worst.channel)}'s budget (${formatMoney(moved)} at the window's pace) to ${nameOf(best.channel)}, ` +
        'then compare both channels\' ROAS after one period before moving more.' +
        (bestConversion && bestConversion.channel !== best.channel
          ? ` Keep ${nameOf(bestConversion.channel)} funded: it converts best (${formatPercent(bestConversion.conversion_rate_percent ?? 0)} of clicks).`
          : ''),
      rationale: `From ${formatPeriod(window)}: ${byRoas.map(describe).join('; ')}.`,
      impact: {
        amount,
        currency: 'USD',
        horizonDays: days,
        summary: `About ${formatMoney(amount)} more attributed revenue over ${plural(days, 'day')}.`,
        method:
          `${formatMoney(moved)} moved × (${formatNumber(best.roas)} − ${formatNumber(worst.roas)}) ROAS, over a period as long as the window. ` +
          'Assumes each extra dollar earns the channel\'s average ROAS; returns usually fall as spend grows, so treat it as an upper bound.',
      },
      confidence:
        fewest >= 3 && ratio >= 2
          ? { level: 'high', reason: `${plural(fewest, 'campaign')} or more on each side and a ${formatNumber(cents(ratio))}× ROAS gap.` }
          : fewest >= 2
            ? { level: 'medium', reason: `${plural(fewest, 'campaign')} or more on each side, ${formatNumber(cents(ratio))}× ROAS gap.` }
            : { level: 'low', reason: `Only ${plural(fewest, 'campaign')} behind one of the channels.` },
      evidence: [read.evidence],
      chart: read.envelope.chart,
      details: null,
    })
  },
}
