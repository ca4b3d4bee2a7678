import {
  customChart,
  defineTool,
  salesFilterFields,
  filterOn,
  betweenDates,
  formatMoney,
  formatNumber,
  metrics,
  round,
  toolInput,
  windowFields,
  z,
  rollupMeasures,
  valueLabel,
} from '../../src/tools/define-tool.ts'

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** Scales a median absolute deviation to a standard deviation under normal data. */
const madToDeviation = 1.4826
/** Scales a mean absolute deviation to a standard deviation under normal data (used when the MAD is 0). */
const meanAbsoluteToDeviation = 1.2533

const seriesRows = z.array(z.object({ date: z.string(), actual: z.number(), in_window: z.boolean() }))

const row = z.object({
  date: z.string().describe('The day, or the Monday that starts the week (YYYY-MM-DD).'),
  actual: z.number().describe('The metric in that period (0 when nothing sold).'),
  expected: z
    .number()
    .nullable()
    .describe('Median (or mean) of the previous baseline_periods comparable periods; null when there were not enough of them.'),
  lower: z.number().nullable().describe('Bottom of the expected band: expected − threshold × robust deviation, floored at 0.'),
  upper: z.number().nullable().describe('Top of the expected band: expected + threshold × robust deviation.'),
  deviation: z
    .number()
    .nullable()
    .describe('(actual − expected) ÷ robust deviation: how many robust deviations away; null when the earlier periods did not vary at all.'),
  direction: z.enum(['high', 'low']).nullable().describe('high: above the band; low: below it; null when inside it.'),
  is_anomaly: z.boolean().describe('Whether the period falls outside its expected band.'),
})

type Row = z.output<typeof row>

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function mean(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0) / values.length
}

/**
 * A standard-deviation-like spread that a few wild periods cannot inflate: 1.4826 × the median absolute
 * deviation from the median, or 1.2533 × the mean absolute deviation when over half the periods are equal
 * (the MAD is then 0). 0 only when every period is the same.
 */
function robustDeviation(values: readonly number[]): number {
  const center = median(values)
  const distances = values.map((value) => Math.abs(value - center))
  const mad = median(distances)
  return mad > 0 ? madToDeviation * mad : meanAbsoluteToDeviation * mean(distances)
}

/** The band around the expected value; a flat baseline (deviation 0) makes any other value an anomaly. */
function judge(actual: number, baseline: readonly number[], center: 'median' | 'mean', threshold: number) {
  const expected = center === 'median' ? median(baseline) : mean(baseline)
  const spread = robustDeviation(baseline)
  const lower = expected - threshold * spread
  const upper = expected + threshold * spread
  const direction = actual > upper ? ('high' as const) : actual < lower ? ('low' as const) : null
  return {
    expected: round(expected, 2),
    lower: round(Math.max(0, lower), 2),
    upper: round(upper, 2),
    deviation: spread > 0 ? round((actual - expected) / spread, 2) : null,
    direction,
    is_anomaly: direction !== null,
  }
}

// Daily totals come from the daily rollup by channel: the same sums as sales, a few rows a day.
const metricMeasures = { revenue: rollupMeasures.revenue, orders: rollupMeasures.orders, units: rollupMeasures.units }

/** The tool's input; the result callbacks receive it untyped and read it back through this schema. */
const inputSchema = toolInput({
  ...windowFields,
  grain: z.enum(['day', 'week']).default('day').describe('Judge single days (against the same weekday) or whole Monday–Sunday weeks.'),
  metric: z.enum(['revenue', 'orders', 'units']).default('revenue').describe('The figure to watch (default revenue).'),
  baseline_periods: z
    .number()
    .int()
    .min(3)
    .max(52)
    .default(8)
    .describe('How many earlier comparable periods set the expectation, 3 to 52 (default 8: the same weekday over the previous 8 weeks).'),
  center: z.enum(['median', 'mean']).default('median').describe('Expected value: median (default, robust to past spikes) or mean of the baseline.'),
  threshold: z
    .number()
    .min(1.5)
    .max(5)
    .default(3)
    .describe('Band half-width in robust deviations, 1.5 to 5 (default 3; lower flags more periods).'),
  // The sales filters' own channel field: its values and description are the ones every sales tool shares.
  channel: salesFilterFields.channel,
  only_anomalies: z
    .boolean()
    .default(true)
    .describe('Return only the anomalous periods (default) or every period in the window with its band and an is_anomaly flag.'),
})

export default defineTool({
  name: 'anomalies',
  title: 'Unusual days or weeks',
  area: 'kpis',
  description:
    'Finds days or weeks whose revenue, orders or units fall outside their expected band, and says whether each was high or low. ' +
    'Expected = the median (or mean) of the previous baseline_periods comparable periods (the same weekday in earlier weeks for days, earlier weeks ' +
    'for weeks); band = expected ± threshold × a robust deviation (1.4826 × median absolute deviation). deviation counts robust deviations from ' +
    'expected (beyond ±3 is rare in steady data). Rows are only the anomalies unless only_anomalies is false (then every period, flagged). ' +
    'For the trend itself use sales_trend; for why a period moved use change_drivers; for a forecast use revenue_forecast.',
  input: inputSchema,
  row,
  metrics: ['revenue', 'orders', 'units'],
  examples: [
    'Were there any unusual sales days last quarter?',
    'Which weeks had abnormally low revenue this year?',
    'Flag days with unusually many orders in the last 90 days',
    'Did anything odd happen to sales recently?',
  ],
  cues: {
    strong: [
      'anomaly', 'anomalies', 'unusual', 'spike', 'spikes', 'outlier', 'outliers', 'weird', 'odd days', 'strange', 'abnormal',
    ],
  },
  // Both grains look back baseline_periods weeks before the window, so its first periods have a full baseline.
  // Whole weeks only: a partial week would look like a drop. Days after the latest sale are not yet known, so the
  // series stops there. Newest first, so a row cap would drop the oldest periods.
  query: ({ sql, input, window }) => {
    const step = input.grain === 'day' ? 1 : 7
    const periodOf = input.grain === 'day' ? sql`r.date_sold` : sql`r.date_sold - (extract(isodow from r.date_sold)::int - 1)`
    const bounds =
      input.grain === 'day'
        ? sql`select first_day as first_period, last_day as last_period from data_range`
        : sql`select first_day + (8 - extract(isodow from first_day)::int) % 7 as first_period,
                     last_day - extract(isodow from last_day)::int % 7 - 6 as last_period
              from data_range`
    return sql`
      with data_range as (
        select greatest(${window.from}::date - ${7 * input.baseline_periods}::int, min(s.date_sold)) as first_day,
               least(${window.to}::date, max(s.date_sold)) as last_day
        from sales s
      ),
      bounds as (${bounds}),
      periods as (
        select b.first_period + ${step}::int * period_number as period_start
        from bounds b, generate_series(0, (b.last_period - b.first_period) / ${step}::int) as period_number
      ),
      totals as (
        select ${periodOf} as period_start, ${metricMeasures[input.metric](sql)} as actual
        from sales_daily_channel_rollup r, bounds b
        where r.date_sold between b.first_period and b.last_period + ${step - 1}::int
          ${filterOn(sql, sql`r.channel`, input.channel)}
        group by 1
      )
      select p.period_start::text as date,
             coalesce(t.actual, 0)::float8 as actual,
             (p.period_start >= ${window.from}::date and p.period_start + ${step - 1}::int <= ${window.to}::date) as in_window
      from periods p
      left join totals t on t.period_start = p.period_start
      order by p.period_start desc`
  },
  postProcess: (rows, { input }) => {
    const series = seriesRows.parse(rows).sort((a, b) => a.date.localeCompare(b.date))
    // The series has every period, so the comparable ones sit a fixed number of rows back: 7 for the same weekday.
    const stride = input.grain === 'day' ? 7 : 1
    const judged = series.flatMap((period, index): Row[] => {
      if (!period.in_window) return []
      const baseline = Array.from({ length: input.baseline_periods }, (_, back) => series[index - stride * (back + 1)]?.actual)
      if (baseline.some((value) => value === undefined)) {
        const unjudged = { expected: null, lower: null, upper: null, deviation: null, direction: null, is_anomaly: false }
        return [{ date: period.date, actual: period.actual, ...unjudged }]
      }
      const values = baseline.filter((value): value is number => value !== undefined)
      return [{ date: period.date, actual: period.actual, ...judge(period.actual, values, input.center, input.threshold) }]
    })
    return input.only_anomalies ? judged.filter((period) => period.is_anomaly) : judged
  },
  assumptions: (result) => {
    const input = inputSchema.parse(result.input)
    return [
      input.grain === 'day'
        ? `Expected: the ${input.center} of the same weekday in the previous ${input.baseline_periods} weeks; days without sales count as 0.`
        : `Expected: the ${input.center} of the previous ${input.baseline_periods} weeks; weeks run Monday to Sunday and only whole weeks in the window are judged.`,
      `Band: expected ± ${formatNumber(input.threshold)} × robust deviation, the robust deviation being 1.4826 × the median absolute deviation of ` +
        'those periods from their median (1.2533 × the mean absolute deviation when that is 0). A period outside the band is an anomaly.',
      `Periods with fewer than ${input.baseline_periods} earlier comparable periods in the data are not judged; the series stops at the latest sale.`,
      ...(input.channel ? [`Only sales on ${valueLabel('channel', input.channel)}.`] : []),
    ]
  },
  narrate: ({ rows, input: raw, window }) => {
    const input = inputSchema.parse(raw)
    const label = `${metrics[input.metric].label.toLowerCase()}${input.channel ? ` on ${valueLabel('channel', input.channel)}` : ''}`
    const unit = input.grain
    const format = input.metric === 'revenue' ? formatMoney : formatNumber
    if (rows.length === 0) {
      return input.only_anomalies
        ? `No ${unit}s with ${label} outside the expected band ${betweenDates(window)}.`
        : `No sales ${betweenDates(window)}.`
    }
    const anomalies = rows.filter((period) => period.is_anomaly)
    if (anomalies.length === 0) {
      const judged = rows.filter((period) => period.expected !== null).length
      return judged === 0
        ? `No ${unit} ${betweenDates(window)} could be judged: each needs ${input.baseline_periods} earlier comparable ${unit}s of data.`
        : `No ${label} anomalies ${betweenDates(window)}: all ${formatNumber(judged)} judged ${unit}s were within their expected band.`
    }
    const high = anomalies.filter((period) => period.direction === 'high').length
    // The farthest from its band first; a flat baseline (deviation null) counts as infinitely far.
    const largest = [...anomalies].sort(
      (a, b) =>
        Math.abs(b.deviation ?? Infinity) - Math.abs(a.deviation ?? Infinity) ||
        Math.abs(b.actual - (b.expected ?? 0)) - Math.abs(a.actual - (a.expected ?? 0)),
    )[0]!
    const when =
      unit === 'day' ? `${weekdays[new Date(`${largest.date}T00:00:00Z`).getUTCDay()]} ${largest.date}` : `the week of ${largest.date}`
    const distance =
      largest.deviation === null
        ? unit === 'day'
          ? `while that weekday was ${format(largest.expected ?? 0)} in each of the previous ${input.baseline_periods} weeks`
          : `while each of the previous ${input.baseline_periods} weeks was ${format(largest.expected ?? 0)}`
        : `${formatNumber(Math.abs(largest.deviation))} robust deviations ${largest.direction === 'high' ? 'above' : 'below'} expected`
    return (
      `${formatNumber(anomalies.length)} ${unit}${anomalies.length === 1 ? '' : 's'} with ${label} outside the expected band ` +
      `${betweenDates(window)}: ${formatNumber(high)} high, ${formatNumber(anomalies.length - high)} low. ` +
      `The largest: ${when} with ${format(largest.actual)} against an expected ${format(largest.expected ?? 0)} ` +
      `(band ${format(largest.lower ?? 0)} to ${format(largest.upper ?? 0)}), ${distance}.`
    )
  },
  // Every period: the series as a line, its band as a shaded area, anomalies as points. Only anomalies: each one
  // as a point against a bar for its expected band, since a line through scattered periods would mislead.
  chart: ({ rows, input: raw }) => {
    const input = inputSchema.parse(raw)
    if (rows.length === 0) return undefined
    const label = metrics[input.metric].label
    const value = { type: 'quantitative', title: label, ...(input.metric === 'revenue' ? { axis: { format: '$,.0f' } } : {}) }
    const points = {
      transform: [{ filter: 'datum.is_anomaly' }],
      mark: { type: 'point', filled: true, size: 80 },
      encoding: {
        y: { field: 'actual', ...value },
        color: { field: 'direction', type: 'nominal', title: 'Anomaly' },
        tooltip: [
          { field: 'date', type: 'temporal', title: input.grain === 'day' ? 'Day' : 'Week of' },
          { field: 'actual', type: 'quantitative', title: label },
          { field: 'expected', type: 'quantitative', title: 'Expected' },
          { field: 'deviation', type: 'quantitative', title: 'Robust deviations' },
        ],
      },
    }
    const layer = input.only_anomalies
      ? [{ mark: { type: 'rule', opacity: 0.5 }, encoding: { y: { field: 'lower', ...value }, y2: { field: 'upper' } } }, points]
      : [
          { mark: { type: 'area', opacity: 0.2 }, encoding: { y: { field: 'lower', ...value }, y2: { field: 'upper' } } },
          { mark: { type: 'line' }, encoding: { y: { field: 'actual', ...value } } },
          points,
        ]
    return customChart({
      title: `${label} by ${input.grain}: anomalies against the expected band`,
      data: { values: rows },
      encoding: { x: { field: 'date', type: 'temporal', title: input.grain === 'day' ? 'Day' : 'Week of' } },
      layer,
    })
  },
})
