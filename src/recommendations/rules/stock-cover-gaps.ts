import { z } from 'zod'
import { barChart } from '../../charts/spec.ts'
import { formatMoney, formatNumber, formatPercent, plural } from '../../present/format.ts'
import { daysBetween } from '../../tools/time-window.ts'
import { chartJson } from '../recommendation.ts'
import { nothingToRecommend, recommended, type RecommendationRule } from '../rule.ts'
import { cents, median, sum } from '../statistics.ts'

const brandRow = z.object({ brand: z.string(), units: z.number(), gross_profit: z.number() })
const agingRow = z.object({ label: z.string(), items: z.number() })
const sellThroughRow = z.object({ label: z.string(), items_added: z.number(), sell_through_percent: z.number().nullable() })

const minimumUnits = 5
/** Flag a brand whose stock would last less than this share of the median brand's. */
const shortCover = 0.5
const brandsFlagged = 3

/**
 * Inventory: what to source more of. Stock cover = units in stock ÷ units sold per day; a brand that sells through
 * at least as well as the median but holds less than half the median cover is running short. Impact: the units
 * that bring it to the median cover, at its window gross profit per unit (one-off, as they sell).
 */
export const stockCoverGaps: RecommendationRule = {
  name: 'stock_cover_gaps',
  area: 'inventory',
  description: 'Brands that sell through well but hold the fewest days of stock: what to source more of before it runs out.',
  async run(context) {
    const window = { from: context.window.from, to: context.window.to }
    // Three independent questions, asked together.
    const [sales, stock, sellThrough] = await Promise.all([
      context.read('brand_performance', { ...window, sort_by: 'revenue', limit: 100 }, brandRow),
      context.read('inventory_aging', { group_by: 'brand', limit: 100 }, agingRow),
      context.read('sell_through_by_condition', { ...window, group_by: 'brand' }, sellThroughRow),
    ])
    if (!sales.ok) return sales.outcome
    if (!stock.ok) return stock.outcome
    if (!sellThrough.ok) return sellThrough.outcome

    const days = daysBetween(window.from, window.to) + 1
    const brands = sales.rows
      .filter((brand) => brand.units >= minimumUnits)
      .map((brand) => {
        const inStock = sum(stock.rows.filter((row) => row.label === brand.brand).map((row) => row.items))
        const perDay = brand.units / days
        return {
          brand: brand.brand,
          units: brand.units,
          in_stock: inStock,
          cover_days: cents(inStock / perDay),
          per_day: perDay,
          profit_per_unit: brand.gross_profit / brand.units,
          sell_through_percent: sellThrough.rows.find((row) => row.label === brand.brand)?.sell_through_percent ?? null,
        }
      })
    if (brands.length < 3) return nothingToRecommend(`Fewer than 3 brands with ${minimumUnits}+ units sold to compare.`)
    const typicalCover = median(brands.map((brand) => brand.cover_days))!
    const typicalSellThrough = median(brands.flatMap((brand) => (brand.sell_through_percent === null ? [] : [brand.sell_through_percent])))
    const short = brands
      .filter(
        (brand) =>
          brand.cover_days < shortCover * typicalCover &&
          (typicalSellThrough === null || (brand.sell_through_percent ?? 0) >= typicalSellThrough),
      )
      .sort((left, right) => left.cover_days - right.cover_days)
      .slice(0, brandsFlagged)
    if (short.length === 0) {
      return nothingToRecommend(`No brand that sells through at least as well as the median holds under half the median stock cover (${formatNumber(typicalCover)} days).`)
    }
    const gaps = short.map((brand) => ({ ...brand, units_to_source: Math.ceil((typicalCover - brand.cover_days) * brand.per_day) }))
    const amount = cents(sum(gaps.map((brand) => brand.units_to_source * brand.profit_per_unit)))
    const names = gaps.map((brand) => brand.brand)
    const sold = sum(gaps.map((brand) => brand.units))
    return recommended({
      id: `stock_cover_gaps:${names.join('+')}`,
      rule: 'stock_cover_gaps',
      area: 'inventory',
      title: `Restock ${names.join(', ')} before they run out`,
      action: `Source ${gaps.map((brand) => `${plural(brand.units_to_source, 'more unit')} of ${brand.brand}`).join(', ')} to bring each to the median stock cover of ${formatNumber(typicalCover)} days.`,
      rationale:
        gaps
          .map(
            (brand) =>
              `${brand.brand}: ${plural(brand.in_stock, 'item')} in stock against ${plural(brand.units, 'unit')} sold in ${plural(days, 'day')}, ` +
              `${formatNumber(brand.cover_days)} days of cover` +
              (brand.sell_through_percent === null ? '' : `, ${formatPercent(brand.sell_through_percent)} sell-through`),
          )
          .join('; ') +
        `. Median brand: ${formatNumber(typicalCover)} days of cover` +
        (typicalSellThrough === null ? '.' : `, ${formatPercent(typicalSellThrough)} sell-through.`),
      impact: {
        amount,
        currency: 'USD',
        horizonDays: null,
        summary: `About ${formatMoney(amount)} of gross profit as the added units sell.`,
        method:
          'Units to source = (median cover − brand cover) × units sold per day; each earns the brand\'s window gross profit per unit. ' +
          'Assumes demand holds and the units can be bought at today\'s costs.',
      },
      confidence:
        sold >= 50
          ? { level: 'medium', reason: `${plural(sold, 'unit')} sold show the pace; future supply and demand are assumed.` }
          : { level: 'low', reason: `Only ${plural(sold, 'unit')} sold behind the pace.` },
      evidence: [sales.evidence, stock.evidence, sellThrough.evidence],
      chart: chartJson(
        barChart({
          title: 'Days of stock cover by brand',
          values: brands.map(({ brand, cover_days, in_stock, units }) => ({ brand, cover_days, in_stock, units })),
          category: { field: 'brand', title: 'Brand' },
          value: { field: 'cover_days', title: 'Days of stock cover', format: ',.0f' },
          extraTooltip: [
            { field: 'in_stock', title: 'Items in stock' },
            { field: 'units', title: 'Units sold in the window' },
          ],
        }),
      ),
      details: null,
    })
  },
}
