import {
  barChart,
  defineTool,
  betweenDates,
  formatMoney,
  formatNumber,
  formatPercent,
  inWindow,
  limitField,
  rollupMeasures,
  plural,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const sortLabels = {
  profit: 'gross profit',
  revenue: 'revenue',
  margin: 'margin',
  days_to_sell: 'speed of sale',
} as const

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  ...windowFields,
  sort_by: z
    .enum(['profit', 'revenue', 'margin', 'days_to_sell'])
    .default('profit')
    .describe('Order of the brands: gross profit, revenue or margin % (highest first), or days_to_sell (fastest first). Default profit.'),
  limit: limitField(10),
})

export default defineTool({
  name: 'brand_performance',
  title: 'Brand performance',
  area: 'products',
  description:
    'Brand profitability league table: revenue, gross profit, margin and days to sell per brand. ' +
    'Each row has the products in the catalogue, sales, units, ' +
    'revenue and gross profit in the window, average profit % per sale (return on cost), ' +
    'margin % (profit ÷ revenue) and average days to sell. sort_by profit, revenue, margin or days_to_sell (fastest first). ' +
    'Brands with products but no sales in the window are listed last with zeros. Use it to decide which brands to source more of. ' +
    'For individual products use top_products; for SKU-level profit and losses use sku_profitability; for unsold stock by brand use inventory_aging.',
  input: inputSchema,
  row: z.object({
    brand: z.string(),
    products: z.number().int().describe('Products of the brand in the catalogue on the window\'s last day.'),
    sales: z.number().int().describe('Sale lines in the window.'),
    units: z.number().int(),
    revenue: z.number(),
    gross_profit: z.number(),
    average_profit_percent: z.number().nullable().describe('Average of sales.percent_profit (return on cost per sale); null without sales.'),
    margin_percent: z.number().describe('Gross profit ÷ revenue × 100 (0 without sales).'),
    average_days_to_sell: z.number().nullable().describe('Average days from entering stock to sale; null without sales.'),
    average_discount_percent: z.number().describe('Discounts ÷ the list value of the items sold × 100 (0 without sales).'),
  }),
  metrics: ['orders', 'units', 'revenue', 'gross_profit', 'return_on_cost_percent', 'margin_percent', 'days_to_sell', 'average_discount_percent'],
  examples: [
    'Which brands are the most profitable?',
    'Brand performance this year by revenue',
    'Which brand has the best margin?',
    'Which brands sell the fastest?',
    'Compare Chanel, Louis Vuitton and Gucci profitability',
  ],
  cues: {
    medium: [
      'money maker', 'money makers', 'moneymaker', 'cash cow', 'bread and butter',
    ],
    strong: [
      'brand performance', 'brands perform', 'brand margins', 'brand margin', 'which brands', 'which brand',
      'brand profitability', 'profitable brands', 'most profitable brand', /\bbrands? sells? (?:the )?(?:fastest|quickest)\b/,
    ],
    weak: [
      'days to sell', 'brands', 'brand', 'profitability',
    ],
  },
  query: ({ sql, input, window, timeZone }) => {
    const order = {
      profit: sql`gross_profit desc`,
      revenue: sql`revenue desc`,
      margin: sql`margin_percent desc`,
      days_to_sell: sql`average_days_to_sell asc`,
    }[input.sort_by]
    // Brands without sales go last whatever the sort: their zeros are not a margin or a speed.
    // A brand's products (those in stock by the window's end, or sold in it) are counted apart from its sales in the
    // window, so neither a join of every product to the sales nor a distinct count over it is needed. A brand without
    // sales takes the measures' values over no sales (the same expressions over an empty set), as it did when its
    // products were left-joined to none.
    const figures = sql`
      ${rollupMeasures.orders(sql)} as sales,
      ${rollupMeasures.units(sql)} as units,
      ${rollupMeasures.revenue(sql)} as revenue,
      ${rollupMeasures.gross_profit(sql)} as gross_profit,
      ${rollupMeasures.average_return_on_cost_percent(sql)} as average_profit_percent,
      ${rollupMeasures.margin_percent(sql)} as margin_percent,
      ${rollupMeasures.average_days_to_sell(sql)} as average_days_to_sell,
      ${rollupMeasures.average_discount_percent(sql)} as average_discount_percent`
    return sql`
      with stocked as (
        -- One pass over products, grouped by hashing (offset 0 keeps the planner from reading all of them through the
        -- brand index in brand order); the sales of the window are looked up only for products added after it.
        select listed.brand_id, count(*) filter (where listed.counted) as products
        from (
          select p.brand_id,
                 -- Added by the window's last business day: before the next day's local midnight, one comparison per row.
                 p.created_at < (${window.to}::date + 1)::timestamp at time zone ${timeZone}
                   or exists (select from sales s where s.product_id = p.id and ${inWindow(sql, sql`s.date_sold`, window)}) as counted
          from products p
          offset 0
        ) as listed
        group by listed.brand_id
      ),
      -- The window's figures per brand from the daily brand rollup: the same measures as over its sales.
      sold as (
        select r.brand_id, ${figures}
        from sales_daily_brand_rollup r
        where ${inWindow(sql, sql`r.date_sold`, window)}
        group by r.brand_id
      ),
      unsold as (
        select ${figures} from sales_daily_brand_rollup r where false
      )
      select b.name as brand,
             stocked.products::int as products,
             coalesce(x.sales, e.sales) as sales,
             coalesce(x.units, e.units) as units,
             coalesce(x.revenue, e.revenue) as revenue,
             coalesce(x.gross_profit, e.gross_profit) as gross_profit,
             coalesce(x.average_profit_percent, e.average_profit_percent) as average_profit_percent,
             coalesce(x.margin_percent, e.margin_percent) as margin_percent,
             coalesce(x.average_days_to_sell, e.average_days_to_sell) as average_days_to_sell,
             coalesce(x.average_discount_percent, e.average_discount_percent) as average_discount_percent
      from brands b
      join stocked on stocked.brand_id = b.id and stocked.products > 0
      left join sold x on x.brand_id = b.id
      cross join unsold e
      order by x.brand_id is null, ${order}, revenue desc, brand
      limit ${input.limit}`
  },
  assumptions: ({ input: rawInput }) => {
    const input = inputSchema.parse(rawInput)
    return [
      'Products counts every product of the brand created on or before the window\'s last day, sold or not.',
      'Average profit % is the mean of sales.percent_profit (profit ÷ purchase cost per sale); margin % is total profit ÷ total revenue.',
      `Sorted by ${sortLabels[input.sort_by]}${input.sort_by === 'days_to_sell' ? ' (fewest days first)' : ' (highest first)'}; brands without sales in the window come last.`,
    ]
  },
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    const selling = rows.filter((row) => row.sales > 0)
    const leader = selling[0]
    if (!leader) return `No sales ${betweenDates(window)}.`
    const detail =
      `${formatMoney(leader.gross_profit)} gross profit on ${formatMoney(leader.revenue)} revenue from ${plural(leader.sales, 'sale')} ` +
      `(${formatPercent(leader.margin_percent)} margin` +
      (leader.average_days_to_sell === null ? ')' : `, ${formatNumber(leader.average_days_to_sell)} days to sell on average)`)
    const idle = rows.length - selling.length
    return (
      `${leader.brand} leads on ${sortLabels[input.sort_by]} ${betweenDates(window)}: ${detail}.` +
      (selling[1] ? ` Next: ${selling[1].brand}.` : '') +
      (idle > 0 ? ` ${plural(idle, 'brand')} listed had no sales in the window.` : '')
    )
  },
  chart: ({ rows, input: rawInput }) => {
    const input = inputSchema.parse(rawInput)
    if (rows.every((row) => row.sales === 0)) return undefined
    const value = {
      profit: { field: 'gross_profit', title: 'Gross profit ($)', format: '$,.0f' },
      revenue: { field: 'revenue', title: 'Revenue ($)', format: '$,.0f' },
      margin: { field: 'margin_percent', title: 'Margin (%)', format: '.1f' },
      days_to_sell: { field: 'average_days_to_sell', title: 'Average days to sell', format: '.1f' },
    }[input.sort_by]
    return barChart({
      title: `Brands by ${sortLabels[input.sort_by]}`,
      values: rows,
      category: { field: 'brand', title: 'Brand' },
      value,
      // The query's order already puts the fastest (fewest days) or the highest first.
      sort: 'none',
      extraTooltip: [
        { field: 'sales', title: 'Sales' },
        { field: 'revenue', title: 'Revenue', format: '$,.0f' },
        { field: 'gross_profit', title: 'Gross profit', format: '$,.0f' },
        { field: 'margin_percent', title: 'Margin %', format: '.1f' },
        { field: 'average_days_to_sell', title: 'Average days to sell', format: '.1f' },
      ].filter((tooltip) => tooltip.field !== value.field),
    })
  },
})
