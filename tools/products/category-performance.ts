import {
  barChart,
  betweenDates,
  coverageOf,
  defineTool,
  describeSalesFilters,
  describeWindow,
  formatMoney,
  formatPercent,
  measures,
  plural,
  ratios,
  rollupMeasures,
  salesFilterDimensions,
  salesFilterFields,
  salesFilterSql,
  toolInput,
  valueLabel,
  valuesOf,
  windowFields,
  z,
  type ComparisonWindow,
  type Fragment,
  type ResolvedWindow,
  type TransactionSql,
} from '../../src/tools/define-tool.ts'

const sortKeys = ['revenue', 'gross_profit', 'margin', 'units'] as const
type SortKey = (typeof sortKeys)[number]
const sortLabels: Record<SortKey, string> = { revenue: 'revenue', gross_profit: 'gross profit', margin: 'margin', units: 'units' }

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  ...windowFields,
  ...salesFilterFields,
  sort_by: z.enum(sortKeys).default('revenue').describe('Order of the categories, highest first (default revenue).'),
})
type Input = z.output<typeof inputSchema>

/** The figures SQL returns per category; shares and changes are added from the glossary's ratios. */
const figures = z.object({
  category: z.string(),
  units: z.number().int(),
  orders: z.number().int(),
  revenue: z.number(),
  gross_profit: z.number(),
  margin_percent: z.number(),
  average_price: z.number(),
  previous_revenue: z.number(),
  previous_units: z.number().int(),
})

const row = figures.extend({
  revenue_share_percent: z.number().nullable().describe("The category's revenue ÷ the revenue of every category shown × 100."),
  previous_revenue: z.number().nullable().describe('Revenue in the previous period (see comparisons); empty when the data does not reach it.'),
  previous_units: z.number().int().nullable().describe('Units in the previous period; empty when the data does not reach it.'),
  revenue_change_percent: z.number().nullable().describe('(revenue − previous) ÷ |previous| × 100; empty when previous is 0 or not fully covered.'),
  units_change_percent: z.number().nullable().describe('(units − previous) ÷ previous × 100; empty when previous is 0 or not fully covered.'),
})

function previousPeriod(window: ResolvedWindow): ComparisonWindow {
  const previous = window.comparisons.find((comparison) => comparison.kind === 'previous_period')
  if (!previous) throw new Error('category_performance: the window has no previous period to compare with')
  return previous
}

/**
 * Each period's figures per category. Without a buyer filter they come from the daily rollup by channel, brand,
 * category and condition (a few rows a day); a state or city filter needs the buyer, so the sales themselves.
 */
function periodFigures(sql: TransactionSql, input: Input, window: ResolvedWindow): Fragment {
  const previous = previousPeriod(window)
  const periods = sql`values ('current', ${window.from}::date, ${window.to}::date), ('previous', ${previous.from}::date, ${previous.to}::date)`
  if (input.region === undefined && input.city === undefined) {
    return sql`
      with periods(period, start_date, end_date) as (${periods})
      select pe.period, r.category,
             ${rollupMeasures.units(sql)} as units,
             ${rollupMeasures.orders(sql)} as orders,
             ${rollupMeasures.revenue(sql)} as revenue,
             ${rollupMeasures.gross_profit(sql)} as gross_profit,
             ${rollupMeasures.margin_percent(sql)} as margin_percent,
             ${rollupMeasures.average_price(sql)} as average_price
      from periods pe
      join sales_daily_rollup r on r.date_sold between pe.start_date and pe.end_date
      ${input.brand ? sql`join brands fb on fb.id = r.brand_id` : sql``}
      where true
        ${input.channel ? sql`and r.channel = ${input.channel}` : sql``}
        ${input.brand ? sql`and fb.name = ${input.brand}` : sql``}
        ${input.category ? sql`and r.category = ${input.category}` : sql``}
        ${input.condition ? sql`and r.condition = ${input.condition}` : sql``}
      group by pe.period, r.category`
  }
  const { joins, conditions } = salesFilterSql(sql, input)
  return sql`
    with periods(period, start_date, end_date) as (${periods})
    select pe.period, p.category,
           ${measures.units(sql)} as units,
           ${measures.orders(sql)} as orders,
           ${measures.revenue(sql)} as revenue,
           ${measures.gross_profit(sql)} as gross_profit,
           ${measures.margin_percent(sql)} as margin_percent,
           ${measures.average_price(sql)} as average_price
    from periods pe
    join sales s on s.date_sold between pe.start_date and pe.end_date
    join products p on p.id = s.product_id
    ${joins}
    where true ${conditions}
    group by pe.period, p.category`
}

export default defineTool({
  name: 'category_performance',
  title: 'Category performance',
  area: 'products',
  description:
    'Per product category (bag, wallet, backpack, small leather goods): units, orders, revenue, gross profit, margin %, average price ' +
    'and share of revenue in the window, with revenue and units against the previous period; takes the sales filters. ' +
    'Use it for "which categories perform best" and how a category is doing. For one category over time use sales_trend; ' +
    'for brands use brand_performance; for single products use top_products.',
  input: inputSchema,
  filters: salesFilterDimensions,
  row,
  metrics: ['units', 'orders', 'revenue', 'gross_profit', 'margin_percent', 'average_price', 'change_percent'],
  examples: [
    'Which categories perform best?',
    'Category performance this quarter',
    'How are wallets doing compared with last month?',
    'Are bags growing faster than wallets?',
    'Revenue share by category on Whatnot this year',
  ],
  cues: {
    strong: [
      'category performance', 'categories perform', 'category perform', 'categories performing', 'category performing',
      'performing category', 'performing categories', 'category mix', 'category breakdown', 'category share', 'share by category',
      /\bcategor(?:y|ies) (?:are |is )?(?:growing|shrinking|doing|trending)\b/,
    ],
    weak: ['categories', 'category'],
  },
  comparisons: ({ window }) => [previousPeriod(window)],
  query: ({ sql, input, window }) => {
    const order = {
      revenue: sql`revenue desc`,
      gross_profit: sql`gross_profit desc`,
      margin: sql`margin_percent desc`,
      units: sql`units desc`,
    }[input.sort_by as SortKey]
    return sql`
      with categories(category, position) as (
        select category, position::int from unnest(${valuesOf('category')}::text[]) with ordinality as listed(category, position)
      ),
      figures as (${periodFigures(sql, input, window)})
      select c.category,
             coalesce(present.units, 0) as units,
             coalesce(present.orders, 0) as orders,
             coalesce(present.revenue, 0)::float8 as revenue,
             coalesce(present.gross_profit, 0)::float8 as gross_profit,
             coalesce(present.margin_percent, 0)::float8 as margin_percent,
             coalesce(present.average_price, 0)::float8 as average_price,
             coalesce(earlier.revenue, 0)::float8 as previous_revenue,
             coalesce(earlier.units, 0) as previous_units
      from categories c
      left join figures present on present.category = c.category and present.period = 'current'
      left join figures earlier on earlier.category = c.category and earlier.period = 'previous'
      where true ${input.category ? sql`and c.category = ${input.category}` : sql``}
      -- Categories without sales go last whatever the sort: their zeros are not a margin.
      order by present.category is null, ${order}, c.position`
  },
  // Shares and changes come from the glossary's ratios; a change against a base the data does not fully cover is withheld.
  postProcess: (rows, { window, bounds }) => {
    const parsed = z.array(figures).parse(rows)
    const previous = previousPeriod(window)
    const reached = coverageOf(previous, bounds) !== 'none'
    const comparable = coverageOf(window, bounds) !== 'none' && coverageOf(previous, bounds) === 'full'
    const total = parsed.reduce((sum, category) => sum + category.revenue, 0)
    return parsed.map((category) => ({
      ...category,
      revenue_share_percent: ratios.percent(category.revenue, total),
      previous_revenue: reached ? category.previous_revenue : null,
      previous_units: reached ? category.previous_units : null,
      revenue_change_percent: comparable ? ratios.changePercent(category.revenue, category.previous_revenue) : null,
      units_change_percent: comparable ? ratios.changePercent(category.units, category.previous_units) : null,
    }))
  },
  assumptions: ({ input: rawInput, window, bounds }) => {
    const input = inputSchema.parse(rawInput)
    const previous = previousPeriod(window)
    const filters = describeSalesFilters(input)
    const covered = coverageOf(window, bounds) !== 'none' && coverageOf(previous, bounds) === 'full'
    return [
      `Previous period: ${describeWindow(previous)} (${previous.rule}).`,
      ...(covered ? [] : [`Changes are withheld: the recorded sales (${bounds.first ?? 'none'} to ${bounds.last ?? 'none'}) do not fully cover the previous period.`]),
      'Share of revenue is of the categories shown; margin % is gross profit ÷ revenue.',
      ...(filters ? [`Only sales with ${filters}.`] : []),
      `Sorted by ${sortLabels[input.sort_by as SortKey]}, highest first; categories without sales last.`,
    ]
  },
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    const selling = rows.filter((category) => category.units > 0)
    const filters = describeSalesFilters(input)
    const scope = filters ? ` with ${filters}` : ''
    if (selling.length === 0) return `No sales${scope} ${betweenDates(window)}.`
    const leader = selling[0]!
    const change = (category: (typeof rows)[number]) =>
      category.revenue_change_percent === null
        ? ''
        : `, ${category.revenue_change_percent >= 0 ? 'up' : 'down'} ${formatPercent(Math.abs(category.revenue_change_percent))} on the previous period`
    const idle = rows.length - selling.length
    return (
      `${valueLabel('category', leader.category)} leads on ${sortLabels[input.sort_by as SortKey]} ${betweenDates(window)}${scope}: ` +
      `${formatMoney(leader.revenue)} revenue (${formatPercent(leader.revenue_share_percent ?? 0)} of the total) from ${plural(leader.units, 'unit')}, ` +
      `${formatMoney(leader.gross_profit)} gross profit at ${formatPercent(leader.margin_percent)} margin${change(leader)}.` +
      selling
        .slice(1)
        .map((category) => ` ${valueLabel('category', category.category)}: ${formatMoney(category.revenue)} (${formatPercent(category.margin_percent)} margin${change(category)}).`)
        .join('') +
      (idle > 0 ? ` ${plural(idle, 'category', 'categories')} had no sales.` : '')
    )
  },
  chart: ({ rows, input: rawInput }) => {
    if (rows.every((category) => category.units === 0)) return undefined
    const sortBy = inputSchema.parse(rawInput).sort_by as SortKey
    const value = {
      revenue: { field: 'revenue', title: 'Revenue ($)', format: '$,.0f' },
      gross_profit: { field: 'gross_profit', title: 'Gross profit ($)', format: '$,.0f' },
      margin: { field: 'margin_percent', title: 'Margin (%)', format: '.1f' },
      units: { field: 'units', title: 'Units', format: ',.0f' },
    }[sortBy]
    return barChart({
      title: `Categories by ${sortLabels[sortBy]}`,
      values: rows,
      category: { field: 'category', title: 'Category' },
      value,
      sort: 'none',
      extraTooltip: [
        { field: 'revenue_share_percent', title: 'Share of revenue %', format: '.1f' },
        { field: 'revenue_change_percent', title: 'Revenue change %', format: '+.1f' },
        { field: 'gross_profit', title: 'Gross profit', format: '$,.0f' },
        { field: 'average_price', title: 'Average price', format: '$,.0f' },
      ].filter((tooltip) => tooltip.field !== value.field),
    })
  },
})
