import {
  columnChart,
  defineTool,
  betweenDates,
  describeWindow,
  formatMoney,
  formatNumber,
  formatPercent,
  inWindow,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const grainNames = { day: 'day', week: 'week starting', month: 'month starting' } as const
// Results receive the input untyped; parsing a field with its own schema gives its type back.
const grainField = z
  .enum(['day', 'week', 'month'])
  .default('month')
  .describe('Length of each period: day, week (ISO, Monday start) or month (default).')

export default defineTool({
  name: 'new_vs_returning_customers',
  title: 'New vs returning customers',
  area: 'customers',
  description:
    'New and returning customers and their revenue per day, week or month. ' +
    'Each day, ISO week (Monday start) or month in the window says how many customers bought for the first time ever (new) ' +
    'and how many had bought in an earlier period (returning), the revenue from each group, and the share of revenue from returning customers. ' +
    'A customer is new only in the period holding their first purchase ever (even if they buy again in that period); later periods count them as returning. ' +
    'Every period in the window gets a row (zeros when nothing sold); the first and last periods may be partial. ' +
    'Use it for acquisition versus loyalty over time. For how each month\'s first-time buyers keep buying use cohort_retention; ' +
    'for lapsed customers use churn_risk.',
  input: toolInput({
    ...windowFields,
    grain: grainField,
  }),
  row: z.object({
    period_start: z.string().describe('First day of the period (YYYY-MM-DD); may fall before the window\'s start.'),
    new_customers: z.number().int().describe('Customers whose first purchase ever falls in this period.'),
    returning_customers: z.number().int().describe('Customers who bought in this period and first bought in an earlier one.'),
    new_customer_revenue: z.number(),
    returning_customer_revenue: z.number(),
    revenue: z.number().describe('Revenue from customers in the period (new + returning).'),
    returning_revenue_share_percent: z.number().describe('Returning customers\' revenue ÷ revenue × 100 (0 when nothing sold).'),
    partial: z
      .boolean()
      .describe('Whether the period is incomplete: cut by the window, or reaching past the recorded sales (e.g. the month in progress).'),
  }),
  metrics: ['new_customers', 'customers', 'revenue'],
  examples: [
    'How many new customers did we get each month?',
    'New vs returning customers over the last 12 months',
    'What share of revenue comes from returning customers?',
    'Weekly new customer count this quarter',
  ],
  cues: {
    strong: [
      'new vs returning', 'new versus returning', 'new and returning', 'returning customers', 'new customers',
      'first time buyers', 'first-time buyers', 'first time customers', 'acquired',
    ],
  },
  query: ({ sql, input, window, bounds }) => sql`
    with first_purchases as (
      -- Each buyer's first purchase ever: buyer_summaries.first_date is min(sales.date_sold), kept by triggers.
      select b.buyer_id, b.first_date as first_purchase
      from buyer_summaries b
      join users u on u.id = b.buyer_id and u.user_type = 'buyer'
    ),
    by_buyer as (
      -- One row per buyer and period first, so customers are counted without a distinct count over every line.
      select date_trunc(${input.grain}, s.date_sold::timestamp)::date as period_start,
             -- The first period is cut to the window: a first purchase before the window start is not new in it.
             f.first_purchase >= greatest(date_trunc(${input.grain}, s.date_sold::timestamp)::date, ${window.from}::date) as is_new,
             s.buyer_id,
             sum(s.gross_amount_earned) as revenue
      from sales s
      join first_purchases f on f.buyer_id = s.buyer_id
      where ${inWindow(sql, sql`s.date_sold`, window)}
      group by 1, 2, 3
    ),
    by_group as (
      -- The measures over the same lines: revenue is the sum of each buyer's exact sums, as a float like measures.revenue.
      select period_start, is_new, count(*)::int as customers, coalesce(sum(revenue), 0)::float8 as revenue
      from by_buyer
      group by 1, 2
    ),
    periods as (
      -- Every period of the window, so quiet ones show as zeros rather than gaps.
      select period::date as period_start
      from generate_series(date_trunc(${input.grain}, ${window.from}::date::timestamp), ${window.to}::date::timestamp,
                           ${`1 ${input.grain}`}::interval) as period
    )
    select p.period_start::text as period_start,
           coalesce(n.customers, 0)::int as new_customers,
           coalesce(r.customers, 0)::int as returning_customers,
           coalesce(n.revenue, 0)::float8 as new_customer_revenue,
           coalesce(r.revenue, 0)::float8 as returning_customer_revenue,
           (coalesce(n.revenue, 0) + coalesce(r.revenue, 0))::float8 as revenue,
           coalesce(round((100 * r.revenue / nullif(coalesce(n.revenue, 0) + r.revenue, 0))::numeric, 1), 0)::float8
             as returning_revenue_share_percent,
           -- Incomplete: cut by the window, or reaching past the recorded sales (an empty table makes every period partial).
           (p.period_start < ${window.from}::date
            or (p.period_start + ${`1 ${input.grain}`}::interval)::date - 1 > least(${window.to}::date, coalesce(${bounds.last}::date, '-infinity'::date))
            or p.period_start < coalesce(${bounds.first}::date, 'infinity'::date)) as partial
    from periods p
    left join by_group n on n.period_start = p.period_start and n.is_new
    left join by_group r on r.period_start = p.period_start and not r.is_new
    order by p.period_start`,
  assumptions: ({ input }) => [
    `Periods are ${input.grain === 'week' ? 'ISO weeks starting on Monday' : `calendar ${grainField.parse(input.grain)}s`} of the business day of the sale.`,
    'New means the customer\'s first purchase ever (not only in the window) falls in that period.',
    'Sales without a known buyer are left out.',
  ],
  narrate: ({ rows, input, window }) => {
    if (rows.every((row) => row.new_customers + row.returning_customers === 0)) {
      return `No customer purchases ${betweenDates(window)}.`
    }
    const revenue = rows.reduce((sum, row) => sum + row.revenue, 0)
    const newCustomers = rows.reduce((sum, row) => sum + row.new_customers, 0)
    const newRevenue = rows.reduce((sum, row) => sum + row.new_customer_revenue, 0)
    const returningRevenue = rows.reduce((sum, row) => sum + row.returning_customer_revenue, 0)
    // A partial period (the month in progress, one cut by the window) is no match for a whole one.
    const whole = rows.filter((row) => !row.partial)
    const best = [...whole].sort((a, b) => b.new_customers - a.new_customers || a.period_start.localeCompare(b.period_start))[0]
    const partial = rows.filter((row) => row.partial).map((row) => row.period_start)
    const grain = grainField.parse(input.grain)
    const grainName = grainNames[grain]
    return (
      `From ${describeWindow(window)}, ${formatNumber(newCustomers)} new customer${newCustomers === 1 ? '' : 's'} ` +
      `brought ${formatMoney(newRevenue)} and returning customers brought ${formatMoney(returningRevenue)} ` +
      `(${formatPercent(revenue > 0 ? (100 * returningRevenue) / revenue : 0)} of revenue). ` +
      (best
        ? `The most new customers came in the ${partial.length > 0 ? 'complete ' : ''}${grainName} ${best.period_start} (${formatNumber(best.new_customers)}).`
        : `Every ${grain} of the window is partial, so none is called the best.`) +
      (partial.length > 0
        ? ` The ${grain}${partial.length === 1 ? '' : 's'} of ${partial.join(', ')} ${partial.length === 1 ? 'is' : 'are'} partial (cut by the window or past the recorded sales) and left out of that comparison.`
        : '')
    )
  },
  chart: ({ rows, input }) => {
    const grain = grainField.parse(input.grain)
    return columnChart({
      title: `Revenue from new and returning customers by ${grain}`,
      // One bar segment per customer group: the builder stacks rows that share a period.
      values: rows.flatMap((row) => [
        { period_start: row.period_start, group: 'New', revenue: row.new_customer_revenue, customers: row.new_customers },
        { period_start: row.period_start, group: 'Returning', revenue: row.returning_customer_revenue, customers: row.returning_customers },
      ]),
      category: { field: 'period_start', title: `${grain[0]!.toUpperCase()}${grain.slice(1)}${grain === 'day' ? '' : ' starting'}` },
      value: { field: 'revenue', title: 'Revenue ($)', format: '$,.0f' },
      order: rows.map((row) => row.period_start),
      color: { field: 'group', title: 'Customers' },
      extraTooltip: [{ field: 'customers', title: 'Customers' }],
    })
  },
})
