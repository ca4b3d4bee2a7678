import { dayOf, instantOf, secondsPerDay, secondsPerHour } from './business-time.ts'
import type { DemoWindow } from './demand-plan.ts'
import { mothersDayOf, thanksgivingOf } from './holidays.ts'
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
  start: number
  end: number
  channels: readonly MarketingChannel[]
  revenueShare: number
}

/**
 * The seasonal pushes of a year: Mother's Day (the two weeks up to it), Black Friday (the week before Thanksgiving
 * to Cyber Monday) and the holiday gift guide (from then to Christmas Eve). In 2025: 04-28 … 05-11,
 * 11-20 … 12-01 and 12-02 … 12-24.
 */
function specialCampaignsOf(year: number): SpecialCampaign[] {
  const mothersDay = mothersDayOf(year)
  const thanksgiving = thanksgivingOf(year)
  return [
    { name: `Mother's Day Edit ${year}`, start: mothersDay - 13, end: mothersDay, channels: ['instagram', 'email'], revenueShare: 0.03 },
    { name: `Black Friday ${year}`, start: thanksgiving - 7, end: thanksgiving + 4, channels: marketingChannels, revenueShare: 0.04 },
    { name: `Holiday Gift Guide ${year}`, start: thanksgiving + 5, end: dayOf(`${year}-12-24`), channels: ['instagram', 'email'], revenueShare: 0.05 },
  ]
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Monthly campaigns per channel plus the seasonal pushes, from the planned revenue of each month. */
export function planCampaigns(random: Random, window: DemoWindow, monthRevenueCents: readonly number[], averageOrderCents: number): CampaignRow[] {
  const { firstDay, lastDay } = window
  const campaign = (name: string, channel: MarketingChannel, start: number, end: number, revenueShare: number): CampaignRow => {
    const terms = economics[channel]
    const attributed = monthRevenueCents[window.monthIndexOf(start)]! * revenueShare * random.between(0.85, 1.15)
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
  // The pushes that start inside the window; one that starts near its end may still be running.
  const specials = window.years().flatMap(specialCampaignsOf).filter((special) => window.contains(special.start))
  for (const special of specials) {
    for (const channel of special.channels) {
      campaigns.push(campaign(`${special.name} — ${economics[channel].label}`, channel, special.start, special.end, special.revenueShare))
    }
  }
  return campaigns
}

/** Which campaigns run on a day, per channel: the touches a customer can receive. */
export class CampaignCalendar {
  private readonly running = new Map<string, string[]>()

  constructor(
    campaigns: readonly CampaignRow[],
    /** No touches are recorded before the window's first day. */
    readonly firstDay: number,
  ) {
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
