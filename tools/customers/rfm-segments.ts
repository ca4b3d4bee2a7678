import { buyerHistory } from '../buyer-history.ts'
import {
  columnChart,
  defineTool,
  formatMoney,
  formatNumber,
  formatPercent,
  namedPeriods,
  toolInput,
  windowFields,
  z,
  type QueryContext,
  type Fragment,
} from '../../src/tools/define-tool.ts'

/** Display order of the segments; the SQL assigns them in a different, fixed evaluation order. */
const segments = ['Champions', 'Loyal', 'Potential Loyalists', 'New', 'At Risk', "Can't Lose Them", 'Hibernating']

/**
 * The quintile score (ntile(5)) of each distinct value of one per_customer column, as rows (value, score), among
 * `population p`. The first p.larger quintiles hold p.size + 1 customers, and equal values share the quintile of the
 * first of them, whose 1-based position is 1 + the customers ordered before it.
 */
function quintileScores(sql: QueryContext<unknown>['sql'], column: Fragment, direction: 'asc' | 'desc'): Fragment {
  const position = sql`g.position`
  return sql`
    select g.value, case when ${position} <= p.larger * (p.size + 1) then (${position} - 1) / (p.size + 1) + 1
                         else p.larger + (${position} - 1 - p.larger * (p.size + 1)) / p.size + 1 end as score
    from (
      select ${column} as value,
             (1 + sum(count(*)) over (order by ${column} ${direction === 'desc' ? sql`desc` : sql`asc`}) - count(*))::bigint as position
      from per_customer
      group by ${column}
    ) as g
    cross join population p`
}

const count = (value: number, word: string) => `${formatNumber(value)} ${word}${value === 1 ? '' : 's'}`

export default defineTool({
  name: 'rfm_segments',
  title: 'RFM customer segments',
  area: 'customers',
  description:
    'Segments customers by recency, frequency and monetary value (RFM), with each segment\'s size and spend. ' +
    'The segments are Champions, Loyal, Potential Loyalists, New, At Risk, Can\'t Lose Them and Hibernating, with each segment\'s customers, lifetime revenue, average days since the last purchase, ' +
    'average orders and average spend. All seven segments are always listed. ' +
    'Every customer with a purchase up to the as-of date (the window\'s end) is scored 1–5 on each of R (days since the last purchase, ' +
    'fewer is better), F (orders) and M (revenue) by quintile (ntile(5)) among those customers; customers with equal values share the ' +
    'lowest score of their group. Rules, checked in this order, first match wins: Champions R≥4 and F≥4; Loyal R≥3 and F≥4; ' +
    'Can\'t Lose Them R≤2, F≥4 and M≥4; At Risk R≤2 and F≥3; New R≥4 and F=1; Potential Loyalists R≥3 and F≤3; Hibernating the rest ' +
    '(R≤2 and F≤2). Use it for "who are our best customers as a group", "who is slipping away", win-back and loyalty targeting. ' +
    'For named top customers use top_customers; for lifetime value use customer_lifetime_value.',
  input: toolInput({
    period: z
      .enum(namedPeriods)
      .default('all_time')
      .describe('Only its end matters: the as-of date for recency (e.g. last_year = as of 31 December last year). Default all_time.'),
    to: windowFields.to.describe('As-of date (YYYY-MM-DD): recency is measured to this day and later purchases are ignored. Overrides period.'),
  }),
  row: z.object({
    segment_number: z.number().int().describe('Display order: 1 = Champions … 7 = Hibernating.'),
    segment: z.string(),
    rule: z.string().describe('The scores that put a customer in this segment.'),
    customers: z.number().int(),
    customers_percent: z.number().describe('This segment\'s customers ÷ all scored customers × 100.'),
    revenue: z.number().describe('Lifetime revenue (up to the as-of date) of the segment\'s customers.'),
    revenue_share_percent: z.number(),
    average_recency_days: z.number().nullable().describe('Average days from the last purchase to the as-of date; empty for an empty segment.'),
    average_frequency: z.number().nullable().describe('Average orders per customer; empty for an empty segment.'),
    average_monetary: z.number().nullable().describe('Average lifetime revenue per customer; empty for an empty segment.'),
  }),
  metrics: ['customers', 'revenue', 'orders'],
  examples: [
    'Segment our customers with RFM',
    'How many Champions and At Risk customers do we have?',
    'Which customer segments bring the most revenue?',
    'How many customers are hibernating?',
  ],
  cues: {
    strong: [
      'rfm', 'recency frequency', 'segments', 'segmentation', 'segment our customers', 'customer segments', 'champions',
      'hibernating', 'cant lose them', 'loyal customers segment',
    ],
  },
  query: (context) => {
    const { sql, window } = context
    const perCustomer = buyerHistory(context, ({ measures: history, lastPurchase }) => sql`
               (${window.to}::date - ${lastPurchase})::int as recency_days,
               ${history.orders(sql)} as frequency,
               ${history.revenue(sql)}::numeric as monetary`)
    return sql`
    with per_customer as (${perCustomer}),
    -- ntile(5) over the customers in order gives the first (customers mod 5) quintiles one customer more, and equal
    -- values share the quintile of the first of them, whose position is 1 + the customers ordered before it. So each
    -- distinct value's quintile follows from counts, without numbering every customer three times.
    population as (
      select count(*) / 5 as size, count(*) % 5 as larger from per_customer
    ),
    recency_scores as (${quintileScores(sql, sql`recency_days`, 'desc')}),
    frequency_scores as (${quintileScores(sql, sql`frequency`, 'asc')}),
    monetary_scores as (${quintileScores(sql, sql`monetary`, 'asc')}),
    scored as (
      select c.*, r.score as r, f.score as f, m.score as m
      from per_customer c
      join recency_scores r on r.value = c.recency_days
      join frequency_scores f on f.value = c.frequency
      join monetary_scores m on m.value = c.monetary
    ),
    segmented as (
      select *,
             case
               when r >= 4 and f >= 4 then 1
               when r >= 3 and f >= 4 then 2
               when r <= 2 and f >= 4 and m >= 4 then 6
               when r <= 2 and f >= 3 then 5
               when r >= 4 and f = 1 then 4
               when r >= 3 and f <= 3 then 3
               else 7
             end as segment_number
      from scored
    ),
    by_segment as (
      select segment_number,
             count(*)::int as customers,
             sum(monetary) as revenue,
             avg(recency_days) as recency_days,
             avg(frequency) as frequency,
             avg(monetary) as monetary
      from segmented
      group by segment_number
    )
    select segment.number as segment_number,
           segment.name as segment,
           segment.rule,
           coalesce(b.customers, 0) as customers,
           coalesce(round(100.0 * b.customers / nullif(sum(b.customers) over (), 0), 1), 0)::float8 as customers_percent,
           coalesce(b.revenue, 0)::float8 as revenue,
           coalesce(round(100 * b.revenue / nullif(sum(b.revenue) over (), 0), 1), 0)::float8 as revenue_share_percent,
           round(b.recency_days, 1)::float8 as average_recency_days,
           round(b.frequency, 2)::float8 as average_frequency,
           round(b.monetary, 2)::float8 as average_monetary
    from (values
      (1, 'Champions', 'R 4–5 and F 4–5'),
      (2, 'Loyal', 'R 3 and F 4–5'),
      (3, 'Potential Loyalists', 'R 3 and F 1–3, or R 4–5 and F 2–3'),
      (4, 'New', 'R 4–5 and F 1'),
      (5, 'At Risk', 'R 1–2 and F 3, or R 1–2, F 4–5 and M 1–3'),
      (6, 'Can''t Lose Them', 'R 1–2, F 4–5 and M 4–5'),
      (7, 'Hibernating', 'R 1–2 and F 1–2')
    ) as segment(number, name, rule)
    left join by_segment b on b.segment_number = segment.number
    order by segment.number`
  },
  assumptions: ({ window }) => [
    `Customers with a purchase up to ${window.to} are scored on their whole history up to that day; the window's start is not used.`,
    'Customers are buyers (users with user_type buyer), joined through sales.buyer_id.',
    'R, F and M are quintile scores 1–5 (ntile(5), ties shared at the lowest score of their group): R on days since the last purchase (fewer is better), F on orders, M on revenue.',
    'Scores are relative to the other customers: with few customers even a recent buyer can score low.',
    'Segments, checked in this order (first match wins): Champions R≥4 and F≥4; Loyal R≥3 and F≥4; Can\'t Lose Them R≤2, F≥4 and M≥4; At Risk R≤2 and F≥3; New R≥4 and F=1; Potential Loyalists R≥3 and F≤3; Hibernating the rest (R≤2 and F≤2).',
  ],
  narrate: ({ rows, window }) => {
    const total = rows.reduce((sum, row) => sum + row.customers, 0)
    if (total === 0) return `No customer purchases up to ${window.to}.`
    const champions = rows.find((row) => row.segment === 'Champions')!
    const championsText =
      champions.customers === 0
        ? 'none are Champions'
        : `${formatNumber(champions.customers)} ${champions.customers === 1 ? 'is a Champion' : 'are Champions'} ` +
          `(${formatPercent(champions.customers_percent)}), bringing ${formatPercent(champions.revenue_share_percent)} of lifetime revenue ` +
          `(${formatMoney(champions.revenue)})`
    const most = Math.max(...rows.map((row) => row.customers))
    const largest = rows.filter((row) => row.customers === most).map((row) => row.segment)
    const largestText =
      largest.length === 1
        ? `The largest segment is ${largest[0]} with ${count(most, 'customer')}.`
        : `The largest segments are ${largest.slice(0, -1).join(', ')} and ${largest.at(-1)} with ${count(most, 'customer')} each.`
    const slipping = rows.filter((row) => row.segment === 'At Risk' || row.segment === "Can't Lose Them")
    const slippingCustomers = slipping.reduce((sum, row) => sum + row.customers, 0)
    const slippingText =
      slippingCustomers === 0
        ? "None are At Risk or Can't Lose Them."
        : `${count(slippingCustomers, 'customer')} ${slippingCustomers === 1 ? 'is' : 'are'} At Risk or Can't Lose Them, with ` +
          `${formatMoney(slipping.reduce((sum, row) => sum + row.revenue, 0))} of lifetime revenue.`
    return `Of ${count(total, 'customer')} with purchases up to ${window.to}, ${championsText}. ${largestText} ${slippingText}`
  },
  chart: ({ rows }) => {
    if (rows.every((row) => row.customers === 0)) return undefined
    return columnChart({
      title: 'Customers by RFM segment',
      values: rows,
      category: { field: 'segment', title: 'Segment' },
      value: { field: 'customers', title: 'Customers' },
      order: segments,
      extraTooltip: [
        { field: 'revenue', title: 'Lifetime revenue', format: '$,.0f' },
        { field: 'average_recency_days', title: 'Average days since last purchase' },
        { field: 'rule', title: 'Rule', type: 'nominal' },
      ],
    })
  },
})
