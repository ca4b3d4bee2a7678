import type { DemoWindow } from './demand-plan.ts'
import { dayOf, instantOf, isoDateOf, secondsPerDay, secondsPerMinute, weekdayOf } from './business-time.ts'
import type { Random } from './random.ts'
import type { Day, Instant, LiveShowRow, ShowPlatform } from './rows.ts'
import { blackFridayMarathon, showFreeDatesOf, showSlots, specialShowsOf } from './show-schedule.ts'

export interface PlannedShow {
  row: LiveShowRow
  day: Day
  startInstant: Instant
  durationMinutes: number
  platform: ShowPlatform
  /** Revenue weight: the day's demand × revenue per hour × hours on air. */
  weight: number
}


/** Every show of the window, in start order; `audienceScale` grows the audience with the scale. */
export function planShows(random: Random, window: DemoWindow, audienceScale: number): PlannedShow[] {
  const { firstDay, lastDay } = window
  const showFreeDates = showFreeDatesOf(window.years())
  // Each marathon in the window draws more viewers than the one a year before.
  const specialShows = specialShowsOf(window.years())
    .filter((special) => window.contains(dayOf(special.date)))
    .map((special, index) => ({ ...special, audience: Math.round(special.audience * blackFridayMarathon.audienceGrowth ** index) }))
  const shows: PlannedShow[] = []
  const episodes = new Map<string, number>()
  const add = (day: number, platform: ShowPlatform, title: string, startMinute: number, durationMinutes: number, revenuePerHour: number, audience: number) => {
    const episode = (episodes.get(title) ?? 0) + 1
    episodes.set(title, episode)
    const startInstant = instantOf(day, startMinute * secondsPerMinute)
    const demand = window.demandOf(day)
    shows.push({
      day,
      startInstant,
      durationMinutes,
      platform,
      weight: demand * revenuePerHour * (durationMinutes / 60),
      row: {
        id: random.uuid(),
        platform,
        title: `${title} #${episode}`,
        startedAt: startInstant,
        durationMinutes,
        peakViewers: Math.round(audience * audienceScale * Math.sqrt(demand) * random.between(0.8, 1.25)),
        // Shows are announced about a week ahead.
        createdAt: startInstant - 6 * secondsPerDay,
      },
    })
  }
  for (let day = firstDay; day <= lastDay; day++) {
    const date = isoDateOf(day)
    const week = Math.floor((day - firstDay) / 7)
    for (const slot of showSlots) {
      if (slot.weekday !== weekdayOf(day) || showFreeDates.has(date) || (slot.everyOtherWeek && week % 2 === 1)) continue
      add(day, slot.platform, slot.title, slot.startMinute, random.pick(slot.durations), slot.revenuePerHour, slot.audience)
    }
    for (const special of specialShows) {
      if (special.date !== date) continue
      add(day, special.platform, special.title, special.startMinute, special.durationMinutes, special.revenuePerHour, special.audience)
    }
  }
  return shows.sort((left, right) => left.startInstant - right.startInstant)
}
