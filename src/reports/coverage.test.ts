import { describe, expect, it } from 'vitest'
import { comparisonBases, periodCoverage, withholdUncovered } from './coverage.ts'
import type { KpiTile } from './report.ts'

const week = { from: '2026-10-26', to: '2026-11-01' }
const revenue: KpiTile = {
  kpi: 'revenue',
  label: 'Revenue',
  unit: 'currency',
  value: 900,
  previous: 1000,
  changeVsPrevious: -100,
  changePercentVsPrevious: -10,
  lastYear: 800,
  changeVsLastYear: 100,
  changePercentVsLastYear: 12.5,
}

describe('the coverage of a period', () => {
  it('compares with the previous seven days and the same dates a year earlier', () => {
    expect(comparisonBases(week)).toEqual({ previous: { from: '2026-10-19', to: '2026-10-25' }, lastYear: { from: '2025-10-26', to: '2025-11-01' } })
  })

  it('is complete when the data reaches the last day and began before both bases', () => {
    expect(periodCoverage(week, { first: '2024-11-01', last: '2026-11-01' }, 'week')).toEqual({
      first: '2024-11-01',
      last: '2026-11-01',
      status: 'complete',
      withheld: [],
      note: null,
    })
  })

  it('is partial when the data stops inside the period, and withholds both comparisons', () => {
    const coverage = periodCoverage(week, { first: '2024-10-29', last: '2026-10-28' }, 'week')
    expect(coverage.status).toBe('partial')
    expect(coverage.withheld).toEqual(['previous', 'lastYear'])
    expect(coverage.note).toBe('The data stops mid-week on Wed 2026-10-28: the figures cover 2026-10-26 to 2026-10-28 only, and the comparison is withheld.')
  })

  it('has no data when the data stops before the period starts', () => {
    const coverage = periodCoverage({ from: '2026-11-23', to: '2026-11-29' }, { first: '2024-11-01', last: '2026-10-31' }, 'week')
    expect(coverage.status).toBe('no_data')
    expect(coverage.note).toBe('Sales are recorded up to 2026-10-31; this week has no sales yet, so its figures and changes are withheld.')
    expect(periodCoverage(week, { first: null, last: null }).status).toBe('no_data')
  })

  it('withholds only the comparison whose base starts before the data', () => {
    // The data starts 2026-01-05: the previous week (from 2026-10-19) is covered, last year's (from 2025-10-26) is not.
    const coverage = periodCoverage(week, { first: '2026-01-05', last: '2026-11-03' }, 'week')
    expect(coverage.status).toBe('complete')
    expect(coverage.withheld).toEqual(['lastYear'])
    expect(coverage.note).toBe('The data starts on 2026-01-05, after the start of the same week last year (2025-10-26 to 2025-11-01): that comparison is withheld.')
    expect(withholdUncovered([revenue], coverage)).toEqual([{ ...revenue, changeVsLastYear: null, changePercentVsLastYear: null }])
  })

  it('leaves tiles without changes the data cannot support, and without values in a period without data', () => {
    const partial = periodCoverage(week, { first: '2024-10-29', last: '2026-10-28' })
    expect(withholdUncovered([revenue], partial)).toEqual([
      { ...revenue, changeVsPrevious: null, changePercentVsPrevious: null, changeVsLastYear: null, changePercentVsLastYear: null },
    ])
    const empty = periodCoverage(week, { first: '2024-10-29', last: '2026-10-20' })
    expect(withholdUncovered([revenue], empty)[0]!.value).toBeNull()
  })
})
