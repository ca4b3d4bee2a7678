import {
  barChart,
  defineTool,
  formatMoney,
  formatNumber,
  limitField,
  plural,
  salesFilterFields,
  toolInput,
  valueLabel,
  z,
} from '../../src/tools/define-tool.ts'

const groupings = ['model', 'brand', 'category', 'condition'] as const
type Grouping = (typeof groupings)[number]
const groupTitles: Record<Grouping, string> = { model: 'Model', brand: 'Brand', category: 'Category', condition: 'Condition' }
const groupNouns: Record<Grouping, [string, string]> = {
  model: ['model', 'models'],
  brand: ['brand', 'brands'],
  category: ['category', 'categories'],
  condition: ['condition grade', 'condition grades'],
}

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  group_by: z
    .enum(groupings)
    .default('model')
    .describe('Rows per model (product name), brand, category or condition (default model).'),
  below: z
    .number({ error: 'must be a whole number from 1 to 1000' })
    .int('must be a whole number from 1 to 1000')
    .min(1, 'must be a whole number from 1 to 1000')
    .max(1000, 'must be a whole number from 1 to 1000')
    .optional()
    .describe('Only groups with fewer units than this (sold out included), fewest first.'),
  brand: salesFilterFields.brand,
  model: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("Only products whose name contains this, any case ('Birkin')."),
  category: salesFilterFields.category,
  condition: salesFilterFields.condition,
  limit: limitField(20),
})
type Input = z.output<typeof inputSchema>

/** "Hermès", "model Birkin", "category bag": the filters given, for assumptions and narration. */
function describeFilters(input: Input): string {
  const parts = [
    input.brand ? `brand ${input.brand}` : '',
    input.model ? `models named like '${input.model}'` : '',
    input.category ? `category ${valueLabel('category', input.category)}` : '',
    input.condition ? `condition ${valueLabel('condition', input.condition)}` : '',
  ]
  return parts.filter(Boolean).join(', ')
}

export default defineTool({
  name: 'stock_levels',
  title: 'Stock levels',
  area: 'inventory',
  description:
    'Units in stock now and their value at cost and at list, per model, brand, category or condition grade; with below N, only ' +
    'groups under N units (sold out included). Use it for "how many X do we have" and "what is low in stock". For the age of ' +
    'stock and markdowns use inventory_aging; for how fast items sell use sell_through_by_condition.',
  usesWindow: false,
  input: inputSchema,
  filters: { brand: 'brand' },
  row: z.object({
    brand: z.string().nullable().describe('The brand (group_by model or brand); empty otherwise.'),
    model: z.string().nullable().describe('The product name (group_by model); empty otherwise.'),
    category: z.string().nullable().describe('The category (group_by model or category); empty otherwise.'),
    condition: z.string().nullable().describe('The condition grade (group_by condition); empty otherwise.'),
    in_stock: z.number().int().describe('Units on hand now (inventory.quantity summed); 0 when every item of the group sold.'),
    stock_value_at_cost: z.number().describe('Purchase price × units on hand.'),
    stock_value_at_list: z.number().describe('List price × units on hand.'),
    groups_matching: z.number().int().describe('How many groups match before the limit: the same on every row.'),
    sold_out_matching: z.number().int().describe('Of those, how many have nothing in stock: the same on every row.'),
  }),
  metrics: ['stock_value'],
  examples: [
    'What do we have in stock by brand?',
    "What's low in stock?",
    'How many Birkins do we have?',
    'Which models have fewer than 2 in stock?',
    'How much Chanel inventory do we hold, by category?',
  ],
  cues: {
    strong: [
      'in stock', 'stock level', 'stock levels', 'low stock', 'low in stock', 'running low', 'out of stock', 'sold out',
      'on hand', 'inventory levels', 'inventory level', 'stock count', 'left in stock', 'restock', 'reorder',
      /\bwhat (?:are|have) we (?:run |sold )?out of\b/,
      // "How many Birkins do we have / are left", but not customers, orders or other things counted elsewhere.
      /\bhow many (?!(?:new |repeat |returning |active )?(?:customers?|buyers?|clients?|people|champions?|vips?|whales?|segments?|loyal\w*|orders?|sales|shows?|campaigns?|submissions?|consignors?|sellers?|sessions?|visitors?|units sold|days?|weeks?|months?)\b)[\w' -]{1,40} (?:do we (?:still )?(?:have|hold|carry)|have we got|are (?:still )?left)\b/,
    ],
    medium: ['inventory', 'stock'],
  },
  query: ({ sql, input }) => {
    const grouping = input.group_by as Grouping
    const labels = {
      model: sql`b.name as brand, i.model as model, i.category as category, null::text as condition`,
      brand: sql`b.name as brand, null::text as model, null::text as category, null::text as condition`,
      category: sql`null::text as brand, null::text as model, i.category as category, null::text as condition`,
      condition: sql`null::text as brand, null::text as model, null::text as category, i.condition as condition`,
    }[grouping]
    // Grades read S → A → B; the other labels alphabetically after the stock order.
    const labelOrder = grouping === 'condition' ? sql`array_position(array['S', 'A', 'B']::text[], condition)` : sql`brand, model, category`
    // Every item of the group counts (a sold one as 0 units), so a sold-out group is still a row for `below`. Items
    // are read from item_summaries (migrations 0023, 0028: each inventory row with its product's brand, category,
    // grade and model, kept exact by triggers), so stock is read from the index of stock on hand without joining
    // every item to its product.
    return sql`
      with grouped as (
        select ${labels},
               coalesce(sum(i.quantity), 0)::int as in_stock,
               coalesce(sum(i.quantity * i.purchase_price), 0)::float8 as stock_value_at_cost,
               coalesce(sum(i.quantity * i.list_price), 0)::float8 as stock_value_at_list
        from item_summaries i
        join brands b on b.id = i.brand_id
        where true
          -- Without a threshold only groups with stock are listed, and sold items (quantity 0, never below) add
          -- nothing to them: the items on hand alone, through the partial index on them, give the same sums.
          ${input.below === undefined ? sql`and i.quantity > 0` : sql``}
          ${input.brand ? sql`and b.name = ${input.brand}` : sql``}
          ${input.model ? sql`and strpos(lower(i.model), lower(${input.model})) > 0` : sql``}
          ${input.category ? sql`and i.category = ${input.category}` : sql``}
          ${input.condition ? sql`and i.condition = ${input.condition}` : sql``}
        group by 1, 2, 3, 4
      )
      select *,
             (count(*) over ())::int as groups_matching,
             (count(*) filter (where in_stock = 0) over ())::int as sold_out_matching
      from grouped
      where ${input.below === undefined ? sql`in_stock > 0` : sql`in_stock < ${input.below}`}
      order by ${input.below === undefined ? sql`in_stock desc` : sql`in_stock asc`}, stock_value_at_list desc, ${labelOrder}
      limit ${input.limit}`
  },
  assumptions: ({ input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    const filters = describeFilters(input)
    return [
      `Stock as it stands now (as of ${window.asOf}): inventory.quantity of every item, listed for sale or not; a sold item counts 0.`,
      'Value at cost is inventory.purchase_price × units on hand; value at list is inventory.list_price × units on hand.',
      ...(input.model ? [`A model matches when the product name contains '${input.model}', ignoring case.`] : []),
      ...(filters ? [`Only ${filters}.`] : []),
      input.below === undefined
        ? 'Groups with nothing in stock are left out; most units first.'
        : `Low stock: groups with fewer than ${plural(input.below, 'unit')} in stock, sold-out groups included; fewest first.`,
    ]
  },
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    const grouping = input.group_by as Grouping
    const filters = describeFilters(input)
    const scope = filters ? ` (${filters})` : ''
    const name = (row: (typeof rows)[number]) =>
      grouping === 'model'
        ? row.model!
        : grouping === 'brand'
          ? row.brand!
          : grouping === 'category'
            ? valueLabel('category', row.category!)
            : valueLabel('condition', row.condition!)
    const [noun, nouns] = groupNouns[grouping]
    if (input.below !== undefined) {
      if (rows.length === 0) return `As of ${window.asOf}, no ${noun}${scope} has fewer than ${plural(input.below, 'unit')} in stock.`
      const lowest = rows[0]!
      const { groups_matching: matching, sold_out_matching: soldOut } = lowest
      return (
        `As of ${window.asOf}, ${plural(matching, noun, nouns)}${scope} ${matching === 1 ? 'has' : 'have'} fewer than ` +
        `${plural(input.below, 'unit')} in stock` +
        (soldOut > 0 ? ` (${formatNumber(soldOut)} sold out)` : '') +
        `. Lowest: ${name(lowest)} with ${plural(lowest.in_stock, 'unit')}` +
        (matching > rows.length ? `; ${rows.length === 1 ? 'only the lowest is' : `the ${formatNumber(rows.length)} lowest are`} shown.` : '.')
      )
    }
    if (rows.length === 0) return `As of ${window.asOf}, nothing${scope} is in stock.`
    const units = rows.reduce((sum, row) => sum + row.in_stock, 0)
    const atList = rows.reduce((sum, row) => sum + row.stock_value_at_list, 0)
    const atCost = rows.reduce((sum, row) => sum + row.stock_value_at_cost, 0)
    const top = rows[0]!
    const hidden = top.groups_matching - rows.length
    return (
      `As of ${window.asOf}, ${plural(units, 'unit')}${scope} ${units === 1 ? 'is' : 'are'} in stock across the ` +
      `${plural(rows.length, noun, nouns)} shown${hidden > 0 ? ` (of ${formatNumber(top.groups_matching)} in stock)` : ''}, worth ${formatMoney(atList)} at list and ${formatMoney(atCost)} at cost. ` +
      `Most in stock: ${name(top)} with ${plural(top.in_stock, 'unit')} (${formatMoney(top.stock_value_at_list)} at list).`
    )
  },
  chart: ({ rows, input: rawInput }) => {
    if (rows.length === 0) return undefined
    const grouping = inputSchema.parse(rawInput).group_by as Grouping
    return barChart({
      title: `Units in stock by ${groupTitles[grouping].toLowerCase()}`,
      values: rows,
      category: { field: grouping, title: groupTitles[grouping] },
      value: { field: 'in_stock', title: 'Units in stock', format: ',.0f' },
      // The query's order: most units first, or fewest first for low stock.
      sort: 'none',
      extraTooltip: [
        { field: 'stock_value_at_list', title: 'Value at list', format: '$,.0f' },
        { field: 'stock_value_at_cost', title: 'Value at cost', format: '$,.0f' },
      ],
    })
  },
})
