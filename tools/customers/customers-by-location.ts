import {
  barChart,
  defineTool,
  betweenDates,
  formatMoney,
  formatNumber,
  formatPercent,
  limitField,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'
import { windowLinesByBuyer } from '../buyer-history.ts'

const levels = {
  city: { plural: 'cities', title: 'City' },
  region: { plural: 'regions', title: 'Region' },
  country: { plural: 'countries', title: 'Country' },
} as const

// Results receive the input untyped; parsing a field with its own schema gives its type back.
const levelField = z.enum(['city', 'region', 'country']).default('city').describe('Group customers by city (default), region (state) or country.')

export default defineTool({
  name: 'customers_by_location',
  title: 'Customers and revenue by location',
  area: 'customers',
  description:
    'Customers who bought in the window, their orders, revenue and average order value, grouped by where they live ' +
    '(users.city, region and country): level city (default), region or country. Locations are labelled with their ' +
    'parents ("Portland, OR, US") so same-named cities stay apart; customers without a value at that level are grouped as "Unknown". ' +
    'Rows are ranked by revenue; revenue_share_percent is the location\'s share of all customer revenue in the window, ' +
    'including locations beyond the limit. Use it for regional marketing, shipping or event planning. ' +
    'For how customers prefer to be contacted use contact_preferences.',
  input: toolInput({
    ...windowFields,
    level: levelField,
    limit: limitField(10),
  }),
  row: z.object({
    location: z.string().describe('"City, Region, Country", "Region, Country" or "Country"; "Unknown" when missing at that level.'),
    customers: z.number().int().describe('Customers from this location who bought in the window.'),
    orders: z.number().int(),
    revenue: z.number(),
    average_order_value: z.number(),
    revenue_share_percent: z.number().describe('This location\'s revenue ÷ revenue from every customer in the window × 100.'),
  }),
  metrics: ['customers', 'orders', 'revenue', 'aov'],
  examples: [
    'Where are our customers located?',
    'Which cities bring the most revenue?',
    'Revenue by state for the last 12 months',
    'How many customers do we have in each country?',
  ],
  cues: {
    strong: [
      'where are our customers', 'where do our customers', 'where our customers', 'customers located', 'customer locations',
      'by location', 'geography', 'geographic', 'which cities', 'which states', 'which countries', 'customers by city',
      'customers by state', 'customers by country', 'customers by region', /\b(customers|buyers|clients) live\b/,
    ],
  },
  query: ({ sql, input, window }) => {
    // concat_ws skips missing parents, so "Austin, US" when the region is unknown.
    const location = {
      city: sql`case when u.city is null then 'Unknown' else concat_ws(', ', u.city, u.region, u.country) end`,
      region: sql`case when u.region is null then 'Unknown' else concat_ws(', ', u.region, u.country) end`,
      country: sql`coalesce(u.country, 'Unknown')`,
    }[input.level]
    // Each buyer's lines are summed first, so a location counts its buyers without a distinct count over every line;
    // the measures are the glossary's over the same lines (sums of exact sums). Lines are counted as rows (their id is
    // never null), so the indexes hold all that is read. Materialized, the sums are made once: a parallel plan made
    // them again in each process to join each process's share of users.
    return sql`
      with per_buyer as materialized (
        select s.buyer_id, count(*) as orders, sum(s.gross_amount_earned) as revenue
        from ${windowLinesByBuyer({ sql, window })}
        group by s.buyer_id
      ),
      by_location as (
        select ${location} as location,
               count(*)::int as customers,
               coalesce(sum(b.orders), 0)::int as orders,
               coalesce(sum(b.revenue), 0)::float8 as revenue,
               coalesce(round((sum(b.revenue) / nullif(sum(b.orders), 0))::numeric, 2), 0)::float8 as average_order_value
        from per_buyer b
        join users u on u.id = b.buyer_id and u.user_type = 'buyer'
        group by 1
      )
      select location,
             customers,
             orders,
             revenue::float8 as revenue,
             average_order_value::float8 as average_order_value,
             coalesce(round((100 * revenue / nullif(sum(revenue) over (), 0))::numeric, 1), 0)::float8 as revenue_share_percent
      from by_location
      order by revenue desc, customers desc, location collate "C"
      limit ${input.limit}`
  },
  assumptions: ({ input }) => [
    `Locations are where customers live (users.${levelField.parse(input.level)}), not where items shipped.`,
    'Sales without a known buyer are left out.',
  ],
  narrate: ({ rows, input, window }) => {
    const level = levelField.parse(input.level)
    const top = rows[0]
    if (!top) return `No customer purchases ${betweenDates(window)}.`
    const shown = rows.reduce((sum, row) => sum + row.revenue_share_percent, 0)
    // Fewer rows than the limit means every location is listed.
    const coverage =
      rows.length < Number(input.limit)
        ? `Customers bought from ${formatNumber(rows.length)} ${rows.length === 1 ? level : levels[level].plural} in all.`
        : `The ${formatNumber(rows.length)} ${levels[level].plural} shown bring ${formatPercent(shown)} of it.`
    return (
      `${top.location} leads with ${formatMoney(top.revenue)} revenue (${formatPercent(top.revenue_share_percent)} of customer revenue) ` +
      `from ${formatNumber(top.customers)} customer${top.customers === 1 ? '' : 's'} and ${formatNumber(top.orders)} order${top.orders === 1 ? '' : 's'} ` +
      `(average ${formatMoney(top.average_order_value)}) ${betweenDates(window)}. ${coverage}`
    )
  },
  chart: ({ rows, input }) =>
    rows.length === 0
      ? undefined
      : barChart({
          title: `Revenue by ${levelField.parse(input.level)}`,
          values: rows,
          category: { field: 'location', title: levels[levelField.parse(input.level)].title },
          value: { field: 'revenue', title: 'Revenue ($)', format: '$,.0f' },
          extraTooltip: [
            { field: 'customers', title: 'Customers' },
            { field: 'orders', title: 'Orders' },
            { field: 'average_order_value', title: 'Average order value', format: '$,.2f' },
          ],
        }),
})
