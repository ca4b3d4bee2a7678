import {
  betweenDates,
  columnChart,
  defineTool,
  dimensionEnum,
  formatMoney,
  formatNumber,
  inWindow,
  namedPeriods,
  rollupMeasures,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export default defineTool({
  name: 'seasonality',
  title: 'Seasonality by month of year',
  area: 'sales',
  description:
    'Revenue, units and a seasonality index for each calendar month (January to December) across years. ' +
    'Months are summed across the window (default: all time), with how many times each month occurs in the window (years_observed), the average revenue per observed month, and a ' +
    'seasonality index: that average ÷ the average over the observed months × 100 (100 = an average month, 150 = half again as strong). ' +
    'Use it for "which months are strongest", planning stock buys and campaigns around peak season. Months the window never reaches have ' +
    'null averages and index. Partly covered months at the window\'s edges count as observed. With under two years of data the index ' +
    'mixes seasonality with growth. For revenue over calendar time use sales_trend.',
  input: toolInput({
    ...windowFields,
    period: z
      .enum(namedPeriods)
      .default('all_time')
      .describe('Named period ending today in the business time zone, e.g. last_12_months, last_year, all_time (default: seasonality needs years). Ignored when from/to are given.'),
    channel: dimensionEnum('channel')
      .optional()
      .describe('Only sales made on this channel. Default: every channel.'),
    category: dimensionEnum('category')
      .optional()
      .describe('Only sales of this product category. Default: every category.'),
  }),
  row: z.object({
    month_number: z.number().int().describe('1 = January … 12 = December.'),
    month: z.string(),
    years_observed: z.number().int().describe('How many times this calendar month falls (wholly or partly) in the window.'),
    revenue: z.number().describe('Revenue in this month summed over every year of the window.'),
    units: z.number().int(),
    average_revenue: z.number().nullable().describe('revenue ÷ years_observed; null when the month is not in the window.'),
    seasonality_index: z
      .number()
      .nullable()
      .describe('average_revenue ÷ the mean of average_revenue over observed months × 100; null when not observed or nothing sold.'),
  }),
  metrics: ['revenue', 'units'],
  examples: [
    'Which months are our strongest?',
    'Is there a seasonal pattern in sales?',
    'When is peak season for wallets?',
    'How does December compare with an average month?',
  ],
  cues: {
    strong: [
      'seasonality', 'seasonal', 'season', 'seasons', 'holiday', 'holidays', 'time of year', 'month of the year', 'months of the year',
    ],
  },
  query: ({ sql, input, window }) => sql`
    with observed as (
      select extract(month from month.start)::int as month_number, count(*)::int as years_observed
      from generate_series(date_trunc('month', ${window.from}::date::timestamp), ${window.to}::date::timestamp, interval '1 month')
        as month(start)
      group by 1
    ),
    by_month as (
      -- The daily rollups hold the same sums as sales; the detailed one only when a category is asked for.
      select extract(month from r.date_sold)::int as month_number,
             ${rollupMeasures.revenue(sql)} as revenue,
             ${rollupMeasures.units(sql)} as units
      from ${input.category ? sql`sales_daily_rollup r` : sql`sales_daily_channel_rollup r`}
      where ${inWindow(sql, sql`r.date_sold`, window)}
        ${input.channel ? sql`and r.channel = ${input.channel}` : sql``}
        ${input.category ? sql`and r.category = ${input.category}` : sql``}
      group by 1
    ),
    per_month as (
      select calendar.n as month_number,
             coalesce(o.years_observed, 0) as years_observed,
             coalesce(b.revenue, 0)::float8 as revenue,
             coalesce(b.units, 0) as units,
             coalesce(b.revenue, 0)::float8 / nullif(o.years_observed, 0) as average_revenue
      from generate_series(1, 12) as calendar(n)
      left join observed o on o.month_number = calendar.n
      left join by_month b on b.month_number = calendar.n
    )
    select month_number,
           (array['January','February','March','April','May','June','July','August','September','October','November','December'])[month_number] as month,
           years_observed::int as years_observed,
           revenue::float8 as revenue,
           units::int as units,
           round(average_revenue::numeric, 2)::float8 as average_revenue,
           round((100 * average_revenue / nullif(avg(average_revenue) over (), 0))::numeric, 1)::float8 as seasonality_index
    from per_month
    order by month_number`,
  assumptions: ({ input }) => [
    'Months are read from the business day of the sale (sales.date_sold).',
    'A month counts as observed in every year the window touches it, even partly, so edge months can look weaker than they are.',
    'The index is 100 × the month\'s average revenue ÷ the mean of the observed months\' averages.',
    ...(input.channel ? [`Only ${input.channel} sales.`] : []),
    ...(input.category ? [`Only ${input.category} sales.`] : []),
  ],
  narrate: ({ rows, input, window }) => {
    const scope = [input.channel, input.category].filter(Boolean).join(' ')
    const indexed = rows.filter((row): row is typeof row & { seasonality_index: number; average_revenue: number } => row.seasonality_index !== null)
    if (indexed.length === 0) return `No${scope ? ` ${scope}` : ''} sales ${betweenDates(window)}.`
    const peakIndex = Math.max(...indexed.map((row) => row.seasonality_index))
    const peaks = indexed.filter((row) => row.seasonality_index === peakIndex)
    const lowIndex = Math.min(...indexed.map((row) => row.seasonality_index))
    const lows = indexed.filter((row) => row.seasonality_index === lowIndex)
    const peak = peaks[0]!
    const sentences = [
      peaks.length === 1
        ? `${peak.month} is the peak month: ${formatMoney(peak.average_revenue)} average revenue per observed ${peak.month}, ` +
          `index ${formatNumber(peakIndex)} (100 = the average month), ${betweenDates(window)}.`
        : `${joinNames(peaks.map((row) => row.month))} tie as the peak months: ${formatMoney(peak.average_revenue)} average revenue each, ` +
          `index ${formatNumber(peakIndex)} (100 = the average month), ${betweenDates(window)}.`,
    ]
    if (lowIndex < peakIndex) {
      sentences.push(
        lows.length === 1
          ? `The quietest month is ${lows[0]!.month} (index ${formatNumber(lowIndex)}).`
          : `The quietest months, at index ${formatNumber(lowIndex)}, are ${joinNames(lows.map((row) => row.month))}.`,
      )
    }
    if (Math.max(...rows.map((row) => row.years_observed)) < 2) {
      sentences.push('Each month is seen in one year at most, so the index mixes seasonality with growth and one-off events.')
    }
    return sentences.join(' ')
  },
  chart: ({ rows }) =>
    columnChart({
      title: 'Average revenue by month of year',
      values: rows,
      category: { field: 'month', title: 'Month' },
      value: { field: 'average_revenue', title: 'Average revenue per observed month ($)', format: '$,.0f' },
      order: months,
      extraTooltip: [
        { field: 'seasonality_index', title: 'Index (100 = average)', format: '.1f' },
        { field: 'years_observed', title: 'Years observed' },
        { field: 'revenue', title: 'Total revenue', format: '$,.0f' },
        { field: 'units', title: 'Units' },
      ],
    }),
})
