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
  type Fragment,
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
  query: ({ sql, input, window, bounds }) => {
    const step = `1 ${input.grain}`
    const periodOf = (day: Fragment) => sql`date_trunc(${input.grain}, ${day}::timestamp)::date`
    return sql`
    with periods as (
      -- Every period of the window, so quiet ones show as zeros rather than gaps.
      select period::date as period_start
      from generate_series(date_trunc(${input.grain}, ${window.from}::date::timestamp), ${window.to}::date::timestamp,
                           ${step}::interval) as period
    ),
    active as (
      -- Customers per period without grouping lines by buyer and period: in each buyer's lines in day order (the
      -- order of the index on buyer and day), a line starts the buyer's period when the line before it is older.
      select l.period_start, count(*)::int as customers
      from (
        select ${periodOf(sql`s.date_sold`)} as period_start,
               lag(s.date_sold) over (partition by s.buyer_id order by s.date_sold) as previous_day
        from sales s
        join users u on u.id = s.buyer_id and u.user_type = 'buyer'
        where ${inWindow(sql, sql`s.date_sold`, window)}
      ) l
      where l.previous_day is null or l.previous_day < l.period_start
      group by 1
    ),
    others as (
      -- The users who are not buyers: their purchases are no customer's.
      select u.id from users u where u.user_type <> 'buyer'
    ),
    new_customers as (
      -- A customer is new in the period of their first purchase ever (buyer_summaries.first_date, kept by triggers)
      -- when it is in the window: a few buyers, whose lines from then to the period's (or window's) end are their revenue.
      select ${periodOf(sql`b.first_date`)} as period_start, count(*)::int as customers, sum(n.revenue) as revenue
      from buyer_summaries b
      cross join lateral (
        select sum(s.gross_amount_earned) as revenue
        from sales s
        where s.buyer_id = b.buyer_id
          and s.date_sold between b.first_date
                              and least((date_trunc(${input.grain}, b.first_date::timestamp) + ${step}::interval)::date - 1, ${window.to}::date)
      ) n
      -- Every buyer_id is a user's (sales.buyer_id references users).
      where ${inWindow(sql, sql`b.first_date`, window)} and b.buyer_id not in (select id from others)
      group by 1
    ),
    sold as (
      -- Revenue per period from the daily rollup (kept equal to the sums over sales by triggers) ...
      select ${periodOf(sql`r.date_sold`)} as period_start, sum(r.revenue) as revenue
      from sales_daily_channel_rollup r
      where ${inWindow(sql, sql`r.date_sold`, window)}
      group by 1
    ),
    left_out as (
      -- ... less the few lines that are no customer's: without a buyer, or bought by a user who is not a buyer
      -- (sales.buyer_id references users, so every other line is a customer's), each user's read by the index on buyer.
      select o.period_start, sum(o.revenue) as revenue
      from (
        select ${periodOf(sql`s.date_sold`)} as period_start, s.gross_amount_earned as revenue
        from sales s
        where s.buyer_id is null and ${inWindow(sql, sql`s.date_sold`, window)}
        union all
        select l.period_start, l.revenue
        from others u
        cross join lateral (
          select ${periodOf(sql`s.date_sold`)} as period_start, sum(s.gross_amount_earned) as revenue
          from sales s
          where s.buyer_id = u.id and ${inWindow(sql, sql`s.date_sold`, window)}
          group by 1
        ) l
      ) o
      group by 1
    ),
    by_period as (
      -- Returning = every customer of the period less the new ones, in customers and in revenue; the revenues as
      -- floats like measures.revenue.
      select p.period_start,
             coalesce(n.customers, 0) as new_customers,
             coalesce(a.customers, 0) - coalesce(n.customers, 0) as returning_customers,
             coalesce(n.revenue, 0)::float8 as new_revenue,
             (coalesce(t.revenue, 0) - coalesce(o.revenue, 0) - coalesce(n.revenue, 0))::float8 as returning_revenue
      from periods p
      left join active a on a.period_start = p.period_start
      left join new_customers n on n.period_start = p.period_start
      left join sold t on t.period_start = p.period_start
      left join left_out o on o.period_start = p.period_start
    )
    select g.period_start::text as period_start,
           g.new_customers::int as new_customers,
           g.returning_customers::int as returning_customers,
           g.new_revenue as new_customer_revenue,
           g.returning_revenue as returning_customer_revenue,
           (g.new_revenue + g.returning_revenue)::float8 as revenue,
           coalesce(round((100 * g.returning_revenue / nullif(g.new_revenue + g.returning_revenue, 0))::numeric, 1), 0)::float8
             as returning_revenue_share_percent,
           -- Incomplete: cut by the window, or reaching past the recorded sales (an empty table makes every period partial).
           (g.period_start < ${window.from}::date
            or (g.period_start + ${step}::interval)::date - 1 > least(${window.to}::date, coalesce(${bounds.last}::date, '-infinity'::date))
            or g.period_start < coalesce(${bounds.first}::date, 'infinity'::date)) as partial
    from by_period g
    order by g.period_start`
  },
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
