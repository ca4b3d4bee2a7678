import {
  barChart,
  betweenDates,
  campaignChannels,
  defineTool,
  describeWindow,
  formatMoney,
  formatNumber,
  formatPercent,
  limitField,
  ratios,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'

const sortKeys = ['roas', 'revenue', 'spend', 'cpa'] as const
type SortKey = (typeof sortKeys)[number]

/** The campaign figures as the channels report them, before the glossary ratios are added. */
const reported = z.object({
  campaign_id: z.string(),
  campaign: z.string(),
  channel: z.string(),
  start_date: z.string(),
  end_date: z.string(),
  spend: z.number(),
  impressions: z.number().int(),
  clicks: z.number().int(),
  conversions: z.number().int(),
  attributed_revenue: z.number(),
})

const row = reported.extend({
  roas: z.number().nullable().describe('Attributed revenue ÷ spend; empty when nothing was spent.'),
  cpa: z.number().nullable().describe('Spend ÷ conversions; empty when there were no conversions.'),
  conversion_rate_percent: z.number().nullable().describe('Conversions ÷ clicks × 100; empty without clicks.'),
  ctr_percent: z.number().nullable().describe('Clicks ÷ impressions × 100; empty without impressions.'),
})
type CampaignRow = z.output<typeof row>

const sortLabels: Record<SortKey, string> = {
  roas: 'ROAS (highest first)',
  revenue: 'attributed revenue (highest first)',
  spend: 'spend (highest first)',
  cpa: 'CPA (lowest first)',
}

/** Best first; rows without the figure (a ratio with a zero denominator) go last. */
function compare(sortBy: SortKey, a: CampaignRow, b: CampaignRow): number {
  const value = (entry: CampaignRow) =>
    sortBy === 'roas' ? entry.roas : sortBy === 'revenue' ? entry.attributed_revenue : sortBy === 'spend' ? entry.spend : entry.cpa
  const first = value(a)
  const second = value(b)
  if (first !== second) {
    if (first === null) return 1
    if (second === null) return -1
    return sortBy === 'cpa' ? first - second : second - first
  }
  return b.attributed_revenue - a.attributed_revenue || a.campaign.localeCompare(b.campaign)
}

export default defineTool({
  name: 'campaign_performance',
  title: 'Campaign performance',
  area: 'marketing',
  description:
    'Per marketing campaign running at any time in the window: spend, impressions, clicks, conversions and attributed revenue as the ' +
    'channel reports them, with ROAS (revenue ÷ spend), CPA (spend ÷ conversions), conversion rate (conversions ÷ clicks) and ' +
    'click-through rate (clicks ÷ impressions); a ratio is empty when its denominator is 0. Sort by roas, revenue, spend or cpa. ' +
    'For totals per channel with acquisition cost use channel_comparison; to credit actual sales to channels or campaigns from ' +
    'customer touches use marketing_attribution.',
  input: toolInput({
    ...windowFields,
    channel: z.enum(campaignChannels)
      .optional()
      .describe('Only campaigns on this channel. Default: every channel.'),
    sort_by: z
      .enum(sortKeys)
      .default('roas')
      .describe('Order: roas, revenue or spend highest first; cpa lowest first. Campaigns without the figure come last. Default roas.'),
    limit: limitField(10),
  }),
  row,
  metrics: ['roas', 'cpa', 'conversion_rate', 'ctr'],
  examples: [
    'Which campaigns had the best ROAS last quarter?',
    'How did our Instagram campaigns perform this year?',
    'Which campaign has the lowest cost per acquisition?',
    'Top 5 campaigns by attributed revenue',
  ],
  cues: {
    strong: [
      'campaign', 'campaigns', 'cpa', 'cost per acquisition', 'ad performance', 'ads perform', 'ads', 'ad campaigns',
    ],
    weak: [
      'ad spend', 'marketing',
    ],
  },
  query: ({ sql, input, window }) => sql`
    select c.id::text as campaign_id,
           c.name as campaign,
           c.channel,
           c.start_date::text as start_date,
           c.end_date::text as end_date,
           c.spend::float8 as spend,
           c.impressions::int as impressions,
           c.clicks::int as clicks,
           c.conversions::int as conversions,
           c.attributed_revenue::float8 as attributed_revenue
    from marketing_campaigns c
    where c.start_date <= ${window.to}::date
      and c.end_date >= ${window.from}::date
      ${input.channel ? sql`and c.channel = ${input.channel}` : sql``}
    order by c.start_date, c.name`,
  // Ratios come from the glossary in TypeScript, so sorting by them (and the limit after it) happens here too.
  postProcess: (rows, { input }) =>
    z
      .array(reported)
      .parse(rows)
      .map(
        (campaign): CampaignRow => ({
          ...campaign,
          roas: ratios.roas(campaign.attributed_revenue, campaign.spend),
          cpa: ratios.cpa(campaign.spend, campaign.conversions),
          conversion_rate_percent: ratios.percent(campaign.conversions, campaign.clicks),
          ctr_percent: ratios.percent(campaign.clicks, campaign.impressions),
        }),
      )
      .sort((a, b) => compare(input.sort_by, a, b))
      .slice(0, input.limit),
  assumptions: ({ input }) => [
    'A campaign counts when its dates overlap the window; its figures are the campaign\'s totals as the channel reports them, not prorated to the window.',
    `Sorted by ${sortLabels[input.sort_by as SortKey]}; at most ${input.limit} campaigns.`,
    ...(input.channel ? [`Only ${input.channel} campaigns.`] : []),
  ],
  narrate: ({ rows, input, window }) => {
    if (rows.length === 0) {
      return `No ${input.channel ? `${input.channel} ` : ''}marketing campaigns ran ${betweenDates(window)}.`
    }
    const top = rows[0]!
    const roas = top.roas === null ? 'no ROAS (nothing spent)' : `ROAS ${formatNumber(top.roas)}`
    const cpa = top.cpa === null ? 'no conversions' : `${formatNumber(top.conversions)} conversions at CPA ${formatMoney(top.cpa)}`
    const conversionRate =
      top.conversion_rate_percent === null ? '' : `, ${formatPercent(top.conversion_rate_percent)} of clicks converting`
    return (
      `${formatNumber(rows.length)} campaign${rows.length === 1 ? '' : 's'} shown for ${describeWindow(window)}, sorted by ${sortLabels[input.sort_by as SortKey]}. ` +
      `${top.campaign} (${top.channel}) comes first: ${roas}, ${formatMoney(top.attributed_revenue)} attributed revenue on ` +
      `${formatMoney(top.spend)} spend, ${cpa}${conversionRate}.`
    )
  },
  chart: ({ rows }) =>
    rows.length === 0
      ? undefined
      : barChart({
          title: 'ROAS by campaign',
          values: rows.filter((campaign) => campaign.roas !== null),
          category: { field: 'campaign', title: 'Campaign' },
          value: { field: 'roas', title: 'ROAS (revenue ÷ spend)', format: ',.2f' },
          color: { field: 'channel', title: 'Channel' },
          extraTooltip: [
            { field: 'spend', title: 'Spend', format: '$,.0f' },
            { field: 'attributed_revenue', title: 'Attributed revenue', format: '$,.0f' },
            { field: 'cpa', title: 'CPA', format: '$,.2f' },
          ],
        }),
})
