import { isoWeekOf } from '../../digest/iso-week.ts'
import { addDays, addMonths } from '../../tools/time-window.ts'
import type { ChangeGrain } from '../alert-rule.ts'

/** A complete period a rule judges: its dates and its key, the second half of a firing's unique key. */
export interface AlertPeriod {
  /** 2026-10-30 for a day, 2026-W44 for a Monday–Sunday week, 2026-10 for a month. */
  key: string
  from: string
  to: string
}

/**
 * The last complete period before today on the business clock: yesterday, the last Monday–Sunday week, the last
 * calendar month. Periods in progress are not judged: half a week against a whole one would always look like a drop.
 */
export function lastCompletePeriod(grain: ChangeGrain, today: string): AlertPeriod {
  if (grain === 'day') {
    const day = addDays(today, -1)
    return { key: day, from: day, to: day }
  }
  if (grain === 'week') {
    const week = isoWeekOf(addDays(today, -7))
    return { key: week.period, from: week.from, to: week.to }
  }
  const from = addMonths(`${today.slice(0, 8)}01`, -1)
  return { key: from.slice(0, 7), from, to: addDays(`${today.slice(0, 8)}01`, -1) }
}

/** The key of the day or week a tool row names (its date, or the Monday starting its week). */
export function periodKeyOf(grain: 'day' | 'week', date: string): string {
  return grain === 'day' ? date : isoWeekOf(date).period
}
