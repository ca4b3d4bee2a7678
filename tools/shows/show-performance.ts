import {
  barChart,
  betweenDates,
  defineTool,
  dimensionEnum,
  formatMoney,
  inWindow,
  limitField,
  plural,
  rollupMeasures,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const minShowsField = z
  .number()
  .int()
  .min(1)
  .max(100)
  .default(1)
  .describe('Only slots with at least this many shows in the window, 1 to 100 (default 1).')

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export default defineTool({
  name: 'show_performance',
  title: 'Live-show performance by time slot',
  area: 'shows',
  description:
    'Live shows grouped by time slot (weekday and start hour in the business time zone), best first by revenue per show hour: ' +
    'shows held, show hours, revenue, units and orders of the sales made during those shows (sales.show_id), revenue per show hour ' +
    'and average peak viewers. Use it to choose when to go live and on which platform. min_shows hides slots with too few shows to judge. ' +
    'For when sales happen regardless of shows use sales_by_hour; for sales over calendar time (with shows marked) use sales_trend.',
  input: toolInput({
    ...windowFields,
    platform: dimensionEnum('platform').optional().describe('Only shows on this platform. Default: both.'),
    min_shows: minShowsField,
    limit: limitField(10),
  }),
  row: z.object({
    slot: z.string().describe('Weekday and start hour, e.g. "Saturday 19:00" (the show started between 19:00 and 19:59).'),
    weekday_number: z.number().int().describe('ISO weekday: 1 = Monday … 7 = Sunday.'),
    weekday: z.string(),
    start_hour: z.number().int().describe('Hour the shows started, in the business time zone.'),
    shows: z.number().int(),
    show_hours: z.number().describe('Total length of the shows in hours.'),
    revenue: z.number().describe('Revenue of the sales made during these shows.'),
    units: z.number().int(),
    orders: z.number().int(),
    revenue_per_show_hour: z.number().describe('revenue ÷ show_hours.'),
    average_peak_viewers: z.number().nullable().describe('Mean of the shows\' peak concurrent viewers; null when none were recorded.'),
  }),
  metrics: ['revenue_per_show_hour', 'revenue', 'units', 'orders'],
  examples: [
    'What is the best time slot for a live show?',
    'Which weekday and hour make the most per show hour?',
    'How do our Whatnot shows perform by time slot?',
    'Best live-show slots with at least 3 shows',
  ],
  cues: {
    strong: [
      /\b(?:go|going|goes|went) live\b/, 'live slot', 'schedule the live', 'schedule a live',
      'live show', 'live shows', 'shows', 'show performance', 'livestream', 'livestreams', 'live stream', 'streams', 'per show', 'show hour',
    ],
  },
  query: ({ sql, input, window, timeZone }) => {
    const localStart = sql`(ls.started_at at time zone ${timeZone})`
    return sql`
      -- Sales per show come from the show rollup: the same sums as over sales, one row a show.
      with show_sales as (
        select r.show_id,
               ${rollupMeasures.revenue(sql)} as revenue,
               ${rollupMeasures.units(sql)} as units,
               ${rollupMeasures.orders(sql)} as orders
        from sales_show_rollup r
        group by r.show_id
      ),
      shows as (
        select extract(isodow from ${localStart})::int as weekday_number,
               extract(hour from ${localStart})::int as start_hour,
               ls.duration_minutes,
               ls.peak_viewers,
               coalesce(ss.revenue, 0) as revenue,
               coalesce(ss.units, 0) as units,
               coalesce(ss.orders, 0) as orders
        from live_shows ls
        left join show_sales ss on ss.show_id = ls.id
        where ${inWindow(sql, sql`${localStart}::date`, window)}
          ${input.platform ? sql`and ls.platform = ${input.platform}` : sql``}
      ),
      slots as (
        select weekday_number,
               start_hour,
               count(*)::int as shows,
               sum(duration_minutes) / 60.0 as hours,
               sum(revenue)::float8 as revenue,
               sum(units)::int as units,
               sum(orders)::int as orders,
               avg(peak_viewers) as average_peak_viewers
        from shows
        group by weekday_number, start_hour
        having count(*) >= ${input.min_shows}
      )
      select weekday || ' ' || lpad(start_hour::text, 2, '0') || ':00' as slot,
             weekday_number,
             weekday,
             start_hour,
             shows,
             round(hours, 2)::float8 as show_hours,
             revenue,
             units,
             orders,
             round((revenue / hours::float8)::numeric, 2)::float8 as revenue_per_show_hour,
             round(average_peak_viewers, 1)::float8 as average_peak_viewers
      from (
        select slots.*,
               (array['Monday','Tuesday','Wednesday','Thursday','Friday','Saturday','Sunday'])[weekday_number] as weekday
        from slots
      ) as named
      order by revenue_per_show_hour desc, revenue desc, weekday_number, start_hour
      limit ${input.limit}`
  },
  assumptions: ({ input }) => {
    const minShows = minShowsField.parse(input.min_shows)
    return [
      'Slots are the weekday and hour each show started, in the business time zone; a show belongs to the window by its start day.',
      'Revenue, units and orders are the sales linked to the show (sales.show_id), whenever they were recorded.',
      'Revenue per show hour: revenue of sales made during live shows ÷ hours of those shows (duration_minutes ÷ 60).',
      ...(input.platform ? [`Only ${input.platform} shows.`] : []),
      ...(minShows > 1 ? [`Only slots with at least ${minShows} shows.`] : []),
    ]
  },
  narrate: ({ rows, input, window }) => {
    const scope = input.platform ? ` ${input.platform}` : ''
    const minShows = minShowsField.parse(input.min_shows)
    if (rows.length === 0) {
      return minShows > 1
        ? `No time slot had ${minShows} or more${scope} live shows ${betweenDates(window)}.`
        : `No${scope} live shows ${betweenDates(window)}.`
    }
    const best = rows[0]!
    const tied = rows.filter((row) => row.revenue_per_show_hour === best.revenue_per_show_hour)
    const detail = (row: (typeof rows)[number]) =>
      `${plural(row.shows, 'show')}, ${plural(row.show_hours, 'show hour')}, ${formatMoney(row.revenue)} revenue, ${plural(row.units, 'unit')}`
    const lead =
      tied.length === 1
        ? `The best${scope} slot is ${best.slot}: ${formatMoney(best.revenue_per_show_hour)} per show hour (${detail(best)}) ${betweenDates(window)}.`
        : `${joinNames(tied.map((row) => row.slot))} tie as the best${scope} slots at ${formatMoney(best.revenue_per_show_hour)} per show hour ` +
          `${betweenDates(window)} (${tied.map((row) => `${row.slot}: ${detail(row)}`).join('; ')}).`
    return `${lead} ${plural(rows.length, 'slot')} listed, best first.`
  },
  chart: ({ rows }) =>
    rows.length === 0
      ? undefined
      : barChart({
          title: 'Revenue per show hour by time slot',
          values: rows,
          category: { field: 'slot', title: 'Slot (weekday, start hour)' },
          value: { field: 'revenue_per_show_hour', title: 'Revenue per show hour ($)', format: '$,.0f' },
          extraTooltip: [
            { field: 'shows', title: 'Shows' },
            { field: 'show_hours', title: 'Show hours' },
            { field: 'revenue', title: 'Revenue', format: '$,.0f' },
            { field: 'average_peak_viewers', title: 'Average peak viewers' },
          ],
        }),
})
