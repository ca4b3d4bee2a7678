import {
  addDays,
  addMonths,
  betweenDates,
  customChart,
  defineTool,
  fitLinearTrend,
  forecast,
  forecastErrors,
  formatNumber,
  formatPercent,
  inWindow,
  limitField,
  measures,
  rollupMeasures,
  minimumTrendPeriods,
  round,
  salesFilterFields,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const groupings = ['category', 'brand', 'model'] as const
type Grouping = (typeof groupings)[number]
const groupTitles: Record<Grouping, string> = { category: 'Category', brand: 'Brand', model: 'Model' }

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  ...windowFields,
  grain: z.enum(['week', 'month']).default('month').describe('Weekly or monthly (default month).'),
  group_by: z.enum(groupings).default('category').describe('Forecast per category, brand or model (product name); default category.'),
  brand: salesFilterFields.brand,
  category: salesFilterFields.category,
  model: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("Only products whose name contains this, any case ('Birkin')."),
  horizon: z.number().int().min(1).max(12).default(3).describe('Weeks or months ahead, 1 to 12 (default 3); as many are held out to measure the error.'),
  limit: limitField(5, 'Groups to forecast, most units first, 1 to 100 (default 5).'),
})
type Input = z.output<typeof inputSchema>

const historyRows = z.array(z.object({ group: z.string(), period: z.string(), units: z.number().int() }))

const row = z.object({
  group: z.string().describe('The category, brand or model.'),
  period: z.string().describe('First day of the week (a Monday) or month (YYYY-MM-DD).'),
  kind: z.enum(['actual', 'forecast']).describe('actual: a full week or month of history; forecast: one ahead.'),
  units: z.number().int().nullable().describe('Units sold in the period; null on forecast periods.'),
  forecast: z.number().nullable().describe('The fitted value on actual periods, the forecast ahead; null when the history is too short.'),
  lower_80: z.number().nullable().describe('Lower bound of the 80% prediction interval (forecast periods only).'),
  upper_80: z.number().nullable().describe('Upper bound of the 80% prediction interval (forecast periods only).'),
  lower_95: z.number().nullable().describe('Lower bound of the 95% prediction interval (forecast periods only).'),
  upper_95: z.number().nullable().describe('Upper bound of the 95% prediction interval (forecast periods only).'),
  holdout_forecast: z.number().nullable().describe('On the last holdout periods: what the line fitted without them predicted; null elsewhere.'),
  holdout_mae: z.number().nullable().describe("The group's holdout mean absolute error in units, the same on every row of the group; null without a holdout."),
  holdout_mape_percent: z
    .number()
    .nullable()
    .describe("The group's holdout mean absolute percentage error over periods with sales, the same on every row; null without one."),
})
type Row = z.output<typeof row>

/** Units cannot be negative: the line's values and bounds are floored at 0, to one decimal. */
const unitsValue = (value: number) => round(Math.max(0, value), 1)

const nextPeriod = (grain: Input['grain'], period: string, steps: number) => (grain === 'week' ? addDays(period, 7 * steps) : addMonths(period, steps))

function groupsOf(rows: readonly Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>()
  for (const entry of rows) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry])
  return groups
}

/** A group's holdout error from its actual periods and what the line fitted without them predicted (rounded as shown). */
function holdoutErrors(rows: readonly Pick<Row, 'units' | 'holdout_forecast'>[]): { mae: number | null; mape: number | null } {
  const pairs = rows.flatMap((entry) => (entry.units !== null && entry.holdout_forecast !== null ? [{ actual: entry.units, predicted: entry.holdout_forecast }] : []))
  const errors = forecastErrors(pairs)
  return {
    mae: errors.meanAbsoluteError === null ? null : round(errors.meanAbsoluteError, 1),
    mape: errors.meanAbsolutePercentageError === null ? null : round(errors.meanAbsolutePercentageError, 1),
  }
}

/** "holdout error over the last 3: MAE 1.5 units, MAPE 12.0%", read from a group's rows, or undefined without a holdout. */
function describeHoldout(rows: readonly Row[]): string | undefined {
  const first = rows[0]
  if (!first || first.holdout_mae === null) return undefined
  const periods = rows.filter((entry) => entry.holdout_forecast !== null).length
  const percentage = first.holdout_mape_percent === null ? 'no MAPE (no units sold then)' : `MAPE ${formatPercent(first.holdout_mape_percent)}`
  return `holdout error over the last ${formatNumber(periods)}: MAE ${formatNumber(first.holdout_mae)} units, ${percentage}`
}

export default defineTool({
  name: 'demand_forecast',
  title: 'Demand forecast',
  area: 'kpis',
  description:
    'Forecasts units sold per category, brand or model, weekly or monthly, with 80% and 95% intervals and a holdout error (MAE, MAPE). ' +
    'Use it for "forecast wallet demand" or how many Birkins we will sell. For revenue use revenue_forecast; for stock now use stock_levels.',
  input: inputSchema,
  filters: { brand: 'brand' },
  row,
  metrics: ['units'],
  examples: [
    'Forecast wallet demand for the next 3 months',
    'How many bags will we sell next month?',
    'Weekly demand forecast by brand',
    'Forecast Birkin demand',
    'What demand should we expect for backpacks?',
  ],
  cues: {
    strong: [
      'demand', 'demand forecast', 'forecast demand', 'units forecast', 'forecast units', 'how many will we sell',
      /\bhow many [\w' -]{1,40} will we sell\b/, /\b(?:forecast|predict|project) (?:the )?(?:units|unit sales|demand)\b/,
    ],
  },
  // Newest period first, so a row cap would drop the oldest history rather than the periods the forecast starts from.
  query: ({ sql, input, window }) => {
    const step = input.grain === 'week' ? sql`interval '1 week'` : sql`interval '1 month'`
    // Units by category or brand are in the daily rollup (day × channel × brand × category × condition): a few
    // thousand rows a year instead of every sale joined to its product. Only a model needs the product names.
    const byModel = input.group_by === 'model' || input.model !== undefined
    const label = { category: byModel ? sql`p.category` : sql`r.category`, brand: sql`b.name`, model: sql`p.name` }[input.group_by as Grouping]
    const lines = byModel
      ? sql`
        select ${label} as label, date_trunc(${input.grain}, s.date_sold::timestamp)::date as start, ${measures.units(sql)} as units
        from sales s
        join products p on p.id = s.product_id
        join brands b on b.id = p.brand_id
        where ${inWindow(sql, sql`s.date_sold`, window)}
          ${input.brand ? sql`and b.name = ${input.brand}` : sql``}
          ${input.category ? sql`and p.category = ${input.category}` : sql``}
          ${input.model ? sql`and strpos(lower(p.name), lower(${input.model})) > 0` : sql``}
        group by 1, 2`
      : sql`
        select ${label} as label, date_trunc(${input.grain}, r.date_sold::timestamp)::date as start, ${rollupMeasures.units(sql)} as units
        from sales_daily_rollup r
        join brands b on b.id = r.brand_id
        where ${inWindow(sql, sql`r.date_sold`, window)}
          ${input.brand ? sql`and b.name = ${input.brand}` : sql``}
          ${input.category ? sql`and r.category = ${input.category}` : sql``}
        group by 1, 2`
    return sql`
      with last_day as (
        select least(${window.to}::date, max(s.date_sold)) as day from sales s
      ),
      periods as (
        -- Only whole weeks or months inside the window and the recorded sales: a part period would read as a drop.
        select start::date as start
        from last_day, generate_series(date_trunc(${input.grain}, ${window.from}::timestamp), date_trunc(${input.grain}, ${window.to}::timestamp), ${step}) as start
        where start::date >= ${window.from}::date and (start + ${step})::date - 1 <= last_day.day
      ),
      sold as (${lines}),
      leaders as (
        select sold.label, sum(sold.units) as total
        from sold
        join periods using (start)
        group by sold.label
        order by total desc, sold.label
        limit ${input.limit}
      )
      select leaders.label as "group", periods.start::text as period, coalesce(sold.units, 0)::int as units
      from leaders
      cross join periods
      left join sold on sold.label = leaders.label and sold.start = periods.start
      order by leaders.total desc, leaders.label, periods.start desc`
  },
  postProcess: (rows, { input }) => {
    const history = historyRows.parse(rows)
    const labels = [...new Set(history.map((entry) => entry.group))]
    return labels.flatMap((label) => {
      const series = history
        .filter((entry) => entry.group === label)
        .map((entry) => ({ date: entry.period, value: entry.units }))
        .sort((a, b) => a.date.localeCompare(b.date))
      const actual = (period: { date: string; value: number }): Row => ({
        group: label,
        period: period.date,
        kind: 'actual',
        units: period.value,
        forecast: null,
        lower_80: null,
        upper_80: null,
        lower_95: null,
        upper_95: null,
        holdout_forecast: null,
        holdout_mae: null,
        holdout_mape_percent: null,
      })
      if (series.length < minimumTrendPeriods) return series.map(actual)
      const model = fitLinearTrend(series)
      const fitted = forecast(model, series.map((period) => period.date))
      // The error of forecasting as far ahead as asked: the last `horizon` periods are held out.
      const training = series.slice(0, Math.max(0, series.length - input.horizon))
      const heldOut =
        training.length >= minimumTrendPeriods
          ? new Map(forecast(fitLinearTrend(training), series.slice(training.length).map((period) => period.date)).map((point) => [point.date, point.value]))
          : new Map<string, number>()
      const last = series[series.length - 1]!.date
      const ahead = forecast(model, Array.from({ length: input.horizon }, (_, index) => nextPeriod(input.grain, last, index + 1)))
      const past = series.map((period, index): Row => {
        const holdoutValue = heldOut.get(period.date)
        return { ...actual(period), forecast: unitsValue(fitted[index]!.value), holdout_forecast: holdoutValue === undefined ? null : unitsValue(holdoutValue) }
      })
      const { mae, mape } = holdoutErrors(past)
      const withErrors = (entry: Row): Row => ({ ...entry, holdout_mae: mae, holdout_mape_percent: mape })
      return [
        ...past.map(withErrors),
        ...ahead.map(
          (point): Row => ({
            group: label,
            period: point.date,
            kind: 'forecast',
            units: null,
            forecast: unitsValue(point.value),
            lower_80: unitsValue(point.lower80),
            upper_80: unitsValue(point.upper80),
            lower_95: unitsValue(point.lower95),
            upper_95: unitsValue(point.upper95),
            holdout_forecast: null,
            holdout_mae: mae,
            holdout_mape_percent: mape,
          }),
        ),
      ]
    })
  },
  assumptions: ({ input: rawInput }) => {
    const input = inputSchema.parse(rawInput)
    const unit = input.grain === 'week' ? 'weeks (Monday to Sunday)' : 'calendar months'
    return [
      `History: units sold per ${input.grain} over the whole ${unit} inside the window and the recorded sales; a part ${input.grain} at either end is left out, a ${input.grain} without sales counts 0.`,
      `Model: ordinary least squares of units on a straight-line trend, per ${input.group_by}; at least ${minimumTrendPeriods} periods are needed. ` +
        'Intervals: forecast ± z × s × √(1 + leverage) with z = 1.2816 (80%) or 1.9600 (95%), assuming independent normal errors; values below 0 are shown as 0.',
      `Holdout: the line refitted without the last ${input.horizon} periods (the horizon) predicts them; MAE = mean |actual − predicted|, MAPE = mean |actual − predicted| ÷ actual × 100 over periods with sales.`,
      `At most ${input.limit} ${input.group_by === 'category' ? 'categories' : `${input.group_by}s`}, those with the most units in the window.`,
    ]
  },
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    if (rows.length === 0) return `No units sold in a full ${input.grain} ${betweenDates(window)}.`
    const periodNoun = input.grain === 'week' ? ['week', 'weeks'] : ['month', 'months']
    const parts = [...groupsOf(rows)].map(([label, entries]) => {
      const history = entries.filter((entry) => entry.kind === 'actual')
      const ahead = entries.filter((entry) => entry.kind === 'forecast')
      if (ahead.length === 0) {
        return `${label}: only ${formatNumber(history.length)} full ${periodNoun[history.length === 1 ? 0 : 1]} of history, too few to forecast (${minimumTrendPeriods} needed)`
      }
      const total = ahead.reduce((sum, entry) => sum + (entry.forecast ?? 0), 0)
      const next = ahead[0]!
      const error = describeHoldout(entries)
      return (
        `${label}: ${formatNumber(next.forecast ?? 0)} units in the ${periodNoun[0]} from ${next.period} (80% interval ${formatNumber(next.lower_80 ?? 0)} ` +
        `to ${formatNumber(next.upper_80 ?? 0)}), ${formatNumber(round(total, 1))} over the next ${formatNumber(ahead.length)} ${periodNoun[ahead.length === 1 ? 0 : 1]}, ` +
        `from ${formatNumber(history.length)} ${periodNoun[1]} of history` +
        (error ? `; ${error}` : '')
      )
    })
    return `Forecast of units sold by ${input.group_by}, per ${input.grain}: ${parts.join('. ')}.`
  },
  chart: ({ rows, input: rawInput }) => {
    if (rows.length === 0) return undefined
    const input = inputSchema.parse(rawInput)
    const period = { field: 'period', type: 'temporal', title: input.grain === 'week' ? 'Week' : 'Month' }
    const units = { type: 'quantitative', title: 'Units' }
    const color = { field: 'group', type: 'nominal', title: groupTitles[input.group_by as Grouping] }
    const ahead = rows.filter((entry) => entry.kind === 'forecast')
    return customChart({
      title: `Units sold and forecast per ${input.grain}`,
      layer: [
        {
          data: { values: ahead },
          mark: { type: 'area', opacity: 0.2 },
          encoding: { x: period, y: { field: 'lower_80', ...units }, y2: { field: 'upper_80' }, color },
        },
        {
          data: { values: rows.map((entry) => ({ ...entry, value: entry.units ?? entry.forecast })) },
          mark: { type: 'line', point: true, tooltip: true },
          encoding: {
            x: period,
            y: { field: 'value', ...units },
            color,
            strokeDash: { field: 'kind', type: 'nominal', title: null },
          },
        },
      ],
    })
  },
})
