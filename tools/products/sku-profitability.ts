import {
  barChart,
  betweenDates,
  defineTool,
  dimensionEnum,
  formatMoney,
  formatPercent,
  inWindow,
  limitField,
  measures,
  plural,
  toolInput,
  valueFilter,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'
import { productSaleLines, type LineRanking } from '../leading-product-lines.ts'

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  ...windowFields,
  show: z
    .enum(['top', 'bottom'])
    .default('top')
    .describe('top: the most profitable SKUs (high-margin items); bottom: the least profitable (loss leaders first). Default top.'),
  rank_by: z
    .enum(['profit', 'margin'])
    .default('profit')
    .describe('Rank by gross profit in dollars or by margin % (default profit).'),
  brand: valueFilter('brand', 'Only items of this brand'),
  category: dimensionEnum('category')
    .optional()
    .describe('Only this category. Default: every category.'),
  limit: limitField(10),
})

export default defineTool({
  name: 'sku_profitability',
  title: 'Profitability per SKU',
  area: 'products',
  description:
    'Profit per SKU (item_inventory_number) sold in a window: revenue, fees, cost, gross profit (revenue after discount − fees − purchase ' +
    'price), margin % (profit ÷ revenue) and return on cost % (profit ÷ cost). ' +
    'show=top lists the most profitable SKUs (rank_by profit in dollars or margin %); show=bottom lists the least profitable, ' +
    'loss leaders (profit < 0) first. Every row also carries how many SKUs sold in the window and how many of them lost money. ' +
    'For best sellers by revenue or units, or totals per brand or category, use top_products; for a brand league table use brand_performance.',
  input: inputSchema,
  filters: { brand: 'brand' },
  row: z.object({
    sku: z.string().describe('The SKU printed on the tag (item_inventory_number).'),
    product: z.string(),
    brand: z.string(),
    category: z.string(),
    condition: z.string(),
    date_sold: z.string().describe('Business day of the (latest) sale in the window, YYYY-MM-DD.'),
    units: z.number().int(),
    revenue: z.number(),
    fees: z.number(),
    cost: z.number(),
    gross_profit: z.number(),
    margin_percent: z.number(),
    return_on_cost_percent: z.number().nullable().describe('Gross profit ÷ cost × 100; null when the item cost nothing.'),
    window_skus: z.number().int().describe('SKUs sold in the window that match the filters (not only the rows shown).'),
    window_loss_leaders: z.number().int().describe('Of those, SKUs sold at a loss (gross profit < 0).'),
  }),
  metrics: ['revenue', 'cost', 'gross_profit', 'margin_percent', 'return_on_cost_percent', 'units'],
  examples: [
    'Which SKUs make us the most profit?',
    'Show me our loss leaders',
    'Which items had the highest margin last quarter?',
    'Least profitable Gucci wallets this year',
    'Profit per SKU after fees',
  ],
  cues: {
    strong: [
      'sku', 'skus', 'least profitable', 'most profitable items', 'most profitable products', 'losing money', 'lose money',
      'lost money', 'unprofitable', 'profit per item', 'profitability by item', 'item profitability', 'sku profitability',
      'loss leaders', 'loss leader', 'below cost', 'under cost', 'at a loss', 'for a loss', 'items had the highest margin', 'items with the highest margin', 'highest margin items',
    ],
  },
  query: ({ sql, input, window }) => {
    const direction = input.show === 'top' ? sql`desc` : sql`asc`
    const rankValue = input.rank_by === 'profit' ? sql`gross_profit` : sql`margin_percent`
    const tieBreak = input.rank_by === 'profit' ? sql`margin_percent` : sql`gross_profit`
    const filtered = Boolean(input.brand || input.category)
    // A SKU is one product, so summing by product id is the same grouping; products are joined only for the
    // leaders: the rows first on value and tie-break, with every row tied with the last for the SKU tie-break.
    // Without filters only the lines that can lead are summed (tools/leading-product-lines.ts), and the window's SKUs
    // and loss leaders are its lines (from the daily rollup) and loss-making lines (each day's, through the index on
    // day and profit), corrected for the few products sold more than once. A line's margin is the glossary's margin
    // of its product.
    const lineMargin = sql`coalesce(round((100 * l.net_profit_loss / nullif(l.gross_amount_earned, 0))::numeric, 2), 0)::float8`
    const ranking: LineRanking =
      input.rank_by === 'profit'
        ? { column: sql`l.net_profit_loss`, direction: input.show === 'top' ? 'desc' : 'asc' }
        : { order: sql`${lineMargin} ${direction}, l.net_profit_loss ${direction}` }
    return sql`
      with per_product as (
        select s.product_id,
               max(s.date_sold)::text as date_sold,
               ${measures.units(sql)} as units,
               ${measures.revenue(sql)} as revenue,
               ${measures.fees(sql)} as fees,
               ${measures.cost(sql)} as cost,
               ${measures.gross_profit(sql)} as gross_profit,
               ${measures.margin_percent(sql)} as margin_percent,
               ${measures.return_on_cost_percent(sql)} as return_on_cost_percent
        ${productSaleLines(sql, window, { brand: input.brand, category: input.category }, ranking, input.limit)}
        group by s.product_id
      ),
      totals as (
        ${
          filtered
            ? sql`
              select count(*)::int as window_skus, (count(*) filter (where gross_profit < 0))::int as window_loss_leaders
              from per_product`
            : sql`
              select (lines.orders - repeated.lines + repeated.products)::int as window_skus,
                     (lines.loss_orders - repeated.loss_lines + repeated.loss_products)::int as window_loss_leaders
              from (
                select (select coalesce(sum(r.orders), 0) from sales_daily_channel_rollup r where ${inWindow(sql, sql`r.date_sold`, window)}) as orders,
                       (select count(*)
                        from generate_series(0, ${window.to}::date - ${window.from}::date) as offset_days
                        join sales l on l.date_sold = ${window.from}::date + offset_days and l.net_profit_loss < 0) as loss_orders
              ) as lines
              cross join (
                select count(*) as products, coalesce(sum(product.lines), 0) as lines,
                       count(*) filter (where product.gross_profit < 0) as loss_products, coalesce(sum(product.loss_lines), 0) as loss_lines
                from (
                  select s.product_id, count(*) as lines, count(*) filter (where s.net_profit_loss < 0) as loss_lines,
                         sum(s.net_profit_loss) as gross_profit
                  from sales s
                  join product_sale_counts c on c.product_id = s.product_id and c.sale_lines > 1
                  where ${inWindow(sql, sql`s.date_sold`, window)}
                  group by s.product_id
                ) as product
              ) as repeated`
        }
      ),
      leaders as (
        select *
        from per_product
        order by ${rankValue} ${direction}, ${tieBreak} ${direction}
        fetch first (${input.limit}::int) rows with ties
      )
      select p.item_inventory_number as sku, p.name as product, b.name as brand, p.category, p.condition,
             l.date_sold, l.units, l.revenue, l.fees, l.cost, l.gross_profit, l.margin_percent, l.return_on_cost_percent,
             t.window_skus, t.window_loss_leaders
      from leaders l
      join products p on p.id = l.product_id
      join brands b on b.id = p.brand_id
      cross join totals t
      order by ${rankValue} ${direction}, ${tieBreak} ${direction}, sku
      limit ${input.limit}`
  },
  assumptions: ({ input: rawInput }) => {
    const input = inputSchema.parse(rawInput)
    return [
      'Gross profit per SKU = revenue (after discount) − fees − purchase price × units (sales.net_profit_loss).',
      'A loss leader is a SKU sold at a gross loss (profit < 0) in the window.',
      `${input.show === 'top' ? 'Most' : 'Least'} profitable first, by ${input.rank_by === 'profit' ? 'gross profit in dollars' : 'margin %'}.`,
      ...(input.brand ? [`Only ${input.brand} items.`] : []),
      ...(input.category ? [`Only the ${input.category} category.`] : []),
    ]
  },
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    const first = rows[0]
    if (!first) return `No SKUs sold ${betweenDates(window)}${input.brand || input.category ? ' matching the filters' : ''}.`
    const sold = `${plural(first.window_skus, 'SKU')} sold`
    const losses =
      first.window_loss_leaders === 0
        ? `No loss leaders among the ${sold}.`
        : `${plural(first.window_loss_leaders, 'loss leader')} ` +
          `(gross profit below $0) among the ${sold}.`
    return (
      `The ${input.show === 'top' ? 'most' : 'least'} profitable SKU ${betweenDates(window)} ` +
      `${input.rank_by === 'margin' ? 'by margin ' : ''}is ${first.product} (${first.sku}, ${first.brand}): ` +
      `${formatMoney(first.gross_profit)} gross profit on ${formatMoney(first.revenue)} revenue ` +
      `(${formatPercent(first.margin_percent)} margin, after ${formatMoney(first.fees)} fees and ${formatMoney(first.cost)} cost). ${losses}`
    )
  },
  chart: ({ rows, input: rawInput }) => {
    if (rows.length === 0) return undefined
    const input = inputSchema.parse(rawInput)
    return barChart({
      title: `${input.show === 'top' ? 'Most' : 'Least'} profitable SKUs`,
      values: rows.map((row) => ({ ...row, label: `${row.product} (${row.sku})` })),
      category: { field: 'label', title: 'SKU' },
      value:
        input.rank_by === 'profit'
          ? { field: 'gross_profit', title: 'Gross profit ($)', format: '$,.0f' }
          : { field: 'margin_percent', title: 'Margin (%)', format: '.1f' },
      // Keep the query's order: bottom lists start with the biggest loss.
      sort: 'none',
      extraTooltip: [
        { field: 'brand', title: 'Brand', type: 'nominal' },
        { field: 'revenue', title: 'Revenue', format: '$,.0f' },
        { field: 'fees', title: 'Fees', format: '$,.0f' },
        { field: 'cost', title: 'Cost', format: '$,.0f' },
        input.rank_by === 'profit'
          ? { field: 'margin_percent', title: 'Margin %', format: '.1f' }
          : { field: 'gross_profit', title: 'Gross profit', format: '$,.0f' },
      ],
    })
  },
})
