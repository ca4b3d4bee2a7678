import {
  barChart,
  defineTool,
  betweenDates,
  formatMoney,
  formatNumber,
  type Fragment,
  inWindow,
  limitField,
  measures,
  plural,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const defaultDays = { fast: 30, slow: 120 } as const

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  ...windowFields,
  view: z
    .enum(['fast', 'slow'])
    .default('fast')
    .describe('fast: items that sold quickly; slow: items unsold or sold after a long time (default fast).'),
  days: z
    .number()
    .int()
    .min(1)
    .max(730)
    .optional()
    .describe('The threshold N in days, 1 to 730: fast = sold within N days (default 30); slow = more than N days (default 120).'),
  limit: limitField(10),
})

export default defineTool({
  name: 'fast_slow_movers',
  title: 'Fast and slow movers',
  area: 'inventory',
  description:
    'Individual items classed as fast or slow movers (view). Fast: sold in the window within N days of entering stock (N = days, ' +
    'default 30), quickest first. Slow: still in stock more than N days after entering it as of today on the business clock (whatever the ' +
    'window), or sold in the window after more than N days (default 120), slowest first. Each row has brand, category, condition, ' +
    'days to sell or days in stock, and the price (what it sold for, or its list price while in stock). Every row also carries how ' +
    'many items match in total. For rates per grade use sell_through_by_condition; for stock value by age bucket use inventory_aging.',
  input: inputSchema,
  row: z.object({
    sku: z.string(),
    product: z.string(),
    brand: z.string(),
    category: z.string(),
    condition: z.string(),
    status: z.enum(['sold', 'in stock']),
    date_added: z.string().describe('Business day the item entered stock, YYYY-MM-DD.'),
    date_sold: z.string().nullable().describe('Business day of the sale; null while in stock.'),
    days: z.number().int().describe('Days to sell (sold) or days in stock as of the as-of date (in stock).'),
    price: z.number().describe('Sold: what the buyer paid (revenue). In stock: the current list price.'),
    total_matching: z.number().int().describe('Items matching the view in total, not only the rows shown.'),
    total_in_stock: z.number().int().describe('Of those, items still in stock.'),
  }),
  metrics: ['fast_movers', 'slow_movers', 'days_to_sell', 'days_in_inventory'],
  examples: [
    'Which items sold the fastest this quarter?',
    'Show me slow-moving items that need promotion',
    'Which items have been sitting for more than 90 days?',
    'Fast movers in the last 30 days',
  ],
  cues: {
    strong: [
      'fast movers', 'slow movers', 'fast moving', 'slow moving', 'fast-moving', 'slow-moving', 'sell fastest',
      'sell slowest', 'sells fastest', 'sells slowest', 'quickest to sell', 'slowest to sell', 'take longest to sell',
      'takes longest to sell', 'movers',
    ],
    medium: [
      'fastest', 'slowest', 'fast', 'slow',
    ],
  },
  query: ({ sql, input, window, timeZone }) => {
    const threshold = input.days ?? defaultDays[input.view]
    const order = input.view === 'fast' ? sql`days asc, price desc` : sql`days desc, price desc`
    const matches = (days: Fragment) => (input.view === 'fast' ? sql`${days} <= ${threshold}` : sql`${days} > ${threshold}`)
    // Sold items count by their sale day in the window; unsold stock (items of products never sold) is read as of
    // the as-of date. Two branches instead of one left join with an OR across it, so each starts from its own
    // filter: the window's sales that match (days held is their days), and stock still held that matches. A product
    // with two items or two sale lines gives a row per item and sale line. An item that is its product's only one and
    // sold once (nearly every sale) is that row in item_summaries (migration 0028), read from the index on its sale
    // day alone; the few others are joined to their sales.
    const sold = sql`
      select i.product_id, i.created_at, i.date_sold, 'sold'::text as status, i.days_held as days, i.revenue::float8 as price
      from item_summaries i
      where i.product_items = 1 and i.sale_lines = 1
        and ${inWindow(sql, sql`i.date_sold`, window)}
        and ${matches(sql`i.days_held`)}
      union all
      select s.product_id, i.created_at, s.date_sold, 'sold'::text, s.days_held, s.gross_amount_earned::float8
      from item_summaries i
      join sales s on s.product_id = i.product_id
      where (i.product_items > 1 or i.sale_lines > 1)
        and ${inWindow(sql, sql`s.date_sold`, window)}
        and ${matches(sql`s.days_held`)}`
    // Fast movers are sold items only. Unsold stock is read from item_summaries' index of it (0028): no sale line.
    const inStock =
      input.view === 'fast'
        ? sql``
        : sql`
      union all
      select i.product_id, i.created_at, null::date, 'in stock'::text, ${measures.days_in_inventory(sql, window.asOf, timeZone)},
             i.list_price::float8
      from item_summaries i
      where i.quantity > 0 and i.sale_lines = 0
        and ${matches(measures.days_in_inventory(sql, window.asOf, timeZone))}`
    // The rows shown are the first `limit` in order with the ties of the last (so the SKU still breaks them). The
    // matching rows (a quarter of a million for a year of fast movers at a million sales) are read once and kept:
    // counted, searched for the last row shown by a bounded sort, then filtered to the rows up to it, instead of one
    // full sort of them all. In row comparison, (days, last price) <= (last days, price) is "fewer days, or as many
    // for as much or more"; the slow view's order is the reverse on days. Every item has one product and every
    // product one brand, so the leaders are named only after that.
    const upToLast =
      input.view === 'fast'
        ? sql`(m.days, last.price) <= (last.days, m.price)`
        : sql`(m.days, m.price) >= (last.days, last.price)`
    return sql`
      with items as materialized (${sold} ${inStock}),
      totals as (
        select count(*)::int as total_matching,
               (count(*) filter (where status = 'in stock'))::int as total_in_stock
        from items
      ),
      last_shown as (
        select days, price
        from items
        order by ${order}
        offset ${input.limit - 1} rows
        fetch first 1 row only
      ),
      leaders as (
        select m.*
        from items m
        left join last_shown last on true
        where last.days is null or ${upToLast}
        order by ${order}
        fetch first ${input.limit} rows with ties
      )
      select p.item_inventory_number as sku,
             p.name as product,
             b.name as brand,
             p.category,
             p.condition,
             l.status,
             ((l.created_at at time zone ${timeZone})::date)::text as date_added,
             l.date_sold::text as date_sold,
             l.days,
             l.price,
             t.total_matching,
             t.total_in_stock
      from leaders l
      cross join totals t
      join products p on p.id = l.product_id
      join brands b on b.id = p.brand_id
      order by ${order}, sku
      limit ${input.limit}`
  },
  assumptions: ({ input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    const threshold = input.days ?? defaultDays[input.view]
    return input.view === 'fast'
      ? [`Fast movers: items sold in the window within ${threshold} days of entering stock (sales.days_held ≤ ${threshold}).`]
      : [
          `Slow movers: items still in stock more than ${threshold} days after entering it as of ${window.asOf} (whatever the window), ` +
            `and items sold in the window after more than ${threshold} days.`,
        ]
  },
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    const threshold = input.days ?? defaultDays[input.view]
    const first = rows[0]
    if (input.view === 'fast') {
      if (!first) return `No items sold within ${plural(threshold, 'day')} of entering stock ${betweenDates(window)}.`
      return (
        `${plural(first.total_matching, 'item')} sold within ${plural(threshold, 'day')} of entering stock ` +
        `${betweenDates(window)}. Fastest: ${first.product} (${first.sku}, ${first.brand}) in ${plural(first.days, 'day')} ` +
        `for ${formatMoney(first.price)}.`
      )
    }
    if (!first) return `No slow movers (more than ${plural(threshold, 'day')}) as of ${window.asOf}.`
    const sold = first.total_matching - first.total_in_stock
    return (
      `${plural(first.total_matching, 'slow mover')} (more than ${plural(threshold, 'day')}): ${formatNumber(first.total_in_stock)} ` +
      `still in stock as of ${window.asOf} and ${formatNumber(sold)} sold ${betweenDates(window)}. ` +
      `Slowest: ${first.product} (${first.sku}, ${first.brand}), ${plural(first.days, 'day')} ` +
      (first.status === 'sold' ? `to sell, for ${formatMoney(first.price)}.` : `in stock, listed at ${formatMoney(first.price)}.`)
    )
  },
  chart: ({ rows, input: rawInput }) => {
    if (rows.length === 0) return undefined
    const input = inputSchema.parse(rawInput)
    return barChart({
      title: input.view === 'fast' ? 'Fastest sellers: days to sell' : 'Slow movers: days in stock or to sell',
      values: rows.map((row) => ({ ...row, label: `${row.product} (${row.sku})` })),
      category: { field: 'label', title: 'Item' },
      value: { field: 'days', title: 'Days' },
      color: { field: 'status', title: 'Status' },
      // The query's order: quickest first for fast movers, slowest first for slow movers.
      sort: 'none',
      extraTooltip: [
        { field: 'brand', title: 'Brand', type: 'nominal' },
        { field: 'condition', title: 'Condition', type: 'nominal' },
        { field: 'price', title: 'Price', format: '$,.0f' },
      ],
    })
  },
})
