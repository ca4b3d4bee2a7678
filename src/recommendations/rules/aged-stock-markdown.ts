import { z } from 'zod'
import { formatMoney, formatNumber, formatPercent, plural } from '../../present/format.ts'
import type { Recommendation } from '../recommendation.ts'
import { nothingToRecommend, recommended, type RecommendationRule } from '../rule.ts'
import { cents, sum } from '../statistics.ts'

const agingRow = z.object({
  label: z.string(),
  bucket_order: z.number(),
  items: z.number(),
  stock_value_at_cost: z.number(),
  stock_value_at_list: z.number(),
  average_days_in_stock: z.number(),
  suggested_markdown_percent: z.number(),
  markdown_amount: z.number(),
})

const slowRow = z.object({
  sku: z.string(),
  product: z.string(),
  brand: z.string(),
  category: z.string(),
  condition: z.string(),
  status: z.string(),
  days: z.number(),
  price: z.number(),
})

const agedBucket = 4
const agedDays = 180
/** A brand is flagged when this share of its stock value at cost has waited over 180 days. */
const minimumAgedShare = 0.2
const minimumAgedItems = 3
const brandsFlagged = 3
const itemsListed = 10
/** Small pieces move better as an add-on to a bag than marked down alone. */
const bundleCategories = new Set(['wallet', 'small_leather_goods'])

/**
 * Inventory: brands whose unsold stock has waited over 180 days, to mark down at inventory_aging's suggested
 * rate (or bundle, for small pieces), with the oldest items named. Impact: the one-off revenue if the aged
 * stock sells at list less the markdown.
 */
export const agedStockMarkdown: RecommendationRule = {
  name: 'aged_stock_markdown',
  area: 'inventory',
  description: 'Brands with much stock unsold after 180 days: a markdown (or bundle) at the suggested rate, with the items.',
  async run(context) {
    const aging = await context.read('inventory_aging', { group_by: 'brand', limit: 100 }, agingRow)
    if (!aging.ok) return aging.outcome
    const brands = [...new Set(aging.rows.map((row) => row.label))].map((brand) => {
      const rows = aging.rows.filter((row) => row.label === brand)
      const aged = rows.find((row) => row.bucket_order === agedBucket)
      return { brand, aged, stockAtCost: sum(rows.map((row) => row.stock_value_at_cost)) }
    })
    const flagged = brands
      .filter(
        (entry): entry is typeof entry & { aged: z.output<typeof agingRow> } =>
          entry.aged !== undefined && entry.aged.items >= minimumAgedItems && entry.aged.stock_value_at_cost >= minimumAgedShare * entry.stockAtCost,
      )
      .sort((left, right) => right.aged.stock_value_at_cost - left.aged.stock_value_at_cost)
      .slice(0, brandsFlagged)
    if (flagged.length === 0) {
      return nothingToRecommend(`No brand has ${minimumAgedItems}+ items and ${Math.round(minimumAgedShare * 100)}%+ of its stock value over ${agedDays} days.`)
    }
    const slow = await context.read('fast_slow_movers', { view: 'slow', days: agedDays, limit: 100 }, slowRow)
    if (!slow.ok) return slow.outcome

    const recommendations = flagged.map(({ brand, aged, stockAtCost }): Recommendation => {
      const items = slow.rows.filter((row) => row.brand === brand && row.status === 'in stock')
      const bundles = items.filter((row) => bundleCategories.has(row.category)).length
      const markdown = aged.suggested_markdown_percent
      const amount = cents(aged.stock_value_at_list - aged.markdown_amount)
      const agedShare = (100 * aged.stock_value_at_cost) / stockAtCost
      return {
        id: `aged_stock_markdown:${brand}`,
        rule: 'aged_stock_markdown',
        area: 'inventory',
        title: `Mark down ${brand} stock older than ${agedDays} days by ${markdown}%`,
        action:
          `Mark down the ${plural(aged.items, `${brand} item`)} unsold for over ${agedDays} days by ${markdown}% off list` +
          (bundles > 0 ? `, and offer the ${plural(bundles, 'wallet or small leather good')} among the oldest as add-ons to bag purchases at the same markdown` : '') +
          '. Stop buying more of the same lines until they clear.',
        rationale:
          `${plural(aged.items, 'item')} of ${brand} (${formatMoney(aged.stock_value_at_cost)} at cost, ${formatMoney(aged.stock_value_at_list)} at list) ` +
          `have waited ${formatNumber(aged.average_days_in_stock)} days on average: ${formatPercent(agedShare)} of the brand's stock value at cost. ` +
          `inventory_aging suggests ${markdown}% off for stock over ${agedDays} days, ${formatMoney(aged.markdown_amount)} off list in all.`,
        impact: {
          amount,
          currency: 'USD',
          horizonDays: null,
          summary: `About ${formatMoney(amount)} of revenue recovered, releasing ${formatMoney(aged.stock_value_at_cost)} of cost tied up.`,
          method:
            `One-off: list value ${formatMoney(aged.stock_value_at_list)} − the suggested ${markdown}% markdown (${formatMoney(aged.markdown_amount)}), ` +
            'if the aged items sell at the marked-down price. Assumes the markdown is enough to clear them.',
        },
        confidence:
          aged.items >= 10
            ? { level: 'high', reason: `${plural(aged.items, 'item')} affected; the ages are facts, not estimates.` }
            : { level: 'medium', reason: `Only ${plural(aged.items, 'item')} affected.` },
        evidence: [aging.evidence, slow.evidence],
        chart: aging.envelope.chart,
        details: {
          title: `Oldest ${brand} items in stock`,
          columns: [
            { key: 'sku', label: 'SKU' },
            { key: 'product', label: 'Product' },
            { key: 'category', label: 'Category' },
            { key: 'condition', label: 'Condition' },
            { key: 'days', label: 'Days in stock' },
            { key: 'price', label: 'List price' },
            { key: 'marked_down_price', label: `After ${markdown}% markdown` },
          ],
          rows: items.slice(0, itemsListed).map((row) => ({
            sku: row.sku,
            product: row.product,
            category: row.category,
            condition: row.condition,
            days: row.days,
            price: row.price,
            marked_down_price: cents((row.price * (100 - markdown)) / 100),
          })),
          note:
            items.length > itemsListed
              ? `The ${itemsListed} oldest of ${plural(items.length, 'item')} listed by fast_slow_movers (its 100 slowest across brands).`
              : null,
        },
      }
    })
    return recommended(...recommendations)
  },
}
