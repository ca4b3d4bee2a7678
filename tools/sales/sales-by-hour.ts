import {
  betweenDates,
  columnChart,
  defineTool,
  dimensionEnum,
  formatMoney,
  formatNumber,
  formatPercent,
  heatmapChart,
  inWindow,
  plural,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const hours = Array.from({ length: 24 }, (_, hour) => hour)

/** 14 → "14:00–15:00". */
function hourSpan(hour: number): string {
  const clock = (value: number) => `${String(value).padStart(2, '0')}:00`
  return `${clock(hour)}–${clock(hour + 1)}`
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export default defineTool({
  name: 'sales_by_hour',
  title: 'Sales by hour of day',
  area: 'sales',
  description:
    'Units, orders and revenue for each hour of the day (0 to 23, in the business time zone), with each hour\'s share of revenue. ' +
    'view "hour" gives 24 rows across all days; view "weekday_hour" gives a weekday × hour grid (168 rows) to find power hours such as "Saturday 20:00". ' +
    'Every hour is listed, with zeros where nothing sold. Use it to time live shows, posts and e-mails. ' +
    'For whole days of the week use sales_by_weekday; for live-show slots use show_performance; for revenue over calendar time use sales_trend.',
  input: toolInput({
    ...windowFields,
    view: z
      .enum(['hour', 'weekday_hour'])
      .default('hour')
      .describe('hour: one row per hour of the day (24 rows). weekday_hour: one row per weekday and hour (168 rows). Default: hour.'),
    channel: dimensionEnum('channel')
      .optional()
      .describe('Only sales made on this channel. Default: every channel.'),
  }),
  row: z.object({
    weekday_number: z.number().int().nullable().describe('ISO weekday: 1 = Monday … 7 = Sunday; null in the hour view.'),
    weekday: z.string().nullable().describe('Weekday name; null in the hour view.'),
    hour: z.number().int().describe('Hour of the day in the business time zone: 14 means 14:00 to 14:59.'),
    units: z.number().int(),
    orders: z.number().int(),
    revenue: z.number(),
    revenue_share_percent: z.number().describe('This row\'s revenue ÷ the window\'s revenue × 100.'),
  }),
  metrics: ['units', 'orders', 'revenue'],
  examples: [
    'What time of day do we sell the most?',
    'What are our power hours?',
    'Sales by weekday and hour for the last 90 days',
    'When should we schedule the Instagram live?',
  ],
  cues: {
    strong: [
      'power hours', 'power hour', 'hour', 'hours', 'hourly', 'time of day', 'what time', 'which time', 'busiest time',
      'heatmap', 'heat map', 'weekday and hour', 'day and hour', 'hour and day', 'hour and weekday', 'day of week and hour',
    ],
  },
  query: ({ sql, input, window, timeZone }) => {
    const byWeekday = input.view === 'weekday_hour'
    return sql`
      with hourly as (
        select r.date_sold, r.sold_hour, r.sold_hour at time zone ${timeZone} as local_start,
               sum(r.units) as units, sum(r.orders) as orders, sum(r.revenue) as revenue
        from sales_hourly_rollup r
        where ${inWindow(sql, sql`r.date_sold`, window)}
          ${input.channel ? sql`and r.channel = ${input.channel}` : sql``}
        group by r.date_sold, r.sold_hour
      ),
      -- A UTC hour is one local hour, weekday included, when the zone's offset is a whole number of hours and the same
      -- at both ends of it: then its rollup rows hold exactly the sums over its sales. Other hours (in zones with
      -- fractional offsets) are split: their sales are read one by one.
      checked as (
        select h.*,
               case when date_trunc('hour', h.local_start) = h.local_start
                         and ((h.sold_hour + interval '1 hour' - interval '1 microsecond') at time zone ${timeZone}) - h.local_start
                             = interval '1 hour' - interval '1 microsecond'
                    then 0 else 1 end as split
        from hourly h
      ),
      parts as (
        select h.local_start as local_time, h.units, h.orders, h.revenue
        from checked h
        where h.split = 0
        union all
        select s.local_time, s.quantity_sold, 1, s.gross_amount_earned
        from checked h
        cross join lateral (
          -- offset 0 keeps the day and channel filters outside, so the hour is found through the index on sold_at.
          select s.sold_at at time zone ${timeZone} as local_time, s.date_sold, s.channel, s.quantity_sold, s.gross_amount_earned
          from sales s
          where s.sold_at >= h.sold_hour and s.sold_at < h.sold_hour + interval '1 hour'
          offset 0
        ) as s
        where h.split = 1 and s.date_sold = h.date_sold
          ${input.channel ? sql`and s.channel = ${input.channel}` : sql``}
      ),
      by_slot as (
        select ${byWeekday ? sql`extract(isodow from p.local_time)::int` : sql`null::int`} as weekday_number,
               extract(hour from p.local_time)::int as hour,
               coalesce(sum(p.units), 0)::int as units,
               coalesce(sum(p.orders), 0)::int as orders,
               coalesce(sum(p.revenue), 0)::float8 as revenue
        from parts p
        group by 1, 2
      ),
      grid as (
        ${
          byWeekday
            ? sql`select day.n as weekday_number, hour.n as hour from generate_series(1, 7) as day(n) cross join generate_series(0, 23) as hour(n)`
            : sql`select null::int as weekday_number, hour.n as hour from generate_series(0, 23) as hour(n)`
        }
      )
      select g.weekday_number,
             (array['Monday','Tuesday','Wednesday','Thursday','Friday','Saturday','Sunday'])[g.weekday_number] as weekday,
             g.hour,
             coalesce(b.units, 0)::int as units,
             coalesce(b.orders, 0)::int as orders,
             coalesce(b.revenue, 0)::float8 as revenue,
             coalesce(round((100 * b.revenue / nullif(sum(b.revenue) over (), 0))::numeric, 1), 0)::float8 as revenue_share_percent
      from grid g
      left join by_slot b on b.weekday_number is not distinct from g.weekday_number and b.hour = g.hour
      order by g.weekday_number nulls first, g.hour`
  },
  assumptions: ({ input }) => [
    'Hours (and weekdays in the grid) are read from the moment of the sale (sales.sold_at) in the business time zone; the window uses the business day (sales.date_sold).',
    ...(input.channel ? [`Only ${input.channel} sales.`] : []),
  ],
  narrate: ({ rows, input, window }) => {
    const total = rows.reduce((sum, row) => sum + row.revenue, 0)
    const scope = input.channel ? ` ${input.channel}` : ''
    if (total === 0) return `No${scope} sales ${betweenDates(window)}.`
    const top = Math.max(...rows.map((row) => row.revenue))
    const best = rows.filter((row) => row.revenue === top)
    const name = (row: (typeof rows)[number]) => (row.weekday ? `${row.weekday} ${hourSpan(row.hour)}` : hourSpan(row.hour))
    const lead =
      best.length === 1
        ? `The power hour is ${name(best[0]!)}: ${formatMoney(top)} revenue from ${plural(best[0]!.units, 'unit')} ` +
          `(${formatPercent(best[0]!.revenue_share_percent)} of${scope} revenue)`
        : `The power hours are ${joinNames(best.map(name))}, tied at ${formatMoney(top)} revenue each ` +
          `(${formatPercent(best[0]!.revenue_share_percent)} of${scope} revenue each)`
    const active = rows.filter((row) => row.orders > 0).length
    return `${lead} ${betweenDates(window)}. Sales fell in ${formatNumber(active)} of the ${formatNumber(rows.length)} ${
      input.view === 'weekday_hour' ? 'weekday hours' : 'hours of the day'
    }.`
  },
  chart: ({ rows, input }) =>
    input.view === 'weekday_hour'
      ? heatmapChart({
          title: 'Revenue by weekday and hour',
          values: rows,
          x: { field: 'hour', title: 'Hour of day' },
          y: { field: 'weekday', title: 'Day of week' },
          value: { field: 'revenue', title: 'Revenue ($)', format: '$,.0f' },
          xOrder: hours,
          yOrder: weekdays,
        })
      : columnChart({
          title: 'Revenue by hour of day',
          values: rows,
          category: { field: 'hour', title: 'Hour of day' },
          value: { field: 'revenue', title: 'Revenue ($)', format: '$,.0f' },
          extraTooltip: [
            { field: 'units', title: 'Units' },
            { field: 'revenue_share_percent', title: 'Share of revenue (%)', format: '.1f' },
          ],
        }),
})
