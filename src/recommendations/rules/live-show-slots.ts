import { z } from 'zod'
import { formatMoney, formatNumber, formatPeriod, plural } from '../../present/format.ts'
import { nothingToRecommend, recommended, type RecommendationRule } from '../rule.ts'
import type { Recommendation } from '../recommendation.ts'
import { cents, median } from '../statistics.ts'

const platforms = [
  { platform: 'whatnot', name: 'Whatnot' },
  { platform: 'instagram', name: 'Instagram Live' },
] as const

const slotRow = z.object({
  slot: z.string(),
  shows: z.number(),
  show_hours: z.number(),
  revenue: z.number(),
  revenue_per_show_hour: z.number(),
})

/** A slot needs a few shows before its revenue per hour means anything. */
const minimumShowsPerSlot = 2
/** The best slot must beat the median slot by this factor to be worth moving shows for. */
const minimumLead = 1.2
/** One show a week moved, over four weeks. */
const weeks = 4

/**
 * Live shows: schedule more shows in the slot that makes the most per show hour, moved from the weakest slots.
 * Impact: one show a week moved from a median slot to the best one, for four weeks, at each slot's own
 * revenue per show hour and the best slot's average show length.
 */
export const liveShowSlots: RecommendationRule = {
  name: 'live_show_slots',
  area: 'shows',
  description: 'The weekday and start hour that make the most per live-show hour, per platform, and the slots to move shows from.',
  async run(context) {
    const recommendations: Recommendation[] = []
    const skipped: string[] = []
    // One question per platform, all asked at once.
    const reads = await Promise.all(
      platforms.map(({ platform }) =>
        context.read('show_performance', { from: context.window.from, to: context.window.to, platform, min_shows: minimumShowsPerSlot, limit: 100 }, slotRow),
      ),
    )
    for (const [index, { platform, name }] of platforms.entries()) {
      const read = reads[index]!
      if (!read.ok) return read.outcome
      const slots = read.rows
      if (slots.length < 2) {
        skipped.push(`${name}: ${slots.length === 0 ? 'no slot' : 'one slot'} with ${minimumShowsPerSlot}+ shows`)
        continue
      }
      const best = slots[0]!
      const weakest = slots[slots.length - 1]!
      const typical = median(slots.map((slot) => slot.revenue_per_show_hour))!
      if (best.revenue_per_show_hour < minimumLead * typical) {
        skipped.push(`${name}: the best slot (${best.slot}) is within ${Math.round((minimumLead - 1) * 100)}% of the median slot`)
        continue
      }
      const runnersUp = slots.slice(1, 3).map((slot) => `${slot.slot} (${formatMoney(slot.revenue_per_show_hour)})`)
      const showLength = best.show_hours / best.shows
      const amount = cents(weeks * showLength * (best.revenue_per_show_hour - typical))
      recommendations.push({
        id: `live_show_slots:${platform}`,
        rule: 'live_show_slots',
        area: 'shows',
        title: `Schedule ${name} shows on ${best.slot}`,
        action:
          `Make ${best.slot} a fixed weekly ${name} slot and move shows there from ${weakest.slot}, the weakest slot` +
          (runnersUp.length > 0 ? `; next best: ${runnersUp.join(', ')}.` : '.'),
        rationale:
          `${best.slot} made ${formatMoney(best.revenue_per_show_hour)} per show hour over ${plural(best.shows, 'show')} ` +
          `(${formatMoney(best.revenue)} in ${plural(best.show_hours, 'show hour')}) from ${formatPeriod(context.window)}, ` +
          `against a median of ${formatMoney(typical)} across ${plural(slots.length, 'slot')} with ${minimumShowsPerSlot}+ shows; ` +
          `${weakest.slot} made ${formatMoney(weakest.revenue_per_show_hour)}.`,
        impact: {
          amount,
          currency: 'USD',
          horizonDays: weeks * 7,
          summary: `About ${formatMoney(amount)} more revenue over ${weeks} weeks.`,
          method:
            `One show a week moved from a median slot to ${best.slot} for ${weeks} weeks: ${weeks} × ${formatNumber(cents(showLength))} h ` +
            `(its average show length) × (${formatMoney(best.revenue_per_show_hour)} − ${formatMoney(typical)}) per show hour. ` +
            'Assumes the slot keeps its revenue per hour with one more show a week.',
        },
        confidence:
          best.shows >= 8
            ? { level: 'high', reason: `${plural(best.shows, 'show')} in the best slot, ${formatNumber(cents(best.revenue_per_show_hour / typical))}× the median.` }
            : best.shows >= 4
              ? { level: 'medium', reason: `${plural(best.shows, 'show')} in the best slot: a pattern, not yet a long record.` }
              : { level: 'low', reason: `Only ${plural(best.shows, 'show')} in the best slot.` },
        evidence: [read.evidence],
        chart: read.envelope.chart,
        details: null,
      })
    }
    return recommendations.length > 0 ? recommended(...recommendations) : nothingToRecommend(skipped.join('; '))
  },
}
