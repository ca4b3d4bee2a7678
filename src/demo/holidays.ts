import { dayOf, weekdayOf } from './business-time.ts'

/** The US retail holidays the demo calendar plans around, as days (see business-time.ts). */

function nthWeekdayOf(year: number, month: number, weekday: number, nth: number): number {
  const first = dayOf(`${year}-${String(month).padStart(2, '0')}-01`)
  return first + ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7
}

/** Thanksgiving: the fourth Thursday of November. Black Friday is the day after. */
export function thanksgivingOf(year: number): number {
  return nthWeekdayOf(year, 11, 4, 4)
}

/** Mother's Day in the US: the second Sunday of May. */
export function mothersDayOf(year: number): number {
  return nthWeekdayOf(year, 5, 0, 2)
}

export function christmasOf(year: number): number {
  return dayOf(`${year}-12-25`)
}

export function newYearsDayOf(year: number): number {
  return dayOf(`${year}-01-01`)
}
