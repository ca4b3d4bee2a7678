import { buyerHistory } from '../buyer-history.ts'
import {
  barChart,
  defineTool,
  dimensionEnum,
  formatMoney,
  formatNumber,
  limitField,
  personal,
  toolInput,
  windowFields,
  z,
  type Fragment,
} from '../../src/tools/define-tool.ts'

export default defineTool({
  name: 'churn_risk',
  title: 'Customers at churn risk',
  area: 'customers',
  description:
    'Customers who bought before but have not bought for inactive_days or more (default 90) as of the window\'s end, ' +
    'scored by how overdue they are and how much they are worth, with contact details for win-back outreach. ' +
    'Only the window\'s end matters: it is the as-of date, and every purchase up to it counts (its start is not used). ' +
    'usual_gap_days is the median number of days between a customer\'s purchase days (null when they bought on one day only). ' +
    'churn_score (0 to 100) = 20 points per usual gap elapsed since the last purchase, capped at 3 gaps (60 points; customers ' +
    'with one purchase day are measured against inactive_days instead), plus up to 40 points for lifetime spend, ' +
    'scaled by the share of all customers who spent no more than them. value_at_risk is their average yearly spend: lifetime spend ÷ ' +
    'years from first to last purchase, counting at least one year. customers_at_risk and total_value_at_risk cover every ' +
    'customer at risk, not only the rows returned. For the best customers regardless of risk use top_customers; ' +
    'for overall repeat behaviour use cohort_retention or new_vs_returning_customers.',
  input: toolInput({
    ...windowFields,
    inactive_days: z
      .number()
      .int()
      .min(30)
      .max(730)
      .default(90)
      .describe('Days without a purchase, counted back from the window\'s end, that make a customer at risk: 30 to 730 (default 90).'),
    min_orders: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(1)
      .describe('Only customers with at least this many orders up to the window\'s end: 1 to 100 (default 1).'),
    limit: limitField(10),
    sort_by: z
      .enum(['score', 'value'])
      .default('score')
      .describe('Rank by churn_score (score, default) or by value_at_risk (value).'),
  }),
  row: z.object({
    customer_id: z.string(),
    customer_name: personal.name(),
    email: personal.email(),
    phone: personal.phone(),
    contact_preference: dimensionEnum('contact_preference'),
    orders: z.number().int().describe('Orders up to the window\'s end.'),
    lifetime_spend: z.number().describe('Revenue from this customer up to the window\'s end.'),
    last_purchase_date: z.string(),
    days_since_last_purchase: z.number().int(),
    usual_gap_days: z.number().nullable().describe('Median days between purchase days; null when they bought on one day only.'),
    churn_score: z.number().int().describe('0 to 100: lateness against the usual gap (up to 60) plus value (up to 40).'),
    value_at_risk: z.number().describe('Average yearly spend: lifetime spend ÷ max(1, years from first to last purchase).'),
    customers_at_risk: z.number().int().describe('Every customer at risk under these options, before the limit.'),
    total_value_at_risk: z.number().describe('Sum of value_at_risk over every customer at risk, before the limit.'),
  }),
  metrics: ['churn', 'value_at_risk', 'orders', 'revenue'],
  examples: [
    'Which customers are at risk of churning?',
    'Who are our most valuable customers that have gone quiet?',
    'List customers who have not bought in 6 months, with their contact details',
    'How much yearly revenue is at risk from lapsed customers?',
  ],
  cues: {
    strong: [
      'churn', 'churning', 'churned', 'lapsed', 'lapsing', 'gone quiet', 'went quiet', 'at risk', 'stopped buying',
      /\bhaven'?t (bought|purchased|ordered)\b/, /\bhasn'?t (bought|purchased|ordered)\b/, 'win back', 'inactive', 'dormant',
      /\b(?:without|no) (?:a |any )?(?:purchases?|orders?|buying|ordering) (?:in|for|within|over)\b/,
    ],
  },
  query: (context) => {
    const { sql, input, window } = context
    const customerSales = buyerHistory(context, ({ measures: history, firstPurchase, lastPurchase }) => sql`
               ${history.orders(sql)} as orders, ${history.revenue(sql)} as lifetime_spend,
               ${firstPurchase} as first_purchase, ${lastPurchase} as last_purchase`)
    // Lateness earns 20 points per usual gap elapsed (capped at 3 gaps); value up to 40 by spend rank.
    const score = (gapDays: Fragment) =>
      sql`round((20 * least(r.days_since_last_purchase / ${gapDays}, 3) + 40 * r.spend_rank)::numeric)::int`
    return sql`
    with customer_sales as (${customerSales}),
    ranked as (
      -- The value share is taken among every customer, before the risk filter, so options do not move it.
      select c.*,
             (${window.to}::date - c.last_purchase)::int as days_since_last_purchase,
             cume_dist() over (order by c.lifetime_spend) as spend_rank
      from customer_sales c
    ),
    at_risk as (
      -- A usual gap (the median of the gaps between purchase days) is at most the span from the first to the last
      -- purchase day, so the score lies between these bounds; one purchase day has no gap and its score is known.
      select r.*,
             round((r.lifetime_spend * 365 / greatest(365, r.last_purchase - r.first_purchase))::numeric, 2)::float8 as value_at_risk,
             case when r.first_purchase = r.last_purchase then ${score(sql`${input.inactive_days}::int::float8`)}
                  else ${score(sql`(r.last_purchase - r.first_purchase)::float8`)} end as lowest_score,
             case when r.first_purchase = r.last_purchase then ${score(sql`${input.inactive_days}::int::float8`)}
                  else round((60 + 40 * r.spend_rank)::numeric)::int end as highest_score
      from ranked r
      where r.days_since_last_purchase >= ${input.inactive_days}::int
        and r.orders >= ${input.min_orders}::int
    ),
    totals as (
      select count(*)::int as customers_at_risk, round(sum(value_at_risk::numeric), 2)::float8 as total_value_at_risk
      from at_risk
    ),
    -- Only customers who can still reach the first rows are scored exactly: those whose best score reaches the
    -- limit-th lowest score, or (ranking by value) whose value reaches the limit-th value.
    candidates as (
      select a.*
      from at_risk a
      where ${
        input.sort_by === 'value'
          ? sql`a.value_at_risk >= coalesce((select value_at_risk from at_risk order by value_at_risk desc offset ${input.limit - 1} limit 1), '-infinity'::float8)`
          : sql`a.highest_score >= coalesce((select lowest_score from at_risk order by lowest_score desc offset ${input.limit - 1} limit 1), -1)`
      }
    ),
    scored as (
      -- Each candidate's usual gap from their own purchase days, read in day order from the index on buyer and day
      -- (several lines on one day are one visit: gaps are between distinct purchase days); one purchase day has none.
      select r.*, g.usual_gap_days,
             ${score(sql`coalesce(g.usual_gap_days, ${input.inactive_days}::int)`)} as churn_score
      from candidates r
      cross join lateral (
        select percentile_cont(0.5) within group (order by d.gap_days) as usual_gap_days
        from (
          select p.date_sold - lag(p.date_sold) over (order by p.date_sold) as gap_days
          from (
            select distinct s.date_sold
            from sales s
            where s.buyer_id = r.buyer_id and s.date_sold <= ${window.to}::date and r.first_purchase < r.last_purchase
          ) p
        ) d
        where d.gap_days is not null
      ) g
    ),
    leaders as (
      -- The first rows by score and value, with every row tied with the last of them: only these are named, so
      -- users is read for a few rows rather than joined to every candidate.
      select a.*
      from scored a
      order by ${input.sort_by === 'value' ? sql`a.value_at_risk desc, a.churn_score desc` : sql`a.churn_score desc, a.value_at_risk desc`}
      fetch first (${input.limit}::int) rows with ties
    )
    select a.buyer_id::text as customer_id,
           u.full_name as customer_name,
           u.email,
           u.phone,
           coalesce(u.contact_preference, 'unknown') as contact_preference,
           a.orders,
           a.lifetime_spend::float8 as lifetime_spend,
           a.last_purchase::text as last_purchase_date,
           a.days_since_last_purchase,
           round(a.usual_gap_days::numeric, 1)::float8 as usual_gap_days,
           a.churn_score,
           a.value_at_risk,
           t.customers_at_risk,
           t.total_value_at_risk
    from leaders a
    join users u on u.id = a.buyer_id
    cross join totals t
    order by ${input.sort_by === 'value' ? sql`a.value_at_risk desc, a.churn_score desc` : sql`a.churn_score desc, a.value_at_risk desc`},
             u.full_name collate "C", a.buyer_id
    limit ${input.limit}`
  },
  assumptions: ({ input, window }) => [
    `As of ${window.to} (the window's end); purchases after it are ignored and the window's start is not used.`,
    `At risk: no purchase in the ${input.inactive_days} days up to ${window.to}, with at least ${input.min_orders} order${input.min_orders === 1 ? '' : 's'}.`,
    'Churn score: 20 points per usual gap elapsed (capped at 60) plus 40 × the share of customers whose lifetime spend is at or below theirs.',
    'Value at risk: lifetime spend ÷ years from first to last purchase, counting at least one year.',
    'Sales without a known buyer are left out.',
  ],
  narrate: ({ rows, input, window }) => {
    const top = rows[0]
    if (!top) return `No customers had gone ${input.inactive_days} or more days without a purchase as of ${window.to}.`
    const gap = top.usual_gap_days === null ? 'a single purchase day' : `usually every ${formatNumber(top.usual_gap_days)} days`
    const count = top.customers_at_risk === 1 ? '1 customer is' : `${formatNumber(top.customers_at_risk)} customers are`
    return (
      `${count} at churn risk (no purchase in ${input.inactive_days}+ days as of ${window.to}), ` +
      // Value at risk is each customer's average yearly spend; the total adds those up, it is not one customer's average.
      `whose average yearly spend adds up to ${formatMoney(top.total_value_at_risk)} (the value at risk). ` +
      `Top by ${input.sort_by === 'value' ? 'value at risk' : 'churn score'}: ${top.customer_name ?? 'an unnamed customer'}, ` +
      `${formatNumber(top.days_since_last_purchase)} days since the last purchase (${gap}), churn score ${top.churn_score}, ` +
      `average yearly spend ${formatMoney(top.value_at_risk)} at risk.`
    )
  },
  chart: ({ rows }) => {
    if (rows.length === 0) return undefined
    // Masked names can coincide ("A. S."), so each bar is labelled with its rank too.
    const values = rows.map((row, index) => ({ ...row, label: `${index + 1}. ${row.customer_name ?? 'Unnamed'}` }))
    return barChart({
      title: 'Customers at churn risk by value at risk',
      values,
      category: { field: 'label', title: 'Customer' },
      value: { field: 'value_at_risk', title: 'Value at risk ($ a year)', format: '$,.0f' },
      extraTooltip: [
        { field: 'churn_score', title: 'Churn score' },
        { field: 'days_since_last_purchase', title: 'Days since last purchase' },
      ],
    })
  },
})
