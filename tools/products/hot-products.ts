import {
  barChart,
  defineTool,
  betweenDates,
  formatMoney,
  limitField,
  measures,
  plural,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'
import { inLocalDays } from '../in-local-days.ts'


export default defineTool({
  name: 'hot_products',
  title: 'Hot products',
  area: 'products',
  scope: { channel: 'website' },
  description:
    'The most viewed products that are still available (in stock, quantity > 0): product page views and distinct browsing sessions ' +
    'in the window, with list price and days in stock as of the latest sale day. Use it to pick items for a live show, a feature ' +
    'or a price check (many views but unsold for long can mean the price is too high). Sold items are left out. ' +
    'For what actually sold use top_products; for the storefront funnel use the marketing tools; for stale stock use inventory_aging.',
  input: toolInput({
    ...windowFields,
    limit: limitField(10),
  }),
  row: z.object({
    sku: z.string(),
    product: z.string(),
    brand: z.string(),
    category: z.string(),
    condition: z.string(),
    views: z.number().int().describe('Product page views in the window.'),
    unique_sessions: z.number().int().describe('Distinct browsing sessions that viewed it in the window.'),
    list_price: z.number().describe('Current asking price.'),
    date_added: z.string().describe('Business day the item entered stock, YYYY-MM-DD.'),
    days_in_stock: z.number().int().describe('Days from entering stock to the as-of date.'),
  }),
  metrics: ['product_views', 'days_in_inventory'],
  examples: [
    'What are the hot products right now?',
    'Which available items get the most views?',
    'Most viewed bags still in stock in the last 30 days',
    'What should we feature in the next live show?',
  ],
  cues: {
    strong: [
      /\b(?:shoppers|customers|people|visitors|buyers) (?:are )?(?:looking at|eyeing|viewing|browsing)\b/, 'eyeing', 'getting attention', 'getting views',
      'hot', 'hottest', 'trending', 'momentum', 'heating up', 'right now', 'selling fast right now', 'in demand', 'feature',
      'most viewed', 'most views', 'views',
    ],
  },
  query: ({ sql, input, window, timeZone }) => sql`
    with sessions as (
      -- Sold items are left out before counting: most viewed products have sold.
      select v.product_id, v.session_id, count(*) as views
      from product_views v
      where ${inLocalDays(sql, sql`v.viewed_at`, window, timeZone)}
        and exists (select 1 from inventory i where i.product_id = v.product_id and i.quantity > 0)
      group by v.product_id, v.session_id
    ),
    viewed as (
      -- One row per product and session above, so counting them counts distinct sessions.
      select product_id, sum(views)::int as views, count(*)::int as unique_sessions
      from sessions
      group by product_id
    ),
    -- The leaders on views and sessions, with every row tied with the last, are all the final order needs; only they
    -- are joined to products for the name and SKU that break those ties.
    leaders as (
      select viewed.*, i.list_price, i.created_at
      from viewed
      join inventory i on i.product_id = viewed.product_id
      where i.quantity > 0
      order by viewed.views desc, viewed.unique_sessions desc
      fetch first (${input.limit}::int) rows with ties
    )
    select p.item_inventory_number as sku,
           p.name as product,
           b.name as brand,
           p.category,
           p.condition,
           i.views,
           i.unique_sessions,
           i.list_price::float8 as list_price,
           ((i.created_at at time zone ${timeZone})::date)::text as date_added,
           ${measures.days_in_inventory(sql, window.asOf, timeZone)} as days_in_stock
    from leaders i
    join products p on p.id = i.product_id
    join brands b on b.id = p.brand_id
    order by i.views desc, i.unique_sessions desc, p.name, p.item_inventory_number
    limit ${input.limit}`,
  assumptions: () => [
    'Views are product_viewed storefront events (the product_views view), dated by the business day of the view.',
    'Only items still in stock (inventory.quantity > 0) are listed; ties on views go to the item seen in more sessions.',
  ],
  narrate: ({ rows, window }) => {
    const first = rows[0]
    if (!first) return `No views of products still in stock ${betweenDates(window)}.`
    return (
      `The most viewed item still in stock ${betweenDates(window)} is ${first.product} (${first.sku}, ${first.brand}): ` +
      `${plural(first.views, 'view')} from ${plural(first.unique_sessions, 'session')}, listed at ${formatMoney(first.list_price)} ` +
      `after ${plural(first.days_in_stock, 'day')} in stock.` +
      (rows[1] ? ` Next: ${rows[1].product} with ${plural(rows[1].views, 'view')}.` : '')
    )
  },
  chart: ({ rows }) =>
    rows.length === 0
      ? undefined
      : barChart({
          title: 'Most viewed items in stock',
          values: rows.map((row) => ({ ...row, label: `${row.product} (${row.sku})` })),
          category: { field: 'label', title: 'Item' },
          value: { field: 'views', title: 'Views' },
          // Keep the query's order: equal views are ranked by sessions.
          sort: 'none',
          extraTooltip: [
            { field: 'unique_sessions', title: 'Sessions' },
            { field: 'list_price', title: 'List price', format: '$,.0f' },
            { field: 'days_in_stock', title: 'Days in stock' },
          ],
        }),
})
