import { z } from 'zod'
import { formatBetween, formatIsoDate, formatPeriod } from '../present/format.ts'

/** Named periods a question can use; each resolves against the data's "as of" date (the latest sale). */
export const namedPeriods = [
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'last_12_months',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'ytd',
  'this_year',
  'last_year',
  'all_time',
] as const
export type NamedPeriod = (typeof namedPeriods)[number]

// PostgreSQL has no year 0, and "the last 12 months" before 0001-06-01 is not a JavaScript date: every date
// argument stays within years the database and the window arithmetic handle.
export const earliestDate = '1900-01-01'
export const latestDate = '2999-12-31'

/** A date argument of any tool, from any surface: a real calendar date, YYYY-MM-DD, within the years allowed. */
export const isoDate = z.iso
  .date({ message: 'must be a date written YYYY-MM-DD, e.g. 2025-03-01', abort: true })
  .refine((value) => value >= earliestDate && value <= latestDate, {
    error: (issue) => `must be a date between ${earliestDate} and ${latestDate}; got ${String(issue.input)}`,
  })

export interface ResolvedWindow {
  from: string
  to: string
  label: string
  asOf: string
}

export const maximumWindowDays = 5 * 366

const day = 86_400_000

export function parseDate(text: string): Date {
  return new Date(`${text}T00:00:00Z`)
}

/** YYYY-MM-DD, the house date format (kept under this name for the callers that know it). */
export const formatDate = formatIsoDate

export function addDays(text: string, days: number): string {
  return formatDate(new Date(parseDate(text).getTime() + days * day))
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to).getTime() - parseDate(from).getTime()) / day)
}

function startOfQuarter(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 3) * 3, 1))
}

function addMonths(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1))
}

/** Monday of the ISO week holding `date`. */
function startOfWeek(date: Date): Date {
  const weekday = (date.getUTCDay() + 6) % 7
  return new Date(date.getTime() - weekday * day)
}

/**
 * Resolves a named period to inclusive dates. Periods end at the as-of date (the data's latest day),
 * so "last 30 days" means the 30 days up to and including it, and answers do not drift with the calendar.
 */
export function resolvePeriod(period: NamedPeriod, asOf: string, earliest: string): ResolvedWindow {
  const today = parseDate(asOf)
  const window = (from: Date | string, to: Date | string, label: string): ResolvedWindow => ({
    from: typeof from === 'string' ? from : formatDate(from),
    to: typeof to === 'string' ? to : formatDate(to),
    label,
    asOf,
  })
  const year = today.getUTCFullYear()
  switch (period) {
    case 'last_7_days':
      return window(addDays(asOf, -6), asOf, 'the last 7 days')
    case 'last_30_days':
      return window(addDays(asOf, -29), asOf, 'the last 30 days')
    case 'last_90_days':
      return window(addDays(asOf, -89), asOf, 'the last 90 days')
    case 'last_12_months':
      return window(addDays(`${year - 1}${asOf.slice(4)}`, 1), asOf, 'the last 12 months')
    case 'this_week':
      return window(startOfWeek(today), asOf, 'this week')
    case 'last_week': {
      const start = new Date(startOfWeek(today).getTime() - 7 * day)
      return window(start, new Date(start.getTime() + 6 * day), 'last week')
    }
    case 'this_month':
      return window(addMonths(today, 0), asOf, 'this month')
    case 'last_month':
      return window(addMonths(today, -1), new Date(addMonths(today, 0).getTime() - day), 'last month')
    case 'this_quarter':
      return window(startOfQuarter(today), asOf, 'this quarter')
    case 'last_quarter': {
      const start = addMonths(startOfQuarter(today), -3)
      return window(start, new Date(startOfQuarter(today).getTime() - day), 'last quarter')
    }
    case 'ytd':
    case 'this_year':
      return window(`${year}-01-01`, asOf, period === 'ytd' ? 'year to date' : 'this year')
    case 'last_year':
      return window(`${year - 1}-01-01`, `${year - 1}-12-31`, 'last year')
    case 'all_time':
      return window(earliest < asOf ? earliest : asOf, asOf, 'all time')
  }
}

/**
 * `from` alone runs to the latest sale, known only once the data is read, so the rules toolInput checks on two
 * dates are checked again on the window it resolved to. The problem in words, or undefined.
 */
export function resolvedWindowProblem(given: { from?: unknown; to?: unknown }, window: ResolvedWindow): string | undefined {
  if (typeof given.from !== 'string' || typeof given.to === 'string') return undefined
  const latest = `${window.to}, the latest sale in the data`
  if (window.to < window.from) return `from: must be on or before ${latest}, where a window without to ends; got ${window.from}`
  if (daysBetween(window.from, window.to) > maximumWindowDays) {
    return `from: the window may span at most 5 years; without to it would run from ${window.from} to ${latest}`
  }
  return undefined
}

/** "2025-01-01 to 2025-03-31" for narrations: the house period format. */
export const describeWindow: (window: Pick<ResolvedWindow, 'from' | 'to'>) => string = formatPeriod

/** "between 2025-01-01 and 2025-03-31" for narrations. */
export const betweenDates: (window: Pick<ResolvedWindow, 'from' | 'to'>) => string = formatBetween
