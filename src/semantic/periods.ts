/**
 * The period model: what a window means and what it is compared with. Every tool with a window and every surface
 * resolves periods here, against "today" on the business clock (clock.ts), never against the latest sale.
 *
 * - Calendar periods (a day, a Monday–Sunday week, a month, a quarter, a half, a year; or a run of whole months)
 *   compare with the previous calendar period of the same grain (September ↔ August, Q3 ↔ Q2, 2026 ↔ 2025) and
 *   with the same period a year earlier.
 * - Rolling windows (last 7/30/90 days, last 12 months) and other explicit ranges compare with the preceding
 *   window of equal length and with the same dates a year earlier.
 * - Periods in progress (this week, this month, MTD/QTD/YTD, or a range from a period's first day into it)
 *   compare like for like: the same elapsed span of the comparison period, clamped to its end
 *   (1–31 March ↔ 1–28 February; 1–2 December ↔ 1–2 November).
 * - Named days (Black Friday, Christmas, …) resolve by rule for any year and compare with the same day a year earlier.
 *
 * How far the data reaches (coverage) is a separate fact: a window is never moved to where the data is.
 * Dates are YYYY-MM-DD business days; arithmetic is done on UTC dates, so no daylight-saving change can shift a day.
 */

import { formatIsoDate } from '../present/format.ts'

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

export interface DateRange {
  from: string
  to: string
}

/** calendar: whole periods; rolling: the last N days or months; to_date: a period in progress; explicit: other dates. */
export type PeriodKind = 'calendar' | 'rolling' | 'to_date' | 'explicit' | 'all_time'
export type ComparisonKind = 'previous_period' | 'last_year'

export interface ComparisonWindow extends DateRange {
  kind: ComparisonKind
  /** The comparison period in words, e.g. "August 2026" or "2026-11-01 to 2026-11-02". */
  label: string
  /** Why these dates, e.g. "the previous calendar month". */
  rule: string
}

export interface ResolvedWindow extends DateRange {
  label: string
  /** Today on the business clock; named periods resolve against it. */
  asOf: string
  kind: PeriodKind
  /** The comparison periods this window implies (previous period, same period last year). */
  comparisons: ComparisonWindow[]
}

const dayMs = 86_400_000

export function parseDate(text: string): Date {
  return new Date(`${text}T00:00:00Z`)
}

/** YYYY-MM-DD: the house date format, under the name the period code uses. */
export const formatDate = formatIsoDate

export function addDays(text: string, days: number): string {
  return formatDate(new Date(parseDate(text).getTime() + days * dayMs))
}

export function daysBetween(from: string, to: string): number {
  return daysBetweenDates(parseDate(from), parseDate(to))
}

/** daysBetween for dates already parsed (parseDate), where a caller has them at hand. */
export function daysBetweenDates(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / dayMs)
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')
const ymd = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`
const partsOf = (date: string) => date.split('-').map(Number) as [number, number, number]

/** Days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The same day `months` months away, clamped to that month's last day (31 March − 1 month = 28/29 February). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = partsOf(date)
  const index = year * 12 + (month - 1) + months
  const targetYear = Math.floor(index / 12)
  const targetMonth = (index % 12) + 1
  return ymd(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)))
}

/** The same date a year earlier; 29 February becomes the 28th. */
export function yearEarlier(date: string): string {
  return addMonths(date, -12)
}

export function startOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`
}

export function endOfMonth(date: string): string {
  const [year, month] = partsOf(date)
  return ymd(year, month, daysInMonth(year, month))
}

export function startOfQuarter(date: string): string {
  const [year, month] = partsOf(date)
  return ymd(year, Math.floor((month - 1) / 3) * 3 + 1, 1)
}

/** Monday of the week holding `date` (weeks run Monday to Sunday). */
export function startOfWeek(date: string): string {
  return addDays(date, -((parseDate(date).getUTCDay() + 6) % 7))
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Whole months from `from` (a first day) to `to` (a last day), or undefined when the range is not whole months. */
function wholeMonths(range: DateRange): number | undefined {
  if (!range.from.endsWith('-01') || range.to !== endOfMonth(range.to)) return undefined
  const [fromYear, fromMonth] = partsOf(range.from)
  const [toYear, toMonth] = partsOf(range.to)
  const months = (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1
  return months >= 1 ? months : undefined
}

/** A range in words: "August 2026", "Q3 2026", "H1 2026", "2026", "the week of 2026-10-26", or its dates. */
export function describeRange(range: DateRange): string {
  const months = wholeMonths(range)
  const [year, month] = partsOf(range.from)
  if (months === 1) return `${monthNames[month - 1]} ${year}`
  if (months === 3 && (month - 1) % 3 === 0) return `Q${(month - 1) / 3 + 1} ${year}`
  if (months === 6 && (month === 1 || month === 7)) return `H${month === 1 ? 1 : 2} ${year}`
  if (months === 12 && month === 1) return `${year}`
  if (range.from === range.to) return range.from
  return `${range.from} to ${range.to}`
}

/** Named days, by rule for any year. */
export const namedDays = {
  new_years_day: { label: "New Year's Day", on: (year: number) => ymd(year, 1, 1) },
  valentines_day: { label: "Valentine's Day", on: (year: number) => ymd(year, 2, 14) },
  mothers_day: { label: "Mother's Day", on: (year: number) => nthWeekday(year, 5, 0, 2) },
  thanksgiving: { label: 'Thanksgiving', on: (year: number) => nthWeekday(year, 11, 4, 4) },
  black_friday: { label: 'Black Friday', on: (year: number) => addDays(nthWeekday(year, 11, 4, 4), 1) },
  cyber_monday: { label: 'Cyber Monday', on: (year: number) => addDays(nthWeekday(year, 11, 4, 4), 4) },
  christmas_eve: { label: 'Christmas Eve', on: (year: number) => ymd(year, 12, 24) },
  christmas: { label: 'Christmas Day', on: (year: number) => ymd(year, 12, 25) },
} as const
export type NamedDay = keyof typeof namedDays

/** The n-th given weekday (0 = Sunday … 6 = Saturday) of a month (1–12): Thanksgiving is the 4th Thursday of November. */
export function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = ymd(year, month, 1)
  const offset = (weekday - parseDate(first).getUTCDay() + 7) % 7
  return addDays(first, offset + 7 * (n - 1))
}

/** The date of a named day in a year; `days` > 1 for a span starting on it (Black Friday weekend: 3). */
export function namedDayRange(name: NamedDay, year: number, days = 1): DateRange {
  const from = namedDays[name].on(year)
  return { from, to: addDays(from, days - 1) }
}

/** The latest occurrence of a named day on or before today (last year's when this year's is still ahead). */
export function latestNamedDay(name: NamedDay, today: string): string {
  const year = Number(today.slice(0, 4))
  const thisYear = namedDays[name].on(year)
  return thisYear <= today ? thisYear : namedDays[name].on(year - 1)
}

/** A named day (or a span starting on it) the range is, for comparing it with the same named day a year earlier. */
function namedDayOf(range: DateRange): { name: NamedDay; days: number } | undefined {
  const days = daysBetween(range.from, range.to) + 1
  if (days > 4) return undefined
  const year = Number(range.from.slice(0, 4))
  for (const name of Object.keys(namedDays) as NamedDay[]) {
    if (namedDays[name].on(year) === range.from) return { name, days }
  }
  return undefined
}

export type Shape =
  | { kind: 'calendar' | 'to_date'; unit: 'month'; months: number }
  | { kind: 'calendar' | 'to_date'; unit: 'week'; weeks: number }
  | { kind: 'rolling' | 'explicit' | 'all_time' | 'calendar'; unit: 'day' }

/** What a range is: whole months, whole weeks, a period in progress, or plain days. */
function shapeOf(range: DateRange, hint?: PeriodKind | Shape): Shape {
  if (typeof hint === 'object') return hint
  if (hint === 'rolling' || hint === 'all_time') return { kind: hint, unit: 'day' }
  const months = wholeMonths(range)
  if (months !== undefined) return { kind: 'calendar', unit: 'month', months }
  const days = daysBetween(range.from, range.to) + 1
  const monday = parseDate(range.from).getUTCDay() === 1
  if (monday && days % 7 === 0) return { kind: 'calendar', unit: 'week', weeks: days / 7 }
  // In progress: from a period's first day to a day inside it (the smallest period that holds the range).
  if (range.from.endsWith('-01') && range.to.slice(0, 7) === range.from.slice(0, 7)) return { kind: 'to_date', unit: 'month', months: 1 }
  if (range.from === startOfQuarter(range.from) && startOfQuarter(range.to) === range.from) return { kind: 'to_date', unit: 'month', months: 3 }
  if (range.from.endsWith('-01-01') && range.to.slice(0, 4) === range.from.slice(0, 4)) return { kind: 'to_date', unit: 'month', months: 12 }
  if (monday && days < 7) return { kind: 'to_date', unit: 'week', weeks: 1 }
  if (days === 1) return { kind: 'calendar', unit: 'day' }
  return { kind: 'explicit', unit: 'day' }
}

const grainNames: Record<number, string> = { 1: 'month', 3: 'quarter', 6: 'half-year', 12: 'year' }

/** The previous period and the same period a year earlier, by the rules of the range's kind. */
export function comparisonsFor(range: DateRange, hint?: PeriodKind | Shape): { kind: PeriodKind; comparisons: ComparisonWindow[] } {
  const shape = shapeOf(range, hint)
  const make = (kind: ComparisonKind, from: string, to: string, rule: string): ComparisonWindow => ({
    kind,
    from,
    to,
    label: describeRange({ from, to }),
    rule,
  })
  const days = daysBetween(range.from, range.to) + 1
  if (shape.unit === 'month') {
    const grain = grainNames[shape.months] ?? `${shape.months} months`
    if (shape.kind === 'calendar') {
      return {
        kind: 'calendar',
        comparisons: [
          make('previous_period', addMonths(range.from, -shape.months), addDays(range.from, -1), `the previous calendar ${grain}`),
          make('last_year', yearEarlier(range.from), endOfMonth(yearEarlier(range.to)), `the same ${grain} a year earlier`),
        ],
      }
    }
    const elapsed = days === 1 ? 'day' : `${days} days`
    return {
      kind: 'to_date',
      comparisons: [
        make('previous_period', addMonths(range.from, -shape.months), addMonths(range.to, -shape.months),
          `${grain} to date: the same elapsed span of the previous ${grain} (the first ${elapsed}, clamped to its end)`),
        make('last_year', yearEarlier(range.from), yearEarlier(range.to), `${grain} to date: the same span a year earlier`),
      ],
    }
  }
  if (shape.unit === 'week') {
    const span = 7 * shape.weeks
    const named = shape.kind === 'calendar' ? (shape.weeks === 1 ? 'week' : `${shape.weeks} weeks`) : 'week to date'
    return {
      kind: shape.kind,
      comparisons: [
        make('previous_period', addDays(range.from, -span), addDays(range.to, -span),
          shape.kind === 'calendar' ? `the previous ${named} (Monday to Sunday)` : 'week to date: the same weekdays of the previous week'),
        make('last_year', addDays(range.from, -364), addDays(range.to, -364), `the same ${shape.kind === 'calendar' ? named : 'weekdays'} 52 weeks earlier`),
      ],
    }
  }
  const named = namedDayOf(range)
  const lastYear = named
    ? (() => {
        const earlier = namedDayRange(named.name, Number(range.from.slice(0, 4)) - 1, named.days)
        return make('last_year', earlier.from, earlier.to, `${namedDays[named.name].label} a year earlier`)
      })()
    : make('last_year', yearEarlier(range.from), yearEarlier(range.to), 'the same dates a year earlier')
  return {
    kind: shape.kind,
    comparisons: [
      make('previous_period', addDays(range.from, -days), addDays(range.from, -1),
        days === 1 ? 'the day before' : `the ${days} days before (equal length)`),
      lastYear,
    ],
  }
}

/** A window of explicit dates, honoured exactly; its comparisons follow from its shape. */
export function windowFor(range: DateRange, asOf: string, label?: string, hint?: PeriodKind | Shape): ResolvedWindow {
  const { kind, comparisons } = comparisonsFor(range, hint)
  return { from: range.from, to: range.to, label: label ?? describeRange(range), asOf, kind, comparisons }
}

/**
 * Resolves a named period to inclusive dates against today (the business clock). Rolling windows end today;
 * "this …" periods run from their first day to today; "last …" periods are the whole previous calendar period.
 */
export function resolvePeriod(period: NamedPeriod, asOf: string, earliest: string): ResolvedWindow {
  const rolling = (from: string, label: string) => windowFor({ from, to: asOf }, asOf, label, 'rolling')
  const calendar = (from: string, to: string, label: string) => windowFor({ from, to }, asOf, label)
  const toDate = (from: string, label: string, shape: Shape) => windowFor({ from, to: asOf }, asOf, label, shape)
  const year = Number(asOf.slice(0, 4))
  switch (period) {
    case 'last_7_days':
      return rolling(addDays(asOf, -6), 'the last 7 days')
    case 'last_30_days':
      return rolling(addDays(asOf, -29), 'the last 30 days')
    case 'last_90_days':
      return rolling(addDays(asOf, -89), 'the last 90 days')
    case 'last_12_months':
      return rolling(addDays(yearEarlier(asOf), 1), 'the last 12 months')
    case 'this_week':
      return toDate(startOfWeek(asOf), 'this week', { kind: 'to_date', unit: 'week', weeks: 1 })
    case 'last_week': {
      const start = addDays(startOfWeek(asOf), -7)
      return calendar(start, addDays(start, 6), 'last week')
    }
    case 'this_month':
      return toDate(startOfMonth(asOf), 'this month', { kind: 'to_date', unit: 'month', months: 1 })
    case 'last_month': {
      const start = addMonths(startOfMonth(asOf), -1)
      return calendar(start, endOfMonth(start), 'last month')
    }
    case 'this_quarter':
      return toDate(startOfQuarter(asOf), 'this quarter', { kind: 'to_date', unit: 'month', months: 3 })
    case 'last_quarter': {
      const start = addMonths(startOfQuarter(asOf), -3)
      return calendar(start, addDays(startOfQuarter(asOf), -1), 'last quarter')
    }
    case 'ytd':
    case 'this_year':
      return toDate(`${pad(year, 4)}-01-01`, period === 'ytd' ? 'year to date' : 'this year', { kind: 'to_date', unit: 'month', months: 12 })
    case 'last_year':
      return calendar(`${pad(year - 1, 4)}-01-01`, `${pad(year - 1, 4)}-12-31`, 'last year')
    case 'all_time':
      return windowFor({ from: earliest < asOf ? earliest : asOf, to: asOf }, asOf, 'all time', 'all_time')
  }
}

/** The first and last days a fact table covers (sales: min and max date_sold); null when it is empty. */
export interface DataBounds {
  first: string | null
  last: string | null
}

export type CoverageStatus = 'full' | 'partial' | 'none'

/** How much of a range the data covers: all of it, part of it, or none (before the data starts or after it ends). */
export function coverageOf(range: DateRange, bounds: DataBounds): CoverageStatus {
  if (bounds.first === null || bounds.last === null) return 'none'
  if (range.to < bounds.first || range.from > bounds.last) return 'none'
  return range.from >= bounds.first && range.to <= bounds.last ? 'full' : 'partial'
}

/**
 * What the data does not cover of a range, in words ("Sales are recorded up to 2026-10-31; November 2026 has none
 * yet."), or undefined when it covers all of it.
 */
export function coverageNote(range: DateRange, bounds: DataBounds, fact = 'Sales'): string | undefined {
  if (bounds.first === null || bounds.last === null) return `No ${fact.toLowerCase()} are recorded yet.`
  const named = describeRange(range)
  const words = named === `${range.from} to ${range.to}` ? `the window ${range.from} to ${range.to}` : named
  if (range.from > bounds.last) return `${fact} are recorded up to ${bounds.last}; ${words} has none yet.`
  if (range.to < bounds.first) return `${fact} are recorded from ${bounds.first}; ${words} is before the data starts.`
  const notes: string[] = []
  if (range.from < bounds.first) notes.push(`${fact} are recorded from ${bounds.first}, so ${words} is covered only from then`)
  if (range.to > bounds.last) {
    notes.push(`${fact} are recorded up to ${bounds.last}; ${addDays(bounds.last, 1)} to ${range.to} ${range.to === addDays(bounds.last, 1) ? 'has' : 'have'} none yet`)
  }
  return notes.length > 0 ? `${notes.join('. ')}.` : undefined
}
