import {
  customChart,
  defineTool,
  betweenDates,
  formatMoney,
  formatPercent,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'
import { campaignTouches, longestLookbackDays, touchCredit, windowSales } from '../campaign-touches.ts'

const unattributed = 'unattributed'

const models = [
  { key: 'first_touch_revenue', label: 'First touch' },
  { key: 'last_touch_revenue', label: 'Last touch' },
  { key: 'linear_revenue', label: 'Linear' },
] as const

export default defineTool({
  name: 'marketing_attribution',
  title: 'Marketing attribution',
  area: 'marketing',
  description:
    'Credits the window\'s sales revenue to marketing channels or campaigns by first touch, last touch and linear split. ' +
    'Each sale is credited from the buyer\'s campaign ' +
    'touches (impressions, clicks, e-mail opens) in the lookback_days before each sale, under three models side by side: first touch ' +
    '(all credit to the earliest touch), last touch (all to the latest) and linear (split equally over every touch). Sales without ' +
    'a touch in the lookback are one "unattributed" row, so each model\'s column adds up to the window\'s revenue. Conversions are ' +
    'sales credited the same way (fractions under linear). Use it to see which channels start and which close purchases. For the ' +
    'figures the channels report themselves use campaign_performance or channel_comparison.',
  input: toolInput({
    ...windowFields,
    group_by: z
      .enum(['channel', 'campaign'])
      .default('channel')
      .describe('Credit channels (whatnot, instagram, email) or single campaigns. Default channel.'),
    lookback_days: z
      .number()
      .int()
      .min(1)
      .max(longestLookbackDays)
      .default(30)
      .describe('How many days before a sale a touch may be and still get credit, 1 to 90 (default 30).'),
  }),
  row: z.object({
    group: z.string().describe('The channel or campaign credited; "unattributed" for sales with no touch in the lookback.'),
    channel: z.string().nullable().describe('The channel of the channel or campaign; empty for unattributed sales.'),
    first_touch_revenue: z.number(),
    last_touch_revenue: z.number(),
    linear_revenue: z.number(),
    first_touch_conversions: z.number().describe('Sales whose earliest touch was this group.'),
    last_touch_conversions: z.number().describe('Sales whose latest touch was this group.'),
    linear_conversions: z.number().describe('Sales split equally over their touches, to the hundredth.'),
  }),
  metrics: ['revenue', 'first_touch_revenue', 'last_touch_revenue', 'linear_revenue'],
  examples: [
    'Which marketing channel drives our sales?',
    'First-touch vs last-touch attribution by channel',
    'Which campaigns get the credit for this quarter\'s revenue?',
    'How much revenue came from customers reached by marketing?',
  ],
  cues: {
    strong: [
      /\bcloses? (?:the |our )?(?:sales?|deals?)\b/, 'gets credit', 'get credit', 'deserves credit',
      'attribution', 'attribute', 'touchpoint', 'touchpoints', 'touches', 'last touch', 'first touch',
      'which campaigns drove', 'credit for sales', 'credit', 'drives our sales', 'drive our sales', 'drives sales', 'drive sales',
      'reached by marketing',
    ],
  },
  query: ({ sql, input, window }) => sql`
    with ${campaignTouches(sql, window, input.lookback_days)},
    -- Summed per campaign first (a few dozen rows), then named and grouped.
    by_campaign as (
      select campaign_id,
             sum(${touchCredit(sql, 'first_touch', sql`cents`)}) as first_cents,
             sum(${touchCredit(sql, 'last_touch', sql`cents`)}) as last_cents,
             sum(${touchCredit(sql, 'linear', sql`cents`)}) as linear_cents,
             sum(${touchCredit(sql, 'first_touch', sql`100`)}) as first_hundredths,
             sum(${touchCredit(sql, 'last_touch', sql`100`)}) as last_hundredths,
             sum(${touchCredit(sql, 'linear', sql`100`)}) as linear_hundredths
      from touches
      group by campaign_id
    ),
    credits as (
      select ${input.group_by === 'campaign' ? sql`c.id::text` : sql`c.channel`} as group_key,
             ${input.group_by === 'campaign' ? sql`c.name` : sql`c.channel`} as group_name,
             c.channel,
             b.first_cents, b.last_cents, b.linear_cents, b.first_hundredths, b.last_hundredths, b.linear_hundredths
      from by_campaign b
      join marketing_campaigns c on c.id = b.campaign_id
      union all
      -- Each sale with a touch has exactly one first touch: the rest of the window's sales are unattributed.
      select ${unattributed}::text, ${unattributed}::text, null,
             w.cents - t.cents, w.cents - t.cents, w.cents - t.cents,
             100 * w.sales - t.hundredths, 100 * w.sales - t.hundredths, 100 * w.sales - t.hundredths
      from (${windowSales(sql, window)}) w
      cross join (select coalesce(sum(first_cents), 0) as cents, coalesce(sum(first_hundredths), 0) as hundredths from by_campaign) t
      where 100 * w.sales > t.hundredths
    )
    select group_name as "group",
           channel,
           (sum(first_cents) / 100.0)::float8 as first_touch_revenue,
           (sum(last_cents) / 100.0)::float8 as last_touch_revenue,
           (sum(linear_cents) / 100.0)::float8 as linear_revenue,
           (sum(first_hundredths) / 100.0)::float8 as first_touch_conversions,
           (sum(last_hundredths) / 100.0)::float8 as last_touch_conversions,
           (sum(linear_hundredths) / 100.0)::float8 as linear_conversions
    from credits
    group by group_key, group_name, channel
    order by group_key = ${unattributed}::text, sum(linear_cents) desc, group_name`,
  assumptions: ({ input }) => [
    `A touch counts for a sale when it is the buyer's, of any type (impression, click or open), at most ${input.lookback_days} days before the sale's moment (sales.sold_at) and not after it.`,
    'Linear credit splits each sale equally over its touches; a campaign touched twice gets two shares. Cents that do not split evenly go to the earliest touches.',
    'Sales without a buyer or without a touch in the lookback are unattributed under every model.',
  ],
  narrate: ({ rows, input, window }) => {
    if (rows.length === 0) return `No sales ${betweenDates(window)}.`
    const revenue = rows.reduce((sum, row) => sum + row.first_touch_revenue, 0)
    const credited = rows.filter((row) => row.channel !== null)
    const unattributedRevenue = rows.find((row) => row.channel === null)?.first_touch_revenue ?? 0
    const touched = revenue - unattributedRevenue
    const opening =
      `Of ${formatMoney(revenue)} revenue ${betweenDates(window)}, ${formatMoney(touched)} ` +
      `(${formatPercent(revenue > 0 ? (100 * touched) / revenue : 0)}) came from buyers reached by a campaign in the ${input.lookback_days} days before buying`
    if (credited.length === 0) return `${opening}.`
    const leaders = models.map(({ key, label }) => {
      const leader = [...credited].sort((a, b) => b[key] - a[key])[0]!
      return `${leader.group} under ${label.toLowerCase()} (${formatMoney(leader[key])})`
    })
    return `${opening}. Most credited: ${leaders.join(', ')}. ${formatMoney(unattributedRevenue)} had no touch (unattributed).`
  },
  chart: ({ rows }) =>
    rows.length === 0
      ? undefined
      : customChart({
          title: 'Revenue credited by attribution model',
          data: {
            values: rows.flatMap((row) =>
              models.map(({ key, label }) => ({ group: row.group, model: label, revenue: row[key] })),
            ),
          },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y: { field: 'group', type: 'nominal', title: 'Credited to', sort: rows.map((row) => row.group) },
            yOffset: { field: 'model', type: 'nominal', sort: models.map(({ label }) => label) },
            x: { field: 'revenue', type: 'quantitative', title: 'Revenue ($)', axis: { format: '$,.0f' } },
            color: { field: 'model', type: 'nominal', title: 'Model', sort: models.map(({ label }) => label) },
            tooltip: [
              { field: 'group', type: 'nominal', title: 'Credited to' },
              { field: 'model', type: 'nominal', title: 'Model' },
              { field: 'revenue', type: 'quantitative', title: 'Revenue', format: '$,.2f' },
            ],
          },
        }),
})
