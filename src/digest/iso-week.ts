import { businessToday } from '../semantic/clock.ts'
import { addDays, formatDate, parseDate } from '../tools/time-window.ts'

/** An ISO week: Monday to Sunday, named YYYY-Www; the digest's period. */
export interface IsoWeek {
  period: string
  from: string
  to: string
}

const day = 86_400_000

/** The Monday of ISO week 1: the week holding 4 January. */
function firstMonday(year: number): Date {
  const january4 = new Date(Date.UTC(year, 0, 4))
  return new Date(january4.getTime() - ((january4.getUTCDay() + 6) % 7) * day)
}

/** The ISO week holding a day (YYYY-MM-DD). */
export function isoWeekOf(date: string): IsoWeek {
  const value = parseDate(date)
  const monday = new Date(value.getTime() - ((value.getUTCDay() + 6) % 7) * day)
  // The week belongs to the year of its Thursday.
  const year = new Date(monday.getTime() + 3 * day).getUTCFullYear()
  const week = Math.round((monday.getTime() - firstMonday(year).getTime()) / (7 * day)) + 1
  const from = formatDate(monday)
  return { period: `${year}-W${String(week).padStart(2, '0')}`, from, to: addDays(from, 6) }
}

/** "2025-W48" → its Monday and Sunday, or why it is not a week. */
export function parseIsoWeek(text: string): { ok: true; week: IsoWeek } | { ok: false; error: string } {
  const match = /^(\d{4})-W(\d{2})$/.exec(text.trim())
  if (!match) return { ok: false, error: `A week is written YYYY-Www, e.g. 2025-W48; got '${text}'.` }
  const year = Number(match[1])
  const number = Number(match[2])
  const weeks = isoWeekOf(`${year}-12-28`).period.endsWith('W53') ? 53 : 52
  if (number < 1 || number > weeks) return { ok: false, error: `${year} has ISO weeks 1 to ${weeks}; got ${text}.` }
  const from = formatDate(new Date(firstMonday(year).getTime() + (number - 1) * 7 * day))
  return { ok: true, week: { period: `${year}-W${match[2]}`, from, to: addDays(from, 6) } }
}

/** Today's date in a time zone, YYYY-MM-DD. */
export function dateIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/**
 * The last complete week (Monday to Sunday) before a day: on a Monday the week that ended the day before, on a
 * Sunday the one before the week ending today, on a Wednesday the one that ended three days earlier.
 */
export function lastCompleteWeek(today: string): IsoWeek {
  return isoWeekOf(addDays(today, -7))
}

/**
 * What a Monday-morning digest covers: the last complete week before today on the business clock, today being
 * the date in the business time zone, or LUXX_AS_OF when set.
 */
export function previousWeek(timeZone: string, now: Date, asOf?: string): IsoWeek {
  return lastCompleteWeek(businessToday(timeZone, asOf, now))
}
