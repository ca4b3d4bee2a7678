import {
  barChart,
  coverageNote,
  coverageOf,
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
  type ComparisonWindow,
  type Fragment,
  type TransactionSql,
  type DataBounds,
  type MetricName,
  type ResolvedWindow,
  measures,
  rollupMeasures,
  describeSalesFilters,
  hasSalesFilter,
  salesFilterDimensions,
  salesFilterFields,
  salesFilterSql,
  filtersByBuyer,
  rollupFilterSql,
  saleSummaryFilterSql,
  type SalesFilters,
} from '../../src/tools/define-tool.ts'

/** The figures of one period, as the SQL returns them. */
const periodFigures = z.object({
  period: z.enum(['current', 'previous', 'last_year']),
  revenue: z.number(),
  orders: z.number().int(),
  aov: z.number(),
  average_price: z.number(),
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
  { kpi: 'average_price', value: (figures) => figures.average_price },
  { kpi: 'units', value: (figures) => figures.units },
  { kpi: 'gross_profit', value: (figures) => figures.gross_profit },
  { kpi: 'margin_percent', value: (figures) => figures.margin_percent },
  { kpi: 'new_customers', value: (figures) => figures.new_customers },
  { kpi: 'repeat_rate', value: (figures) => ratios.percent(figures.repeat_customers, figures.customers) },
]

/**
 * The comparison periods of the window, by the period model (src/semantic/periods.ts): a calendar period against
 * the previous one of the same grain, a period in progress against the same elapsed span, a rolling or other range
 * against the equal-length window before it; and each against the same period a year earlier.
 */
function comparisonPeriods(window: ResolvedWindow): { previous: ComparisonWindow; lastYear: ComparisonWindow } {
  const previous = window.comparisons.find((comparison) => comparison.kind === 'previous_period')
  const lastYear = window.comparisons.find((comparison) => comparison.kind === 'last_year')
  if (!previous || !lastYear) throw new Error('kpi_summary: the window has no comparison periods')
  return { previous, lastYear }
}

/** A change is reported only when the data covers the window and the base period: otherwise it is not growth. */
function comparable(window: ResolvedWindow, base: ComparisonWindow, bounds: DataBounds): boolean {
  return coverageOf(window, bounds) !== 'none' && coverageOf(base, bounds) === 'full'
}

/** "the previous period (August 2026: 2026-08-01 to 2026-08-31)". */
function named(prefix: string, period: ComparisonWindow): string {
  const dates = `${period.from} to ${period.to}`
  return `${prefix} (${period.label === dates ? dates : `${period.label}: ${dates}`})`
}

/** Why a change against a base is withheld, or undefined when it is reported. */
function withheldBecause(window: ResolvedWindow, base: ComparisonWindow, bounds: DataBounds): string | undefined {
  if (coverageOf(window, bounds) === 'none') return 'the window has no recorded sales'
  const coverage = coverageOf(base, bounds)
  if (coverage === 'full') return undefined
  if (bounds.first !== null && base.from < bounds.first) {
    return coverage === 'none' ? `it is before the data starts (${bounds.first})` : `the data covers it only from ${bounds.first}`
  }
  return `the data covers it only up to ${bounds.last}`
}

const difference = (value: number | null, base: number | null) => (value === null || base === null ? null : round(value - base, 2))
const change = (value: number | null, base: number | null) => (value === null || base === null ? null : ratios.changePercent(value, base))

function formatValue(unit: string, value: number): string {
  if (unit === 'currency') return formatMoney(value)
  if (unit === 'percent') return formatPercent(value)
  return formatNumber(value)
}

/** The three periods compared, as a VALUES list for the queries' first CTE. */
function periodValues(sql: TransactionSql, window: ResolvedWindow, previous: ComparisonWindow, lastYear: ComparisonWindow): Fragment {
  return sql`
    values ('current', ${window.from}::date, ${window.to}::date),
           ('previous', ${previous.from}::date, ${previous.to}::date),
           ('last_year', ${lastYear.from}::date, ${lastYear.to}::date)`
}

/** The sales KPIs of a period, from sales or from a rollup: the same formulas over either source. */
function salesFigureColumns(sql: TransactionSql, over: typeof measures): Fragment {
  return sql`
    ${over.revenue(sql)} as revenue,
    ${over.orders(sql)} as orders,
    ${over.aov(sql)} as aov,
    ${over.average_price(sql)} as average_price,
    ${over.units(sql)} as units,
    ${over.gross_profit(sql)} as gross_profit,
    ${over.margin_percent(sql)} as margin_percent`
}

/**
 * The KPIs of filtered sales. The sums come from the daily rollups (from the sales themselves when a filter names the
 * buyer's place, which the rollups do not keep). The customer counts need each buyer's lines: one pass over the
 * filtered lines of the three periods in sale_summaries (each sale with its product's brand, category and grade) counts
 * every buyer's lines in each period; each buyer then counts once per period they bought in, as new when their first
 * purchase ever (from their summary) falls in it.
 */
function filteredQuery(
  sql: TransactionSql,
  input: SalesFilters,
  window: ResolvedWindow,
  previous: ComparisonWindow,
  lastYear: ComparisonWindow,
): Fragment {
  const inPeriod = (period: { from: string; to: string }) => sql`s.date_sold between ${period.from}::date and ${period.to}::date`
  const firstIn = (period: { from: string; to: string }) => sql`bs.first_date between ${period.from}::date and ${period.to}::date`
  const lines = saleSummaryFilterSql(sql, input)
  const sums = filtersByBuyer(input)
    ? (() => {
        const { joins, conditions } = salesFilterSql(sql, input)
        return sql`
      select p.period, ${salesFigureColumns(sql, measures)}
      from periods p
      left join (select s.* from sales s ${joins} where true ${conditions}) s on s.date_sold between p.start_date and p.end_date
      group by p.period`
      })()
    : (() => {
        const rollup = rollupFilterSql(sql, input)
        return sql`
      select p.period, ${salesFigureColumns(sql, rollupMeasures)}
      from periods p
      left join (select r.* from ${rollup.source} where true ${rollup.conditions}) r on r.date_sold between p.start_date and p.end_date
      group by p.period`
      })()
  return sql`
    with periods(period, start_date, end_date) as (${periodValues(sql, window, previous, lastYear)}),
    sales_figures as (${sums}),
    buyer_orders as (
      select s.buyer_id,
             count(*) filter (where ${inPeriod(window)}) as current_orders,
             count(*) filter (where ${inPeriod(previous)}) as previous_orders,
             count(*) filter (where ${inPeriod(lastYear)}) as last_year_orders
      from sale_summaries s
      ${lines.joins}
      where s.buyer_id is not null
        and (${inPeriod(window)} or ${inPeriod(previous)} or ${inPeriod(lastYear)})
        ${lines.conditions}
      group by s.buyer_id
    ),
    buyer_counts as (
      select count(*) filter (where b.current_orders > 0)::int as current_customers,
             count(*) filter (where b.current_orders >= 2)::int as current_repeat,
             count(*) filter (where b.current_orders > 0 and ${firstIn(window)})::int as current_new,
             count(*) filter (where b.previous_orders > 0)::int as previous_customers,
             count(*) filter (where b.previous_orders >= 2)::int as previous_repeat,
             count(*) filter (where b.previous_orders > 0 and ${firstIn(previous)})::int as previous_new,
             count(*) filter (where b.last_year_orders > 0)::int as last_year_customers,
             count(*) filter (where b.last_year_orders >= 2)::int as last_year_repeat,
             count(*) filter (where b.last_year_orders > 0 and ${firstIn(lastYear)})::int as last_year_new
      from buyer_orders b
      left join buyer_summaries bs on bs.buyer_id = b.buyer_id
    ),
    buyer_figures as (
      select v.period, v.new_customers, v.customers, v.repeat_customers
      from buyer_counts c
      cross join lateral (
        values ('current', c.current_new, c.current_customers, c.current_repeat),
               ('previous', c.previous_new, c.previous_customers, c.previous_repeat),
               ('last_year', c.last_year_new, c.last_year_customers, c.last_year_repeat)
      ) as v(period, new_customers, customers, repeat_customers)
    )
    select p.period, f.revenue, f.orders, f.aov, f.average_price, f.units, f.gross_profit, f.margin_percent,
           b.new_customers, b.customers, b.repeat_customers
    from periods p
    join sales_figures f on f.period = p.period
    join buyer_figures b on b.period = p.period`
}

/**
 * The periods' distinct date spans: a 12-month window's period before it is the same year as last year, and each
 * span's figures are computed once.
 */
function distinctSpans(sql: TransactionSql): Fragment {
  return sql`spans as materialized (select distinct start_date, end_date from periods)`
}

export default defineTool({
  name: 'kpi_summary',
  title: 'KPI summary',
  area: 'kpis',
  description:
    'The headline KPIs of a window against the previous period and the same period last year. ' +
    'One row per KPI: revenue, orders, average order value, average price per unit, units, gross profit, gross margin %, new ' +
    'customers and repeat purchase rate, each beside the previous period and the same period last year, with the absolute change and ' +
    'the % change. Comparisons: a calendar period (last_month, last_quarter, last_year, or from/to spanning whole months or ' +
    'Monday–Sunday weeks) against the previous calendar period of the same grain (September vs August, Q3 vs Q2, 2026 vs 2025); a ' +
    'period in progress (this_week, this_month, this_quarter, ytd, or from a month\'s first day into it) like for like against the ' +
    'same elapsed days of the previous period (1–2 Dec vs 1–2 Nov, 1–31 Mar vs 1–28 Feb); rolling windows (last_30_days…) and other ' +
    'dates against the equal-length window just before. The envelope\'s comparisons list both periods\' dates. Changes are empty ' +
    'when the base is 0 or when the data does not fully cover the base period (see coverage). Use it for "how are we doing", ' +
    'a weekly or monthly scorecard, a period-over-period comparison, and for any single total of a period: "how much did we sell ' +
    'last month", "last month\'s profit", "our AOV this year", "the average selling price of wallets" (not top_products, which ranks products). Filters (channel, brand, ' +
    'category, condition, the buyer\'s state or city) narrow every KPI and both comparison periods to those sales: "how did Louis ' +
    'Vuitton do last month vs the month before", "sales in Texas this year", "wallet profit in Q3". For revenue over time use sales_trend; to explain a change ' +
    'use change_drivers; for unusual days use anomalies.',
  input: toolInput({ ...windowFields, ...salesFilterFields }),
  filters: salesFilterDimensions,
  row: z.object({
    kpi: z.string().describe('The glossary name of the KPI.'),
    label: z.string(),
    unit: z.string().describe('currency, count or percent.'),
    value: z.number().nullable().describe('The KPI in the window; empty for the repeat rate when nobody bought.'),
    previous: z.number().nullable().describe('The KPI in the previous period (see the envelope\'s comparisons); empty when the data does not reach it.'),
    change_vs_previous: z.number().nullable().describe('value − previous (in points for percent KPIs); empty when the data does not fully cover both periods.'),
    change_percent_vs_previous: z.number().nullable().describe('(value − previous) ÷ |previous| × 100; empty when previous is 0 or not fully covered.'),
    last_year: z.number().nullable().describe('The KPI in the same period a year earlier; empty when the data does not reach it.'),
    change_vs_last_year: z.number().nullable().describe('value − last_year (in points for percent KPIs); empty when the data does not fully cover both periods.'),
    change_percent_vs_last_year: z.number().nullable().describe('(value − last_year) ÷ |last_year| × 100; empty when last_year is 0 or not fully covered.'),
  }),
  metrics: ['revenue', 'orders', 'aov', 'average_price', 'units', 'gross_profit', 'margin_percent', 'new_customers', 'repeat_rate', 'change_percent'],
  examples: [
    'How are we doing this month?',
    'Give me the KPI summary for last quarter',
    'How does this year compare with last year?',
    'Weekly scorecard: revenue, orders, margin and new customers',
  ],
  cues: {
    strong: [
      'kpi', 'kpis', 'summary', 'overview', 'how are we doing', 'how did we do', 'how are things', 'dashboard', 'headline',
      'key numbers', 'key metrics', 'scorecard', 'week over week', 'month over month', 'wow', 'mom', 'performance overall',
      'the week before', 'the month before', 'snapshot', 'at a glance', 'recap',
      // Totals of one period, asked many ways: "how much did we sell last month", "last month's profit", "what's our AOV".
      'how much did we sell', 'how much have we sold', 'how much we sold', 'how much did we make', 'how much money did we make',
      'total sales', 'total revenue', 'total profit', 'total orders', 'in total', 'how many orders', 'how many units',
      'average order value', 'aov', 'gross margin', 'numbers',
      /\b(?:what(?:'s| was| were| is| are)|how much|how (?:was|were|is|are))\b(?:(?!\b(?:by|per|each|which|who|top|best|worst|trend\w*|grow\w*)\b).)*\b(?:revenue|sales|profit|profits|margin|orders|aov)\b(?!\s+(?:by|per|trend\w*|grow\w*|over time)\b)/,
      /\b(?:last|this|previous) (?:week|month|quarter|year)'?s (?:revenue|sales|profit|profits|margin|orders|numbers)\b/,
      /\bhow much\b(?:(?!\b(?:by|per|each|which|who|top|best|worst)\b).)*\b(?:did|have|do) we (?:sell|sold|make|made|earn|take in)\b/,
      /^what (?:did|have) we (?:make|made|earn|earned|bring in|brought in|take in|took in)\b(?!.*\b(?:by|per|each|from which)\b)/,
      // "How did Q2 go?", "how did last month go": a period's overview; a show or a campaign has its own tool.
      /^how (?:did|has|have) (?!.*\b(?:shows?|campaigns?|launch|live|ads?|newsletter)\b).{0,30}\bgo(?:ne)?\b/,
      // A window against the one before it: "the last 30 days compared with the 30 days before", "vs the prior 4 weeks".
      /\b(?:compared? (?:to|with)|vs\.?|versus|against) (?:the )?(?:(?:previous|prior|preceding) )?\w+ (?:days|weeks|months)(?: before(?: that| it)?)?\b/,
    ],
    medium: [
      // Revenue per unit of a period; a breakdown by brand or product asks top_products, which has it per row.
      'average selling price', 'average sale price', 'average sell price', 'asp',
      'profit', 'profits', 'gross profit', 'margin', 'pull in', 'pulled in', 'bring in', 'brought in',
    ],
    weak: [
      'vs', 'versus', 'compared to', 'compare',
    ],
    totals: true,
  },
  query: ({ sql, window, input }) => {
    const { previous, lastYear } = comparisonPeriods(window)
    if (hasSalesFilter(input)) return filteredQuery(sql, input, window, previous, lastYear)
    return sql`
      with periods(period, start_date, end_date) as (${periodValues(sql, window, previous, lastYear)}),
      -- Sums come from the daily rollup by channel: the same figures as over sales, a few rows a day.
      sales_figures as (
        select p.period, ${salesFigureColumns(sql, rollupMeasures)}
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
      ${distinctSpans(sql)},
      -- Materialized: each span's counts once (inlined, the array below was computed once per element read).
      buyer_figures as materialized (
        select p.start_date, p.end_date,
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
        from spans p
        cross join bounds b
      )
      select p.period, f.revenue, f.orders, f.aov, f.average_price, f.units, f.gross_profit, f.margin_percent,
             b.new_customers, b.customer_counts[1] as customers, b.customer_counts[2] as repeat_customers
      from periods p
      join sales_figures f on f.period = p.period
      join buyer_figures b on b.start_date = p.start_date and b.end_date = p.end_date`
  },
  // One row per KPI, with changes from the glossary's ratios, beats one row per period for reading and charting.
  postProcess: (rows, { window, bounds }) => {
    const figures = z.array(periodFigures).parse(rows)
    const { previous: previousPeriod, lastYear: lastYearPeriod } = comparisonPeriods(window)
    // Against a base the data does not fully cover, a difference is not growth: it is withheld.
    const againstPrevious = comparable(window, previousPeriod, bounds)
    const againstLastYear = comparable(window, lastYearPeriod, bounds)
    const reached = (period: ComparisonWindow) => coverageOf(period, bounds) !== 'none'
    const of = (period: PeriodFigures['period']) => {
      const found = figures.find((entry) => entry.period === period)
      if (!found) throw new Error(`kpi_summary: no figures for the ${period} period`)
      return found
    }
    const [current, previous, lastYear] = [of('current'), of('previous'), of('last_year')]
    return kpis.map(({ kpi, value }) => {
      const now = value(current)
      const before = reached(previousPeriod) ? value(previous) : null
      const yearAgo = reached(lastYearPeriod) ? value(lastYear) : null
      return {
        kpi,
        label: metrics[kpi].label,
        unit: metrics[kpi].unit,
        value: now,
        previous: before,
        change_vs_previous: againstPrevious ? difference(now, before) : null,
        change_percent_vs_previous: againstPrevious ? change(now, before) : null,
        last_year: yearAgo,
        change_vs_last_year: againstLastYear ? difference(now, yearAgo) : null,
        change_percent_vs_last_year: againstLastYear ? change(now, yearAgo) : null,
      }
    })
  },
  comparisons: ({ window }) => window.comparisons,
  assumptions: ({ window, bounds, input }) => {
    const { previous, lastYear } = comparisonPeriods(window)
    const filters = describeSalesFilters(input)
    const withheld = ([['previous period', previous], ['same period last year', lastYear]] as const).flatMap(([name, period]) => {
      const reason = withheldBecause(window, period, bounds)
      return reason ? [`No change is reported against the ${name} (${describeWindow(period)}): ${reason}.`] : []
    })
    return [
      `Previous period: ${describeWindow(previous)} (${previous.rule}); same period last year: ${describeWindow(lastYear)} (${lastYear.rule}).`,
      ...withheld,
      ...(filters
        ? [`Every KPI counts only sales with ${filters}, in the window and in both comparison periods; a new customer is a buyer of those sales whose first purchase ever (of anything) falls in the period.`]
        : []),
      'New customers: buyers whose first purchase ever falls in the period. Repeat rate: buyers with two or more orders in the period ÷ buyers with an order in it.',
      'Percent changes are relative to the base; for the percent KPIs (gross margin, repeat rate) the absolute change is in percentage points.',
    ]
  },
  narrate: ({ rows, window, bounds, input }) => {
    const revenue = rows.find((row) => row.kpi === 'revenue')
    const orders = rows.find((row) => row.kpi === 'orders')
    if (!revenue || !orders) return `No KPIs ${betweenDates(window)}.`
    const { previous, lastYear } = comparisonPeriods(window)
    // Freshness is said, never hidden: the window stays where it was asked for.
    const freshness = coverageNote(window, bounds)
    const baseFigure = (value: number | null, period: ComparisonWindow) =>
      value === null ? `no recorded sales (${withheldBecause(window, period, bounds) ?? 'none'})` : `${formatMoney(value)} revenue`
    if (orders.value === 0) {
      return (
        `${freshness ? `${freshness} ` : ''}No sales${describeSalesFilters(input) ? ` with ${describeSalesFilters(input)}` : ''} ${betweenDates(window)}; ${named('the previous period', previous)} had ` +
        `${baseFigure(revenue.previous, previous)} and ${named('the same period last year', lastYear)} ${baseFigure(revenue.last_year, lastYear)}.`
      )
    }
    const against = (percent: number | null, base: number | null, period: string, comparison: ComparisonWindow) => {
      const reason = withheldBecause(window, comparison, bounds)
      if (reason) return `with no change reported against ${period}, as ${reason}`
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
    const filters = describeSalesFilters(input)
    return (
      `Revenue${filters ? ` (${filters})` : ''} was ${formatMoney(revenue.value ?? 0)} ${betweenDates(window)}, ` +
      `${against(revenue.change_percent_vs_previous, revenue.previous, named('the previous period', previous), previous)} and ` +
      `${against(revenue.change_percent_vs_last_year, revenue.last_year, named('the same period last year', lastYear), lastYear)}. ` +
      `${details.charAt(0).toUpperCase()}${details.slice(1)}.` +
      (freshness ? ` ${freshness} The window's figures are partial.` : '')
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
