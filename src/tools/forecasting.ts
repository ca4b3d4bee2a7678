import { daysBetweenDates, parseDate } from './time-window.ts'

/**
 * Small, dependency-free forecasting: ordinary least squares and a daily model of a linear trend plus
 * day-of-week effects. Pure functions, so tools can run them in `postProcess` and tests can check them by hand.
 */

/** Two-sided normal quantiles: 80% and 95% of a normal distribution lie within ± these many standard deviations. */
const normalQuantile80 = 1.2815515655446004
const normalQuantile95 = 1.959963984540054

export interface LeastSquaresFit {
  coefficients: number[]
  /** √(sum of squared residuals ÷ degrees of freedom). */
  residualStandardDeviation: number
  /** Observations − parameters. */
  degreesOfFreedom: number
  /** (XᵀX)⁻¹, for the leverage of a new point in prediction intervals. */
  inverseGram: number[][]
}

// A loop, not reduce: the same sums in the same order, without a callback per term (a forecast takes a few thousand).
function dot(left: readonly number[], right: readonly number[]): number {
  let total = 0
  for (let index = 0; index < left.length; index += 1) total += left[index]! * right[index]!
  return total
}

/**
 * Inverse of a symmetric positive definite matrix by Gauss–Jordan elimination with partial pivoting.
 * The matrix is first scaled to a unit diagonal, so a trend column counted in days (values in the
 * hundreds) and 0/1 weekday columns are judged singular on the same footing.
 */
function invertSymmetric(matrix: readonly (readonly number[])[]): number[][] {
  const size = matrix.length
  const scale = matrix.map((row, index) => 1 / Math.sqrt(row[index]!))
  if (scale.some((value) => !Number.isFinite(value))) throw new Error('The design matrix has a column of zeros.')
  const rows = matrix.map((row, i) => [
    ...row.map((value, j) => value * scale[i]! * scale[j]!),
    ...matrix.map((_, j) => (i === j ? 1 : 0)),
  ])
  for (let column = 0; column < size; column += 1) {
    let pivot = column
    for (let candidate = column + 1; candidate < size; candidate += 1) {
      if (Math.abs(rows[candidate]![column]!) > Math.abs(rows[pivot]![column]!)) pivot = candidate
    }
    if (Math.abs(rows[pivot]![column]!) < 1e-10) throw new Error('The design matrix is singular: a column is a combination of others.')
    const pivotRow = rows[pivot]!
    rows[pivot] = rows[column]!
    rows[column] = pivotRow
    const pivotValue = pivotRow[column]!
    for (let index = 0; index < pivotRow.length; index += 1) pivotRow[index] = pivotRow[index]! / pivotValue
    rows.forEach((row, rowIndex) => {
      if (rowIndex === column) return
      const factor = row[column]!
      for (let index = 0; index < row.length; index += 1) row[index] = row[index]! - factor * pivotRow[index]!
    })
  }
  // Undo the scaling: (DAD)⁻¹ = D⁻¹A⁻¹D⁻¹, so A⁻¹ = D (DAD)⁻¹ D.
  return rows.map((row, i) => row.slice(size).map((value, j) => value * scale[i]! * scale[j]!))
}

/** Ordinary least squares through the normal equations: β = (XᵀX)⁻¹ Xᵀy. */
export function fitLeastSquares(design: readonly (readonly number[])[], targets: readonly number[]): LeastSquaresFit {
  const observations = design.length
  const parameters = design[0]?.length ?? 0
  if (targets.length !== observations) {
    throw new Error(`Least squares needs one target per design row; got ${targets.length} targets for ${observations} rows.`)
  }
  if (observations <= parameters) {
    throw new Error(`Least squares needs more observations (${observations}) than parameters (${parameters}).`)
  }
  const columns = design[0]!.map((_, column) => design.map((row) => row[column]!))
  const gram = columns.map((left) => columns.map((right) => dot(left, right)))
  const moments = columns.map((column) => dot(column, targets))
  const inverseGram = invertSymmetric(gram)
  const coefficients = inverseGram.map((row) => dot(row, moments))
  const residualSum = design.reduce((total, row, index) => total + (targets[index]! - dot(row, coefficients)) ** 2, 0)
  const degreesOfFreedom = observations - parameters
  return { coefficients, inverseGram, degreesOfFreedom, residualStandardDeviation: Math.sqrt(residualSum / degreesOfFreedom) }
}

export interface DailyValue {
  date: string
  value: number
}

export interface TrendModel {
  /** The first day of the history: day 0 of the trend. */
  origin: string
  /**
   * Whether the model has day-of-week effects (a daily series) or is a straight line (weekly or monthly totals, where
   * every value falls on the same weekday or spans all of them).
   */
  weekdays: boolean
  /** Coefficients: intercept (a Monday at the origin), change per day, then Tuesday … Sunday effects against Monday when weekdays. */
  fit: LeastSquaresFit
}

/** Two weeks: every weekday seen twice, and 14 observations for 8 parameters. */
export const minimumHistoryDays = 14

/** Six periods for a straight line: 2 parameters, and 4 degrees of freedom left for the residual spread. */
export const minimumTrendPeriods = 6

/** [1, t] and, with weekdays, Tuesday … Sunday as 0/1: Monday is the base day, t counts days from the origin. */
function designRow(model: Pick<TrendModel, 'origin' | 'weekdays'>, date: string): number[] {
  const day = parseDate(date)
  const trend = [1, daysBetweenDates(parseDate(model.origin), day)]
  if (!model.weekdays) return trend
  const weekday = (day.getUTCDay() + 6) % 7
  return [...trend, ...[1, 2, 3, 4, 5, 6].map((weekdayColumn) => (weekday === weekdayColumn ? 1 : 0))]
}

function earliest(history: readonly DailyValue[]): string {
  return history.reduce((first, day) => (day.date < first ? day.date : first), history[0]!.date)
}

/** Fits value = a + b·t + weekday effect by least squares over the given days (dates need not be contiguous). */
export function fitTrendWithWeeklySeasonality(history: readonly DailyValue[]): TrendModel {
  if (history.length < minimumHistoryDays) {
    throw new Error(`A trend with weekly seasonality needs at least ${minimumHistoryDays} days of history; got ${history.length}.`)
  }
  const model = { origin: earliest(history), weekdays: true }
  const fit = fitLeastSquares(
    history.map((day) => designRow(model, day.date)),
    history.map((day) => day.value),
  )
  return { ...model, fit }
}

/**
 * Fits value = a + b·t by least squares over period totals dated by their first day (weeks, months): t counts days,
 * so months of 28 to 31 days sit at their true distance.
 */
export function fitLinearTrend(history: readonly DailyValue[]): TrendModel {
  if (history.length < minimumTrendPeriods) {
    throw new Error(`A linear trend needs at least ${minimumTrendPeriods} periods of history; got ${history.length}.`)
  }
  const model = { origin: earliest(history), weekdays: false }
  const fit = fitLeastSquares(
    history.map((period) => designRow(model, period.date)),
    history.map((period) => period.value),
  )
  return { ...model, fit }
}

export interface ForecastPoint {
  date: string
  value: number
  lower80: number
  upper80: number
  lower95: number
  upper95: number
}

/**
 * The model's value on each date with prediction intervals: value ± z × s × √(1 + x(XᵀX)⁻¹xᵀ),
 * s the residual standard deviation and the square root widening the band for days far from the
 * history (parameter uncertainty). Errors are taken as independent and normal.
 */
export function forecast(model: TrendModel, dates: readonly string[]): ForecastPoint[] {
  const { coefficients, inverseGram, residualStandardDeviation } = model.fit
  return dates.map((date) => {
    const row = designRow(model, date)
    const value = dot(row, coefficients)
    const leverage = dot(row, inverseGram.map((inverseRow) => dot(inverseRow, row)))
    const standardError = residualStandardDeviation * Math.sqrt(1 + leverage)
    return {
      date,
      value,
      lower80: value - normalQuantile80 * standardError,
      upper80: value + normalQuantile80 * standardError,
      lower95: value - normalQuantile95 * standardError,
      upper95: value + normalQuantile95 * standardError,
    }
  })
}

export interface ForecastErrors {
  /** Mean of |actual − predicted|; null without pairs. */
  meanAbsoluteError: number | null
  /** Mean of |actual − predicted| ÷ actual × 100 over the pairs whose actual is not 0; null when there are none. */
  meanAbsolutePercentageError: number | null
  /** Pairs behind the percentage error (those with a non-zero actual). */
  percentageCount: number
}

export function forecastErrors(pairs: readonly { actual: number; predicted: number }[]): ForecastErrors {
  const absolute = pairs.map((pair) => Math.abs(pair.actual - pair.predicted))
  const percentages = pairs.filter((pair) => pair.actual !== 0).map((pair) => (100 * Math.abs(pair.actual - pair.predicted)) / Math.abs(pair.actual))
  const mean = (values: number[]) => (values.length > 0 ? values.reduce((total, value) => total + value, 0) / values.length : null)
  return { meanAbsoluteError: mean(absolute), meanAbsolutePercentageError: mean(percentages), percentageCount: percentages.length }
}
