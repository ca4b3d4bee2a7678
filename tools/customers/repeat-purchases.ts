import {
  columnChart,
  defineTool,
  betweenDates,
  formatNumber,
  formatPercent,
  inWindow,
  measures,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const buckets = ['1 order', '2 orders', '3 orders', '4 orders', '5+ orders']

const count = (value: number, word: string) => `${formatNumber(value)} ${word}${value === 1 ? '' : 's'}`

export default defineTool({
  name: 'repeat_purchases',
  title: 'Repeat purchases',
  area: 'customers',
  description:
    'Repeat-purchase behaviour in a window: the repeat rate, customers by number of orders and the days between orders. ' +
    'Rows say how many customers ordered 1, 2, 3, 4 or 5+ times (one row per bucket, with their orders, ' +
    'revenue and shares), the repeat rate (share of customers with two or more orders), and the median and average days between ' +
    'consecutive orders of the same customer. The repeat rate and the days between orders are headline figures repeated on every row. ' +
    'Only orders inside the window count, both for the buckets and for the gaps. An order is a sale line, so two items bought the same ' +
    'day are two orders, 0 days apart. Use it for "how many customers come back", "repeat rate", "how often do customers reorder". ' +
    'For who the best customers are use top_customers; for segments use rfm_segments.',
  input: toolInput({ ...windowFields }),
  row: z.object({
    orders_per_customer: z.number().int().describe('The bucket: 1, 2, 3, 4, or 5 for five or more orders in the window.'),
    bucket: z.string(),
    customers: z.number().int().describe('Customers with this many orders in the window.'),
    orders: z.number().int(),
    revenue: z.number(),
    customers_share_percent: z.number().describe('This bucket\'s customers ÷ all customers in the window × 100.'),
    revenue_share_percent: z.number().describe('This bucket\'s revenue ÷ customer revenue in the window × 100.'),
    repeat_rate_percent: z
      .number()
      .nullable()
      .describe('Customers with 2+ orders ÷ customers × 100 (the same on every row); empty when no one bought.'),
    median_days_between_orders: z
      .number()
      .nullable()
      .describe('Median days between consecutive orders of the same customer (the same on every row); empty without repeat orders.'),
    average_days_between_orders: z
      .number()
      .nullable()
      .describe('Average days between consecutive orders of the same customer (the same on every row); empty without repeat orders.'),
  }),
  metrics: ['repeat_rate', 'customers', 'orders', 'revenue'],
  examples: [
    'What is our repeat purchase rate?',
    'How many customers bought more than once this year?',
    'How many days do customers wait between orders?',
    'How many orders does a typical customer place?',
  ],
  cues: {
    strong: [
      'repeat', 'repeat purchase', 'repeat rate', 'come back', 'came back', 'buy again', 'bought again', 'second purchase',
      'more than once', 'reorder',
    ],
  },
  query: ({ sql, window }) => sql`
    -- The window's lines of known buyers, each with the days since the buyer's previous line in the window. The index
    -- on buyer, moment and id (migration 0025) holds them in that order with their day and revenue: no sort, no table.
    with lines as (
      select s.buyer_id,
             s.id,
             s.gross_amount_earned,
             s.date_sold - lag(s.date_sold) over (partition by s.buyer_id order by s.sold_at, s.id) as days
      from sales s
      join users u on u.id = s.buyer_id and u.user_type = 'buyer'
      where ${inWindow(sql, sql`s.date_sold`, window)}
    ),
    grouped as materialized (
      -- One pass over the lines: each buyer's orders and revenue (the lines arrive by buyer), and how many gaps have
      -- each length (a few hundred lengths), instead of keeping every line for a second pass.
      select grouping(s.buyer_id) = 0 as per_customer,
             s.buyer_id,
             s.days,
             ${measures.orders(sql)} as orders,
             ${measures.revenue(sql)}::numeric as revenue
      from lines s
      group by grouping sets ((s.buyer_id), (s.days))
    ),
    per_customer as (
      select buyer_id as customer_id, orders, revenue from grouped where per_customer
    ),
    gaps as (
      -- Gaps of each length, with how many gaps are that long or shorter.
      select days, orders as gaps, sum(orders) over (order by days) as through, sum(orders) over () as total
      from grouped
      where not per_customer and days is not null
    ),
    headline as (
      select count(*) as customers,
             round(100.0 * count(*) filter (where orders >= 2) / nullif(count(*), 0), 1)::float8 as repeat_rate_percent,
             sum(revenue) as revenue
      from per_customer
    ),
    spacing as (
      -- The median as percentile_cont(0.5) takes it over the sorted gaps: the mean of the gaps at positions
      -- floor((n - 1) / 2) and ceil((n - 1) / 2), counted from 0; the average as avg does, their sum ÷ their count.
      select round(((min(days) filter (where through > (total - 1) / 2) + min(days) filter (where through > total / 2)) / 2.0)::numeric, 1)::float8
               as median_days,
             round(sum(days::bigint * gaps)::numeric / sum(gaps), 1)::float8 as average_days
      from gaps
    ),
    by_bucket as (
      select least(orders, 5) as orders_per_customer,
             count(*)::int as customers,
             sum(orders)::int as orders,
             sum(revenue) as revenue
      from per_customer
      group by 1
    )
    select bucket.number as orders_per_customer,
           bucket.label as bucket,
           coalesce(b.customers, 0) as customers,
           coalesce(b.orders, 0) as orders,
           coalesce(b.revenue, 0)::float8 as revenue,
           coalesce(round(100.0 * b.customers / nullif(h.customers, 0), 1), 0)::float8 as customers_share_percent,
           coalesce(round(100 * b.revenue / nullif(h.revenue, 0), 1), 0)::float8 as revenue_share_percent,
           h.repeat_rate_percent,
           g.median_days as median_days_between_orders,
           g.average_days as average_days_between_orders
    from (values (1, '1 order'), (2, '2 orders'), (3, '3 orders'), (4, '4 orders'), (5, '5+ orders')) as bucket(number, label)
    left join by_bucket b on b.orders_per_customer = bucket.number
    cross join headline h
    cross join spacing g
    order by bucket.number`,
  assumptions: () => [
    'Customers are buyers (users with user_type buyer), joined through sales.buyer_id; sales with no buyer are left out.',
    'Only orders inside the window count: a customer\'s earlier orders neither make them a repeat customer nor start a gap.',
    'An order is a sale line (one item), so two items bought the same day are two orders 0 days apart.',
    'Days between orders are between business days (sales.date_sold) of a customer\'s consecutive orders, in the order they were sold.',
  ],
  narrate: ({ rows, window }) => {
    const customers = rows.reduce((sum, row) => sum + row.customers, 0)
    const first = rows[0]
    if (!first || customers === 0) return `No customer purchases ${betweenDates(window)}.`
    const repeat = rows.filter((row) => row.orders_per_customer >= 2).reduce((sum, row) => sum + row.customers, 0)
    const rate = formatPercent(first.repeat_rate_percent ?? 0)
    const bought = `${count(customers, 'customer')} bought ${betweenDates(window)}`
    if (repeat === 0) return `${bought}; none ordered twice (repeat rate ${rate}).`
    const spacing =
      first.median_days_between_orders === null || first.average_days_between_orders === null
        ? ''
        : ` Consecutive orders of the same customer were a median ${count(first.median_days_between_orders, 'day')} apart ` +
          `(average ${count(first.average_days_between_orders, 'day')}).`
    return `${bought}; ${formatNumber(repeat)} of them ordered twice or more, a repeat rate of ${rate}.${spacing}`
  },
  chart: ({ rows }) => {
    if (rows.every((row) => row.customers === 0)) return undefined
    return columnChart({
      title: 'Customers by number of orders',
      values: rows,
      category: { field: 'bucket', title: 'Orders in the window' },
      value: { field: 'customers', title: 'Customers' },
      order: buckets,
      extraTooltip: [
        { field: 'revenue', title: 'Revenue', format: '$,.0f' },
        { field: 'customers_share_percent', title: 'Share of customers %', format: '.1f' },
      ],
    })
  },
})
