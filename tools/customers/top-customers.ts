import {
  barChart,
  defineTool,
  betweenDates,
  formatMoney,
  formatNumber,
  formatPercent,
  inWindow,
  limitField,
  personal,
  toolInput,
  windowFields,
  z,
  rollupMeasures,
} from '../../src/tools/define-tool.ts'
import { leadingWindowBuyers } from '../buyer-history.ts'

const rankings = {
  spend: { label: 'spend', ties: 'orders, then units', field: 'total_spend', title: 'Spend ($)', format: '$,.0f' },
  units: { label: 'units bought', ties: 'spend, then orders', field: 'units', title: 'Units', format: ',d' },
  orders: { label: 'orders', ties: 'spend, then units', field: 'orders', title: 'Orders', format: ',d' },
} as const

// Results carry the input untyped; parsing the already-validated value again gives it its type back.
const rankBy = z.enum(['spend', 'units', 'orders'])

const count = (value: number, word: string) => `${formatNumber(value)} ${word}${value === 1 ? '' : 's'}`

export default defineTool({
  name: 'top_customers',
  title: 'Top customers',
  area: 'customers',
  description:
    'The best customers in a window, ranked by spend (revenue), units bought or orders, with each customer\'s orders, units, ' +
    'total spend, average order value, last purchase date and share of the window\'s revenue. ' +
    'Use it for "who are our best / biggest / most frequent buyers" and VIP lists. ' +
    'For how concentrated revenue is across all customers use customer_concentration; for lifetime profit and projected value ' +
    'use customer_lifetime_value; for segments (Champions, At Risk…) use rfm_segments. ' +
    'Customers are buyers (sales.buyer_id); ties are broken by the other measures, then by customer id.',
  input: toolInput({
    ...windowFields,
    rank_by: rankBy
      .default('spend')
      .describe('What to rank customers by: spend (revenue, the default), units bought or orders.'),
    limit: limitField(10),
  }),
  row: z.object({
    rank: z.number().int().describe('1 = the top customer by rank_by.'),
    customer_id: z.string(),
    customer_name: personal.name(),
    email: personal.email(),
    orders: z.number().int(),
    units: z.number().int(),
    total_spend: z.number().describe('Revenue from this customer in the window.'),
    average_order_value: z.number(),
    last_purchase_date: z.string().describe('Latest purchase in the window (YYYY-MM-DD).'),
    share_of_revenue_percent: z.number().describe('This customer\'s spend ÷ all revenue in the window × 100.'),
  }),
  metrics: ['revenue', 'orders', 'units', 'aov'],
  examples: [
    'Who are our top 10 customers?',
    'Which customers spent the most this year?',
    'Who bought the most items in the last 90 days?',
    'Our most frequent buyers by number of orders',
    'List our VIP customers',
  ],
  cues: {
    strong: [
      /\b(?:biggest|largest|top|best|most valuable|highest[- ]spending) (?:buyers|shoppers|clients|spenders)\b/,
      'vip', 'vips', 'best customers', 'top customers', 'top buyers', 'best buyers', 'biggest spenders', 'big spenders',
      'whales', 'most loyal customers', 'biggest customers', 'top clients', 'best clients', /\bwho (buys|spends|bought|spent) the most\b/,
    ],
    weak: [
      'customers', 'spend', 'spent',
    ],
  },
  query: (context) => {
    const { sql, input, window } = context
    // The other measures break ties, then the customer id, so the order never depends on the plan.
    const order =
      input.rank_by === 'units'
        ? sql`c.units desc, c.total_spend desc, c.orders desc`
        : input.rank_by === 'orders'
          ? sql`c.orders desc, c.total_spend desc, c.units desc`
          : sql`c.total_spend desc, c.orders desc, c.units desc`
    // Each buyer's figures in the window, for the buyers who can lead (whole histories from the buyer summaries).
    const part = ({ spend: 'revenue', units: 'units', orders: 'orders' } as const)[input.rank_by]
    const perBuyer = leadingWindowBuyers(context, { part, limit: input.limit }, ({ measures: history, lastPurchase }) => sql`
      ${history.orders(sql)} as orders,
      ${history.units(sql)} as units,
      ${history.revenue(sql)} as total_spend,
      ${history.aov(sql)} as average_order_value,
      ${lastPurchase}::text as last_purchase_date`)
    // The leaders come first in the same order, so numbering them gives their ranks among all customers; only they are
    // named. The window's revenue comes from the daily rollup.
    return sql`
      with per_customer as (
        select b.buyer_id as customer_id, b.orders, b.units, b.total_spend, b.average_order_value, b.last_purchase_date
        from (${perBuyer}) as b
      ),
      leaders as (
        select c.*
        from per_customer c
        order by ${order}, c.customer_id
        limit ${input.limit}
      ),
      window_revenue as (
        select ${rollupMeasures.revenue(sql)} as revenue
        from sales_daily_channel_rollup r
        where ${inWindow(sql, sql`r.date_sold`, window)}
      )
      select (row_number() over (order by ${order}, c.customer_id))::int as rank,
             c.customer_id::text as customer_id,
             u.full_name as customer_name,
             u.email,
             c.orders,
             c.units,
             c.total_spend,
             c.average_order_value,
             c.last_purchase_date,
             coalesce(round((100 * c.total_spend / nullif(w.revenue, 0))::numeric, 1), 0)::float8 as share_of_revenue_percent
      from leaders c
      join users u on u.id = c.customer_id
      cross join window_revenue w
      order by rank`
  },
  assumptions: ({ input }) => {
    const ranking = rankings[rankBy.parse(input.rank_by)]
    return [
      'Customers are buyers (users with user_type buyer), joined through sales.buyer_id; sales.seller_id is the consignor, not the customer.',
      `Ranked by ${ranking.label}; ties are broken by ${ranking.ties}, then by customer id.`,
      'Share of revenue is of all revenue in the window, including sales with no recorded buyer.',
    ]
  },
  narrate: ({ rows, window, input }) => {
    const top = rows[0]
    if (!top) return `No customer purchases ${betweenDates(window)}.`
    const spent = rows.reduce((sum, row) => sum + row.total_spend, 0)
    return (
      `${top.customer_name ?? 'An unnamed customer'} ranks first by ${rankings[rankBy.parse(input.rank_by)].label}: ${formatMoney(top.total_spend)} spent over ` +
      `${count(top.orders, 'order')} (${count(top.units, 'unit')}), ${formatPercent(top.share_of_revenue_percent)} of revenue ${betweenDates(window)}. ` +
      `The top ${count(rows.length, 'customer')} together spent ${formatMoney(spent)}.`
    )
  },
  chart: ({ rows, input }) => {
    if (rows.length === 0) return undefined
    const ranking = rankings[rankBy.parse(input.rank_by)]
    return barChart({
      title: `Top customers by ${ranking.label}`,
      // Ranked labels keep bars apart when names are masked or shared.
      values: rows.map((row) => ({ ...row, customer: `${row.rank}. ${row.customer_name ?? 'Unnamed'}` })),
      category: { field: 'customer', title: 'Customer' },
      value: { field: ranking.field, title: ranking.title, format: ranking.format },
      sort: 'none',
      extraTooltip: [
        ...Object.values(rankings)
          .filter((other) => other.field !== ranking.field)
          .map(({ field, title, format }) => ({ field, title, format })),
        { field: 'share_of_revenue_percent', title: 'Share of revenue %', format: '.1f' },
      ],
    })
  },
})
