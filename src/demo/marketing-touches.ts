import { businessDayOf, secondsPerDay, secondsPerMinute } from './business-time.ts'
import type { CampaignCalendar } from './marketing-campaigns.ts'
import type { Random } from './random.ts'
import type { MarketingChannel, SalesChannel, TouchRow } from './rows.ts'
import { WeightedChoice } from './weighted-choice.ts'

/** Touches usually come from the channel the customer then buys on. */
const sameChannelShare = 0.6
const otherChannels = WeightedChoice.of(
  [
    { channel: 'instagram', weight: 45 },
    { channel: 'email', weight: 35 },
    { channel: 'whatnot', weight: 20 },
  ] as const,
  (entry) => entry.weight,
)

/** One to four touches in the two weeks before a purchase, the last most often a click. */
export function touchesBeforePurchase(random: Random, calendar: CampaignCalendar, userId: string, soldAt: number, saleChannel: SalesChannel): TouchRow[] {
  const offsets = Array.from({ length: random.integer(1, 4) }, () => random.integer(10 * secondsPerMinute, 14 * secondsPerDay)).sort(
    (left, right) => right - left,
  )
  const touches: TouchRow[] = []
  offsets.forEach((offset, index) => {
    const channel: MarketingChannel = saleChannel !== 'website' && random.chance(sameChannelShare) ? saleChannel : otherChannels.pick(random).channel
    const touch = touchAt(random, calendar, userId, soldAt - offset, channel, index === offsets.length - 1)
    if (touch) touches.push(touch)
  })
  return touches
}

/** A touch no purchase followed: an impression, an opened e-mail, a click that went nowhere. */
export function strayTouch(random: Random, calendar: CampaignCalendar, userId: string, instant: number): TouchRow | undefined {
  return touchAt(random, calendar, userId, instant, otherChannels.pick(random).channel, false)
}

function touchAt(random: Random, calendar: CampaignCalendar, userId: string, instant: number, channel: MarketingChannel, last: boolean): TouchRow | undefined {
  const day = businessDayOf(instant)
  const running = calendar.runningOn(day, channel)
  if (day < calendar.firstDay || running.length === 0) return undefined
  const click = random.chance(last ? 0.7 : 0.3)
  return {
    id: random.uuid(),
    userId,
    campaignId: random.pick(running),
    touchedAt: instant,
    touchType: click ? 'click' : channel === 'email' ? 'open' : 'impression',
  }
}
