import {
  columnChart,
  defineTool,
  betweenDates,
  formatNumber,
  formatPercent,
  measures,
  plural,
  ratios,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'
import { inLocalDays } from '../in-local-days.ts'


// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  ...windowFields,
  group_by: z
    .enum(['condition', 'brand', 'category'])
    .default('condition')
    .describe('One row per condition grade (S, A, B), brand or category (default condition).'),
})

export default defineTool({
  name: 'sell_through_by_condition',
  title: 'Sell-through by condition',
  area: 'inventory',
  description:
    'Sell-through and days to sell of the items taken into stock in the window, per condition grade, brand or category. ' +
    'Per group (condition S/A/B by default, inventory.created_at in the window): items added, items sold so far, sell-through % (sold ÷ added), average and median days to sell, fast movers (sold within ' +
    '30 days of being added) and deadstock (still unsold more than 180 days after being added, as of today on the business clock). ' +
    'Use it to compare how quickly S, A and B items turn over and which grades to buy. For a list of individual fast or slow items ' +
    'use fast_slow_movers; for all unsold stock by age use inventory_aging.',
  input: inputSchema,
  row: z.object({
    label: z.string().describe('The condition grade, brand or category.'),
    items_added: z.number().int().describe('Items taken into stock in the window.'),
    items_sold: z.number().int().describe('Of those, items sold by the as-of date.'),
    sell_through_percent: z.number().nullable().describe('Items sold ÷ items added × 100.'),
    average_days_to_sell: z.number().nullable(),
    median_days_to_sell: z.number().nullable(),
    fast_movers: z.number().int().describe('Items sold within 30 days of being added.'),
    deadstock: z.number().int().describe('Items unsold more than 180 days after being added, as of the as-of date.'),
  }),
  metrics: ['sell_through', 'days_to_sell', 'fast_movers', 'deadstock'],
  examples: [
    'What is the sell-through rate by condition?',
    'How fast do S, A and B items sell?',
    'Sell-through by brand for items bought this year',
    'Which categories have the most deadstock?',
    'Do grade B items take longer to sell?',
  ],
  cues: {
    strong: [
      'sell-through', 'sell through', 'sellthrough', 'sell through rate', /\bs,? a,? and b\b/,
    ],
    weak: [
      'grade', 'condition',
    ],
  },
  query: ({ sql, input, window, timeZone }) => {
    const label = { condition: sql`c.condition`, brand: sql`c.brand`, category: sql`c.category` }[input.group_by]
    // Grades read best S → A → B; brands and categories by volume.
    const order =
      input.group_by === 'condition'
        ? sql`array_position(array['S', 'A', 'B']::text[], label)`
        : sql`items_added desc, label`
    return sql`
      with cohort as (
        select p.id as product_id,
               p.condition,
               p.category,
               b.name as brand,
               ${measures.days_in_inventory(sql, window.asOf, timeZone)} as days_in_stock
        from inventory i
        join products p on p.id = i.product_id
        join brands b on b.id = p.brand_id
        where ${inLocalDays(sql, sql`i.created_at`, window, timeZone)}
      ),
      grouped as (
        select ${label} as label,
               count(distinct c.product_id)::int as items_added,
               count(distinct s.product_id)::int as items_sold,
               ${measures.average_days_to_sell(sql)} as average_days_to_sell,
               ${measures.median_days_to_sell(sql)} as median_days_to_sell,
               (count(distinct s.product_id) filter (where s.days_held <= 30))::int as fast_movers,
               (count(distinct c.product_id) filter (where s.id is null and c.days_in_stock > 180))::int as deadstock
        from cohort c
        left join sales s on s.product_id = c.product_id
        group by 1
      )
      select * from grouped order by ${order}`
  },
  postProcess: (rows) =>
    rows.map((row) => ({ ...row, sell_through_percent: ratios.percent(Number(row.items_sold), Number(row.items_added)) })),
  assumptions: ({ window }) => [
    'The cohort is every item whose inventory.created_at falls in the window; a sale at any time up to the as-of date counts as sold.',
    'Days to sell is sales.days_held. Fast movers sold within 30 days of being added.',
    `Deadstock: unsold and more than 180 days in stock as of ${window.asOf}.`,
  ],
  narrate: ({ rows, window }) => {
    const added = rows.reduce((sum, row) => sum + row.items_added, 0)
    if (added === 0) return `No items were taken into stock ${betweenDates(window)}.`
    const sold = rows.reduce((sum, row) => sum + row.items_sold, 0)
    const deadstock = rows.reduce((sum, row) => sum + row.deadstock, 0)
    const best = [...rows].sort((a, b) => (b.sell_through_percent ?? 0) - (a.sell_through_percent ?? 0))[0]!
    return (
      `Of ${plural(added, 'item')} taken into stock ${betweenDates(window)}, ${formatNumber(sold)} ` +
      `${sold === 1 ? 'has' : 'have'} sold (${formatPercent(ratios.percent(sold, added) ?? 0)}). ` +
      `${best.label} sells through best: ${formatPercent(best.sell_through_percent ?? 0)} of ${plural(best.items_added, 'item')}` +
      (best.median_days_to_sell === null ? '' : `, median ${plural(best.median_days_to_sell, 'day')} to sell`) +
      `. Deadstock: ${plural(deadstock, 'item')} unsold over 180 days as of ${window.asOf}.`
    )
  },
  chart: ({ rows, input: rawInput }) => {
    if (rows.length === 0) return undefined
    const input = inputSchema.parse(rawInput)
    return columnChart({
      title: `Sell-through by ${input.group_by}`,
      values: rows,
      category: { field: 'label', title: input.group_by[0]!.toUpperCase() + input.group_by.slice(1) },
      value: { field: 'sell_through_percent', title: 'Sell-through (%)', format: '.0f' },
      // The query's order: S → A → B, or by volume.
      order: rows.map((row) => row.label),
      extraTooltip: [
        { field: 'items_added', title: 'Items added' },
        { field: 'items_sold', title: 'Items sold' },
        { field: 'median_days_to_sell', title: 'Median days to sell' },
        { field: 'fast_movers', title: 'Fast movers' },
        { field: 'deadstock', title: 'Deadstock' },
      ],
    })
  },
})
