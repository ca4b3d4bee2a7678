import {
  addDays,
  customChart,
  defineTool,
  betweenDates,
  fitTrendWithWeeklySeasonality,
  forecast,
  forecastErrors,
  formatMoney,
  formatNumber,
  formatPercent,
  inWindow,
  minimumHistoryDays,
  round,
  toolInput,
  windowFields,
  z,
  rollupMeasures,
} from '../../src/tools/define-tool.ts'

const historyRows = z.array(z.object({ date: z.string(), revenue: z.number() }))

const row = z.object({
  date: z.string().describe('The day (YYYY-MM-DD).'),
  kind: z.enum(['actual', 'forecast']).describe('actual: a day of history; forecast: a day ahead.'),
  revenue: z.number().nullable().describe('Actual revenue that day (0 when nothing sold); null on forecast days.'),
  forecast: z
    .number()
    .nullable()
    .describe('The model\'s value: the fitted value on actual days, the forecast on forecast days; null when the history is too short to fit.'),
  lower_80: z.number().nullable().describe('Lower bound of the 80% prediction interval (forecast days only).'),
  upper_80: z.number().nullable().describe('Upper bound of the 80% prediction interval (forecast days only).'),
  lower_95: z.number().nullable().describe('Lower bound of the 95% prediction interval (forecast days only).'),
  upper_95: z.number().nullable().describe('Upper bound of the 95% prediction interval (forecast days only).'),
  holdout_forecast: z
    .number()
    .nullable()
    .describe('On the last holdout_days actual days: what the model fitted without them predicted (the holdout check); null elsewhere.'),
})

type Row = z.output<typeof row>

/** Revenue cannot be negative, so the model's values and bounds are floored at $0. */
const money = (value: number) => round(Math.max(0, value), 2)

/** The holdout pairs (actual vs what the model fitted without them predicted), read back from the rows. */
function holdoutPairs(rows: readonly Row[]) {
  return rows.flatMap((day) =>
    day.revenue !== null && day.holdout_forecast !== null ? [{ actual: day.revenue, predicted: day.holdout_forecast }] : [],
  )
}

function describeHoldout(rows: readonly Row[]): string {
  const pairs = holdoutPairs(rows)
  const errors = forecastErrors(pairs)
  if (errors.meanAbsoluteError === null) return ''
  const percentage =
    errors.meanAbsolutePercentageError === null
      ? 'no percentage error (no revenue on those days)'
      : `a mean absolute percentage error (MAPE) of ${formatPercent(errors.meanAbsolutePercentageError)}` +
        (errors.percentageCount < pairs.length ? ` over the ${formatNumber(errors.percentageCount)} days with revenue` : '')
  return (
    `Holdout check: refitted without the last ${formatNumber(pairs.length)} days, the model missed them by ` +
    `${formatMoney(errors.meanAbsoluteError)} a day on average (MAE), ${percentage}.`
  )
}

export default defineTool({
  name: 'revenue_forecast',
  title: 'Revenue forecast',
  area: 'kpis',
  description:
    'Forecasts daily revenue for the next horizon_days days with 80% and 95% prediction intervals and a holdout error. ' +
    'It learns from the daily revenue in the window and checks itself on a holdout: it refits without the last holdout_days days and reports how far off it was (MAE in dollars, MAPE in %). ' +
    'The model is a linear trend plus a day-of-week pattern fitted by least squares: good for a steady business, blind to one-off events and ' +
    'yearly seasons. Rows are one per day, history (kind actual, with the fitted value) then forecast. ' +
    'For revenue over past calendar time use sales_trend; for unusual days use anomalies; for why revenue moved use change_drivers.',
  input: toolInput({
    ...windowFields,
    horizon_days: z.number().int().min(7).max(90).default(30).describe('Days to forecast after the last day of history, 7 to 90 (default 30).'),
    holdout_days: z
      .number()
      .int()
      .min(7)
      .max(90)
      .default(28)
      .describe('Days at the end of the history held out to measure the forecast error, 7 to 90 (default 28).'),
  }),
  row,
  metrics: ['revenue'],
  examples: [
    'Forecast revenue for the next 30 days',
    'How much revenue should we expect next month?',
    'Project daily sales for the next quarter with a confidence range',
    'How accurate is the revenue forecast?',
  ],
  cues: {
    strong: [
      'forecast', 'forecasting', 'predict', 'prediction', 'project', 'projection', 'expect', 'expected revenue',
      'next month', 'next quarter', 'next week', 'next year', 'coming weeks', 'coming months', 'going forward', 'outlook',
      /\b(?:next|coming) \w+ (?:days|weeks|months)\b/,
    ],
  },
  // Newest day first, so a row cap would drop the oldest history rather than the days the forecast starts from.
  query: ({ sql, window }) => sql`
    with bounds as (
      select greatest(${window.from}::date, min(s.date_sold)) as first_day,
             least(${window.to}::date, max(s.date_sold)) as last_day
      from sales s
    ),
    days as (
      select b.first_day + day_number as day
      from bounds b, generate_series(0, b.last_day - b.first_day) as day_number
    ),
    daily as (
      -- The daily rollup by channel holds the same sums as sales, a few rows a day.
      select r.date_sold as day, ${rollupMeasures.revenue(sql)} as revenue
      from sales_daily_channel_rollup r
      where ${inWindow(sql, sql`r.date_sold`, window)}
      group by 1
    )
    select d.day::text as date, coalesce(daily.revenue, 0)::float8 as revenue
    from days d
    left join daily on daily.day = d.day
    order by d.day desc`,
  postProcess: (rows, { input }) => {
    const history = historyRows
      .parse(rows)
      .map((day) => ({ date: day.date, value: day.revenue }))
      .sort((a, b) => a.date.localeCompare(b.date))
    // Without a single sale there is nothing to forecast from: the narration says so.
    if (history.every((day) => day.value === 0)) return []
    const actual = (day: { date: string; value: number }): Row => ({
      date: day.date,
      kind: 'actual',
      revenue: day.value,
      forecast: null,
      lower_80: null,
      upper_80: null,
      lower_95: null,
      upper_95: null,
      holdout_forecast: null,
    })
    if (history.length < minimumHistoryDays) return history.map(actual)

    const model = fitTrendWithWeeklySeasonality(history)
    const fitted = forecast(
      model,
      history.map((day) => day.date),
    )
    const training = history.slice(0, Math.max(0, history.length - input.holdout_days))
    const holdout =
      training.length >= minimumHistoryDays
        ? forecast(
            fitTrendWithWeeklySeasonality(training),
            history.slice(training.length).map((day) => day.date),
          )
        : []
    const holdoutByDate = new Map(holdout.map((point) => [point.date, point.value]))
    const lastDay = history[history.length - 1]!.date
    const ahead = forecast(
      model,
      Array.from({ length: input.horizon_days }, (_, index) => addDays(lastDay, index + 1)),
    )
    return [
      ...history.map((day, index) => {
        const heldOut = holdoutByDate.get(day.date)
        return {
          ...actual(day),
          forecast: money(fitted[index]!.value),
          holdout_forecast: heldOut === undefined ? null : money(heldOut),
        }
      }),
      ...ahead.map(
        (point): Row => ({
          date: point.date,
          kind: 'forecast',
          revenue: null,
          forecast: money(point.value),
          lower_80: money(point.lower80),
          upper_80: money(point.upper80),
          lower_95: money(point.lower95),
          upper_95: money(point.upper95),
          holdout_forecast: null,
        }),
      ),
    ]
  },
  assumptions: ({ rows, input }) => {
    const holdout = describeHoldout(rows)
    return [
      'History: revenue per day from the later of the window start and the first sale to the latest sale in the window; days without sales count as $0.',
      'Model: ordinary least squares of daily revenue on an intercept, a linear trend in days and six day-of-week indicators (Monday is the base), ' +
        `fitted on the whole history; at least ${minimumHistoryDays} days are needed.`,
      'Prediction intervals: forecast ± z × s × √(1 + leverage), where s is the residual standard deviation (days − 8 degrees of freedom), ' +
        'the leverage widens the band for days far from the history, and z = 1.2816 (80%) or 1.9600 (95%), assuming independent, normally distributed errors. ' +
        'Forecasts and bounds below $0 are shown as $0.',
      holdout === ''
        ? `No holdout check: it needs at least ${minimumHistoryDays} days of history besides the last ${input.holdout_days}.`
        : `${holdout} MAE = mean of |actual − forecast|; MAPE = mean of |actual − forecast| ÷ actual × 100 over days with revenue.`,
    ]
  },
  narrate: ({ rows, window }) => {
    const history = rows.filter((day) => day.kind === 'actual')
    if (history.length === 0) return `No sales ${betweenDates(window)}.`
    const first = history[0]!.date
    const last = history[history.length - 1]!.date
    const historyRevenue = history.reduce((total, day) => total + (day.revenue ?? 0), 0)
    const historyText = `${formatNumber(history.length)} day${history.length === 1 ? '' : 's'} of history (${first} to ${last}, ${formatMoney(historyRevenue)} revenue)`
    const ahead = rows.filter((day) => day.kind === 'forecast')
    if (ahead.length === 0) {
      return `Only ${historyText}: a forecast needs at least ${minimumHistoryDays} days. Widen the window.`
    }
    const total = ahead.reduce((sum, day) => sum + (day.forecast ?? 0), 0)
    const holdout = describeHoldout(rows)
    return (
      `Forecast for the next ${formatNumber(ahead.length)} days (${ahead[0]!.date} to ${ahead[ahead.length - 1]!.date}): ` +
      `${formatMoney(total)} revenue in total, ${formatMoney(total / ahead.length)} a day on average, ` +
      `from a linear trend with a day-of-week pattern fitted on ${historyText}. ` +
      (holdout === '' ? 'Too little history for a holdout check.' : holdout)
    )
  },
  chart: ({ rows }) => {
    if (rows.length === 0) return undefined
    const lines = rows.flatMap((day) => [
      ...(day.revenue === null ? [] : [{ date: day.date, series: 'Actual', value: day.revenue }]),
      ...(day.forecast === null ? [] : [{ date: day.date, series: 'Trend and forecast', value: day.forecast }]),
    ])
    const band = rows.filter((day) => day.kind === 'forecast')
    const date = { field: 'date', type: 'temporal', title: 'Date' }
    const revenue = { type: 'quantitative', title: 'Revenue ($)', axis: { format: '$,.0f' } }
    return customChart({
      title: 'Daily revenue: actuals and forecast',
      layer: [
        {
          data: { values: band },
          mark: { type: 'area', opacity: 0.15 },
          encoding: { x: date, y: { field: 'lower_95', ...revenue }, y2: { field: 'upper_95' } },
        },
        {
          data: { values: band },
          mark: { type: 'area', opacity: 0.3 },
          encoding: { x: date, y: { field: 'lower_80', ...revenue }, y2: { field: 'upper_80' } },
        },
        {
          data: { values: lines },
          mark: { type: 'line', tooltip: true },
          encoding: {
            x: date,
            y: { field: 'value', ...revenue },
            color: { field: 'series', type: 'nominal', title: null },
            strokeDash: { field: 'series', type: 'nominal', title: null },
          },
        },
      ],
    })
  },
})
