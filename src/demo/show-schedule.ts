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

export const specialShows: readonly SpecialShow[] = [
  { platform: 'whatnot', title: 'Black Friday Marathon 2024', date: '2024-11-29', startMinute: 10 * 60, durationMinutes: 360, revenuePerHour: 0.9, audience: 500 },
  { platform: 'whatnot', title: 'Black Friday Marathon 2025', date: '2025-11-28', startMinute: 10 * 60, durationMinutes: 360, revenuePerHour: 0.9, audience: 560 },
]

/** Holidays without regular shows. */
export const showFreeDates: ReadonlySet<string> = new Set(['2024-11-28', '2024-12-25', '2025-01-01', '2025-11-27', '2025-12-25', '2026-01-01'])
