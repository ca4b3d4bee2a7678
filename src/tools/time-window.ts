import { z } from 'zod'
import { formatBetween, formatPeriod } from '../present/format.ts'

export {
  namedPeriods,
  parseDate,
  formatDate,
  addDays,
  addMonths,
  daysBetween,
  daysBetweenDates,
  yearEarlier,
  describeRange,
  resolvePeriod,
  windowFor,
  comparisonsFor,
  coverageOf,
  coverageNote,
  namedDays,
  namedDayRange,
  latestNamedDay,
  type NamedPeriod,
  type NamedDay,
  type ResolvedWindow,
  type ComparisonWindow,
  type ComparisonKind,
  type PeriodKind,
  type DataBounds,
  type CoverageStatus,
  type DateRange,
} from '../semantic/periods.ts'
import { daysBetween, type ResolvedWindow } from '../semantic/periods.ts'

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

export const maximumWindowDays = 5 * 366

/**
 * `from` alone runs to today (the business clock), known only when the tool runs, so the rules toolInput checks on
 * two dates are checked again on the window it resolved to. The problem in words, or undefined.
 */
export function resolvedWindowProblem(given: { from?: unknown; to?: unknown }, window: ResolvedWindow): string | undefined {
  if (typeof given.from !== 'string' || typeof given.to === 'string') return undefined
  const latest = `${window.to}, today`
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
