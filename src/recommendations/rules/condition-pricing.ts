import { z } from 'zod'
import { formatMoney, formatNumber, formatPercent, formatPeriod, plural } from '../../present/format.ts'
import { nothingToRecommend, recommended, type RecommendationRule } from '../rule.ts'
import { cents, sum } from '../statistics.ts'

const sellThroughRow = z.object({
  label: z.string(),
  items_added: z.number(),
  sell_through_percent: z.number().nullable(),
  median_days_to_sell: z.number().nullable(),
})
const priceRow = z.object({ label: z.string(), units: z.number(), average_price: z.number(), average_profit: z.number() })
const agingRow = z.object({
  label: z.string(),
  bucket_order: z.number(),
  items: z.number(),
  stock_value_at_list: z.number(),
  suggested_markdown_percent: z.number(),
  markdown_amount: z.number(),
})

/** The slowest grade must take this many times as long as the fastest to need its own pricing. */
const minimumSlowdown = 1.5
const minimumItems = 5
/** Buckets 3 and 4 of inventory_aging: stock over 90 days, where its markdowns are 20% and 30%. */
const markdownFromBucket = 3

/**
 * Pricing by condition: when one grade sells far slower than the best, mark its stock over 90 days down at
 * inventory_aging's suggested rates now, and keep the quick grades at list. Impact: the one-off revenue if that
 * stock sells at list less the markdown.
 */
export const conditionPricing: RecommendationRule = {
  name: 'condition_pricing',
  area: 'pricing',
  description: 'Discount guidance by condition grade: the grade that sells slowest, what to mark down, which grades to hold at list.',
  async run(context) {
    const window = { from: context.window.from, to: context.window.to }
    const sellThrough = await context.read('sell_through_by_condition', { ...window, group_by: 'condition' }, sellThroughRow)
    if (!sellThrough.ok) return sellThrough.outcome
    const grades = sellThrough.rows.filter(
      (row): row is typeof row & { median_days_to_sell: number } => row.items_added >= minimumItems && row.median_days_to_sell !== null,
    )
    if (grades.length < 2) return nothingToRecommend(`Fewer than two condition grades with ${minimumItems}+ items taken in and sold.`)
    const bySpeed = [...grades].sort((left, right) => left.median_days_to_sell - right.median_days_to_sell)
    const fastest = bySpeed[0]!
    const slowest = bySpeed[bySpeed.length - 1]!
    if (slowest.median_days_to_sell < minimumSlowdown * Math.max(1, fastest.median_days_to_sell)) {
      return nothingToRecommend(`Grades sell at similar speeds (median ${formatNumber(fastest.median_days_to_sell)} to ${formatNumber(slowest.median_days_to_sell)} days).`)
    }
    const [prices, aging] = await Promise.all([
      context.read('top_products', { ...window, group_by: 'condition', limit: 10 }, priceRow),
      context.read('inventory_aging', { group_by: 'condition', limit: 10 }, agingRow),
    ])
    if (!prices.ok) return prices.outcome
    if (!aging.ok) return aging.outcome

    const aged = aging.rows.filter((row) => row.label === slowest.label && row.bucket_order >= markdownFromBucket)
    const agedItems = sum(aged.map((row) => row.items))
    const listValue = sum(aged.map((row) => row.stock_value_at_list))
    const markdown = sum(aged.map((row) => row.markdown_amount))
    const amount = cents(listValue - markdown)
    const quick = bySpeed.slice(0, -1).map((row) => row.label)
    const priceOf = (grade: string) => prices.rows.find((row) => row.label === grade)
    const slowPrice = priceOf(slowest.label)
    const fastPrice = priceOf(fastest.label)
    const steps = aged.map((row) => `${row.suggested_markdown_percent}%`).join(' then ')
    return recommended({
      id: `condition_pricing:${slowest.label}`,
      rule: 'condition_pricing',
      area: 'pricing',
      title: `Price grade ${slowest.label} to sell; hold ${quick.join(' and ')} at list`,
      action:
        (agedItems > 0
          ? `Mark down the ${plural(agedItems, `grade ${slowest.label} item`)} in stock over 90 days (${steps || 'the suggested rates'} by age) now, `
          : `Start grade ${slowest.label} markdowns at 90 days, `) +
        `rather than waiting for the general schedule; keep grade ${quick.join(' and ')} at list while they sell in ${formatNumber(fastest.median_days_to_sell)} days or so.`,
      rationale:
        `Grade ${slowest.label} takes ${formatNumber(slowest.median_days_to_sell)} days to sell (median) against ${formatNumber(fastest.median_days_to_sell)} for grade ${fastest.label}` +
        (slowest.sell_through_percent !== null && fastest.sell_through_percent !== null
          ? `, with ${formatPercent(slowest.sell_through_percent)} sell-through against ${formatPercent(fastest.sell_through_percent)}`
          : '') +
        ` (items taken in ${formatPeriod(window)})` +
        (slowPrice && fastPrice
          ? `; it sells at ${formatMoney(slowPrice.average_price)} a unit and earns ${formatMoney(slowPrice.average_profit)} a sale, against ${formatMoney(fastPrice.average_price)} and ${formatMoney(fastPrice.average_profit)} for grade ${fastest.label}.`
          : '.'),
      impact: {
        amount: agedItems > 0 ? amount : null,
        currency: agedItems > 0 ? 'USD' : null,
        horizonDays: null,
        summary:
          agedItems > 0
            ? `About ${formatMoney(amount)} of revenue recovered from aged grade ${slowest.label} stock.`
            : `Not estimated: no grade ${slowest.label} stock over 90 days today.`,
        method:
          `One-off: grade ${slowest.label} stock over 90 days at list (${formatMoney(listValue)}) − inventory_aging's suggested markdowns (${formatMoney(markdown)}), ` +
          'if it sells at the marked-down price.',
      },
      confidence:
        slowest.items_added >= 30
          ? { level: 'high', reason: `${plural(slowest.items_added, `grade ${slowest.label} item`)} taken in behind the speed.` }
          : { level: 'medium', reason: `Only ${plural(slowest.items_added, `grade ${slowest.label} item`)} taken in.` },
      evidence: [sellThrough.evidence, prices.evidence, aging.evidence],
      chart: sellThrough.envelope.chart,
      details: null,
    })
  },
}
