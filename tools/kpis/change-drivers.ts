import {
  barChart,
  coverageNote,
  coverageOf,
  defineTool,
  describeRange,
  betweenDates,
  describeWindow,
  formatMoney,
  formatNumber,
  formatPercent,
  inWindow,
  isoDate,
  limitField,
  measures,
  metrics,
  round,
  toolInput,
  windowFields,
  z,
  type ComparisonWindow,
  type DataBounds,
  type QueryContext,
  type ResolvedWindow,
  rollupMeasures,
} from '../../src/tools/define-tool.ts'

type Sql = QueryContext<unknown>['sql']

const metricMeasures = {
  revenue: measures.revenue,
  orders: measures.orders,
  gross_profit: measures.gross_profit,
  units: measures.units,
}

const rollupMetricMeasures = {
  revenue: rollupMeasures.revenue,
  orders: rollupMeasures.orders,
  gross_profit: rollupMeasures.gross_profit,
  units: rollupMeasures.units,
}

/**
 * Brand, category, condition and channel totals come from the daily rollups (the same sums as sales in far fewer
 * rows; brands from the one per brand, the smallest that has them); the buyer's region is not in them, so it is
 * summed over sales.
 */
const rollupDimensions = {
  brand: (sql: Sql) => ({ member: sql`b.name`, source: sql`sales_daily_brand_rollup r join brands b on b.id = r.brand_id` }),
  category: (sql: Sql) => ({ member: sql`r.category`, source: sql`sales_daily_rollup r` }),
  condition: (sql: Sql) => ({ member: sql`r.condition`, source: sql`sales_daily_rollup r` }),
  channel: (sql: Sql) => ({ member: sql`r.channel`, source: sql`sales_daily_channel_rollup r` }),
}

const dimensionTitles = { brand: 'Brand', category: 'Category', condition: 'Condition', channel: 'Channel', region: 'Region' }

/** The tool's input; the result callbacks receive it untyped and read it back through this schema. */
const inputSchema = toolInput({
  ...windowFields,
  metric: z
    .enum(['revenue', 'orders', 'gross_profit', 'units'])
    .default('revenue')
    .describe('The figure whose change is explained (default revenue).'),
  dimension: z
    .enum(['brand', 'category', 'condition', 'channel', 'region'])
    .default('brand')
    .describe(
      'What to break the change down by: brand, category (bag, wallet, …), condition (S, A, B), channel (whatnot, instagram, email, website) ' +
        'or region (the buyer\'s state or region).',
    ),
  compare_to: z
    .enum(['previous_period', 'last_year'])
    .default('previous_period')
    .describe(
      'The comparison period: previous_period (default: the previous calendar period of the same grain for a calendar window, e.g. August for ' +
        'September; the same elapsed days of the previous period for one in progress, e.g. 1–2 November for this_month on 2 December; the ' +
        'equal-length window just before for rolling windows and other dates) or last_year (the same period a year earlier). ' +
        'Ignored when compare_from and compare_to_date are given.',
    ),
  compare_from: isoDate.optional().describe('First day of an explicit comparison period (YYYY-MM-DD); give compare_to_date too.'),
  compare_to_date: isoDate.optional().describe('Last day of an explicit comparison period (YYYY-MM-DD, inclusive); give compare_from too.'),
  limit: limitField(10),
}).superRefine((value, context) => {
  if (value.compare_from !== undefined && value.compare_to_date === undefined) {
    context.addIssue({ code: 'custom', path: ['compare_to_date'], message: 'is needed with compare_from (give both, or neither)' })
  }
  if (value.compare_to_date !== undefined && value.compare_from === undefined) {
    context.addIssue({ code: 'custom', path: ['compare_from'], message: 'is needed with compare_to_date (give both, or neither)' })
  }
  if (value.compare_from !== undefined && value.compare_to_date !== undefined && value.compare_to_date < value.compare_from) {
    context.addIssue({
      code: 'custom',
      path: ['compare_to_date'],
      message: `must be on or after compare_from (${value.compare_from}); got ${value.compare_to_date}`,
    })
  }
})

type Input = z.output<typeof inputSchema>

/** The comparison period, from the input and the resolved window; narrate and assumptions derive it the same way. */
function comparisonWindow(input: Input, window: ResolvedWindow): ComparisonWindow {
  if (input.compare_from !== undefined && input.compare_to_date !== undefined) {
    const given = { from: input.compare_from, to: input.compare_to_date }
    return { kind: 'previous_period', ...given, label: describeRange(given), rule: 'as given' }
  }
  const found = window.comparisons.find((comparison) => comparison.kind === input.compare_to)
  if (!found) throw new Error(`change_drivers: the window has no ${input.compare_to} comparison`)
  return found
}

/** Why the change is not reported as growth (the data does not cover both periods), or undefined. */
function notComparable(window: ResolvedWindow, comparison: ComparisonWindow, bounds: DataBounds): string | undefined {
  if (coverageOf(window, bounds) === 'none') return coverageNote(window, bounds)
  if (coverageOf(comparison, bounds) === 'full') return undefined
  return coverageNote(comparison, bounds)
}

const row = z.object({
  member: z.string().describe('The brand, category, condition, channel or region; "Other" for the members beyond the limit, together.'),
  is_other: z.boolean().describe('Whether this row sums the members beyond the limit.'),
  members: z.number().int().describe('Members in the row: 1, or how many the Other row holds.'),
  comparison_value: z.number().describe('The metric in the comparison period.'),
  current_value: z.number().describe('The metric in the window.'),
  change: z.number().describe('current_value − comparison_value.'),
  change_percent: z.number().nullable().describe('change ÷ comparison_value × 100; null when the comparison value is 0.'),
  contribution_percent: z
    .number()
    .nullable()
    .describe('This row\'s share of the total change: change ÷ total change × 100 (negative when it moved against the total); null when the total did not change.'),
})

export default defineTool({
  name: 'change_drivers',
  title: 'What drove the change',
  area: 'kpis',
  description:
    'Explains why revenue, orders, gross profit or units moved against a comparison period, split by brand, category, condition, channel or region. ' +
    'The comparison is the previous period, the same dates last year or explicit dates; the change is split by brand, category, condition, channel or buyer region, each member\'s value in both periods, ' +
    'its change and its share of the total change, ranked by the size of its change, with the rest summed in an Other row (rows add up to the total). ' +
    'Use it for "why did sales drop / grow". For the period totals alone use kpi_summary; for unusual single days use anomalies.',
  input: inputSchema,
  row,
  metrics: ['revenue', 'orders', 'gross_profit', 'units'],
  examples: [
    'Why did revenue go up this month?',
    'Which brands drove the drop in sales versus last quarter?',
    'What explains the change in gross profit compared with last year, by channel?',
    'Which regions grew orders the most in the last 30 days versus the 30 before?',
  ],
  cues: {
    strong: [
      /\bwhy (?:did|has|have|is|are|was|were) (?:our |the |total )?(?:revenue|sales|orders|units|profits?|gross profit|margins?)\b/, 'what drove',
      'what explains', 'explains the', 'the change in', 'changes in', 'what caused', 'drivers', 'driver', 'explain the drop',
      'explain the change', 'behind the drop', 'behind the increase', 'root cause', 'dropped', 'drop in', 'decline', 'declined', 'fell', 'fall in',
    ],
    medium: [
      'drop', 'increase', 'jump', 'jumped',
    ],
  },
  query: ({ sql, input, window }) => {
    const totals = (period: Pick<ResolvedWindow, 'from' | 'to'>) => {
      if (input.dimension === 'region') {
        return sql`
          select coalesce(u.region, 'Unknown') as member, ${metricMeasures[input.metric](sql)} as value
          from sales s
          left join users u on u.id = s.buyer_id
          where ${inWindow(sql, sql`s.date_sold`, period)}
          group by 1`
      }
      const { member, source } = rollupDimensions[input.dimension](sql)
      return sql`
        select ${member} as member, ${rollupMetricMeasures[input.metric](sql)} as value
        from ${source}
        where ${inWindow(sql, sql`r.date_sold`, period)}
        group by 1`
    }
    // Numeric arithmetic keeps cents exact; members beyond the limit are summed into one row so every row adds up to the total.
    return sql`
      with current_period as (${totals(window)}),
      comparison_period as (${totals(comparisonWindow(input, window))}),
      members as (
        select coalesce(c.member, p.member) as member,
               coalesce(c.value, 0)::numeric as current_value,
               coalesce(p.value, 0)::numeric as comparison_value
        from current_period c
        full join comparison_period p on p.member = c.member
      ),
      ranked as (
        select member, current_value, comparison_value, current_value - comparison_value as change,
               row_number() over (order by abs(current_value - comparison_value) desc, member) as position
        from members
      ),
      grouped as (
        select case when position <= ${input.limit} then member end as member,
               min(position) as position,
               count(*)::int as members,
               sum(current_value) as current_value,
               sum(comparison_value) as comparison_value,
               sum(change) as change
        from ranked
        group by 1
      )
      select coalesce(member, 'Other') as member,
             member is null as is_other,
             members,
             round(comparison_value, 2)::float8 as comparison_value,
             round(current_value, 2)::float8 as current_value,
             round(change, 2)::float8 as change,
             round(100 * change / nullif(comparison_value, 0), 1)::float8 as change_percent,
             round(100 * change / nullif(sum(change) over (), 0), 1)::float8 as contribution_percent
      from grouped
      order by is_other, position`
  },
  // Against a base the data does not fully cover, shares of a "change" would describe missing data: they are withheld.
  postProcess: (rows, { input, window, bounds }) => {
    if (!notComparable(window, comparisonWindow(input, window), bounds)) return rows
    return rows.map((member) => ({ ...member, change_percent: null, contribution_percent: null }))
  },
  comparisons: ({ input: raw, window }) => [comparisonWindow(inputSchema.parse(raw), window)],
  assumptions: ({ input: raw, window, bounds }) => {
    const input = inputSchema.parse(raw)
    const comparison = comparisonWindow(input, window)
    const problem = notComparable(window, comparison, bounds)
    return [
      `Comparison period: ${describeWindow(comparison)} (${comparison.label === describeWindow(comparison) ? '' : `${comparison.label}, `}${comparison.rule}).`,
      ...(problem ? [`${problem} The change is not reported as growth: the data does not cover both periods.`] : []),
      `Each ${input.dimension}'s change is its ${metrics[input.metric].label.toLowerCase()} in the window minus the comparison period; ` +
        'its contribution is that change ÷ the total change × 100, so contributions add up to 100% and members that moved against the total are negative.',
      `Ranked by the size of the change; members beyond the first ${input.limit} are summed in the Other row.`,
      ...(input.dimension === 'region' ? ['Region is the buyer\'s (users.region); sales without a buyer or a region count as Unknown.'] : []),
    ]
  },
  narrate: ({ rows, input: raw, window, bounds }) => {
    const input = inputSchema.parse(raw)
    const comparison = comparisonWindow(input, window)
    const problem = notComparable(window, comparison, bounds)
    if (rows.length === 0) return `No sales ${betweenDates(window)} or ${betweenDates(comparison)}.${problem ? ` ${problem}` : ''}`
    const label = metrics[input.metric].label
    const format = input.metric === 'revenue' || input.metric === 'gross_profit' ? formatMoney : formatNumber
    const signed = (value: number) => `${value < 0 ? '−' : '+'}${format(Math.abs(value))}`
    const current = round(rows.reduce((total, member) => total + member.current_value, 0), 2)
    const previous = round(rows.reduce((total, member) => total + member.comparison_value, 0), 2)
    const change = round(current - previous, 2)
    const periods = `from ${format(previous)} (${describeWindow(comparison)}) to ${format(current)} (${describeWindow(window)})`
    const named = rows.filter((member) => !member.is_other)
    if (problem) {
      return (
        `${label} was ${format(current)} (${describeWindow(window)}) against ${format(previous)} (${describeWindow(comparison)}), ` +
        `but no change is reported: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`
      )
    }
    if (change === 0) {
      const mover = named[0]!
      return `${label} was unchanged ${periods}; the largest move was ${mover.member} (${signed(mover.change)}).`
    }
    const percent = previous === 0 ? '' : ` (${formatPercent(Math.abs((100 * change) / previous))})`
    // Rows are ranked by the size of their change: the first moving with the total drives it, the first moving against it offsets it.
    const driver = named.find((member) => Math.sign(member.change) === Math.sign(change))
    const offset = named.find((member) => Math.sign(member.change) === -Math.sign(change))
    return (
      `${label} ${change > 0 ? 'rose' : 'fell'} ${format(Math.abs(change))}${percent} ${periods}` +
      (driver
        ? `; the biggest driver was ${driver.member} (${signed(driver.change)}, ${formatPercent(driver.contribution_percent ?? 0)} of the change)`
        : '') +
      (offset ? `, while ${offset.member} moved the other way (${signed(offset.change)})` : '') +
      '.'
    )
  },
  chart: ({ rows, input: raw }) => {
    const input = inputSchema.parse(raw)
    if (rows.length === 0) return undefined
    const label = metrics[input.metric].label
    const money = input.metric === 'revenue' || input.metric === 'gross_profit'
    return barChart({
      title: `Change in ${label.toLowerCase()} by ${input.dimension}`,
      values: rows.map((member) => ({ ...member, direction: member.change < 0 ? 'Down' : 'Up' })),
      category: { field: 'member', title: dimensionTitles[input.dimension] },
      value: { field: 'change', title: `Change in ${label.toLowerCase()}${money ? ' ($)' : ''}`, ...(money ? { format: '$,.0f' } : {}) },
      color: { field: 'direction', title: 'Direction' },
      extraTooltip: [
        { field: 'comparison_value', title: 'Comparison period', ...(money ? { format: '$,.2f' } : {}) },
        { field: 'current_value', title: 'Window', ...(money ? { format: '$,.2f' } : {}) },
        { field: 'contribution_percent', title: 'Share of the change (%)' },
      ],
    })
  },
})
