import {
  betweenDates,
  customChart,
  daysBetween,
  defineTool,
  formatMoney,
  formatNumber,
  formatPercent,
  inWindow,
  measures,
  plural,
  ratios,
  rollupMeasures,
  toolInput,
  filtersByBuyer,
  rollupFilterSql,
  salesFilterDimensions,
  salesFilterFields,
  salesFilterSql,
  type ResolvedWindow,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const grains = ['day', 'week', 'month'] as const
type Grain = (typeof grains)[number]

/** Windows up to this many days default to daily points, up to `weeklyUpToDays` to weekly, longer ones to monthly. */
const dailyUpToDays = 92
const weeklyUpToDays = 366

const grainField = z
  .enum(grains)
  .optional()
  .describe(
    `Length of each period: day, week (ISO, starting Monday) or month. Default: day for windows up to ${dailyUpToDays} days, week up to ${weeklyUpToDays}, month beyond.`,
  )

function windowDays(window: ResolvedWindow): number {
  return daysBetween(window.from, window.to) + 1
}

/** The grain asked for, or the one the window's length suggests (so a chart has tens of points, not hundreds). */
function grainFor(requested: Grain | undefined, window: ResolvedWindow): Grain {
  if (requested) return requested
  const days = windowDays(window)
  return days <= dailyUpToDays ? 'day' : days <= weeklyUpToDays ? 'week' : 'month'
}

const filterFields = ['channel', 'brand', 'category', 'condition', 'region', 'city'] as const

/** "brand Chanel, condition S, region TX" for the filters given, or "". */
function describeFilters(input: Record<string, unknown>): string {
  return filterFields
    .flatMap((field) => (typeof input[field] === 'string' ? [`${field} ${input[field]}`] : []))
    .join(', ')
}

/** "2025-03-03" for a day, "2025-03-03 to 2025-03-09" for a longer period. */
function periodLabel(row: { period_start: string; period_end: string }): string {
  return row.period_start === row.period_end ? row.period_start : `${row.period_start} to ${row.period_end}`
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export default defineTool({
  name: 'sales_trend',
  title: 'Sales trend over time',
  area: 'sales',
  description:
    'Revenue, units, orders and gross profit per day, week or month, with the campaigns and live shows of each period. ' +
    'Weeks run Monday to Sunday and every period is listed (periods without sales show zeros), with the marketing campaigns running and the live shows held in each period. ' +
    'Use it for "how are sales trending", growth over time, and to see whether campaigns or shows line up with peaks. ' +
    `Grain: as asked; otherwise day for windows up to ${dailyUpToDays} days, week up to ${weeklyUpToDays} days, month beyond. ` +
    'The first and last periods are cut to the window (see period_start, period_end, days); a period cut short, or reaching past the ' +
    'last (or before the first) day of recorded sales, is marked partial and left out of best-period and change claims. ' +
    'Filters (channel, brand, category, condition, and the buyer\'s region (US state) or city) apply to sales only; the campaign and show ' +
    'columns always count every campaign and show. ' +
    'For weekdays use sales_by_weekday, for hours of the day sales_by_hour, for month-of-year patterns seasonality.',
  input: toolInput({
    ...windowFields,
    grain: grainField,
    ...salesFilterFields,
  }),
  filters: salesFilterDimensions,
  row: z.object({
    period_start: z.string().describe('First day of the period inside the window (YYYY-MM-DD).'),
    period_end: z.string().describe('Last day of the period inside the window (YYYY-MM-DD).'),
    days: z.number().int().describe('Days of the period inside the window (shorter for cut first or last periods).'),
    partial: z
      .boolean()
      .describe('Whether the period is incomplete: cut by the window, or reaching past the recorded sales (e.g. the week in progress).'),
    revenue: z.number(),
    units: z.number().int(),
    orders: z.number().int(),
    gross_profit: z.number(),
    campaigns: z.number().int().describe('Marketing campaigns running on at least one day of the period (any channel).'),
    campaign_names: z.string().describe('Their names, by start date, comma-separated; empty when none.'),
    live_shows: z.number().int().describe('Live shows that started in the period (business time zone, any platform).'),
  }),
  metrics: ['revenue', 'units', 'orders', 'gross_profit'],
  examples: [
    'How are sales trending this year?',
    'Weekly revenue for the last 6 months',
    'Monthly revenue and profit for Chanel bags',
    'Did our campaigns line up with sales peaks?',
    'Daily sales for the last 30 days on Whatnot',
  ],
  cues: {
    strong: [
      'trend', 'trends', 'trending over time', 'over time', 'month by month', 'week by week', 'day by day', 'growth',
      'growing', 'monthly revenue', 'weekly revenue', 'daily revenue', 'monthly sales', 'weekly sales', 'daily sales',
      'revenue by month', 'sales by month', 'revenue by week', 'sales by week', 'sales peaks', 'peaks', 'line up with',
    ],
    medium: [
      'how much did we sell', 'how much have we sold', 'total sales', 'total revenue', /\bhow much\b.*\b(?:did|have) we (?:sell|sold)\b/,
    ],
    weak: [
      'revenue', 'sales',
    ],
  },
  query: ({ sql, input, window, timeZone, bounds }) => {
    const grain = grainFor(input.grain, window)
    const step = `1 ${grain}`
    // The daily rollups hold the same sums as sales: the smallest that keeps the filters given is read. The rollups
    // know no buyer, so a region or city filter reads the sales themselves, joined to their buyer.
    const byPeriod = filtersByBuyer(input)
      ? (() => {
          const { joins, conditions } = salesFilterSql(sql, input)
          return sql`
        select date_trunc(${grain}::text, s.date_sold::timestamp)::date as bucket,
               ${measures.revenue(sql)} as revenue,
               ${measures.units(sql)} as units,
               ${measures.orders(sql)} as orders,
               ${measures.gross_profit(sql)} as gross_profit
        from sales s
        ${joins}
        where ${inWindow(sql, sql`s.date_sold`, window)}
          ${conditions}
        group by 1`
        })()
      : (() => {
          const rollup = rollupFilterSql(sql, input)
          return sql`
        select date_trunc(${grain}::text, r.date_sold::timestamp)::date as bucket,
               ${rollupMeasures.revenue(sql)} as revenue,
               ${rollupMeasures.units(sql)} as units,
               ${rollupMeasures.orders(sql)} as orders,
               ${rollupMeasures.gross_profit(sql)} as gross_profit
        from ${rollup.source}
        where ${inWindow(sql, sql`r.date_sold`, window)}
          ${rollup.conditions}
        group by 1`
        })()
    return sql`
      with periods as (
        select period.start::date as bucket,
               greatest(period.start::date, ${window.from}::date) as period_start,
               least((period.start + ${step}::interval - interval '1 day')::date, ${window.to}::date) as period_end
        from generate_series(date_trunc(${grain}::text, ${window.from}::date::timestamp), ${window.to}::date::timestamp, ${step}::interval)
          as period(start)
      ),
      by_period as (${byPeriod}),
      -- Shows per business day, counted once rather than scanning every show for every period.
      show_days as materialized (
        select (ls.started_at at time zone ${timeZone})::date as day, count(*) as shows
        from live_shows ls
        group by 1
      )
      select pr.period_start::text as period_start,
             pr.period_end::text as period_end,
             (pr.period_end - pr.period_start + 1)::int as days,
             -- Incomplete: cut by the window, or running past the recorded sales (an empty table makes every period partial).
             (pr.period_start > pr.bucket
              or pr.period_end < (pr.bucket + ${step}::interval - interval '1 day')::date
              or pr.period_end > coalesce(${bounds.last}::date, '-infinity'::date)
              or pr.period_start < coalesce(${bounds.first}::date, 'infinity'::date)) as partial,
             coalesce(bp.revenue, 0)::float8 as revenue,
             coalesce(bp.units, 0)::int as units,
             coalesce(bp.orders, 0)::int as orders,
             coalesce(bp.gross_profit, 0)::float8 as gross_profit,
             running.campaigns,
             running.campaign_names,
             held.live_shows
      from periods pr
      left join by_period bp on bp.bucket = pr.bucket
      cross join lateral (
        select count(*)::int as campaigns,
               coalesce(string_agg(c.name, ', ' order by c.start_date, c.name), '') as campaign_names
        from marketing_campaigns c
        where c.start_date <= pr.period_end and c.end_date >= pr.period_start
      ) as running
      cross join lateral (
        select coalesce(sum(sd.shows), 0)::int as live_shows
        from show_days sd
        where sd.day between pr.period_start and pr.period_end
      ) as held
      order by pr.period_start`
  },
  assumptions: ({ input, window }) => {
    const grain = grainFor(grainField.parse(input.grain), window)
    const filters = describeFilters(input)
    return [
      input.grain
        ? `Grain: ${grain}, as asked.`
        : `Grain: ${grain}, chosen from the ${windowDays(window)}-day window (day up to ${dailyUpToDays} days, week up to ${weeklyUpToDays}, month beyond).`,
      ...(grain === 'week' ? ['Weeks run Monday to Sunday.'] : []),
      'Periods are dated by the business day of the sale (sales.date_sold); cut periods at the window\'s edges have fewer days.',
      'Campaigns count when they run on any day of the period; shows count in the period of their start in the business time zone.',
      ...(filters ? [`Only sales with ${filters}; campaigns and shows are not filtered.`] : []),
      ...(input.region || input.city ? ['Region and city are the buyer\'s (users.region, users.city); sales without a recorded buyer are left out.'] : []),
    ]
  },
  narrate: ({ rows, input, window, bounds }) => {
    const grain = grainFor(grainField.parse(input.grain), window)
    const filters = describeFilters(input)
    const orders = rows.reduce((sum, row) => sum + row.orders, 0)
    if (orders === 0) return `No sales${filters ? ` (${filters})` : ''} ${betweenDates(window)}.`
    const revenue = rows.reduce((sum, row) => sum + row.revenue, 0)
    const units = rows.reduce((sum, row) => sum + row.units, 0)
    // Incomplete periods (cut by the window, or past the recorded sales) are not ranked or compared: a week in
    // progress is not the worst week.
    const whole = rows.filter((row) => !row.partial)
    const partial = rows.filter((row) => row.partial)
    const top = Math.max(...whole.map((row) => row.revenue))
    const best = whole.filter((row) => row.revenue === top)
    const sentences = [
      `Revenue was ${formatMoney(revenue)} from ${plural(units, 'unit')} in ${plural(orders, 'order')}` +
        `${filters ? ` (${filters})` : ''} ${betweenDates(window)}, over ${plural(rows.length, grain)}.`,
      ...(best.length === 0
        ? []
        : [
            best.length === 1
              ? `The best ${partial.length > 0 ? 'complete ' : ''}${grain} was ${periodLabel(best[0]!)} with ${formatMoney(top)}.`
              : `The best ${partial.length > 0 ? 'complete ' : ''}${grain}s, tied at ${formatMoney(top)} each, were ${joinNames(best.map(periodLabel))}.`,
          ]),
      ...(partial.length > 0
        ? [
            `${partial.length === 1 ? `${periodLabel(partial[0]!)} is a partial ${grain}` : `${joinNames(partial.map(periodLabel))} are partial ${grain}s`} ` +
              `(cut by the window or past the recorded sales${bounds.last ? `, which end on ${bounds.last}` : ''}), left out of the comparisons.`,
          ]
        : []),
    ]
    // Halves of equal length over the complete periods; with an odd count the middle period is left out of both.
    const half = Math.floor(whole.length / 2)
    if (half > 0) {
      const first = whole.slice(0, half).reduce((sum, row) => sum + row.revenue, 0)
      const second = whole.slice(whole.length - half).reduce((sum, row) => sum + row.revenue, 0)
      const change = ratios.percent(second - first, first)
      const direction =
        change === null ? (second > 0 ? 'up from nothing' : 'unchanged') : change > 0 ? `up ${formatPercent(change)}` : change < 0 ? `down ${formatPercent(-change)}` : 'unchanged'
      sentences.push(
        `The last ${plural(half, `${partial.length > 0 ? 'complete ' : ''}${grain}`)} brought ${formatMoney(second)} against ${formatMoney(first)} in the first ${formatNumber(half)}: ${direction}.`,
      )
    }
    const withShows = rows.filter((row) => row.live_shows > 0).length
    const withCampaigns = rows.filter((row) => row.campaigns > 0).length
    sentences.push(
      `Live shows fell in ${formatNumber(withShows)} and campaigns ran in ${formatNumber(withCampaigns)} of the ${formatNumber(rows.length)} ${grain}s.`,
    )
    return sentences.join(' ')
  },
  chart: ({ rows, input, window }) => {
    const grain = grainFor(grainField.parse(input.grain), window)
    const time = { field: 'period_start', type: 'temporal', title: grain === 'day' ? 'Day' : `${grain[0]!.toUpperCase()}${grain.slice(1)} starting`, scale: { type: 'utc' } }
    const periodTooltip = [
      { field: 'period_start', type: 'nominal', title: 'From' },
      { field: 'period_end', type: 'nominal', title: 'To' },
    ]
    return customChart({
      title: `Revenue and units by ${grain}`,
      data: { values: rows },
      encoding: { x: time },
      layer: [
        {
          // Revenue, with a triangle on the periods that had live shows (same scale as the line).
          layer: [
            {
              mark: { type: 'line', point: true, tooltip: true },
              encoding: {
                y: { field: 'revenue', type: 'quantitative', title: 'Revenue ($)', axis: { format: '$,.0f' } },
                tooltip: [
                  ...periodTooltip,
                  { field: 'revenue', type: 'quantitative', title: 'Revenue', format: '$,.0f' },
                  { field: 'gross_profit', type: 'quantitative', title: 'Gross profit', format: '$,.0f' },
                  { field: 'orders', type: 'quantitative', title: 'Orders' },
                ],
              },
            },
            {
              // Partial periods (cut, or past the recorded sales): a large hollow ring, so they read as incomplete.
              transform: [{ filter: 'datum.partial' }],
              mark: { type: 'point', shape: 'circle', filled: false, size: 220, opacity: 0.6, strokeDash: [2, 2], tooltip: true },
              encoding: {
                y: { field: 'revenue', type: 'quantitative' },
                tooltip: [...periodTooltip, { field: 'partial', type: 'nominal', title: 'Partial period' }],
              },
            },
            {
              transform: [{ filter: 'datum.live_shows > 0' }],
              mark: { type: 'point', shape: 'triangle-up', filled: true, size: 120, tooltip: true },
              encoding: {
                y: { field: 'revenue', type: 'quantitative' },
                tooltip: [...periodTooltip, { field: 'live_shows', type: 'quantitative', title: 'Live shows' }],
              },
            },
          ],
        },
        {
          mark: { type: 'line', strokeDash: [4, 3], tooltip: true },
          encoding: {
            y: { field: 'units', type: 'quantitative', title: 'Units (dashed)', axis: { orient: 'right' } },
            tooltip: [...periodTooltip, { field: 'units', type: 'quantitative', title: 'Units' }],
          },
        },
        {
          // A faint band over every period with a campaign running, to the end of its last day.
          transform: [
            { filter: 'datum.campaigns > 0' },
            { calculate: "utcOffset('day', toDate(datum.period_end), 1)", as: 'band_end' },
          ],
          mark: { type: 'rect', opacity: 0.12, tooltip: true },
          encoding: {
            x2: { field: 'band_end' },
            tooltip: [...periodTooltip, { field: 'campaign_names', type: 'nominal', title: 'Campaigns' }],
          },
        },
      ],
      resolve: { scale: { y: 'independent' } },
    })
  },
})
