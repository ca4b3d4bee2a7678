import { z } from 'zod'
import { formatMoney, formatNumber, formatPercent, formatPeriod, plural } from '../../present/format.ts'
import { daysBetween } from '../../tools/time-window.ts'
import { nothingToRecommend, recommended, type RecommendationRule } from '../rule.ts'
import { cents, median, sum } from '../statistics.ts'

const brandRow = z.object({
  brand: z.string(),
  sales: z.number(),
  revenue: z.number(),
  margin_percent: z.number(),
  average_days_to_sell: z.number().nullable(),
})

const minimumSales = 5
/** A brand is "fast" when it sells in this fraction of the median brand's days, or less. */
const fastFactor = 1 / 1.5
/** The list-price increase to test on fast, high-margin brands. */
const increasePercent = 5

/**
 * Pricing by brand: brands that sell much faster than the median at an at-least-median margin are priced below
 * what buyers would pay. Impact: 5% more revenue on the same volume, as a 30-day figure (volume assumed to hold).
 */
export const brandPriceTest: RecommendationRule = {
  name: 'brand_price_test',
  area: 'pricing',
  description: 'Brands that sell far faster than the median at a healthy margin: where a list-price increase is worth testing.',
  async run(context) {
    const window = { from: context.window.from, to: context.window.to }
    const read = await context.read('brand_performance', { ...window, sort_by: 'revenue', limit: 100 }, brandRow)
    if (!read.ok) return read.outcome
    const brands = read.rows.filter(
      (brand): brand is typeof brand & { average_days_to_sell: number } => brand.sales >= minimumSales && brand.average_days_to_sell !== null,
    )
    if (brands.length < 3) return nothingToRecommend(`Fewer than 3 brands with ${minimumSales}+ sales to compare.`)
    const typicalDays = median(brands.map((brand) => brand.average_days_to_sell))!
    const typicalMargin = median(brands.map((brand) => brand.margin_percent))!
    const fast = brands.filter((brand) => brand.average_days_to_sell <= fastFactor * typicalDays && brand.margin_percent >= typicalMargin)
    if (fast.length === 0) {
      return nothingToRecommend(`No brand sells in ${formatNumber(cents(fastFactor * typicalDays))} days or less at a median-or-better margin.`)
    }
    const days = daysBetween(window.from, window.to) + 1
    const revenue = sum(fast.map((brand) => brand.revenue))
    const amount = cents(((increasePercent / 100) * revenue * 30) / days)
    const names = fast.map((brand) => brand.brand)
    const sales = sum(fast.map((brand) => brand.sales))
    return recommended({
      id: `brand_price_test:${names.join('+')}`,
      rule: 'brand_price_test',
      area: 'pricing',
      title: `Test ${increasePercent}% higher list prices on ${names.join(', ')}`,
      action:
        `Raise list prices of new ${names.join(', ')} listings by ${increasePercent}% for a month and watch days to sell; ` +
        `keep the increase if they still sell faster than the median brand (${formatNumber(typicalDays)} days). Offer no discounts on them meanwhile.`,
      rationale:
        fast
          .map((brand) => `${brand.brand} sells in ${formatNumber(brand.average_days_to_sell)} days on average at a ${formatPercent(brand.margin_percent)} margin`)
          .join('; ') +
        `, against a median brand's ${formatNumber(typicalDays)} days and ${formatPercent(typicalMargin)} (${plural(brands.length, 'brand')} with ${minimumSales}+ sales, ${formatPeriod(window)}).`,
      impact: {
        amount,
        currency: 'USD',
        horizonDays: 30,
        summary: `About ${formatMoney(amount)} more revenue a month if volume holds.`,
        method:
          `${increasePercent}% × ${formatMoney(revenue)} revenue of these brands over ${plural(days, 'day')}, scaled to 30 days. ` +
          'Assumes the same units sell at the higher price; the test is there to check that.',
      },
      confidence:
        sales >= 50
          ? { level: 'medium', reason: `${plural(sales, 'sale')} show the speed; how buyers react to the price is what the test measures.` }
          : { level: 'low', reason: `Only ${plural(sales, 'sale')} behind the speed.` },
      evidence: [read.evidence],
      chart: read.envelope.chart,
      details: null,
    })
  },
}
