import { z } from 'zod'
import { customChart } from '../../charts/spec.ts'
import { formatMoney, formatPercent, formatPeriod, plural } from '../../present/format.ts'
import { chartJson, type Evidence } from '../recommendation.ts'
import { nothingToRecommend, recommended, type RecommendationRule } from '../rule.ts'
import { cents, sum } from '../statistics.ts'

const brandRow = z.object({ brand: z.string(), revenue: z.number() })
const periodRow = z.object({ revenue: z.number(), units: z.number() })

/** Brands checked on Whatnot: the largest overall, where a line-up choice matters. */
const brandsChecked = 6
const brandsFeatured = 3
/** A brand "sells better in shows" when its share of Whatnot revenue beats its overall share by this factor. */
const overIndex = 1.1

/**
 * Live shows: the brands to feature in the line-up. The tools have no per-show product breakdown, so Whatnot
 * sales (sales_trend by channel and brand) stand for show sales; each brand's share of them is set against its
 * share of all revenue. No currency impact: reordering a line-up moves sales between items as much as it adds.
 */
export const liveShowMix: RecommendationRule = {
  name: 'live_show_mix',
  area: 'shows',
  description: 'The brands that bring the most Whatnot (live-show) revenue, and those that sell better there than elsewhere.',
  async run(context) {
    const window = { from: context.window.from, to: context.window.to }
    const [brands, whatnot] = await Promise.all([
      context.read('brand_performance', { ...window, sort_by: 'revenue', limit: 100 }, brandRow),
      context.read('sales_trend', { ...window, channel: 'whatnot', grain: 'month' }, periodRow),
    ])
    if (!brands.ok) return brands.outcome
    if (!whatnot.ok) return whatnot.outcome
    const allRevenue = sum(brands.rows.map((brand) => brand.revenue))
    const whatnotRevenue = sum(whatnot.rows.map((period) => period.revenue))
    if (allRevenue <= 0 || whatnotRevenue <= 0) return nothingToRecommend('No Whatnot sales in the window.')

    const evidence: Evidence[] = [brands.evidence, whatnot.evidence]
    const mix = []
    const checked = brands.rows.filter((row) => row.revenue > 0).slice(0, brandsChecked)
    // Each brand's Whatnot trend is its own question: all asked at once.
    const trends = await Promise.all(checked.map((brand) => context.read('sales_trend', { ...window, channel: 'whatnot', brand: brand.brand, grain: 'month' }, periodRow)))
    for (const [index, brand] of checked.entries()) {
      const trend = trends[index]!
      if (!trend.ok) return trend.outcome
      evidence.push(trend.evidence)
      const revenue = sum(trend.rows.map((period) => period.revenue))
      const units = sum(trend.rows.map((period) => period.units))
      const showShare = (100 * revenue) / whatnotRevenue
      const overallShare = (100 * brand.revenue) / allRevenue
      mix.push({
        brand: brand.brand,
        whatnot_revenue: cents(revenue),
        whatnot_units: units,
        whatnot_share_percent: cents(showShare),
        overall_share_percent: cents(overallShare),
        whatnot_average_price: units > 0 ? cents(revenue / units) : null,
        index: overallShare > 0 ? showShare / overallShare : 0,
      })
    }
    const featured = [...mix].filter((brand) => brand.whatnot_revenue > 0).sort((a, b) => b.whatnot_revenue - a.whatnot_revenue).slice(0, brandsFeatured)
    if (featured.length === 0) return nothingToRecommend('None of the largest brands sold on Whatnot in the window.')
    const featuredShare = sum(featured.map((brand) => brand.whatnot_share_percent))
    const overIndexed = mix.filter((brand) => brand.index >= overIndex)
    const whatnotUnits = sum(whatnot.rows.map((period) => period.units))
    const names = featured.map((brand) => brand.brand)
    return recommended({
      id: 'live_show_mix:whatnot',
      rule: 'live_show_mix',
      area: 'shows',
      title: `Build Whatnot line-ups around ${names.join(', ')}`,
      action:
        `Open and anchor Whatnot shows with ${names.join(', ')}` +
        (overIndexed.length > 0
          ? `; give more show time to ${overIndexed.map((brand) => brand.brand).join(', ')}, which sell better on Whatnot than elsewhere.`
          : '.'),
      rationale:
        `${names.join(', ')} brought ${formatPercent(featuredShare)} of Whatnot revenue (${formatMoney(whatnotRevenue)}, ` +
        `${plural(whatnotUnits, 'unit')}) from ${formatPeriod(window)}: ` +
        featured
          .map((brand) => `${brand.brand} ${formatMoney(brand.whatnot_revenue)} (${formatPercent(brand.whatnot_share_percent)} of Whatnot, ${formatPercent(brand.overall_share_percent)} of all revenue)`)
          .join('; ') +
        '.',
      impact: {
        amount: null,
        currency: null,
        horizonDays: null,
        summary: 'Not estimated in currency.',
        method:
          'Not estimated: a line-up change moves sales between items as much as it adds new ones, and the tools cannot tell the two apart. ' +
          'Whatnot-channel sales stand for live-show sales.',
      },
      confidence:
        whatnotUnits >= 100
          ? { level: 'high', reason: `${plural(whatnotUnits, 'Whatnot unit')} sold in the window.` }
          : whatnotUnits >= 30
            ? { level: 'medium', reason: `${plural(whatnotUnits, 'Whatnot unit')} sold in the window.` }
            : { level: 'low', reason: `Only ${plural(whatnotUnits, 'Whatnot unit')} sold in the window.` },
      evidence,
      chart: chartJson(
        customChart({
        title: 'Share of Whatnot revenue against share of all revenue, by brand',
        data: {
          values: mix.flatMap((brand) => [
            { brand: brand.brand, measure: 'Share of Whatnot revenue', percent: brand.whatnot_share_percent },
            { brand: brand.brand, measure: 'Share of all revenue', percent: brand.overall_share_percent },
          ]),
        },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y: { field: 'brand', type: 'nominal', title: 'Brand', sort: mix.map((brand) => brand.brand) },
          yOffset: { field: 'measure', type: 'nominal' },
          x: { field: 'percent', type: 'quantitative', title: 'Share (%)' },
          color: { field: 'measure', type: 'nominal', title: 'Measure' },
        },
        }),
      ),
      details: {
        title: 'Largest brands on Whatnot',
        columns: [
          { key: 'brand', label: 'Brand' },
          { key: 'whatnot_revenue', label: 'Whatnot revenue' },
          { key: 'whatnot_units', label: 'Whatnot units' },
          { key: 'whatnot_share_percent', label: 'Share of Whatnot revenue %' },
          { key: 'overall_share_percent', label: 'Share of all revenue %' },
          { key: 'whatnot_average_price', label: 'Average Whatnot price' },
        ],
        rows: mix.map(({ index: _index, ...row }) => row),
        note: null,
      },
    })
  },
}
