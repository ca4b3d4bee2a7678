import {
  defineTool,
  betweenDates,
  formatNumber,
  formatPercent,
  heatmapChart,
  inWindow,
  measures,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

export default defineTool({
  name: 'cohort_retention',
  title: 'Cohort retention',
  area: 'customers',
  description:
    'Monthly customer cohorts: customers grouped by the calendar month of their first purchase ever, for first purchases in the window, ' +
    'and for each month since (month 0 = the first month, up to max_months) how many of them bought (active_customers) ' +
    'and retention_percent = active ÷ cohort size × 100 (month 0 is always 100%). Purchases after the window still count, up to the ' +
    'last recorded sale; months that have not started by then are left out (unknown, not 0%), and its month is partial. ' +
    'One row per cohort and month number. Use it to see whether new customers come back and how that changes between cohorts. ' +
    'For new versus returning customers per period use new_vs_returning_customers; for the repeat purchase rate use repeat_purchases; ' +
    'for who has lapsed use churn_risk.',
  input: toolInput({
    ...windowFields,
    max_months: z
      .number()
      .int()
      .min(1)
      .max(24)
      .default(12)
      .describe('Months after the first month to follow each cohort: 1 to 24 (default 12).'),
  }),
  row: z.object({
    cohort_month: z.string().describe('Month of the cohort\'s first purchase (YYYY-MM).'),
    month_number: z.number().int().describe('Months since the cohort month: 0 is the cohort month itself.'),
    cohort_size: z.number().int().describe('Customers whose first purchase ever fell in the cohort month.'),
    active_customers: z.number().int().describe('Of them, customers who bought in that month.'),
    retention_percent: z.number().describe('active_customers ÷ cohort_size × 100.'),
  }),
  metrics: ['cohort_retention', 'customers'],
  examples: [
    'What does customer retention look like by cohort?',
    'How many new customers come back in their second month?',
    'Cohort retention heatmap for last year\'s customers',
    'Are recent cohorts retaining better than older ones?',
  ],
  cues: {
    strong: [
      /\bcome back (?:the|a|in the|within the|next) (?:month|week|months|weeks)\b/, 'month after', 'months after',
      'cohort', 'cohorts', 'retention', 'retain', 'retained', 'come back in their', 'second month', 'first month',
    ],
  },
  query: ({ sql, input, window, bounds }) => sql`
    with first_purchases as (
      -- Each buyer's first purchase ever is buyer_summaries.first_date (min(sales.date_sold), kept by triggers).
      select b.buyer_id, date_trunc('month', b.first_date::timestamp)::date as cohort_month
      from buyer_summaries b
      join users u on u.id = b.buyer_id and u.user_type = 'buyer'
      where ${inWindow(sql, sql`b.first_date`, window)}
    ),
    cohorts as (
      select cohort_month, count(*)::int as cohort_size
      from first_purchases
      group by cohort_month
    ),
    activity as (
      select f.cohort_month,
             ((extract(year from s.date_sold) - extract(year from f.cohort_month)) * 12
               + extract(month from s.date_sold) - extract(month from f.cohort_month))::int as month_number,
             ${measures.customers(sql)} as active_customers
      from sales s
      join first_purchases f on f.buyer_id = s.buyer_id
      group by 1, 2
    ),
    grid as (
      -- Only months that have started by the last recorded sale (and today): later ones are unknown, not 0%.
      select c.cohort_month, c.cohort_size, m.month_number
      from cohorts c
      cross join generate_series(0, ${input.max_months}::int) as m(month_number)
      where (c.cohort_month + make_interval(months => m.month_number))::date <= least(${window.asOf}::date, coalesce(${bounds.last}::date, ${window.asOf}::date))
    )
    select to_char(g.cohort_month, 'YYYY-MM') as cohort_month,
           g.month_number,
           g.cohort_size,
           coalesce(a.active_customers, 0)::int as active_customers,
           round(100.0 * coalesce(a.active_customers, 0) / g.cohort_size, 1)::float8 as retention_percent
    from grid g
    left join activity a on a.cohort_month = g.cohort_month and a.month_number = g.month_number
    order by g.cohort_month, g.month_number`,
  assumptions: ({ window }) => [
    'A cohort is the calendar month of a customer\'s first purchase ever; only first purchases in the window start a cohort.',
    `Activity is followed up to the last recorded sale, and not past today (${window.asOf}); that month is partial.`,
    'Sales without a known buyer are left out.',
  ],
  narrate: ({ rows, window }) => {
    const cohorts = rows.filter((row) => row.month_number === 0)
    if (cohorts.length === 0) return `No customers made their first purchase ${betweenDates(window)}.`
    const customers = cohorts.reduce((sum, row) => sum + row.cohort_size, 0)
    const first = cohorts[0]!.cohort_month
    const last = cohorts[cohorts.length - 1]!.cohort_month
    const opening =
      `${formatNumber(cohorts.length)} cohort${cohorts.length === 1 ? '' : 's'} (${first === last ? first : `${first} to ${last}`}) ` +
      `of ${formatNumber(customers)} new customer${customers === 1 ? '' : 's'}.`
    const secondMonth = rows.filter((row) => row.month_number === 1)
    if (secondMonth.length === 0) return `${opening} No cohort has reached its second month yet.`
    const returned = secondMonth.reduce((sum, row) => sum + row.active_customers, 0)
    const reached = secondMonth.reduce((sum, row) => sum + row.cohort_size, 0)
    if (returned === 0) return `${opening} Nobody came back in month 1 (0 of ${formatNumber(reached)}).`
    // Ties go to the larger, then the earlier cohort: more customers make the rate more telling.
    const best = [...secondMonth].sort(
      (a, b) => b.retention_percent - a.retention_percent || b.cohort_size - a.cohort_size || a.cohort_month.localeCompare(b.cohort_month),
    )[0]!
    return (
      `${opening} In month 1, ${formatNumber(returned)} of ${formatNumber(reached)} customers came back ` +
      `(${formatPercent((100 * returned) / reached)}); the best cohort was ${best.cohort_month} ` +
      `at ${formatPercent(best.retention_percent)} (${formatNumber(best.active_customers)} of ${formatNumber(best.cohort_size)}).`
    )
  },
  chart: ({ rows, input }) =>
    rows.length === 0
      ? undefined
      : heatmapChart({
          title: 'Retention by monthly cohort (%)',
          values: rows,
          x: { field: 'month_number', title: 'Months since first purchase' },
          y: { field: 'cohort_month', title: 'Cohort (month of first purchase)' },
          value: { field: 'retention_percent', title: 'Retention (%)' },
          xOrder: Array.from({ length: Number(input.max_months) + 1 }, (_, month) => month),
          yOrder: [...new Set(rows.map((row) => row.cohort_month))],
        }),
})
