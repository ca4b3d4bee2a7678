import {
  barChart,
  defineTool,
  betweenDates,
  formatMoney,
  formatNumber,
  formatPercent,
  toolInput,
  windowFields,
  z,
  dimensionEnum,
  valueLabel,
} from '../../src/tools/define-tool.ts'
import { windowLinesByBuyer } from '../buyer-history.ts'

const preferenceNames = (preference: string) => valueLabel('contact_preference', preference)

export default defineTool({
  name: 'contact_preferences',
  title: 'Customers by contact preference',
  area: 'customers',
  description:
    'How customers prefer to be contacted, with how many bought and their revenue in the window. ' +
    'Preferences are users.contact_preference (instagram, snapchat, email, phone, or unknown when not recorded), with customers per preference with their share, how many of them bought in the window, and the revenue they brought in the window with its share. ' +
    'By default every customer who had joined by the window\'s end counts; active_only counts only customers who bought in the window. ' +
    'Always five rows, ranked by customers. Use it to choose outreach channels. For how each marketing channel performs use channel_comparison; ' +
    'for whom to contact use churn_risk.',
  input: toolInput({
    ...windowFields,
    active_only: z
      .boolean()
      .default(false)
      .describe('Only count customers who bought in the window (default false: every customer who had joined by its end).'),
  }),
  row: z.object({
    contact_preference: dimensionEnum('contact_preference'),
    customers: z.number().int().describe('Customers with this preference (only buyers in the window when active_only).'),
    active_customers: z.number().int().describe('Of them, customers who bought in the window.'),
    orders: z.number().int(),
    revenue: z.number().describe('Revenue from these customers in the window.'),
    customer_share_percent: z.number().describe('customers ÷ all customers counted × 100.'),
    revenue_share_percent: z.number().describe('revenue ÷ revenue from all customers counted × 100.'),
  }),
  metrics: ['customers', 'orders', 'revenue'],
  examples: [
    'How do our customers prefer to be contacted?',
    'What share of customers prefer Instagram?',
    'Which contact preference brings the most revenue?',
    'Contact preferences of customers who bought this quarter',
  ],
  cues: {
    strong: [
      'contact preference', 'contact preferences', 'prefer to be contacted', 'preferred contact', 'how to reach',
      'how do customers want', 'snapchat', 'reach our customers', 'contacted',
    ],
  },
  query: ({ sql, input, window, timeZone }) => sql`
    with preference_list(contact_preference, position) as (
      values ('instagram', 1), ('snapchat', 2), ('email', 3), ('phone', 4), ('unknown', 5)
    ),
    -- Each buyer's lines in the window are summed first, so every customer is one row below and counting rows
    -- counts customers; the measures are the glossary's over the same lines (sums of exact sums). Lines are counted
    -- as rows (their id is never null), so the indexes hold all that is read. Materialized, the sums are made once:
    -- a parallel plan made them again in each process to join each process's share of users.
    per_buyer as materialized (
      select s.buyer_id, count(*) as orders, sum(s.gross_amount_earned) as revenue
      from ${windowLinesByBuyer({ sql, window })}
      group by s.buyer_id
    ),
    by_preference as (
      select coalesce(u.contact_preference, 'unknown') as contact_preference,
             count(*)::int as customers,
             count(b.buyer_id)::int as active_customers,
             coalesce(sum(b.orders), 0)::int as orders,
             coalesce(sum(b.revenue), 0)::float8 as revenue
      from users u
      ${input.active_only ? sql`join` : sql`left join`} per_buyer b on b.buyer_id = u.id
      where u.user_type = 'buyer'
        and (u.created_at at time zone ${timeZone})::date <= ${window.to}::date
      group by 1
    )
    select l.contact_preference,
           coalesce(b.customers, 0)::int as customers,
           coalesce(b.active_customers, 0)::int as active_customers,
           coalesce(b.orders, 0)::int as orders,
           coalesce(b.revenue, 0)::float8 as revenue,
           coalesce(round((100.0 * b.customers / nullif(sum(b.customers) over (), 0))::numeric, 1), 0)::float8 as customer_share_percent,
           coalesce(round((100 * b.revenue / nullif(sum(b.revenue) over (), 0))::numeric, 1), 0)::float8 as revenue_share_percent
    from preference_list l
    left join by_preference b on b.contact_preference = l.contact_preference
    order by customers desc, revenue desc, l.position`,
  assumptions: ({ input, window }) => [
    input.active_only
      ? `Customers: buyers with at least one purchase ${betweenDates(window)}.`
      : `Customers: every buyer who had joined by ${window.to}, whether or not they bought in the window.`,
    'Revenue counts only purchases in the window; sales without a known buyer are left out.',
  ],
  narrate: ({ rows, input, window }) => {
    const customers = rows.reduce((sum, row) => sum + row.customers, 0)
    if (customers === 0) {
      return input.active_only
        ? `No customers bought ${betweenDates(window)}.`
        : `No customers had joined by ${window.to}.`
    }
    const revenue = rows.reduce((sum, row) => sum + row.revenue, 0)
    const unknown = rows.find((row) => row.contact_preference === 'unknown')?.customers ?? 0
    const unknownText = unknown === 0 ? '' : ` ${formatNumber(unknown)} ${unknown === 1 ? 'has' : 'have'} no preference recorded.`
    const counted = `Of ${formatNumber(customers)} ${input.active_only ? 'customers who bought' : 'customers'}`
    // Rows are ranked by customers, so the first recorded preference is the most common one.
    const top = rows.find((row) => row.contact_preference !== 'unknown' && row.customers > 0)
    if (!top) return `${counted}, none has a contact preference recorded.`
    const spend =
      revenue === 0
        ? `None of the customers bought ${betweenDates(window)}.`
        : `They brought ${formatMoney(top.revenue)} of the ${formatMoney(revenue)} revenue ${betweenDates(window)} ` +
          `(${formatPercent(top.revenue_share_percent)}).`
    return (
      `${counted}, the most common preference is ${preferenceNames(top.contact_preference)}: ` +
      `${formatNumber(top.customers)} (${formatPercent(top.customer_share_percent)}). ${spend}${unknownText}`
    )
  },
  chart: ({ rows }) =>
    barChart({
      title: 'Customers by contact preference',
      values: rows.map((row) => ({ ...row, preference: preferenceNames(row.contact_preference) })),
      category: { field: 'preference', title: 'Contact preference' },
      value: { field: 'customers', title: 'Customers' },
      extraTooltip: [
        { field: 'customer_share_percent', title: 'Share of customers (%)' },
        { field: 'revenue', title: 'Revenue', format: '$,.0f' },
        { field: 'revenue_share_percent', title: 'Share of revenue (%)' },
      ],
    }),
})
