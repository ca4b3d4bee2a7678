import {
  betweenDates,
  columnChart,
  defineTool,
  dimensionEnum,
  formatMoney,
  formatPercent,
  inWindow,
  plural,
  rollupMeasures,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

export default defineTool({
  name: 'sales_by_weekday',
  title: 'Sales by day of week',
  area: 'sales',
  description:
    'Units, orders, revenue and average price per unit for each day of the week (Monday to Sunday), with each day\'s share of revenue. ' +
    'Use it to find peak selling days and to schedule live shows. For hours of the day or a weekday × hour grid use sales_by_hour; ' +
    'for revenue over calendar time use sales_trend.',
  input: toolInput({
    ...windowFields,
    channel: dimensionEnum('channel')
      .optional()
      .describe('Only sales made on this channel. Default: every channel.'),
  }),
  row: z.object({
    weekday_number: z.number().int().describe('ISO weekday: 1 = Monday … 7 = Sunday.'),
    weekday: z.string(),
    units: z.number().int(),
    orders: z.number().int(),
    revenue: z.number(),
    average_price: z.number(),
    revenue_share_percent: z.number().describe('This day\'s revenue ÷ the window\'s revenue × 100.'),
  }),
  metrics: ['units', 'orders', 'revenue', 'average_price'],
  examples: [
    'What are the best days of the week to sell?',
    'Which weekday brings the most revenue?',
    'Sales by day of week for the last 90 days',
    'On which day should we run live shows?',
  ],
  cues: {
    strong: [
      'day of the week', 'days of the week', 'day of week', 'weekday', 'weekdays', 'which day', 'best day', 'best days', 'weekend', 'weekends',
    ],
  },
  query: ({ sql, input, window }) => sql`
    with by_day as (
      -- The daily rollup by channel holds the same sums as sales, in about 4 rows a day instead of thousands.
      select extract(isodow from r.date_sold)::int as weekday_number,
             ${rollupMeasures.units(sql)} as units,
             ${rollupMeasures.orders(sql)} as orders,
             ${rollupMeasures.revenue(sql)} as revenue,
             ${rollupMeasures.average_price(sql)} as average_price
      from sales_daily_channel_rollup r
      where ${inWindow(sql, sql`r.date_sold`, window)}
        ${input.channel ? sql`and r.channel = ${input.channel}` : sql``}
      group by 1
    )
    select day.n as weekday_number,
           (array['Monday','Tuesday','Wednesday','Thursday','Friday','Saturday','Sunday'])[day.n] as weekday,
           coalesce(b.units, 0) as units,
           coalesce(b.orders, 0) as orders,
           coalesce(b.revenue, 0)::float8 as revenue,
           coalesce(b.average_price, 0)::float8 as average_price,
           coalesce(round((100 * b.revenue / nullif(sum(b.revenue) over (), 0))::numeric, 1), 0)::float8 as revenue_share_percent
    from generate_series(1, 7) as day(n)
    left join by_day b on b.weekday_number = day.n
    order by day.n`,
  assumptions: ({ input }) => [
    'Weekdays are read from the business day of the sale (sales.date_sold).',
    ...(input.channel ? [`Only ${input.channel} sales.`] : []),
  ],
  narrate: ({ rows, window }) => {
    const total = rows.reduce((sum, row) => sum + row.revenue, 0)
    if (total === 0) return `No sales ${betweenDates(window)}.`
    const ranked = [...rows].sort((a, b) => b.revenue - a.revenue || a.weekday_number - b.weekday_number)
    const best = ranked[0]!
    const idle = rows.filter((row) => row.units === 0).map((row) => row.weekday)
    const weakest = ranked.filter((row) => row.units > 0).at(-1)!
    const tail =
      idle.length > 0
        ? `No sales on ${idle.join(', ')}.`
        : `${weakest.weekday} is the weakest with ${formatMoney(weakest.revenue)}.`
    return (
      `${best.weekday} is the strongest day: ${formatMoney(best.revenue)} revenue from ${plural(best.units, 'unit')} ` +
      `(average ${formatMoney(best.average_price)} per unit, ${formatPercent(best.revenue_share_percent)} of revenue) ${betweenDates(window)}. ` +
      tail
    )
  },
  chart: ({ rows }) =>
    columnChart({
      title: 'Revenue by day of week',
      values: rows,
      category: { field: 'weekday', title: 'Day of week' },
      value: { field: 'revenue', title: 'Revenue ($)', format: '$,.0f' },
      order: weekdays,
      extraTooltip: [
        { field: 'units', title: 'Units' },
        { field: 'average_price', title: 'Average price', format: '$,.2f' },
      ],
    }),
})
