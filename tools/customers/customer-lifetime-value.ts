import { buyerHistory } from '../buyer-history.ts'
import {
  barChart,
  defineTool,
  formatMoney,
  formatNumber,
  limitField,
  namedPeriods,
  personal,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const sorts = {
  historical: { label: 'historical CLV', field: 'historical_clv', title: 'Historical CLV ($)' },
  projected: { label: 'projected 3-year CLV', field: 'projected_clv', title: 'Projected 3-year CLV ($)' },
} as const

// Results carry the input untyped; parsing the already-validated value again gives it its type back.
const sortBy = z.enum(['historical', 'projected'])

const count = (value: number, word: string) => `${formatNumber(value)} ${word}${value === 1 ? '' : 's'}`

export default defineTool({
  name: 'customer_lifetime_value',
  title: 'Customer lifetime value',
  area: 'customers',
  description:
    'Customer lifetime value (CLV) per customer: historical CLV (total gross profit to date) with revenue, orders, first and last purchase, ' +
    'tenure and orders per year, and projected CLV (average gross profit per order × orders per year × 3 years). Each row also carries ' +
    'the number of customers and their average historical and projected CLV. Lifetime is each customer\'s whole history up to the ' +
    'window\'s end (the as-of date, default today in the business time zone); the window\'s start is not used, so use `to` or a period like ' +
    'last_year only to move the as-of date. Use it for "what is a customer worth", "most valuable customers", "average CLV". ' +
    'For spend within a window use top_customers; for segments use rfm_segments.',
  input: toolInput({
    period: z
      .enum(namedPeriods)
      .default('all_time')
      .describe('Only its end matters: the as-of date of the lifetime figures (e.g. last_year = as of 31 December last year). Default all_time.'),
    to: windowFields.to.describe('As-of date (YYYY-MM-DD): lifetime figures count purchases up to this day. Overrides period.'),
    sort_by: sortBy
      .default('historical')
      .describe('Rank customers by historical CLV (gross profit to date, the default) or projected 3-year CLV.'),
    limit: limitField(10),
  }),
  row: z.object({
    customer_id: z.string(),
    customer_name: personal.name(),
    orders: z.number().int(),
    revenue: z.number(),
    historical_clv: z.number().describe('Gross profit from this customer up to the as-of date.'),
    average_profit_per_order: z.number(),
    first_purchase_date: z.string(),
    last_purchase_date: z.string(),
    tenure_days: z.number().int().describe('Days from the first purchase to the as-of date.'),
    orders_per_year: z.number().describe('Orders × 365 ÷ tenure days, counting a tenure of at least 365 days.'),
    projected_clv: z.number().describe('Average profit per order × orders per year × 3.'),
    customers: z.number().int().describe('Customers with a purchase up to the as-of date (the same on every row).'),
    average_historical_clv: z.number().describe('Average historical CLV over all those customers (the same on every row).'),
    average_projected_clv: z.number().describe('Average projected CLV over all those customers (the same on every row).'),
  }),
  metrics: ['clv', 'gross_profit', 'revenue', 'orders'],
  examples: [
    'What is our average customer lifetime value?',
    'Who are our most valuable customers over their lifetime?',
    'Which customers have the highest projected CLV?',
    'What was CLV as of the end of last year?',
  ],
  cues: {
    strong: [
      /\b(?:a |each |the average |an average |our )?customers? (?:is |are )?worth\b/, 'worth to us', 'value of a customer', 'value per customer',
      'lifetime value', 'clv', 'ltv', 'customer value', 'worth over their lifetime',
    ],
  },
  query: (context) => {
    const { sql, input, window } = context
    const perCustomer = buyerHistory(context, ({ measures: history, firstPurchase, lastPurchase }) => sql`
               ${history.orders(sql)} as orders,
               ${history.revenue(sql)} as revenue,
               ${history.gross_profit(sql)} as historical_clv,
               ${history.average_profit(sql)} as average_profit_per_order,
               ${firstPurchase} as first_purchase,
               ${lastPurchase} as last_purchase,
               ${history.orders_per_year(sql, window.to)} as orders_per_year,
               ${history.projected_clv(sql, window.to)} as projected_clv`)
    const order =
      input.sort_by === 'projected' ? sql`projected_clv desc, historical_clv desc` : sql`historical_clv desc, projected_clv desc`
    // Customers are counted and averaged over all of them; names are looked up for the leaders only.
    return sql`
      with per_customer as (${perCustomer}),
      totals as (
        select count(*)::int as customers,
               round(avg(historical_clv)::numeric, 2)::float8 as average_historical_clv,
               round(avg(projected_clv)::numeric, 2)::float8 as average_projected_clv
        from per_customer
      ),
      leaders as (
        select * from per_customer order by ${order}, buyer_id limit ${input.limit}
      )
      select c.buyer_id::text as customer_id,
             u.full_name as customer_name,
             c.orders,
             c.revenue,
             c.historical_clv,
             c.average_profit_per_order,
             c.first_purchase::text as first_purchase_date,
             c.last_purchase::text as last_purchase_date,
             (${window.to}::date - c.first_purchase)::int as tenure_days,
             c.orders_per_year,
             c.projected_clv,
             t.customers,
             t.average_historical_clv,
             t.average_projected_clv
      from leaders c
      join users u on u.id = c.buyer_id
      cross join totals t
      order by ${order}, c.buyer_id`
  },
  assumptions: ({ window, input }) => [
    `Lifetime figures count every purchase up to ${window.to}; the window's start is not used.`,
    'Customers are buyers (users with user_type buyer), joined through sales.buyer_id.',
    'Historical CLV is gross profit (revenue − fees − cost of goods) to date, so a customer can be worth less than zero.',
    'Tenure runs from the first purchase to the as-of date; orders per year count a tenure of at least one year, so new customers are not extrapolated from a few weeks.',
    'Projected CLV = average gross profit per order × orders per year × 3 years.',
    `Sorted by ${sorts[sortBy.parse(input.sort_by)].label}, ties broken by the other CLV, then by customer id; the averages cover every customer, not only those listed.`,
  ],
  narrate: ({ rows, window, input }) => {
    const top = rows[0]
    if (!top) return `No customer purchases up to ${window.to}.`
    return (
      `Across ${count(top.customers, 'customer')} with purchases up to ${window.to}, the average historical CLV is ${formatMoney(top.average_historical_clv)} ` +
      `of gross profit and the average projected 3-year CLV ${formatMoney(top.average_projected_clv)}. ` +
      `${top.customer_name ?? 'An unnamed customer'} leads by ${sorts[sortBy.parse(input.sort_by)].label}: ${formatMoney(top.historical_clv)} gross profit from ` +
      `${count(top.orders, 'order')} since ${top.first_purchase_date}, projected ${formatMoney(top.projected_clv)} over 3 years.`
    )
  },
  chart: ({ rows, input }) => {
    if (rows.length === 0) return undefined
    const chosen = sortBy.parse(input.sort_by)
    const sort = sorts[chosen]
    const other = sorts[chosen === 'projected' ? 'historical' : 'projected']
    return barChart({
      title: `Customers by ${sort.label}`,
      // Numbered labels keep bars apart when names are masked or shared.
      values: rows.map((row, index) => ({ ...row, customer: `${index + 1}. ${row.customer_name ?? 'Unnamed'}` })),
      category: { field: 'customer', title: 'Customer' },
      value: { field: sort.field, title: sort.title, format: '$,.0f' },
      sort: 'none',
      extraTooltip: [
        { field: other.field, title: other.title, format: '$,.0f' },
        { field: 'orders', title: 'Orders' },
        { field: 'first_purchase_date', title: 'First purchase', type: 'nominal' },
      ],
    })
  },
})
