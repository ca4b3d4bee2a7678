import type { Database } from '../db/database.ts'
import { addDays, daysBetween, parseDate } from '../tools/time-window.ts'
import type { KpiTile } from './report.ts'

/** The days the data covers: its first and last sale (sales.date_sold, business days), or nulls when there are none. */
export interface SalesCoverage {
  first: string | null
  last: string | null
}

/** One read of the sales' first and last business day (an index lookup each), on the analytics connection. */
export async function salesCoverage(database: Database): Promise<SalesCoverage> {
  const [row] = await database.analytics<SalesCoverage[]>`select min(date_sold)::text as first, max(date_sold)::text as last from sales`
  return { first: row?.first ?? null, last: row?.last ?? null }
}

export type Comparison = 'previous' | 'lastYear'

/**
 * How far the data reaches into a report's period and its comparison periods. `complete`: every day of the period
 * is before the data's last day; `partial`: the data stops inside it; `no_data`: it stops before the period starts.
 * A comparison is withheld when the period is not fully covered (a partial week against a full one reads as a fall)
 * or when its base starts before the data (a change against days without data is no change).
 */
export interface PeriodCoverage {
  first: string | null
  last: string | null
  status: 'complete' | 'partial' | 'no_data'
  withheld: Comparison[]
  /** What a reader must know, in a sentence or two; null when the period and its bases are covered. */
  note: string | null
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** "Wed 2026-10-28". */
export function dayWithWeekday(date: string): string {
  return `${weekdays[parseDate(date).getUTCDay()]} ${date}`
}

/** The same dates a year earlier, as kpi_summary compares them (29 February becomes the 28th). */
function yearEarlier(date: string): string {
  const year = String(Number(date.slice(0, 4)) - 1).padStart(4, '0')
  return date.slice(5) === '02-29' ? `${year}-02-28` : `${year}${date.slice(4)}`
}

/** kpi_summary's bases: the previous period of equal length, and the same dates a year earlier. */
export function comparisonBases(window: { from: string; to: string }): Record<Comparison, { from: string; to: string }> {
  const days = daysBetween(window.from, window.to) + 1
  return {
    previous: { from: addDays(window.from, -days), to: addDays(window.from, -1) },
    lastYear: { from: yearEarlier(window.from), to: yearEarlier(window.to) },
  }
}

const basePhrases: Record<Comparison, (noun: string) => string> = {
  previous: (noun) => `the previous ${noun}`,
  lastYear: (noun) => `the same ${noun} last year`,
}

/** The coverage of a period; `noun` names it in the note ("week", "period"). */
export function periodCoverage(window: { from: string; to: string }, coverage: SalesCoverage, noun = 'period'): PeriodCoverage {
  const { first, last } = coverage
  const all: Comparison[] = ['previous', 'lastYear']
  if (first === null || last === null) {
    return { first, last, status: 'no_data', withheld: all, note: `There are no sales in the data: this ${noun} has nothing to show or compare.` }
  }
  if (last < window.from) {
    return {
      first,
      last,
      status: 'no_data',
      withheld: all,
      note: `Sales are recorded up to ${last}; this ${noun} has no sales yet, so its figures and changes are withheld.`,
    }
  }
  if (last < window.to) {
    return {
      first,
      last,
      status: 'partial',
      withheld: all,
      note: `The data stops mid-${noun} on ${dayWithWeekday(last)}: the figures cover ${window.from} to ${last} only, and the comparison is withheld.`,
    }
  }
  const bases = comparisonBases(window)
  const withheld = all.filter((comparison) => bases[comparison].from < first)
  const note =
    withheld.length === 0
      ? null
      : `The data starts on ${first}, after the start of ${withheld.map((comparison) => `${basePhrases[comparison](noun)} (${bases[comparison].from} to ${bases[comparison].to})`).join(' and ')}: ` +
        `${withheld.length === 1 ? 'that comparison is' : 'those comparisons are'} withheld.`
  return { first, last, status: 'complete', withheld, note }
}

/** Tiles without the changes the coverage withholds; with no data in the period, without values either. */
export function withholdUncovered(tiles: KpiTile[], coverage: PeriodCoverage): KpiTile[] {
  return tiles.map((tile) => ({
    ...tile,
    ...(coverage.status === 'no_data' ? { value: null } : {}),
    ...(coverage.withheld.includes('previous') ? { changeVsPrevious: null, changePercentVsPrevious: null } : {}),
    ...(coverage.withheld.includes('lastYear') ? { changeVsLastYear: null, changePercentVsLastYear: null } : {}),
  }))
}
