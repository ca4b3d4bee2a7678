import {
  addDays,
  barChart,
  daysBetween,
  defineTool,
  betweenDates,
  describeWindow,
  formatMoney,
  formatNumber,
  formatPercent,
  metrics,
  ratios,
  round,
  toolInput,
  windowFields,
  z,
  type MetricName,
  type ResolvedWindow,
  rollupMeasures,
} from '../../src/tools/define-tool.ts'

/** The figures of one period, as the SQL returns them. */
const periodFigures = z.object({
  period: z.enum(['current', 'previous', 'last_year']),
  revenue: z.number(),
  orders: z.number().int(),
  aov: z.number(),
  units: z.number().int(),
  gross_profit: z.number(),
  margin_percent: z.number(),
  new_customers: z.number().int(),
  customers: z.number().int(),
  repeat_customers: z.number().int(),
})
type PeriodFigures = z.output<typeof periodFigures>

const kpis: Array<{ kpi: MetricName; value: (figures: PeriodFigures) => number | null }> = [
  { kpi: 'revenue', value: (figures) => figures.revenue },
  { kpi: 'orders', value: (figures) => figures.orders },
  { kpi: 'aov', value: (figures) => figures.aov },
  { kpi: 'units', value: (figures) => figures.units },
  { kpi: 'gross_profit', value: (figures) => figures.gross_profit },
  { kpi: 'margin_percent', value: (figures) => figures.margin_percent },
  { kpi: 'new_customers', value: (figures) => figures.new_customers },
  { kpi: 'repeat_rate', value: (figures) => ratios.percent(figures.repeat_customers, figures.customers) },
]

/** The same dates a year earlier; 29 February becomes the 28th. */
function yearEarlier(date: string): string {
  const year = String(Number(date.slice(0, 4)) - 1).padStart(4, '0')
  return date.slice(5) === '02-29' ? `${year}-02-28` : `${year}${date.slice(4)}`
}

/** The previous period of equal length, ending the day before the window, and the window a year earlier. */
function comparisonPeriods(window: Pick<ResolvedWindow, 'from' | 'to'>) {
  const days = daysBetween(window.from, window.to) + 1
  return {
    previous: { from: addDays(window.from, -days), to: addDays(window.from, -1) },
    lastYear: { from: yearEarlier(window.from), to: yearEarlier(window.to) },
  }
}

const difference = (value: number | null, base: number | null) => (value === null || base === null ? null : round(value - base, 2))
const change = (value: number | null, base: number | null) => (value === null || base === null ? null : ratios.changePercent(value, base))

function formatValue(unit: string, value: number): string {
  if (unit === 'currency') return formatMoney(value)
  if (unit === 'percent') return formatPercent(value)
  return formatNumber(value)
}

export default defineTool({
  name: 'kpi_summary',
  title: 'KPI summary',
  area: 'kpis',
  description:
    'The headline KPIs for a window, one row each: revenue, orders, average order value, units, gross profit, gross margin %, new ' +
    'customers and repeat purchase rate, each beside the previous period of equal length (ending the day before the window) and ' +
    'the same dates last year, with the absolute change and the % change (empty when the base is 0). Use it for "how are we doing", ' +
    'a weekly or monthly scorecard, or a period-over-period comparison. For revenue over time use sales_trend; to explain a change ' +
    'use change_drivers; for unusual days use anomalies.',
  input: toolInput({ ...windowFields }),
  row: z.object({
    kpi: z.string().describe('The glossary name of the KPI.'),
    label: z.string(),
    unit: z.string().describe('currency, count or percent.'),
    value: z.number().nullable().describe('The KPI in the window; empty for the repeat rate when nobody bought.'),
    previous: z.number().nullable().describe('The KPI in the previous period of equal length.'),
    change_vs_previous: z.number().nullable().describe('value − previous (in points for percent KPIs).'),
    change_percent_vs_previous: z.number().nullable().describe('(value − previous) ÷ |previous| × 100; empty when previous is 0.'),
    last_year: z.number().nullable().describe('The KPI over the same dates a year earlier.'),
    change_vs_last_year: z.number().nullable().describe('value − last_year (in points for percent KPIs).'),
    change_percent_vs_last_year: z.number().nullable().describe('(value − last_year) ÷ |last_year| × 100; empty when last_year is 0.'),
  }),
  metrics: ['revenue', 'orders', 'aov', 'units', 'gross_profit', 'margin_percent', 'new_customers', 'repeat_rate', 'change_percent'],
  examples: [
    'How are we doing this month?',
    'Give me the KPI summary for last quarter',
    'How does this year compare with last year?',
    'Weekly scorecard: revenue, orders, margin and new customers',
  ],
  query: ({ sql, window }) => {
    const { previous, lastYear } = comparisonPeriods(window)
    return sql`
      with periods(period, start_date, end_date) as (
        values ('current', ${window.from}::date, ${window.to}::date),
               ('previous', ${previous.from}::date, ${previous.to}::date),
               ('last_year', ${lastYear.from}::date, ${lastYear.to}::date)
      ),
      -- Sums come from the daily rollup by channel: the same figures as over sales, a few rows a day.
      sales_figures as (
        select p.period,
               ${rollupMeasures.revenue(sql)} as revenue,
               ${rollupMeasures.orders(sql)} as orders,
               ${rollupMeasures.aov(sql)} as aov,
               ${rollupMeasures.units(sql)} as units,
               ${rollupMeasures.gross_profit(sql)} as gross_profit,
               ${rollupMeasures.margin_percent(sql)} as margin_percent
        from periods p
        left join sales_daily_channel_rollup r on r.date_sold between p.start_date and p.end_date
        group by p.period
      ),
      -- Distinct buyers cannot be summed from daily rows, but milestones can: a buyer is new in a period when their
      -- first purchase falls in it. In a period running to the latest purchase a buyer bought when their last line
      -- is in it, twice when their second-to-last is; in one starting before the first purchase, when their first
      -- (second) line is. Other periods count the buyers of their sales.
      bounds as (
        select (select min(c.date_sold) from buyer_milestone_counts c where c.milestone = 'first') as first_day,
               (select max(c.date_sold) from buyer_milestone_counts c where c.milestone = 'last') as last_day
      ),
      buyer_figures as (
        select p.period,
               (select coalesce(sum(c.buyers), 0) from buyer_milestone_counts c
                where c.milestone = 'first' and c.date_sold between p.start_date and p.end_date)::int as new_customers,
               case
                 when p.end_date >= b.last_day then array[
                   (select coalesce(sum(c.buyers), 0) from buyer_milestone_counts c where c.milestone = 'last' and c.date_sold >= p.start_date),
                   (select coalesce(sum(c.buyers), 0) from buyer_milestone_counts c where c.milestone = 'penultimate' and c.date_sold >= p.start_date)]
                 when p.start_date <= b.first_day then array[
                   (select coalesce(sum(c.buyers), 0) from buyer_milestone_counts c where c.milestone = 'first' and c.date_sold <= p.end_date),
                   (select coalesce(sum(c.buyers), 0) from buyer_milestone_counts c where c.milestone = 'second' and c.date_sold <= p.end_date)]
                 else (
                   select array[count(*), count(*) filter (where buyer.orders >= 2)]
                   from (
                     select s.buyer_id, count(*) as orders
                     from sales s
                     where s.buyer_id is not null and s.date_sold between p.start_date and p.end_date
                     group by s.buyer_id
                   ) as buyer)
               end::int[] as customer_counts
        from periods p
        cross join bounds b
      )
      select p.period, f.revenue, f.orders, f.aov, f.units, f.gross_profit, f.margin_percent,
             b.new_customers, b.customer_counts[1] as customers, b.customer_counts[2] as repeat_customers
      from periods p
      join sales_figures f on f.period = p.period
      join buyer_figures b on b.period = p.period`
  },
  // One row per KPI, with changes from the glossary's ratios, beats one row per period for reading and charting.
  postProcess: (rows) => {
    const figures = z.array(periodFigures).parse(rows)
    const of = (period: PeriodFigures['period']) => {
      const found = figures.find((entry) => entry.period === period)
      if (!found) throw new Error(`kpi_summary: no figures for the ${period} period`)
      return found
    }
    const [current, previous, lastYear] = [of('current'), of('previous'), of('last_year')]
    return kpis.map(({ kpi, value }) => {
      const now = value(current)
      const before = value(previous)
      const yearAgo = value(lastYear)
      return {
        kpi,
        label: metrics[kpi].label,
        unit: metrics[kpi].unit,
        value: now,
        previous: before,
        change_vs_previous: difference(now, before),
        change_percent_vs_previous: change(now, before),
        last_year: yearAgo,
        change_vs_last_year: difference(now, yearAgo),
        change_percent_vs_last_year: change(now, yearAgo),
      }
    })
  },
  assumptions: ({ window }) => {
    const { previous, lastYear } = comparisonPeriods(window)
    return [
      `Previous period: ${describeWindow(previous)}; same period last year: ${describeWindow(lastYear)}.`,
      'New customers: buyers whose first purchase ever falls in the period. Repeat rate: buyers with two or more orders in the period ÷ buyers with an order in it.',
      'Percent changes are relative to the base; for the percent KPIs (gross margin, repeat rate) the absolute change is in percentage points.',
    ]
  },
  narrate: ({ rows, window }) => {
    const revenue = rows.find((row) => row.kpi === 'revenue')
    const orders = rows.find((row) => row.kpi === 'orders')
    if (!revenue || !orders) return `No KPIs ${betweenDates(window)}.`
    const { previous, lastYear } = comparisonPeriods(window)
    if (orders.value === 0) {
      return (
        `No sales ${betweenDates(window)}; the previous period (${describeWindow(previous)}) had ` +
        `${formatMoney(revenue.previous ?? 0)} revenue and the same period last year (${describeWindow(lastYear)}) ${formatMoney(revenue.last_year ?? 0)}.`
      )
    }
    const against = (percent: number | null, base: number | null, period: string) => {
      if (percent === null || base === null) return `with no revenue in ${period}`
      const direction = percent > 0 ? `up ${formatPercent(percent)} on` : percent < 0 ? `down ${formatPercent(-percent)} on` : 'level with'
      return `${direction} ${period} (${formatMoney(base)})`
    }
    const signed = (figure: number, unit: string) =>
      `${figure > 0 ? '+' : ''}${unit === 'percent' ? `${formatNumber(figure)} points` : formatPercent(figure)}`
    // Percent KPIs change in points; the others in % of their base.
    const shift = (unit: string, absolute: number | null, percent: number | null, period: string) => {
      const figure = unit === 'percent' ? absolute : percent
      return figure === null ? `n/a on ${period}` : `${signed(figure, unit)} on ${period}`
    }
    const others = rows.flatMap((row) =>
      row.kpi === 'revenue' || row.value === null
        ? []
        : [
            `${row.label.toLowerCase()} ${formatValue(row.unit, row.value)} (` +
              `${shift(row.unit, row.change_vs_previous, row.change_percent_vs_previous, 'the previous period')}, ` +
              `${shift(row.unit, row.change_vs_last_year, row.change_percent_vs_last_year, 'last year')})`,
          ],
    )
    const details = others.join('; ')
    return (
      `Revenue was ${formatMoney(revenue.value ?? 0)} ${betweenDates(window)}, ` +
      `${against(revenue.change_percent_vs_previous, revenue.previous, 'the previous period')} and ` +
      `${against(revenue.change_percent_vs_last_year, revenue.last_year, 'the same period last year')}. ` +
      `${details.charAt(0).toUpperCase()}${details.slice(1)}.`
    )
  },
  chart: ({ rows }) => {
    const changed = rows.filter((row) => row.change_percent_vs_previous !== null)
    if (changed.length === 0) return undefined
    return barChart({
      title: 'Change on the previous period',
      values: changed,
      category: { field: 'label', title: 'KPI' },
      value: { field: 'change_percent_vs_previous', title: 'Change (%)', format: ',.1f' },
      sort: 'none',
      extraTooltip: [
        { field: 'value', title: 'This period' },
        { field: 'previous', title: 'Previous period' },
        { field: 'change_percent_vs_last_year', title: 'Change on last year (%)', format: ',.1f' },
      ],
    })
  },
})
