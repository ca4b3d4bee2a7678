import { isoDateOf } from './business-time.ts'
import { christmasOf, newYearsDayOf, thanksgivingOf } from './holidays.ts'
import type { ShowPlatform } from './rows.ts'

/**
 * The live-show calendar. Regular slots run every week (Instagram every other week); Thursday 20:00 on
 * Whatnot earns the most per show hour. The Black Friday marathon runs once a year: too few shows to
 * rank as a slot, which a careful analysis of slots has to notice.
 */
export interface ShowSlot {
  platform: ShowPlatform
  title: string
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
  /** Local start time, in minutes after midnight. */
  startMinute: number
  durations: readonly number[]
  /** Revenue weight per show hour, relative to the revenue weight of an average day outside shows. */
  revenuePerHour: number
  everyOtherWeek: boolean
  /** Peak viewers of a typical show at the small scale. */
  audience: number
}

export interface SpecialShow {
  platform: ShowPlatform
  title: string
  date: string
  startMinute: number
  durationMinutes: number
  revenuePerHour: number
  audience: number
}

export const showSlots: readonly ShowSlot[] = [
  {
    platform: 'whatnot',
    title: 'Thursday Night Luxe',
    weekday: 4,
    startMinute: 20 * 60,
    durations: [120, 120, 135, 150],
    revenuePerHour: 1.45,
    everyOtherWeek: false,
    audience: 420,
  },
  {
    platform: 'whatnot',
    title: 'Sunday Designer Drop',
    weekday: 0,
    startMinute: 14 * 60,
    durations: [105, 120, 120],
    revenuePerHour: 0.7,
    everyOtherWeek: false,
    audience: 240,
  },
  {
    platform: 'whatnot',
    title: 'Tuesday Lunch Steals',
    weekday: 2,
    startMinute: 12 * 60,
    durations: [75, 90, 90],
    revenuePerHour: 0.55,
    everyOtherWeek: false,
    audience: 150,
  },
  {
    platform: 'whatnot',
    title: 'Saturday Night Bags',
    weekday: 6,
    startMinute: 19 * 60,
    durations: [105, 120],
    revenuePerHour: 0.75,
    everyOtherWeek: false,
    audience: 260,
  },
  {
    platform: 'instagram',
    title: 'Instagram Live: New Arrivals',
    weekday: 3,
    startMinute: 18 * 60,
    durations: [45, 60],
    revenuePerHour: 0.5,
    everyOtherWeek: true,
    audience: 120,
  },
]

/** The Black Friday marathon on Whatnot: the first in the window draws 500 viewers at the small scale, each later one 12 % more. */
export const blackFridayMarathon = { platform: 'whatnot', startMinute: 10 * 60, durationMinutes: 360, revenuePerHour: 0.9, audience: 500, audienceGrowth: 1.12 } as const

/** The special shows of the calendar years given, in date order: the Black Friday marathon each year. */
export function specialShowsOf(years: readonly number[]): SpecialShow[] {
  return years.map((year) => ({
    platform: blackFridayMarathon.platform,
    title: `Black Friday Marathon ${year}`,
    date: isoDateOf(thanksgivingOf(year) + 1),
    startMinute: blackFridayMarathon.startMinute,
    durationMinutes: blackFridayMarathon.durationMinutes,
    revenuePerHour: blackFridayMarathon.revenuePerHour,
    audience: blackFridayMarathon.audience,
  }))
}

/** Holidays without regular shows: Thanksgiving, Christmas Day and New Year's Day. */
export function showFreeDatesOf(years: readonly number[]): ReadonlySet<string> {
  return new Set(years.flatMap((year) => [newYearsDayOf(year), thanksgivingOf(year), christmasOf(year)].map(isoDateOf)))
}
