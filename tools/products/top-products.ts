import {
  barChart,
  betweenDates,
  defineTool,
  filterOn,
  dimensionEnum,
  formatMoney,
  inWindow,
  limitField,
  measures,
  plural,
  rollupMeasures,
  salesFilterFields,
  toolInput,
  valueFilter,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'
import { productSaleLines, type LineRanking } from '../leading-product-lines.ts'

const rankLabels = { revenue: 'revenue', units: 'units sold', profit: 'gross profit' } as const
const joinNames = (names: string[]) =>
  names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
// Two products may share a name (two Birkin 30s): the SKU tells them apart.
const displayName = (row: { label: string; sku: string | null }) => (row.sku ? `${row.label} (${row.sku})` : row.label)
const groupLabels = {
  product: { title: 'Product', plural: 'products' },
  brand: { title: 'Brand', plural: 'brands' },
  category: { title: 'Category', plural: 'categories' },
  condition: { title: 'Condition', plural: 'conditions' },
  channel: { title: 'Channel', plural: 'channels' },
} as const

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  ...windowFields,
  rank_by: z
    .enum(['revenue', 'units', 'profit'])
    .default('revenue')
    .describe('What ranks the rows: revenue, units sold or gross profit (default revenue).'),
  group_by: z
    .enum(['product', 'brand', 'category', 'condition', 'channel'])
    .default('product')
    .describe('One row per product (SKU), brand, category, condition or sales channel (default product).'),
  channel: salesFilterFields.channel,
  brand: valueFilter('brand', 'Only items of this brand'),
  category: dimensionEnum('category')
    .optional()
    .describe('Only this category. Default: every category.'),
  condition: dimensionEnum('condition').optional().describe('Only this condition grade (S, A or B). Default: every grade.'),
  limit: limitField(10),
})

export default defineTool({
  name: 'top_products',
  title: 'Top selling products',
  area: 'products',
  description:
    'The best sellers in a window, ranked by revenue, units or gross profit (rank_by), one row per product (SKU), brand, category, ' +
    'condition or sales channel (group_by). Each row has units, orders, revenue, gross profit, average sell price per unit (after discount), ' +
    'average profit per sale and average days to sell. Tied rows share a rank. Filter by channel, brand, category or condition ("best sellers on Whatnot"); ' +
    '"which channel makes the most profit" is group_by channel, rank_by profit. ' +
    'Every item is one of a kind, so per product rank by revenue or profit (by units every product ties at 1); rank units by brand, ' +
    'category or condition. Not for a period\'s total ("how much did we sell last month": kpi_summary). ' +
    'For profit and margin per SKU including loss makers use sku_profitability; for a brand league table with margins use ' +
    'brand_performance; for how fast items sell use fast_slow_movers or sell_through_by_condition.',
  input: inputSchema,
  filters: { brand: 'brand' },
  row: z.object({
    rank: z.number().int().describe('1 = best by rank_by; tied rows share a rank.'),
    label: z.string().describe('The product name, brand, category or condition of the row.'),
    sku: z.string().nullable().describe('The SKU (item_inventory_number) when grouped by product.'),
    brand: z.string().nullable().describe('The brand when grouped by product or brand.'),
    category: z.string().nullable().describe('The category when grouped by product or category.'),
    condition: z.string().nullable().describe('The condition grade when grouped by product or condition.'),
    units: z.number().int(),
    orders: z.number().int(),
    revenue: z.number(),
    gross_profit: z.number(),
    average_price: z.number().describe('Average sell price per unit: revenue ÷ units (after discount).'),
    average_profit: z.number().describe('Gross profit ÷ sale lines.'),
    average_days_to_sell: z.number().nullable().describe('Average days from entering stock to sale.'),
  }),
  metrics: ['units', 'orders', 'revenue', 'gross_profit', 'average_price', 'average_profit', 'days_to_sell'],
  examples: [
    'What are our top selling products?',
    'Top 5 brands by units sold this year',
    'Which category makes the most profit?',
    'Best selling Chanel bags in the last 90 days',
    'Revenue by condition grade',
  ],
  cues: {
    strong: [
      'best sellers', 'best seller', 'bestsellers', 'bestseller', 'best selling', 'best-selling', 'top selling',
      'top products', 'top items', 'best products', 'best items', 'most popular', 'top brands', 'best brands',
      'top categories', 'best categories', 'sells best', 'sell best', 'sold the most', 'sells the most',
      /\b(?:revenue|sales|profit|units) (?:by|per) (?:brand|category|condition|product)s?\b/,
      /\bwhich (?:brand|category|condition|product)s? (?:makes?|made|brings? in|brought in) the most\b/,
    ],
    weak: [
      'products', 'items', 'top', 'best',
    ],
  },
  query: ({ sql, input, window }) => {
    const rankValue = { revenue: sql`revenue`, units: sql`units`, profit: sql`gross_profit` }[input.rank_by]
    if (input.group_by === 'product') {
      // A SKU is one product, so summing by product id is the same grouping; without filters only the lines that can
      // lead are summed (tools/leading-product-lines.ts), and products are joined only for the leaders. A rank counts
      // the rows above it, which all come first: ranking the leaders (with every row tied with the last on value and
      // revenue, for the name and SKU tie-breaks) gives their ranks among all rows.
      const ranking: LineRanking = {
        revenue: { column: sql`l.gross_amount_earned`, direction: 'desc' as const },
        units: { order: sql`l.quantity_sold desc, l.gross_amount_earned desc` },
        profit: { column: sql`l.net_profit_loss`, direction: 'desc' as const },
      }[input.rank_by]
      return sql`
        with per_product as (
          select s.product_id,
                 ${measures.units(sql)} as units,
                 ${measures.orders(sql)} as orders,
                 ${measures.revenue(sql)} as revenue,
                 ${measures.gross_profit(sql)} as gross_profit,
                 ${measures.average_price(sql)} as average_price,
                 ${measures.average_profit(sql)} as average_profit,
                 ${measures.average_days_to_sell(sql)} as average_days_to_sell
          ${productSaleLines(sql, window, { channel: input.channel, brand: input.brand, category: input.category, condition: input.condition }, ranking, input.limit)}
          group by s.product_id
        ),
        leaders as (
          select *
          from per_product
          order by ${rankValue} desc, revenue desc
          fetch first (${input.limit}::int) rows with ties
        )
        select (rank() over (order by ${rankValue} desc))::int as rank,
               p.name as label, p.item_inventory_number as sku, b.name as brand, p.category, p.condition,
               l.units, l.orders, l.revenue, l.gross_profit, l.average_price, l.average_profit, l.average_days_to_sell
        from leaders l
        join products p on p.id = l.product_id
        join brands b on b.id = p.brand_id
        order by ${rankValue} desc, revenue desc, label, sku
        limit ${input.limit}`
    }
    // Brands, categories and conditions come from the daily rollups: the same sums as sales, far fewer rows. Brands
    // without a category or condition filter read the one per brand, the smallest. Unused dimensions are null so every
    // grouping returns the same row shape.
    const byBrandOnly = input.group_by === 'brand' && !input.category && !input.condition && !input.channel
    const dimensions = {
      brand: sql`b.name as label, null::text as sku, b.name as brand, null::text as category, null::text as condition`,
      category: sql`r.category as label, null::text as sku, null::text as brand, r.category, null::text as condition`,
      condition: sql`r.condition as label, null::text as sku, null::text as brand, null::text as category, r.condition`,
      channel: sql`r.channel as label, null::text as sku, null::text as brand, null::text as category, null::text as condition`,
    }
    return sql`
      with grouped as (
        select ${dimensions[input.group_by]},
               ${rollupMeasures.units(sql)} as units,
               ${rollupMeasures.orders(sql)} as orders,
               ${rollupMeasures.revenue(sql)} as revenue,
               ${rollupMeasures.gross_profit(sql)} as gross_profit,
               ${rollupMeasures.average_price(sql)} as average_price,
               ${rollupMeasures.average_profit(sql)} as average_profit,
               ${rollupMeasures.average_days_to_sell(sql)} as average_days_to_sell
        from ${byBrandOnly ? sql`sales_daily_brand_rollup r` : sql`sales_daily_rollup r`}
        join brands b on b.id = r.brand_id
        where ${inWindow(sql, sql`r.date_sold`, window)}
          ${filterOn(sql, sql`r.channel`, input.channel)}
          ${filterOn(sql, sql`b.name`, input.brand)}
          ${input.category ? sql`and r.category = ${input.category}` : sql``}
          ${input.condition ? sql`and r.condition = ${input.condition}` : sql``}
        group by 1, 2, 3, 4, 5
      )
      select (rank() over (order by ${rankValue} desc))::int as rank, *
      from grouped
      order by ${rankValue} desc, revenue desc, label, sku
      limit ${input.limit}`
  },
  assumptions: ({ input: rawInput }) => {
    const input = inputSchema.parse(rawInput)
    return [
      `Ranked by ${rankLabels[input.rank_by]}; only rows with a sale in the window are listed.`,
      'Average sell price is revenue ÷ units, after discounts; average profit is gross profit ÷ sale lines.',
      ...(input.channel ? [`Only sales on ${input.channel}.`] : []),
      ...(input.brand ? [`Only ${input.brand} items.`] : []),
      ...(input.category ? [`Only the ${input.category} category.`] : []),
      ...(input.condition ? [`Only condition ${input.condition} items.`] : []),
    ]
  },
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    if (rows.length === 0) {
      const filters = [input.brand, input.category, input.condition && `condition ${input.condition}`].filter(
        (filter): filter is string => Boolean(filter),
      )
      return `No sales${filters.length > 0 ? ` of ${filters.join(', ')} items` : ''}${input.channel ? ` on ${input.channel}` : ''} ${betweenDates(window)}.`
    }
    const value = (row: (typeof rows)[number]) =>
      input.rank_by === 'units' ? plural(row.units, 'unit') : formatMoney(input.rank_by === 'profit' ? row.gross_profit : row.revenue)
    const leaders = rows.filter((row) => row.rank === 1)
    const first = leaders[0]!
    const lead =
      leaders.length > 1
        ? `${joinNames(leaders.map(displayName))} tie for first by ${rankLabels[input.rank_by]} with ${value(first)} each`
        : `${displayName(first)} leads by ${rankLabels[input.rank_by]} with ${value(first)}`
    const runnerUp = rows.find((row) => row.rank > 1)
    return (
      `${lead}${input.channel ? ` on ${input.channel}` : ''} ${betweenDates(window)} ` +
      `(${plural(first.units, 'unit')}, ${formatMoney(first.revenue)} revenue, ${formatMoney(first.gross_profit)} gross profit).` +
      (runnerUp ? ` Next: ${displayName(runnerUp)} with ${value(runnerUp)}.` : '')
    )
  },
  chart: ({ rows, input: rawInput }) => {
    const input = inputSchema.parse(rawInput)
    if (rows.length === 0) return undefined
    const ranked = {
      revenue: { field: 'revenue', title: 'Revenue ($)', format: '$,.0f' },
      units: { field: 'units', title: 'Units' },
      profit: { field: 'gross_profit', title: 'Gross profit ($)', format: '$,.0f' },
    }[input.rank_by]
    const tooltips = [
      { field: 'units', title: 'Units' },
      { field: 'revenue', title: 'Revenue', format: '$,.0f' },
      { field: 'gross_profit', title: 'Gross profit', format: '$,.0f' },
      { field: 'average_price', title: 'Average price', format: '$,.2f' },
    ]
    return barChart({
      title: `Top ${groupLabels[input.group_by].plural} by ${rankLabels[input.rank_by]}`,
      values: rows.map((row) => ({ ...row, label: displayName(row) })),
      category: { field: 'label', title: groupLabels[input.group_by].title },
      value: ranked,
      extraTooltip: tooltips.filter((tooltip) => tooltip.field !== ranked.field),
    })
  },
})
