import {
  betweenDates,
  columnChart,
  defineTool,
  describeSalesFilters,
  formatMoney,
  formatNumber,
  formatPercent,
  inWindow,
  measures,
  plural,
  ratios,
  salesFilterDimensions,
  salesFilterFields,
  toolInput,
  windowFields,
  z,
  type Fragment,
  type TransactionSql,
} from '../../src/tools/define-tool.ts'
import { inLocalDays } from '../in-local-days.ts'

const discountBands = ['no discount', 'under 10%', '10–20%', '20% or more'] as const
const priceBands = ['below typical', 'at typical', 'above typical'] as const
const typicalRange =
  "A model's typical price is the median list price (inventory.list_price) of every item of that model (products.name); " +
  'below typical is under 90% of it, at typical 90–110%, above typical over 110%.'

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  ...windowFields,
  view: z
    .enum(['discount_band', 'price_position'])
    .default('discount_band')
    .describe("discount_band: the window's sales by discount; price_position: items taken in, by list vs median model price."),
  brand: salesFilterFields.brand,
  category: salesFilterFields.category,
  condition: salesFilterFields.condition,
})
type Input = z.output<typeof inputSchema>

/** What SQL returns per band; the rates are added from the glossary's ratios. */
const figures = z.object({
  band: z.string(),
  band_order: z.number().int(),
  items: z.number().int(),
  items_sold: z.number().int(),
  sold_within_30_days: z.number().int(),
  revenue: z.number(),
  gross_profit: z.number(),
  margin_percent: z.number(),
  average_discount_percent: z.number(),
  average_days_to_sell: z.number().nullable(),
})

const row = figures.extend({
  band: z.string().describe('The discount band or the price position.'),
  items: z.number().int().describe('discount_band: items sold in the window; price_position: items taken into stock in the window.'),
  items_sold: z.number().int().describe('Of those items, the ones sold (by the as-of date for price_position).'),
  sold_within_30_days: z.number().int().describe('Items sold within 30 days of entering stock.'),
  sell_through_percent: z.number().nullable().describe('price_position: items sold ÷ items taken in × 100; empty for discount_band (unsold items have no discount).'),
  sold_within_30_days_percent: z.number().nullable().describe('Items sold within 30 days of entering stock ÷ items sold × 100.'),
})

const filtersOf = (input: Input) => ({ brand: input.brand, category: input.category, condition: input.condition })

function itemFilters(sql: TransactionSql, input: Input): Fragment {
  return sql`
    ${input.brand ? sql`and b.name = ${input.brand}` : sql``}
    ${input.category ? sql`and p.category = ${input.category}` : sql``}
    ${input.condition ? sql`and p.condition = ${input.condition}` : sql``}`
}

/** The figures of a band's sold items, from the semantic layer's measures over `sales s`. */
function soldFigures(sql: TransactionSql): Fragment {
  return sql`
    count(s.id)::int as items_sold,
    (count(s.id) filter (where s.days_held <= 30))::int as sold_within_30_days,
    ${measures.revenue(sql)} as revenue,
    ${measures.gross_profit(sql)} as gross_profit,
    ${measures.margin_percent(sql)} as margin_percent,
    ${measures.average_discount_percent(sql)} as average_discount_percent,
    ${measures.average_days_to_sell(sql)} as average_days_to_sell`
}

export default defineTool({
  name: 'discount_effectiveness',
  title: 'Discount and pricing effectiveness',
  area: 'inventory',
  description:
    "Sell-through, speed of sale and margin by discount band or by list price against the model's typical price (view). " +
    'Use it for "do discounts help sell-through" or "are we priced too high". For markdowns on aged stock use inventory_aging; ' +
    'for sell-through by condition, brand or category use sell_through_by_condition.',
  input: inputSchema,
  filters: { brand: salesFilterDimensions.brand },
  row,
  metrics: ['sell_through', 'average_discount_percent', 'margin_percent', 'days_to_sell', 'fast_movers', 'revenue', 'gross_profit'],
  examples: [
    'Do discounts help sell-through?',
    'Are discounted items less profitable?',
    'Do items priced above the typical price sell slower?',
    'Discount effectiveness for Chanel bags this year',
    'How does pricing against the typical price affect sell-through?',
  ],
  cues: {
    strong: [
      'discount effectiveness', 'discounts help', 'discounts work', 'discount band', 'discount bands', 'discount levels',
      'discounted items', 'discounting', 'effect of discounts', 'do discounts', 'price position', 'typical price',
      'priced too high', 'priced too low', 'overpriced', 'underpriced', 'pricing effectiveness', 'pricing strategy',
      /\b(?:priced|pricing) (?:above|below|against|versus|vs)\b/,
    ],
    medium: ['discounts', 'pricing'],
  },
  query: ({ sql, input, window, timeZone }) => {
    if (input.view === 'price_position') {
      return sql`
        with cohort as (
          select i.product_id, p.name as model, i.list_price
          from inventory i
          join products p on p.id = i.product_id
          join brands b on b.id = p.brand_id
          where ${inLocalDays(sql, sql`i.created_at`, window, timeZone)}
            ${itemFilters(sql, input)}
        ),
        typical as (
          -- Every item of the cohort's models, in stock or sold, at any time: the model's usual asking price.
          select p.name as model, percentile_cont(0.5) within group (order by i.list_price) as median_price
          from inventory i
          join products p on p.id = i.product_id
          where p.name in (select model from cohort)
          group by p.name
        ),
        positioned as (
          select c.product_id,
                 case when c.list_price < 0.9 * t.median_price then 1 when c.list_price <= 1.1 * t.median_price then 2 else 3 end as band_order
          from cohort c
          join typical t on t.model = c.model
        )
        select (array['below typical', 'at typical', 'above typical'])[band.n] as band,
               band.n as band_order,
               count(distinct x.product_id)::int as items,
               ${soldFigures(sql)}
        from generate_series(1, 3) as band(n)
        left join positioned x on x.band_order = band.n
        left join sales s on s.product_id = x.product_id and s.date_sold <= ${window.asOf}::date
        group by band.n
        order by band.n`
    }
    // One pass over the window's lines, each banded by its exact discount ÷ list value (revenue + discount): the
    // glossary's average discount over that one line, unrounded, so a 9.995% discount is under 10%.
    const listValue = sql`(s.gross_amount_earned + s.discount)`
    return sql`
      select (array['no discount', 'under 10%', '10–20%', '20% or more'])[band.n] as band,
             band.n as band_order,
             count(s.id)::int as items,
             ${soldFigures(sql)}
      from generate_series(1, 4) as band(n)
      left join ${input.brand || input.category || input.condition ? sql`(sales s join products p on p.id = s.product_id join brands b on b.id = p.brand_id)` : sql`sales s`}
        on band.n = case when s.discount <= 0 then 1 when 10 * ${listValue} > 100 * s.discount then 2 when 20 * ${listValue} > 100 * s.discount then 3 else 4 end
        and ${inWindow(sql, sql`s.date_sold`, window)}
        ${itemFilters(sql, input)}
      group by band.n
      order by band.n`
  },
  postProcess: (rows, { input }) =>
    z
      .array(figures)
      .parse(rows)
      .map((band) => ({
        ...band,
        sell_through_percent: input.view === 'price_position' ? ratios.percent(band.items_sold, band.items) : null,
        sold_within_30_days_percent: ratios.percent(band.sold_within_30_days, band.items_sold),
      })),
  assumptions: ({ input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    const filters = describeSalesFilters(filtersOf(input))
    const scope = filters ? [`Only items with ${filters}.`] : []
    if (input.view === 'price_position') {
      return [
        typicalRange,
        `Items taken into stock in the window (inventory.created_at); a sale up to ${window.asOf} counts as sold.`,
        ...scope,
      ]
    }
    return [
      `A sale's discount is sales.discount ÷ its list value (revenue + discount) × 100; bands: ${discountBands.join(', ')}.`,
      'Sell-through needs unsold items, which have no discount: for discount bands the speed of sale (days to sell, share sold within 30 days of entering stock) stands for it.',
      ...scope,
    ]
  },
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    const filters = describeSalesFilters(filtersOf(input))
    const scope = filters ? ` with ${filters}` : ''
    const active = rows.filter((band) => band.items > 0)
    const speed = (band: (typeof rows)[number]) =>
      band.average_days_to_sell === null ? '' : `, ${formatNumber(band.average_days_to_sell)} days to sell on average`
    if (input.view === 'price_position') {
      if (active.length === 0) return `No items${scope} were taken into stock ${betweenDates(window)}.`
      return (
        `Of the items${scope} taken into stock ${betweenDates(window)}, by list price against their model's typical price: ` +
        active
          .map(
            (band) =>
              `${band.band} ${formatPercent(band.sell_through_percent ?? 0)} sold (${formatNumber(band.items_sold)} of ${plural(band.items, 'item')}` +
              `${speed(band)}, ${formatPercent(band.margin_percent)} margin)`,
          )
          .join('; ') +
        '.'
      )
    }
    if (active.length === 0) return `No sales${scope} ${betweenDates(window)}.`
    return (
      `Sales${scope} ${betweenDates(window)} by discount off the list price: ` +
      active
        .map(
          (band) =>
            `${band.band} ${plural(band.items, 'item')} at ${formatPercent(band.margin_percent)} margin (${formatMoney(band.gross_profit)} gross profit` +
            `${speed(band)}, ${formatPercent(band.sold_within_30_days_percent ?? 0)} within 30 days)`,
        )
        .join('; ') +
      '.'
    )
  },
  chart: ({ rows, input: rawInput }) => {
    if (rows.every((band) => band.items === 0)) return undefined
    const view = inputSchema.parse(rawInput).view
    const byPosition = view === 'price_position'
    return columnChart({
      title: byPosition ? "Sell-through by price against the model's typical price" : 'Margin by discount band',
      values: rows,
      category: { field: 'band', title: byPosition ? 'List price against typical' : 'Discount off list price' },
      value: byPosition
        ? { field: 'sell_through_percent', title: 'Sell-through (%)', format: '.0f' }
        : { field: 'margin_percent', title: 'Margin (%)', format: '.1f' },
      order: byPosition ? [...priceBands] : [...discountBands],
      extraTooltip: [
        { field: 'items', title: byPosition ? 'Items taken in' : 'Items sold' },
        { field: byPosition ? 'margin_percent' : 'sold_within_30_days_percent', title: byPosition ? 'Margin %' : 'Sold within 30 days %', format: '.1f' },
        { field: 'average_days_to_sell', title: 'Average days to sell', format: '.1f' },
        { field: 'gross_profit', title: 'Gross profit', format: '$,.0f' },
      ],
    })
  },
})
