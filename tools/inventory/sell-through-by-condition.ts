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
    const label = { condition: sql`i.condition`, brand: sql`b.name`, category: sql`i.category` }[input.group_by]
    const brands = input.group_by === 'brand' ? sql`join brands b on b.id = i.brand_id` : sql``
    const inCohort = inLocalDays(sql, sql`i.created_at`, window, timeZone)
    const daysInStock = measures.days_in_inventory(sql, window.asOf, timeZone)
    // Grades read best S → A → B; brands and categories by volume.
    const order =
      input.group_by === 'condition'
        ? sql`array_position(array['S', 'A', 'B']::text[], label)`
        : sql`items_added desc, label`
    // The figures are those of the cohort's items joined to their products' sales (one line per item and sale, or
    // one for an unsold item), read from item_summaries (migration 0023) instead of joining products and sales.
    // An item that is its product's only one, with at most one sale line (nearly every item), is its product's one
    // line: such items are counted per label and days held in parallel, with no distinct count over half a million
    // lines. The few others are joined to their sales and counted per product, as the lines they are.
    return sql`
      with single as (
        select ${label} as label,
               i.days_held,
               count(*) as items,
               count(*) filter (where i.sale_lines > 0) as sold,
               count(*) filter (where i.sale_lines = 0 and ${daysInStock} > 180) as deadstock
        from item_summaries i
        ${brands}
        where ${inCohort} and i.product_items = 1 and i.sale_lines <= 1
        group by 1, 2
      ),
      repeated as (
        select ${label} as label, i.product_id, s.id as sale_id, s.days_held, ${daysInStock} as days_in_stock
        from item_summaries i
        ${brands}
        left join sales s on s.product_id = i.product_id
        where ${inCohort} and (i.product_items > 1 or i.sale_lines > 1)
      ),
      counts as (
        select label, sum(items) as items_added, sum(sold) as items_sold,
               coalesce(sum(items) filter (where days_held <= 30), 0) as fast_movers, sum(deadstock) as deadstock
        from single
        group by 1
        union all
        select label,
               count(distinct product_id),
               count(distinct product_id) filter (where sale_id is not null),
               count(distinct product_id) filter (where days_held <= 30),
               count(distinct product_id) filter (where sale_id is null and days_in_stock > 180)
        from repeated
        group by 1
      ),
      grouped as (
        select label,
               sum(items_added)::int as items_added,
               sum(items_sold)::int as items_sold,
               sum(fast_movers)::int as fast_movers,
               sum(deadstock)::int as deadstock
        from counts
        group by 1
      )
      select g.label, g.items_added, g.items_sold, d.average_days_to_sell, d.median_days_to_sell, g.fast_movers, g.deadstock
      from grouped g
      cross join lateral (
        -- Each line's days held: a single item's as many times as items share its label and days held.
        select ${measures.average_days_to_sell(sql)} as average_days_to_sell,
               ${measures.median_days_to_sell(sql)} as median_days_to_sell
        from (
          select x.days_held from single x cross join generate_series(1, x.items) where x.label = g.label and x.days_held is not null
          union all
          select x.days_held from repeated x where x.label = g.label
        ) s
      ) d
      order by ${order}`
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
