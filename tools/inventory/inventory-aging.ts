import {
  customChart,
  defineTool,
  formatMoney,
  limitField,
  measures,
  plural,
  toolInput,
  z,
} from '../../src/tools/define-tool.ts'

const ageBuckets = ['0–30 days', '31–90 days', '91–180 days', 'over 180 days'] as const
const markdownRule =
  'Suggested markdown on list price by age: 0% up to 30 days in stock, 10% for 31–90 days, 20% for 91–180 days, 30% over 180 days.'
const groupTitles = { brand: 'Brand', category: 'Category', condition: 'Condition' } as const
const groupNouns = {
  brand: ['brand', 'brands'],
  category: ['category', 'categories'],
  condition: ['condition grade', 'condition grades'],
} as const

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  group_by: z
    .enum(['brand', 'category', 'condition'])
    .default('brand')
    .describe('One set of age buckets per brand, category or condition grade (default brand).'),
  limit: limitField(20, 'How many groups (brands, categories or grades) to return, largest stock value at cost first, 1 to 100 (default 20).'),
})

export default defineTool({
  name: 'inventory_aging',
  title: 'Inventory aging',
  area: 'inventory',
  description:
    'Unsold stock by age per brand, category or condition, with its value and suggested markdowns. ' +
    'Stock with quantity > 0 in age buckets (0–30, 31–90, 91–180 and over 180 days since it entered stock, as of the ' +
    'latest sale day) and by brand, category or condition (group_by): items, stock value at cost, stock value at list, average days ' +
    `in stock and a suggested markdown per bucket with the list value it would take off. ${markdownRule} ` +
    'Groups are ordered by stock value at cost, largest first. It takes no time window: it is today\'s stock. Use it for slow-moving ' +
    'inventory, days in inventory by brand and discount strategy, and for "which items should we mark down / put on clearance". For named slow items use fast_slow_movers (view slow); for how ' +
    'items taken in during a period sold use sell_through_by_condition.',
  usesWindow: false,
  input: inputSchema,
  row: z.object({
    label: z.string().describe('The brand, category or condition grade.'),
    age_bucket: z.enum(ageBuckets),
    bucket_order: z.number().int().describe('1 = youngest bucket … 4 = over 180 days.'),
    items: z.number().int().describe('Units on hand.'),
    stock_value_at_cost: z.number().describe('Purchase price × units on hand.'),
    stock_value_at_list: z.number().describe('List price × units on hand.'),
    average_days_in_stock: z.number().describe('Average days since entering stock, as of the as-of date.'),
    suggested_markdown_percent: z.number().int().describe('0, 10, 20 or 30 by age bucket.'),
    markdown_amount: z.number().describe('Stock value at list × suggested markdown %: what the markdown takes off list prices.'),
  }),
  metrics: ['days_in_inventory', 'stock_value', 'deadstock'],
  examples: [
    'How old is our inventory?',
    'Which brands have the most aged stock?',
    'What should we discount to clear slow-moving inventory?',
    'Days in inventory by category',
    'How much stock value has been sitting over 180 days?',
  ],
  cues: {
    strong: [
      'deadstock', 'dead stock', 'aging', 'ageing', 'aged inventory', 'aged stock', 'old stock', 'old inventory',
      'sitting in stock', 'sitting in inventory', 'been sitting', 'stale', 'unsold', 'days in inventory', 'how old is our',
      // Its rows carry suggested markdowns: the answer to "what should we discount".
      'mark down', 'markdown', 'markdowns', 'mark-downs', 'clearance', 'clear out', 'discount', 'reduce the price', 'reduce prices',
      'price cut', 'price cuts', 'cut prices', 'put on sale',
    ],
    medium: [
      'inventory', 'stock',
    ],
  },
  query: ({ sql, input, window, timeZone }) => {
    const label = { brand: sql`b.name`, category: sql`i.category`, condition: sql`i.condition` }[input.group_by]
    const brands = input.group_by === 'brand' ? sql`join brands b on b.id = i.brand_id` : sql``
    // Stock is read from item_summaries (migration 0023), which holds each item's grade, category and brand, through
    // its index on stock, instead of joining a million products. Items are summed per label and days in stock first,
    // so each item's day is computed once and the buckets are formed from a few thousand rows; the average over
    // items is their days summed ÷ their count, what avg computes.
    return sql`
      with stock as (
        select ${label} as label,
               ${measures.days_in_inventory(sql, window.asOf, timeZone)} as days_in_stock,
               count(*) as item_rows,
               sum(i.quantity) as quantity,
               sum(i.quantity * i.purchase_price) as value_at_cost,
               sum(i.quantity * i.list_price) as value_at_list
        from item_summaries i
        ${brands}
        where i.quantity > 0
        group by 1, 2
      ),
      grouped as (
        select label,
               case when days_in_stock <= 30 then 1 when days_in_stock <= 90 then 2 when days_in_stock <= 180 then 3 else 4 end as bucket_order,
               sum(quantity)::int as items,
               sum(value_at_cost)::float8 as stock_value_at_cost,
               sum(value_at_list) as list_value,
               round(sum(days_in_stock * item_rows)::numeric / sum(item_rows), 1)::float8 as average_days_in_stock
        from stock
        group by 1, 2
      ),
      with_group_value as (
        select *, sum(stock_value_at_cost) over (partition by label) as group_value
        from grouped
      ),
      ranked as (
        select *, dense_rank() over (order by group_value desc, label) as group_rank
        from with_group_value
      )
      select label,
             (array['0–30 days', '31–90 days', '91–180 days', 'over 180 days'])[bucket_order] as age_bucket,
             bucket_order,
             items,
             stock_value_at_cost,
             list_value::float8 as stock_value_at_list,
             average_days_in_stock,
             (array[0, 10, 20, 30])[bucket_order] as suggested_markdown_percent,
             round(list_value * (array[0, 10, 20, 30])[bucket_order] / 100, 2)::float8 as markdown_amount
      from ranked
      where group_rank <= ${input.limit}
      order by group_rank, bucket_order`
  },
  assumptions: ({ window }) => [
    `Days in stock run from inventory.created_at (business day) to ${window.asOf}; items dated after it count as 0 days.`,
    'Unsold stock is every inventory row with quantity > 0, listed or not.',
    markdownRule,
  ],
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    if (rows.length === 0) return `No unsold stock as of ${window.asOf}.`
    const sum = (selected: typeof rows, pick: (row: (typeof rows)[number]) => number) =>
      selected.reduce((total, row) => total + pick(row), 0)
    const groups = new Set(rows.map((row) => row.label)).size
    const oldest = rows.filter((row) => row.bucket_order === 4)
    const worst = [...oldest].sort((a, b) => b.stock_value_at_cost - a.stock_value_at_cost)[0]
    const oldItems = sum(oldest, (row) => row.items)
    const aged = worst
      ? `${plural(oldItems, 'item')} (${formatMoney(sum(oldest, (row) => row.stock_value_at_cost))} at cost) ` +
        `${oldItems === 1 ? 'has' : 'have'} been in stock over 180 days, the largest share in ${worst.label} ` +
        `(${formatMoney(worst.stock_value_at_cost)} at cost).`
      : 'No item has been in stock over 180 days.'
    const [singular, pluralForm] = groupNouns[input.group_by]
    const items = sum(rows, (row) => row.items)
    return (
      `As of ${window.asOf}, ${plural(items, 'item')} ${items === 1 ? 'is' : 'are'} in stock across the ` +
      `${groups === 1 ? singular : plural(groups, singular, pluralForm)} shown: ` +
      `${formatMoney(sum(rows, (row) => row.stock_value_at_cost))} at cost, ${formatMoney(sum(rows, (row) => row.stock_value_at_list))} at list. ` +
      `${aged} The suggested markdowns (0% / 10% / 20% / 30% by age) would take ` +
      `${formatMoney(sum(rows, (row) => row.markdown_amount))} off list prices.`
    )
  },
  chart: ({ rows, input: rawInput }) => {
    if (rows.length === 0) return undefined
    const input = inputSchema.parse(rawInput)
    return customChart({
      title: `Stock value at cost by age, per ${input.group_by}`,
      data: { values: rows },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'label', type: 'nominal', title: groupTitles[input.group_by], sort: '-x' },
        x: { field: 'stock_value_at_cost', type: 'quantitative', title: 'Stock value at cost ($)', axis: { format: '$,.0f' }, stack: 'zero' },
        // Buckets stack and list youngest to oldest, not alphabetically.
        color: { field: 'age_bucket', type: 'nominal', title: 'Days in stock', sort: [...ageBuckets] },
        order: { field: 'bucket_order', type: 'quantitative' },
        tooltip: [
          { field: 'label', type: 'nominal', title: groupTitles[input.group_by] },
          { field: 'age_bucket', type: 'nominal', title: 'Days in stock' },
          { field: 'items', type: 'quantitative', title: 'Items' },
          { field: 'stock_value_at_cost', type: 'quantitative', title: 'Value at cost', format: '$,.0f' },
          { field: 'stock_value_at_list', type: 'quantitative', title: 'Value at list', format: '$,.0f' },
          { field: 'suggested_markdown_percent', type: 'quantitative', title: 'Suggested markdown %' },
        ],
      },
    })
  },
})
