import {
  barChart,
  betweenDates,
  campaignChannels,
  defineTool,
  formatMoney,
  formatNumber,
  formatPercent,
  limitField,
  plural,
  ratios,
  toolInput,
  windowFields,
  z,
} from '../../src/tools/define-tool.ts'
import { campaignTouches, longestLookbackDays, touchCredit, type CreditModel } from '../campaign-touches.ts'

const sortKeys = ['profit_roi', 'revenue_roi', 'reported_roi', 'spend'] as const
type SortKey = (typeof sortKeys)[number]
const sortLabels: Record<SortKey, string> = {
  profit_roi: 'ROI on credited gross profit',
  revenue_roi: 'ROI on credited revenue',
  reported_roi: 'ROI on reported revenue',
  spend: 'spend',
}
const modelLabels: Record<CreditModel, string> = { first_touch: 'first touch', last_touch: 'last touch', linear: 'linear (split) credit' }

// Named so assumptions, narrate and chart can read typed arguments: results carry the input as a plain record.
const inputSchema = toolInput({
  ...windowFields,
  channel: z.enum(campaignChannels).optional().describe('Only campaigns on this channel. Default: every channel.'),
  attribution: z
    .enum(['last_touch', 'first_touch', 'linear'])
    .default('last_touch')
    .describe("Credit a sale to the buyer's last, first or every touch (split). Default last_touch."),
  lookback_days: z.number().int().min(1).max(longestLookbackDays).default(30).describe('How many days before a sale a touch may be and still get credit, 1 to 90 (default 30).'),
  sort_by: z
    .enum(sortKeys)
    .default('profit_roi')
    .describe('Highest first (default profit_roi).'),
  limit: limitField(10),
})
type Input = z.output<typeof inputSchema>

/** What SQL returns per campaign; the ROIs come from the glossary's ratio. */
const figures = z.object({
  campaign_id: z.string(),
  campaign: z.string(),
  channel: z.string(),
  start_date: z.string(),
  end_date: z.string(),
  spend: z.number(),
  reported_revenue: z.number().describe('Revenue the channel attributes to the campaign (marketing_campaigns.attributed_revenue).'),
  credited_sales: z.number().describe('Sales of the window credited to the campaign from customer touches (fractions under linear).'),
  credited_revenue: z.number().describe('Revenue of those sales credited to the campaign.'),
  credited_gross_profit: z.number().describe('Gross profit of those sales credited to the campaign.'),
})

const row = figures.extend({
  profit_roi_percent: z.number().nullable().describe('(Credited gross profit − spend) ÷ spend × 100; empty when nothing was spent.'),
  revenue_roi_percent: z.number().nullable().describe('(Credited revenue − spend) ÷ spend × 100; empty when nothing was spent.'),
  reported_roi_percent: z.number().nullable().describe('(Reported revenue − spend) ÷ spend × 100; empty when nothing was spent.'),
})
type CampaignRow = z.output<typeof row>

/** Highest first; campaigns without the figure (nothing spent) go last. */
function compare(sortBy: SortKey, a: CampaignRow, b: CampaignRow): number {
  const value = (entry: CampaignRow) =>
    ({ profit_roi: entry.profit_roi_percent, revenue_roi: entry.revenue_roi_percent, reported_roi: entry.reported_roi_percent, spend: entry.spend })[sortBy]
  const first = value(a)
  const second = value(b)
  if (first !== second) {
    if (first === null) return 1
    if (second === null) return -1
    return second - first
  }
  return b.credited_gross_profit - a.credited_gross_profit || a.campaign.localeCompare(b.campaign)
}

const roiText = (value: number | null) => (value === null ? 'no ROI (nothing spent)' : formatPercent(value))

export default defineTool({
  name: 'campaign_roi',
  title: 'Campaign ROI',
  area: 'marketing',
  description:
    "ROI per campaign in the window: (return − spend) ÷ spend, the return being the gross profit or revenue of the sales credited to it " +
    'from customer touches, beside ROI on the revenue the channel reports. Use it for which campaigns paid for themselves. ' +
    'For ROAS and CPA use campaign_performance; for revenue credited by channel use marketing_attribution.',
  input: inputSchema,
  row,
  metrics: ['roi', 'gross_profit', 'first_touch_revenue', 'last_touch_revenue', 'linear_revenue'],
  examples: [
    'Which campaign had the best ROI?',
    'Did our Instagram campaigns pay for themselves this year?',
    'Campaign ROI on gross profit with linear attribution',
    'Which campaigns lost money last quarter?',
  ],
  cues: {
    strong: [
      'roi', 'return on investment', 'pay for themselves', 'pay for itself', 'paid for itself', 'paid for themselves',
      'worth the money', 'worth the spend', 'campaign profit', 'campaign profitability', 'profitable campaigns',
      /\bcampaigns? (?:lost|lose|losing) money\b/,
    ],
  },
  query: ({ sql, input, window }) => {
    const model = input.attribution as CreditModel
    return sql`
      with ${campaignTouches(sql, window, input.lookback_days)},
      credited as (
        select campaign_id,
               sum(${touchCredit(sql, model, sql`cents`)}) as cents,
               sum(${touchCredit(sql, model, sql`profit_cents`)}) as profit_cents,
               sum(${touchCredit(sql, model, sql`100`)}) as hundredths
        from touches
        group by campaign_id
      )
      select c.id::text as campaign_id,
             c.name as campaign,
             c.channel,
             c.start_date::text as start_date,
             c.end_date::text as end_date,
             c.spend::float8 as spend,
             c.attributed_revenue::float8 as reported_revenue,
             (coalesce(credited.hundredths, 0) / 100.0)::float8 as credited_sales,
             (coalesce(credited.cents, 0) / 100.0)::float8 as credited_revenue,
             (coalesce(credited.profit_cents, 0) / 100.0)::float8 as credited_gross_profit
      from marketing_campaigns c
      left join credited on credited.campaign_id = c.id
      where c.start_date <= ${window.to}::date
        and c.end_date >= ${window.from}::date
        ${input.channel ? sql`and c.channel = ${input.channel}` : sql``}
      order by c.start_date, c.name`
  },
  // ROIs come from the glossary's ratio in TypeScript, so sorting by them (and the limit after it) happens here too.
  postProcess: (rows, { input }) =>
    z
      .array(figures)
      .parse(rows)
      .map(
        (campaign): CampaignRow => ({
          ...campaign,
          profit_roi_percent: ratios.roi(campaign.credited_gross_profit, campaign.spend),
          revenue_roi_percent: ratios.roi(campaign.credited_revenue, campaign.spend),
          reported_roi_percent: ratios.roi(campaign.reported_revenue, campaign.spend),
        }),
      )
      .sort((a, b) => compare(input.sort_by as SortKey, a, b))
      .slice(0, input.limit),
  assumptions: ({ input: rawInput }) => {
    const input: Input = inputSchema.parse(rawInput)
    return [
      "A campaign counts when its dates overlap the window; its spend and reported revenue are the campaign's totals, not prorated to the window.",
      `Credited sales are the window's sales whose buyer had a touch of the campaign (impression, click or open) at most ${input.lookback_days} days before buying, ` +
        `credited by ${modelLabels[input.attribution as CreditModel]}; sales outside the window are not credited.`,
      `Sorted by ${sortLabels[input.sort_by as SortKey]}, highest first; at most ${input.limit} campaigns.`,
      ...(input.channel ? [`Only ${input.channel} campaigns.`] : []),
    ]
  },
  narrate: ({ rows, input: rawInput, window }) => {
    const input = inputSchema.parse(rawInput)
    if (rows.length === 0) return `No ${input.channel ? `${input.channel} ` : ''}marketing campaigns ran ${betweenDates(window)}.`
    const top = rows[0]!
    const losing = rows.filter((campaign) => campaign.profit_roi_percent !== null && campaign.profit_roi_percent < 0).length
    return (
      `${plural(rows.length, 'campaign')} shown ${betweenDates(window)}, sorted by ${sortLabels[input.sort_by as SortKey]}. ` +
      `${top.campaign} (${top.channel}) comes first: ${formatMoney(top.credited_gross_profit)} gross profit and ${formatMoney(top.credited_revenue)} revenue ` +
      `from ${formatNumber(top.credited_sales)} credited sale${top.credited_sales === 1 ? '' : 's'} (${modelLabels[input.attribution as CreditModel]}, ${input.lookback_days}-day lookback) on ` +
      `${formatMoney(top.spend)} spend: ROI ${roiText(top.profit_roi_percent)} on gross profit, ${roiText(top.revenue_roi_percent)} on revenue ` +
      `(${roiText(top.reported_roi_percent)} on the revenue the channel reports). ` +
      (losing === 0
        ? 'None of them returned less gross profit than it cost.'
        : `${plural(losing, 'campaign')} shown returned less gross profit than ${losing === 1 ? 'it' : 'they'} cost.`)
    )
  },
  chart: ({ rows }) => {
    const spent = rows.filter((campaign) => campaign.profit_roi_percent !== null)
    if (spent.length === 0) return undefined
    return barChart({
      title: 'ROI on credited gross profit by campaign',
      values: spent,
      category: { field: 'campaign', title: 'Campaign' },
      value: { field: 'profit_roi_percent', title: 'ROI on gross profit (%)', format: ',.0f' },
      color: { field: 'channel', title: 'Channel' },
      sort: 'none',
      extraTooltip: [
        { field: 'spend', title: 'Spend', format: '$,.0f' },
        { field: 'credited_gross_profit', title: 'Credited gross profit', format: '$,.0f' },
        { field: 'credited_revenue', title: 'Credited revenue', format: '$,.0f' },
        { field: 'reported_roi_percent', title: 'ROI on reported revenue %', format: ',.0f' },
      ],
    })
  },
})
