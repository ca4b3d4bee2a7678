import {
  customChart,
  defineTool,
  betweenDates,
  describeWindow,
  formatMoney,
  formatNumber,
  formatPercent,
  plural,
  ratios,
  toolInput,
  windowFields,
  z,
  campaignChannels,
} from '../../src/tools/define-tool.ts'
import { longestLookbackDays } from '../campaign-touches.ts'

const channels = [...campaignChannels]
const channelNames: Record<string, string> = { whatnot: 'Whatnot', instagram: 'Instagram', email: 'E-mail' }
const channelName = (channel: string) => channelNames[channel] ?? channel

/** Campaign totals and acquisitions per channel, before the glossary ratios and shares are added. */
const totals = z.object({
  channel: z.string(),
  campaigns: z.number().int(),
  spend: z.number(),
  impressions: z.number().int(),
  clicks: z.number().int(),
  conversions: z.number().int(),
  attributed_revenue: z.number(),
  acquired_customers: z
    .number()
    .int()
    .describe('New customers (first purchase ever in the window) whose earliest campaign touch in the lookback before that purchase was on this channel.'),
})

const row = totals.extend({
  roas: z.number().nullable().describe('Attributed revenue ÷ spend; empty when nothing was spent.'),
  cpa: z.number().nullable().describe('Spend ÷ conversions; empty without conversions.'),
  conversion_rate_percent: z.number().nullable().describe('Conversions ÷ clicks × 100; empty without clicks.'),
  ctr_percent: z.number().nullable().describe('Clicks ÷ impressions × 100; empty without impressions.'),
  customer_acquisition_cost: z.number().nullable().describe('Spend ÷ acquired customers; empty when none were acquired.'),
  spend_share_percent: z.number().nullable().describe('This channel\'s spend ÷ spend on all channels × 100.'),
  revenue_share_percent: z.number().nullable().describe('This channel\'s attributed revenue ÷ attributed revenue on all channels × 100.'),
})
type ChannelRow = z.output<typeof row>

/** The channel with the highest figure (the first in channel order on a tie); undefined when no channel has one. */
function best(rows: ChannelRow[], figure: (channel: ChannelRow) => number | null): { channel: ChannelRow; value: number } | undefined {
  let leader: { channel: ChannelRow; value: number } | undefined
  for (const channel of rows) {
    const value = figure(channel)
    if (value !== null && (!leader || value > leader.value)) leader = { channel, value }
  }
  return leader
}

export default defineTool({
  name: 'channel_comparison',
  title: 'Marketing channels compared',
  area: 'marketing',
  description:
    'Marketing per channel: spend, attributed revenue, ROAS, CPA and customer acquisition cost. ' +
    'Whatnot, Instagram and e-mail side by side (always all three rows): spend, impressions, clicks, conversions and ' +
    'attributed revenue of the campaigns running in the window, ROAS, CPA, conversion rate, click-through rate, each channel\'s ' +
    'share of spend and of attributed revenue, and customer acquisition cost (spend ÷ new customers whose first purchase was ' +
    'first-touched by the channel within lookback_days). Use it to decide where to put the marketing budget, and for acquisition cost, the cheapest acquisition channel or channel efficiency (not new_vs_returning_customers, which has no cost). For single ' +
    'campaigns use campaign_performance; to credit actual sales revenue to channels by first, last or linear touch use marketing_attribution.',
  input: toolInput({
    ...windowFields,
    lookback_days: z
      .number()
      .int()
      .min(1)
      .max(longestLookbackDays)
      .default(30)
      .describe('How many days before a new customer\'s first purchase a campaign touch may be to count as acquiring them, 1 to 90 (default 30).'),
  }),
  row,
  metrics: ['roas', 'cpa', 'conversion_rate', 'ctr', 'customer_acquisition_cost', 'new_customers'],
  examples: [
    'Which marketing channel gives the best return?',
    'Compare Whatnot, Instagram and e-mail marketing this year',
    'What does it cost us to acquire a customer on each channel?',
    'Where does our marketing budget go and what does it bring in?',
  ],
  cues: {
    strong: [
      /\bbang for (?:the|our|my) (?:marketing )?buck\b/, 'most efficient channel', 'best return on marketing', 'marketing efficiency',
      'roas', 'return on ad spend', 'marketing channels', 'compare channels', 'channel comparison', 'which channel',
      'which channels', 'best channel', 'channel mix', 'which platform',
      'acquisition cost', 'cost of acquisition', 'customer acquisition cost', 'cost to acquire', 'cac', 'cheapest acquisition',
      'acquisition channel', 'acquisition channels', 'cheapest channel', 'channel efficiency', 'most efficient channel',
      'efficient channel', 'efficiency by channel', 'cost per new customer',
    ],
    medium: [
      'channel', 'channels', 'platforms',
    ],
  },
  query: ({ sql, input, window }) => sql`
    with channels(channel, position) as (
      select channel, position::int from unnest(${channels}::text[]) with ordinality as listed(channel, position)
    ),
    campaign_totals as (
      select c.channel,
             count(*) as campaigns,
             sum(c.spend) as spend,
             sum(c.impressions) as impressions,
             sum(c.clicks) as clicks,
             sum(c.conversions) as conversions,
             sum(c.attributed_revenue) as attributed_revenue
      from marketing_campaigns c
      where c.start_date <= ${window.to}::date
        and c.end_date >= ${window.from}::date
      group by c.channel
    ),
    -- The window's new customers: buyers whose first purchase ever (buyer_summaries.first_date, kept by triggers) is in
    -- it, each with the moment of that purchase (their first line of that day, in time order).
    first_purchases as (
      select b.buyer_id, f.id as sale_id, f.sold_at
      from buyer_summaries b
      cross join lateral (
        select s.id, s.sold_at
        from sales s
        where s.buyer_id = b.buyer_id and s.date_sold = b.first_date
        order by s.sold_at, s.id
        limit 1
      ) f
      where b.first_date between ${window.from}::date and ${window.to}::date
    ),
    acquisitions as (
      select distinct on (f.buyer_id) f.buyer_id, c.channel
      from first_purchases f
      -- The purchase's touches up to its moment (sale_touches, migration 0022), within the lookback.
      join sale_touches t on t.sale_id = f.sale_id
        and t.touched_at >= f.sold_at - ${input.lookback_days}::int * interval '1 day'
      join marketing_campaigns c on c.id = t.campaign_id
      order by f.buyer_id, t.touched_at, t.touch_id
    ),
    acquired as (
      select a.channel, count(*) as customers from acquisitions a group by a.channel
    )
    select ch.channel,
           coalesce(ct.campaigns, 0)::int as campaigns,
           coalesce(ct.spend, 0)::float8 as spend,
           coalesce(ct.impressions, 0)::int as impressions,
           coalesce(ct.clicks, 0)::int as clicks,
           coalesce(ct.conversions, 0)::int as conversions,
           coalesce(ct.attributed_revenue, 0)::float8 as attributed_revenue,
           coalesce(a.customers, 0)::int as acquired_customers
    from channels ch
    left join campaign_totals ct on ct.channel = ch.channel
    left join acquired a on a.channel = ch.channel
    order by ch.position`,
  postProcess: (rows) => {
    const parsed = z.array(totals).parse(rows)
    const totalSpend = parsed.reduce((sum, channel) => sum + channel.spend, 0)
    const totalRevenue = parsed.reduce((sum, channel) => sum + channel.attributed_revenue, 0)
    return parsed.map(
      (channel): ChannelRow => ({
        ...channel,
        roas: ratios.roas(channel.attributed_revenue, channel.spend),
        cpa: ratios.cpa(channel.spend, channel.conversions),
        conversion_rate_percent: ratios.percent(channel.conversions, channel.clicks),
        ctr_percent: ratios.percent(channel.clicks, channel.impressions),
        customer_acquisition_cost: ratios.acquisitionCost(channel.spend, channel.acquired_customers),
        spend_share_percent: ratios.percent(channel.spend, totalSpend),
        revenue_share_percent: ratios.percent(channel.attributed_revenue, totalRevenue),
      }),
    )
  },
  assumptions: ({ input }) => [
    'A campaign counts when its dates overlap the window; its figures are the campaign\'s totals as the channel reports them, not prorated to the window.',
    `A new customer is acquired by the channel of their earliest campaign touch (impression, click or open) in the ${input.lookback_days} days up to their first purchase; new customers without such a touch are acquired by no channel.`,
  ],
  narrate: ({ rows, window }) => {
    if (rows.every((channel) => channel.campaigns === 0)) return `No marketing campaigns ran ${betweenDates(window)}.`
    const spend = rows.reduce((sum, channel) => sum + channel.spend, 0)
    const revenue = rows.reduce((sum, channel) => sum + channel.attributed_revenue, 0)
    const topRoas = best(rows, (channel) => channel.roas)
    const topConversion = best(rows, (channel) => channel.conversion_rate_percent)
    const roasSentence = topRoas
      ? `${channelName(topRoas.channel.channel)} has the best ROAS at ${formatNumber(topRoas.value)} (${formatMoney(topRoas.channel.attributed_revenue)} attributed revenue on ${formatMoney(topRoas.channel.spend)} spend).`
      : 'No channel spent anything, so ROAS cannot be compared.'
    const conversionSentence = topConversion
      ? `${channelName(topConversion.channel.channel)} has the best conversion rate at ${formatPercent(topConversion.value)} of clicks.`
      : 'No channel reported clicks, so conversion rates cannot be compared.'
    // Cheapest first: "which channel is the cheapest way to get new customers" is answered in words, not only in the rows.
    const acquiring = rows
      .filter((channel) => channel.customer_acquisition_cost !== null)
      .sort((a, b) => (a.customer_acquisition_cost ?? 0) - (b.customer_acquisition_cost ?? 0))
    const acquisitionSentence =
      acquiring.length > 0
        ? ` Cost to acquire a new customer: ${acquiring
            .map((channel) => `${channelName(channel.channel)} ${formatMoney(channel.customer_acquisition_cost ?? 0)} (${plural(channel.acquired_customers, 'customer')})`)
            .join(', ')}; ${channelName(acquiring[0]!.channel)} is the cheapest.`
        : ''
    return (
      `From ${describeWindow(window)} campaigns spent ${formatMoney(spend)} and the channels attribute ${formatMoney(revenue)} revenue to them. ` +
      `${roasSentence} ${conversionSentence}${acquisitionSentence}`
    )
  },
  chart: ({ rows }) =>
    customChart({
      title: 'Spend and attributed revenue by channel',
      data: {
        values: rows.flatMap((channel) => [
          { channel: channel.channel, measure: 'Spend', amount: channel.spend, roas: channel.roas },
          { channel: channel.channel, measure: 'Attributed revenue', amount: channel.attributed_revenue, roas: channel.roas },
        ]),
      },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'channel', type: 'nominal', title: 'Channel', sort: channels, axis: { labelAngle: 0 } },
        xOffset: { field: 'measure', type: 'nominal', sort: ['Spend', 'Attributed revenue'] },
        y: { field: 'amount', type: 'quantitative', title: 'Amount ($)', axis: { format: '$,.0f' } },
        color: { field: 'measure', type: 'nominal', title: 'Measure', sort: ['Spend', 'Attributed revenue'] },
        tooltip: [
          { field: 'channel', type: 'nominal', title: 'Channel' },
          { field: 'measure', type: 'nominal', title: 'Measure' },
          { field: 'amount', type: 'quantitative', title: 'Amount', format: '$,.0f' },
          { field: 'roas', type: 'quantitative', title: 'ROAS', format: ',.2f' },
        ],
      },
    }),
})
