import { describe, expect, it } from 'vitest'
import { fitLeastSquares, fitLinearTrend, fitTrendWithWeeklySeasonality, forecast, forecastErrors, type TrendModel } from './forecasting.ts'
import { addDays } from './time-window.ts'

describe('fitLeastSquares', () => {
  it('solves a straight line through four points, as worked by hand', () => {
    // y = a + b·t with t = 0, 1, 2, 3 and y = 1, 3, 2, 5.
    // XᵀX = [[4, 6], [6, 14]], Xᵀy = [11, 0 + 3 + 4 + 15 = 22], det = 56 − 36 = 20,
    // (XᵀX)⁻¹ = [[14, −6], [−6, 4]] / 20 = [[0.7, −0.3], [−0.3, 0.2]],
    // β = [(14·11 − 6·22) / 20, (−6·11 + 4·22) / 20] = [22 / 20, 22 / 20] = [1.1, 1.1].
    // Fitted 1.1, 2.2, 3.3, 4.4; residuals −0.1, 0.8, −1.3, 0.6; SSR = 0.01 + 0.64 + 1.69 + 0.36 = 2.7;
    // 4 − 2 = 2 degrees of freedom, s = √(2.7 / 2) = √1.35.
    const fit = fitLeastSquares(
      [
        [1, 0],
        [1, 1],
        [1, 2],
        [1, 3],
      ],
      [1, 3, 2, 5],
    )
    expect(fit.coefficients[0]).toBeCloseTo(1.1, 12)
    expect(fit.coefficients[1]).toBeCloseTo(1.1, 12)
    expect(fit.degreesOfFreedom).toBe(2)
    expect(fit.residualStandardDeviation).toBeCloseTo(Math.sqrt(1.35), 12)
    expect(fit.inverseGram[0]![0]).toBeCloseTo(0.7, 12)
    expect(fit.inverseGram[0]![1]).toBeCloseTo(-0.3, 12)
    expect(fit.inverseGram[1]![1]).toBeCloseTo(0.2, 12)
  })

  it('refuses a singular design and too few observations', () => {
    // The second column is twice the first: no unique solution.
    expect(() =>
      fitLeastSquares(
        [
          [1, 2],
          [1, 2],
          [1, 2],
        ],
        [1, 2, 3],
      ),
    ).toThrow(/singular/)
    expect(() => fitLeastSquares([[1, 0], [1, 1]], [1, 2])).toThrow(/more observations \(2\) than parameters \(2\)/)
  })
})

describe('fitTrendWithWeeklySeasonality', () => {
  // 1000 + 10 per day, plus Monday 0, Tuesday 50, Wednesday 100, Thursday 150, Friday 200, Saturday 400, Sunday 300.
  const weekly = [0, 50, 100, 150, 200, 400, 300]
  const exact = (days: number) =>
    Array.from({ length: days }, (_, t) => ({ date: addDays('2025-01-06', t), value: 1000 + 10 * t + weekly[t % 7]! }))

  it('recovers an exact linear trend and weekly pattern, with no spread', () => {
    // 2025-01-06 is a Monday, so day t falls on weekday t mod 7.
    const model = fitTrendWithWeeklySeasonality(exact(21))
    expect(model.origin).toBe('2025-01-06')
    const expected = [1000, 10, 50, 100, 150, 200, 400, 300]
    model.fit.coefficients.forEach((coefficient, index) => expect(coefficient).toBeCloseTo(expected[index]!, 8))
    expect(model.fit.residualStandardDeviation).toBeCloseTo(0, 8)
    // Day 21 (Monday 2025-01-27): 1000 + 210 + 0 = 1210; day 26 (Saturday 2025-02-01): 1000 + 260 + 400 = 1660.
    const [monday, saturday] = forecast(model, ['2025-01-27', '2025-02-01'])
    expect(monday!.value).toBeCloseTo(1210, 8)
    expect(saturday!.value).toBeCloseTo(1660, 8)
    expect(saturday!.upper95 - saturday!.lower95).toBeCloseTo(0, 6)
  })

  it('needs two weeks of history', () => {
    expect(() => fitTrendWithWeeklySeasonality(exact(13))).toThrow(/at least 14 days of history; got 13/)
  })
})

describe('fitLinearTrend', () => {
  it('fits a straight line through weekly totals, with no weekday terms', () => {
    // 10, 12, … 20 units in the weeks of 2025-01-06 … 2025-02-10: 2 units a week = 2 / 7 a day from 10 at t = 0.
    const weeks = Array.from({ length: 6 }, (_, index) => ({ date: addDays('2025-01-06', 7 * index), value: 10 + 2 * index }))
    const model = fitLinearTrend(weeks)
    expect(model).toMatchObject({ origin: '2025-01-06', weekdays: false })
    expect(model.fit.coefficients).toHaveLength(2)
    expect(model.fit.coefficients[1]).toBeCloseTo(2 / 7, 10)
    // The week of 2025-02-17 (t = 42): 10 + 42 × 2 / 7 = 22, with no spread on an exact line.
    const [point] = forecast(model, ['2025-02-17'])
    expect(point!.value).toBeCloseTo(22, 8)
    expect(point!.upper95 - point!.lower95).toBeCloseTo(0, 6)
    expect(() => fitLinearTrend(weeks.slice(0, 5))).toThrow(/at least 6 periods of history; got 5/)
  })
})

describe('forecast intervals', () => {
  it('are value ± z × s × √(1 + leverage)', () => {
    // A model whose only uncertain parameter is the intercept: (XᵀX)⁻¹ has 0.25 at [0][0] and 0 elsewhere,
    // so every day's leverage is 1 · 0.25 · 1 = 0.25. With s = 10 the standard error is 10 × √1.25 = 11.1803…
    // Value on Saturday 2025-01-11 (t = 5): 100 + 2 × 5 + 40 (Saturday) = 150.
    // 80%: ± 1.28155 × 11.1803 = ± 14.3282; 95%: ± 1.95996 × 11.1803 = ± 21.9131.
    const inverseGram = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i === 0 && j === 0 ? 0.25 : 0)))
    const model: TrendModel = {
      origin: '2025-01-06',
      weekdays: true,
      fit: { coefficients: [100, 2, 0, 0, 0, 0, 40, 0], inverseGram, residualStandardDeviation: 10, degreesOfFreedom: 20 },
    }
    const [point] = forecast(model, ['2025-01-11'])
    expect(point!.value).toBeCloseTo(150, 10)
    expect(point!.upper80 - 150).toBeCloseTo(14.3282, 3)
    expect(150 - point!.lower80).toBeCloseTo(14.3282, 3)
    expect(point!.upper95 - 150).toBeCloseTo(21.9131, 3)
    expect(150 - point!.lower95).toBeCloseTo(21.9131, 3)
  })
})

describe('forecastErrors', () => {
  it('averages absolute and percentage errors, skipping zero actuals for the percentage', () => {
    // |100 − 90| = 10, |200 − 230| = 30, |0 − 10| = 10 → MAE = 50 / 3.
    // Percentages over non-zero actuals: 10 / 100 = 10%, 30 / 200 = 15% → MAPE = 12.5% over 2 days.
    const errors = forecastErrors([
      { actual: 100, predicted: 90 },
      { actual: 200, predicted: 230 },
      { actual: 0, predicted: 10 },
    ])
    expect(errors.meanAbsoluteError).toBeCloseTo(50 / 3, 10)
    expect(errors.meanAbsolutePercentageError).toBeCloseTo(12.5, 10)
    expect(errors.percentageCount).toBe(2)
    expect(forecastErrors([])).toEqual({ meanAbsoluteError: null, meanAbsolutePercentageError: null, percentageCount: 0 })
  })
})
