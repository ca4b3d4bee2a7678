import { dayOf, instantOf, secondsPerDay, secondsPerHour } from './business-time.ts'
import { firstDay, lastDay, monthIndexOf } from './demand-plan.ts'
import type { Random } from './random.ts'
import type { CampaignRow, MarketingChannel } from './rows.ts'

/**
 * Campaigns and the figures each channel reports. E-mail is cheap and earns the best return on spend;
 * Whatnot's promoted shows turn the most clicks into purchases. Figures follow the month's planned revenue,
 * so they scale with the data.
 */
interface ChannelEconomics {
  label: string
  /** Share of the month's revenue the channel claims. */
  revenueShare: number
  roas: number
  conversionRate: number
  clickThroughRate: number
}

const economics: Record<MarketingChannel, ChannelEconomics> = {
  whatnot: { label: 'Whatnot show boosts', revenueShare: 0.1, roas: 6.5, conversionRate: 0.09, clickThroughRate: 0.03 },
  instagram: { label: 'Instagram ads', revenueShare: 0.07, roas: 3.8, conversionRate: 0.016, clickThroughRate: 0.011 },
  email: { label: 'Newsletter', revenueShare: 0.08, roas: 30, conversionRate: 0.032, clickThroughRate: 0.035 },
}

const marketingChannels = Object.keys(economics) as MarketingChannel[]

interface SpecialCampaign {
  name: string
  start: string
  end: string
  channels: readonly MarketingChannel[]
  revenueShare: number
}

const specialCampaigns: readonly SpecialCampaign[] = [
  { name: 'Black Friday 2024', start: '2024-11-21', end: '2024-12-02', channels: marketingChannels, revenueShare: 0.04 },
  { name: 'Holiday Gift Guide 2024', start: '2024-12-03', end: '2024-12-24', channels: ['instagram', 'email'], revenueShare: 0.05 },
  { name: "Mother's Day Edit 2025", start: '2025-04-28', end: '2025-05-11', channels: ['instagram', 'email'], revenueShare: 0.03 },
  { name: 'Black Friday 2025', start: '2025-11-20', end: '2025-12-01', channels: marketingChannels, revenueShare: 0.04 },
  { name: 'Holiday Gift Guide 2025', start: '2025-12-02', end: '2025-12-24', channels: ['instagram', 'email'], revenueShare: 0.05 },
  { name: "Mother's Day Edit 2026", start: '2026-04-27', end: '2026-05-10', channels: ['instagram', 'email'], revenueShare: 0.03 },
]

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Monthly campaigns per channel plus the seasonal pushes, from the planned revenue of each month. */
export function planCampaigns(random: Random, monthRevenueCents: readonly number[], averageOrderCents: number): CampaignRow[] {
  const campaign = (name: string, channel: MarketingChannel, start: number, end: number, revenueShare: number): CampaignRow => {
    const terms = economics[channel]
    const attributed = monthRevenueCents[monthIndexOf(start)]! * revenueShare * random.between(0.85, 1.15)
    const conversions = Math.max(1, Math.round(attributed / averageOrderCents))
    const clicks = Math.max(conversions, Math.round(conversions / (terms.conversionRate * random.between(0.85, 1.15))))
    return {
      id: random.uuid(),
      name,
      channel,
      startDate: start,
      endDate: end,
      spendCents: Math.round(attributed / (terms.roas * random.between(0.8, 1.2))),
      impressions: Math.round(clicks / (terms.clickThroughRate * random.between(0.85, 1.15))),
      clicks,
      conversions,
      attributedRevenueCents: Math.round(attributed),
      createdAt: instantOf(start - 7, 10 * secondsPerHour),
    }
  }
  const campaigns: CampaignRow[] = []
  for (let start = firstDay; start <= lastDay; ) {
    const date = new Date(start * secondsPerDay * 1000)
    const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 1000 / secondsPerDay - 1
    const month = `${monthNames[date.getUTCMonth()]} ${date.getUTCFullYear()}`
    for (const channel of marketingChannels) campaigns.push(campaign(`${economics[channel].label} — ${month}`, channel, start, end, economics[channel].revenueShare))
    start = end + 1
  }
  for (const special of specialCampaigns) {
    for (const channel of special.channels) {
      campaigns.push(campaign(`${special.name} — ${economics[channel].label}`, channel, dayOf(special.start), dayOf(special.end), special.revenueShare))
    }
  }
  return campaigns
}

/** Which campaigns run on a day, per channel: the touches a customer can receive. */
export class CampaignCalendar {
  private readonly running = new Map<string, string[]>()

  constructor(campaigns: readonly CampaignRow[]) {
    for (const campaign of campaigns) {
      for (let day = campaign.startDate; day <= campaign.endDate; day++) {
        const key = `${day}/${campaign.channel}`
        const list = this.running.get(key) ?? []
        list.push(campaign.id)
        this.running.set(key, list)
      }
    }
  }

  runningOn(day: number, channel: MarketingChannel): readonly string[] {
    return this.running.get(`${day}/${channel}`) ?? []
  }
}
