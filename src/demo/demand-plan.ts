import { dayOf, monthOf, weekdayOf, yearOf } from './business-time.ts'

/**
 * How much the shop sells when, relative to an average day: the shape behind the revenue patterns.
 * The generator turns these weights into revenue targets and draws sales until each target is met, so
 * the shape survives every seed and scale (see docs/demo-data.md).
 */
export const firstDay = dayOf('2024-11-01')
export const lastDay = dayOf('2026-10-31')
export const monthCount = 24

/** Revenue grows 12 % a year, so each 2026 month beats the same 2025 month. */
const annualGrowth = 1.12

/** January … December. December is the holiday spike; November carries Black Friday. */
const monthSeasonality = [0.85, 0.9, 0.95, 1, 1, 0.95, 0.9, 0.92, 1, 1.05, 1.25, 1.85]

/** Sunday … Saturday, for sales outside live shows. Thursday leads even before its evening show. */
const weekdayFactors = [1, 0.85, 0.9, 0.95, 1.35, 1, 1.05]

/** Relative sales by local hour outside live shows: a steady day and an evening peak from 19:00, highest at 20:00. */
export const offShowHourWeights = [
  1, 0.4, 0.2, 0.1, 0.1, 0.2, 0.5, 1, 1.8, 2.4, 3, 3.3, 3.5, 3.5, 3.3, 3.2, 3.4, 4.2, 6, 8.5, 9.5, 8, 5, 2.4,
]

/** Months since November 2024 (0 … 23). */
export function monthIndexOf(day: number): number {
  return (yearOf(day) - 2024) * 12 + monthOf(day) - 11
}

/** The day's selling potential: growth × season. */
export function demandOf(day: number): number {
  const years = (day - firstDay) / 365.25
  return annualGrowth ** years * monthSeasonality[monthOf(day) - 1]!
}

/** Revenue weight of the sales made outside live shows on a day. */
export function offShowDemandOf(day: number): number {
  return demandOf(day) * weekdayFactors[weekdayOf(day)]!
}
