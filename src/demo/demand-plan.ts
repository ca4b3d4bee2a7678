import { dayOf, isoDateOf, monthOf, weekdayOf, yearOf } from './business-time.ts'

/**
 * How much the shop sells when, relative to an average day: the shape behind the revenue patterns.
 * The generator turns these weights into revenue targets and draws sales until each target is met, so
 * the shape survives every seed and scale (see docs/demo-data.md).
 *
 * The data covers the two years that end on the window's last day (by default yesterday in the business time
 * zone, see seed.ts). Everything the generator plants is placed relative to that window, or on the calendar
 * (seasons, holidays), so the patterns move with the end date.
 */

/** The end date the documentation, tests and evals pin: its window is 2024-11-01 … 2026-10-31. */
export const referenceEndDate = '2026-10-31'

/** Revenue grows 12 % a year, so each month beats the same month a year earlier. */
const annualGrowth = 1.12

/** January … December. December is the holiday spike; November carries Black Friday. */
const monthSeasonality = [0.85, 0.9, 0.95, 1, 1, 0.95, 0.9, 0.92, 1, 1.05, 1.25, 1.85]

/** Sunday … Saturday, for sales outside live shows. Thursday leads even before its evening show. */
const weekdayFactors = [1, 0.85, 0.9, 0.95, 1.35, 1, 1.05]

/** Relative sales by local hour outside live shows: a steady day and an evening peak from 19:00, highest at 20:00. */
export const offShowHourWeights = [
  1, 0.4, 0.2, 0.1, 0.1, 0.2, 0.5, 1, 1.8, 2.4, 3, 3.3, 3.5, 3.5, 3.3, 3.2, 3.4, 4.2, 6, 8.5, 9.5, 8, 5, 2.4,
]

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/

/** Whether a string is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  return isoDatePattern.test(value) && Number.isFinite(dayOf(value)) && isoDateOf(dayOf(value)) === value
}

/**
 * The two years of trading: from the day after the same date two years before the end date (the 29th of February
 * falls back to the 28th) to the end date. 2026-10-31 gives 2024-11-01 … 2026-10-31: 24 whole months. Months are
 * counted from the first day's month, so an end date mid-month gives a partial first and last month (25 in all).
 */
export class DemoWindow {
  readonly endDate: string
  readonly firstDay: number
  readonly lastDay: number
  readonly monthCount: number
  /** Days the window lies after the reference window (negative: before it). */
  readonly shiftDays: number

  constructor(endDate: string = referenceEndDate) {
    if (!isIsoDate(endDate)) throw new Error(`The demo data's end date must be a date written YYYY-MM-DD; got ${JSON.stringify(endDate)}.`)
    this.endDate = endDate
    this.lastDay = dayOf(endDate)
    const [year, month, date] = endDate.split('-').map(Number) as [number, number, number]
    const daysInMonth = new Date(Date.UTC(year - 2, month, 0)).getUTCDate()
    this.firstDay = Date.UTC(year - 2, month - 1, Math.min(date, daysInMonth)) / 86_400_000 + 1
    this.monthCount = this.monthIndexOf(this.lastDay) + 1
    this.shiftDays = this.lastDay - dayOf(referenceEndDate)
  }

  /** Months since the window's first month (0 … monthCount − 1). */
  monthIndexOf(day: number): number {
    return (yearOf(day) - yearOf(this.firstDay)) * 12 + monthOf(day) - monthOf(this.firstDay)
  }

  /** A date before the window (a brand's or an early customer's creation), moved with the window. */
  shifted(referenceDate: string): number {
    return dayOf(referenceDate) + this.shiftDays
  }

  /** The calendar years the window touches. */
  years(): number[] {
    const years: number[] = []
    for (let year = yearOf(this.firstDay); year <= yearOf(this.lastDay); year++) years.push(year)
    return years
  }

  contains(day: number): boolean {
    return day >= this.firstDay && day <= this.lastDay
  }

  /** The day's selling potential: growth × season. */
  demandOf(day: number): number {
    const years = (day - this.firstDay) / 365.25
    return annualGrowth ** years * monthSeasonality[monthOf(day) - 1]!
  }

  /** Revenue weight of the sales made outside live shows on a day. */
  offShowDemandOf(day: number): number {
    return this.demandOf(day) * weekdayFactors[weekdayOf(day)]!
  }
}
