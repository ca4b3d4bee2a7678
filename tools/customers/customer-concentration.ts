import {
  defineTool,
  betweenDates,
  formatMoney,
  formatNumber,
  formatPercent,
  lineChart,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'
import { windowBuyers } from '../buyer-history.ts'

export default defineTool({
  name: 'customer_concentration',
  title: 'Customer concentration (Pareto 80/20)',
  area: 'customers',
  description:
    'How concentrated revenue is across customers (use it for "what share of revenue comes from our top fifth / 10% / few customers"; top_customers lists names instead): the share of revenue from the top 20% of customers, and how many customers ' +
    '(and what percentage of them) make 80% of revenue. One row per customer decile (1 = the top 10% of customers by spend … ' +
    '10 = the bottom 10%) with its customers, revenue and share, and running totals for the cumulative (Pareto) curve. ' +
    'Deciles: customers are ranked by spend in the window, highest first, ties broken by customer id; the customer at position p of n ' +
    'falls in decile ceil(10 × p ÷ n), so deciles 1–2 hold exactly the top 20% (rounded down) and, with fewer than 10 customers, some ' +
    'deciles are empty. Shares are of revenue from customers (sales with a buyer). Use it for "do a few customers carry the business", ' +
    '"80/20", "dependence on big buyers". To name the top customers use top_customers.',
  input: toolInput({ ...windowFields }),
  row: z.object({
    decile: z.number().int().describe('1 = the top 10% of customers by spend … 10 = the bottom 10%.'),
    customers: z.number().int(),
    revenue: z.number(),
    revenue_share_percent: z.number().describe('This decile\'s revenue ÷ customer revenue × 100.'),
    cumulative_customers: z.number().int().describe('Customers in this decile and the ones above it.'),
    cumulative_customers_percent: z.number(),
    cumulative_revenue: z.number(),
    cumulative_revenue_share_percent: z.number().describe('Share of customer revenue from this decile and the ones above it.'),
    total_customers: z.number().int().describe('Customers who bought in the window (the same on every row).'),
    total_revenue: z.number().describe('Revenue from customers in the window (the same on every row).'),
    customers_for_80_percent: z
      .number()
      .int()
      .describe('Fewest top customers whose spend reaches 80% of customer revenue (the same on every row).'),
    customers_for_80_percent_share: z.number().describe('customers_for_80_percent ÷ total_customers × 100.'),
  }),
  metrics: ['revenue', 'customers'],
  examples: [
    'What share of revenue comes from our top 20% of customers?',
    'Does the 80/20 rule hold for our customers?',
    'How many customers make 80% of our revenue?',
    'How dependent are we on a few big buyers this year?',
  ],
  cues: {
    strong: [
      '80/20', '80 20', 'pareto', 'concentration', 'concentrated', 'depend on a few', 'dependent on a few', 'reliant on a few',
      'share of revenue from top', /\btop \d+ ?(?:%|percent)/,
      // "our top fifth of customers", "the top decile", "top quarter of buyers": a share of customers, not a count.
      /\btop (?:fifth|tenth|quarter|third|half|decile|quintile|percentile)\b/, /\b(?:biggest|largest|top) (?:few|handful)\b/,
      /\bshare of (?:revenue|sales)\b.*\b(?:top|biggest|largest|best)\b/,
    ],
  },
  query: (context) => {
    const { sql } = context
    // Each buyer's revenue in the window: from the buyer summaries when the window starts by the first sale.
    const perBuyer = windowBuyers(context, ({ measures: history }) => sql`${history.revenue(sql)}::numeric as revenue`)
    // The totals first, then one ordered pass numbers the customers and runs their revenue, and one grouping gives
    // each decile and where 80% is reached (position p of n falls in decile ceil(10p / n), in whole numbers).
    return sql`
    with per_customer as (
      select b.buyer_id as customer_id, b.revenue from (${perBuyer}) as b
    ),
    totals as (
      select count(*)::int as total_customers, coalesce(sum(revenue), 0) as total_revenue from per_customer
    ),
    ranked as (
      select revenue, row_number() over by_spend as position, sum(revenue) over by_spend as running_revenue
      from per_customer
      window by_spend as (order by revenue desc, customer_id rows unbounded preceding)
    ),
    by_decile as (
      select ((10 * r.position + t.total_customers - 1) / t.total_customers)::int as decile,
             count(*)::int as customers,
             sum(r.revenue) as revenue,
             min(r.position) filter (where r.running_revenue >= 0.8 * t.total_revenue) as reaching_80_percent
      from ranked r
      cross join totals t
      group by 1
    ),
    summary as (
      select t.total_customers, t.total_revenue,
             coalesce((select min(reaching_80_percent) from by_decile), 0)::int as customers_for_80_percent
      from totals t
    ),
    curve as (
      select d.n as decile,
             coalesce(b.customers, 0) as customers,
             coalesce(b.revenue, 0) as revenue,
             sum(coalesce(b.customers, 0)) over (order by d.n) as cumulative_customers,
             sum(coalesce(b.revenue, 0)) over (order by d.n) as cumulative_revenue
      from generate_series(1, 10) as d(n)
      left join by_decile b on b.decile = d.n
    )
    select c.decile,
           c.customers,
           c.revenue::float8 as revenue,
           coalesce(round(100 * c.revenue / nullif(t.total_revenue, 0), 1), 0)::float8 as revenue_share_percent,
           c.cumulative_customers::int as cumulative_customers,
           coalesce(round(100.0 * c.cumulative_customers / nullif(t.total_customers, 0), 1), 0)::float8 as cumulative_customers_percent,
           c.cumulative_revenue::float8 as cumulative_revenue,
           coalesce(round(100 * c.cumulative_revenue / nullif(t.total_revenue, 0), 1), 0)::float8 as cumulative_revenue_share_percent,
           t.total_customers,
           t.total_revenue::float8 as total_revenue,
           t.customers_for_80_percent,
           coalesce(round(100.0 * t.customers_for_80_percent / nullif(t.total_customers, 0), 1), 0)::float8 as customers_for_80_percent_share
    from curve c
    cross join summary t
    order by c.decile`
  },
  assumptions: () => [
    'Customers are buyers (users with user_type buyer), joined through sales.buyer_id; sales with no buyer are left out of the shares.',
    'Customers are ranked by spend in the window, highest first, ties broken by customer id; position p of n customers falls in decile ceil(10 × p ÷ n).',
    'The top 20% are deciles 1 and 2: the top n ÷ 5 customers, rounded down.',
    'Customers for 80%: the fewest top-ranked customers whose spend together reaches 80% of customer revenue.',
  ],
  narrate: ({ rows, window }) => {
    const first = rows[0]
    if (!first || first.total_customers === 0) return `No customer purchases ${betweenDates(window)}.`
    const topFifth = rows.find((row) => row.decile === 2)!
    const eighty =
      `${formatNumber(first.customers_for_80_percent)} ${first.customers_for_80_percent === 1 ? 'customer' : 'customers'} ` +
      `(${formatPercent(first.customers_for_80_percent_share)}) ${first.customers_for_80_percent === 1 ? 'makes' : 'make'} 80% of revenue.`
    if (topFifth.cumulative_customers === 0) {
      return (
        `Only ${formatNumber(first.total_customers)} ${first.total_customers === 1 ? 'customer' : 'customers'} bought ${betweenDates(window)} ` +
        `(${formatMoney(first.total_revenue)} revenue), too few to take a top 20%; ${eighty}`
      )
    }
    return (
      `The top 20% of customers (${formatNumber(topFifth.cumulative_customers)}) brought ${formatPercent(topFifth.cumulative_revenue_share_percent)} ` +
      `of revenue (${formatMoney(topFifth.cumulative_revenue)} of ${formatMoney(first.total_revenue)}) ${betweenDates(window)}; ${eighty}`
    )
  },
  chart: ({ rows }) => {
    if ((rows[0]?.total_customers ?? 0) === 0) return undefined
    return lineChart({
      title: 'Cumulative share of revenue by share of customers',
      values: rows,
      time: { field: 'cumulative_customers_percent', title: 'Top customers (%)', type: 'quantitative' },
      value: { field: 'cumulative_revenue_share_percent', title: 'Share of revenue (%)' },
      extraTooltip: [
        { field: 'decile', title: 'Decile' },
        { field: 'cumulative_customers', title: 'Customers' },
        { field: 'cumulative_revenue', title: 'Revenue', format: '$,.0f' },
      ],
    })
  },
})
