import { describe, expect, it } from 'vitest'
import { businessToday } from './clock.ts'
import { comparisonsFor, coverageNote, coverageOf, latestNamedDay, namedDayRange, resolvePeriod, windowFor } from './periods.ts'

// Every expected date below is worked out by hand from a calendar, not taken from the functions' output.
const dates = (window: { comparisons: { kind: string; from: string; to: string }[] }) =>
  Object.fromEntries(window.comparisons.map((comparison) => [comparison.kind, `${comparison.from}..${comparison.to}`]))

describe('calendar periods compare with the previous period of the same grain', () => {
  it('a 30-day month with the 31-day month before it, not the 30 days before', () => {
    // "Last month" on 2026-10-31 is September; August has 31 days.
    const window = resolvePeriod('last_month', '2026-10-31', '2020-01-01')
    expect([window.from, window.to, window.kind]).toEqual(['2026-09-01', '2026-09-30', 'calendar'])
    expect(dates(window)).toEqual({ previous_period: '2026-08-01..2026-08-31', last_year: '2025-09-01..2025-09-30' })
  })

  it('a 31-day month with a 28-day February, and a 28-day February with a 31-day January', () => {
    expect(dates(windowFor({ from: '2025-03-01', to: '2025-03-31' }, '2025-04-10'))).toEqual({
      previous_period: '2025-02-01..2025-02-28', last_year: '2024-03-01..2024-03-31',
    })
    expect(dates(windowFor({ from: '2025-02-01', to: '2025-02-28' }, '2025-04-10'))).toEqual({
      previous_period: '2025-01-01..2025-01-31', last_year: '2024-02-01..2024-02-29',
    })
  })

  it('a quarter with the quarter before, and the same quarter a year earlier', () => {
    const window = resolvePeriod('last_quarter', '2026-10-31', '2020-01-01')
    expect([window.from, window.to]).toEqual(['2026-07-01', '2026-09-30'])
    expect(dates(window)).toEqual({ previous_period: '2026-04-01..2026-06-30', last_year: '2025-07-01..2025-09-30' })
    expect(window.comparisons.map((comparison) => comparison.label)).toEqual(['Q2 2026', 'Q3 2025'])
  })

  it('a year with the year before; a leap year across 29 February', () => {
    const window = resolvePeriod('last_year', '2025-06-15', '2020-01-01')
    expect([window.from, window.to]).toEqual(['2024-01-01', '2024-12-31'])
    expect(dates(window)).toEqual({ previous_period: '2023-01-01..2023-12-31', last_year: '2023-01-01..2023-12-31' })
    // Year to date on 29 February 2024: 1 January to 29 February, against 1 January to 28 February 2023.
    expect(dates(resolvePeriod('ytd', '2024-02-29', '2020-01-01'))).toEqual({
      previous_period: '2023-01-01..2023-02-28', last_year: '2023-01-01..2023-02-28',
    })
  })

  it('a half year and a Monday–Sunday week', () => {
    expect(dates(windowFor({ from: '2026-01-01', to: '2026-06-30' }, '2026-10-31'))).toEqual({
      previous_period: '2025-07-01..2025-12-31', last_year: '2025-01-01..2025-06-30',
    })
    // Last week on Saturday 2026-10-31: Monday 10-19 to Sunday 10-25; a year earlier is 52 weeks (364 days) back.
    const week = resolvePeriod('last_week', '2026-10-31', '2020-01-01')
    expect([week.from, week.to]).toEqual(['2026-10-19', '2026-10-25'])
    expect(dates(week)).toEqual({ previous_period: '2026-10-12..2026-10-18', last_year: '2025-10-20..2025-10-26' })
  })
})

describe('periods in progress compare like for like', () => {
  it('month to date on 2 December: 1–2 December with 1–2 November', () => {
    const window = resolvePeriod('this_month', '2026-12-02', '2020-01-01')
    expect([window.from, window.to, window.kind]).toEqual(['2026-12-01', '2026-12-02', 'to_date'])
    expect(dates(window)).toEqual({ previous_period: '2026-11-01..2026-11-02', last_year: '2025-12-01..2025-12-02' })
  })

  it('clamps to the end of a shorter month: 1–31 March against 1–28 February (1–29 in a leap year)', () => {
    expect(dates(resolvePeriod('this_month', '2025-03-31', '2020-01-01')).previous_period).toBe('2025-02-01..2025-02-28')
    expect(dates(resolvePeriod('this_month', '2024-03-30', '2020-01-01')).previous_period).toBe('2024-02-01..2024-02-29')
  })

  it('quarter to date and week to date', () => {
    // Q4 to 15 November against Q3 to 15 August.
    expect(dates(resolvePeriod('this_quarter', '2026-11-15', '2020-01-01')).previous_period).toBe('2026-07-01..2026-08-15')
    // Wednesday 2026-10-28: Monday 10-26 to Wednesday, against Monday 10-19 to Wednesday 10-21.
    expect(dates(resolvePeriod('this_week', '2026-10-28', '2020-01-01'))).toEqual({
      previous_period: '2026-10-19..2026-10-21', last_year: '2025-10-27..2025-10-29',
    })
  })
})

describe('rolling windows and other dates compare with the window of equal length before', () => {
  it('the last 30 days', () => {
    const window = resolvePeriod('last_30_days', '2026-10-31', '2020-01-01')
    expect([window.from, window.to, window.kind]).toEqual(['2026-10-02', '2026-10-31', 'rolling'])
    expect(dates(window)).toEqual({ previous_period: '2026-09-02..2026-10-01', last_year: '2025-10-02..2025-10-31' })
  })

  it('explicit dates are honoured exactly: 2025-11-28 to 2025-12-25 (28 days)', () => {
    const window = windowFor({ from: '2025-11-28', to: '2025-12-25' }, '2026-10-31')
    expect([window.from, window.to, window.kind]).toEqual(['2025-11-28', '2025-12-25', 'explicit'])
    expect(dates(window).previous_period).toBe('2025-10-31..2025-11-27')
  })
})

describe('named days resolve by rule for any year', () => {
  it('Black Friday is the day after the 4th Thursday of November; Cyber Monday the Monday after', () => {
    expect(namedDayRange('black_friday', 2025)).toEqual({ from: '2025-11-28', to: '2025-11-28' })
    expect(namedDayRange('black_friday', 2026)).toEqual({ from: '2026-11-27', to: '2026-11-27' })
    expect(namedDayRange('black_friday', 2026, 3)).toEqual({ from: '2026-11-27', to: '2026-11-29' })
    expect(namedDayRange('cyber_monday', 2025).from).toBe('2025-12-01')
    expect(namedDayRange('thanksgiving', 2026).from).toBe('2026-11-26')
    expect(namedDayRange('mothers_day', 2026).from).toBe('2026-05-10')
  })

  it('Black Friday compares with last year\'s Black Friday, not the same date', () => {
    expect(dates(windowFor(namedDayRange('black_friday', 2026), '2026-12-02')).last_year).toBe('2025-11-28..2025-11-28')
    expect(dates(windowFor(namedDayRange('black_friday', 2026, 3), '2026-12-02')).last_year).toBe('2025-11-28..2025-11-30')
  })

  it('without a year, the latest one on or before today', () => {
    expect(latestNamedDay('black_friday', '2026-11-26')).toBe('2025-11-28')
    expect(latestNamedDay('black_friday', '2026-11-27')).toBe('2026-11-27')
  })
})

describe('today and coverage', () => {
  it('today is the business clock, or the as-of override', () => {
    // 2026-03-08 03:30 UTC is still 7 March in New York (EST, UTC−5), the night daylight saving starts.
    expect(businessToday('America/New_York', undefined, new Date('2026-03-08T03:30:00Z'))).toBe('2026-03-07')
    expect(businessToday('America/New_York', undefined, new Date('2026-03-08T05:30:00Z'))).toBe('2026-03-08')
    // 2026-11-01 04:30 UTC is 1 November 00:30 EDT (UTC−4), the day daylight saving ends.
    expect(businessToday('America/New_York', undefined, new Date('2026-11-01T04:30:00Z'))).toBe('2026-11-01')
    expect(businessToday('America/New_York', '2026-12-02', new Date('2026-03-08T03:30:00Z'))).toBe('2026-12-02')
  })

  it('names what the data does not cover, without moving the window', () => {
    const bounds = { first: '2024-11-01', last: '2026-10-31' }
    expect(coverageOf({ from: '2026-11-01', to: '2026-11-30' }, bounds)).toBe('none')
    expect(coverageNote({ from: '2026-11-01', to: '2026-11-30' }, bounds)).toBe('Sales are recorded up to 2026-10-31; November 2026 has none yet.')
    expect(coverageOf({ from: '2024-01-01', to: '2024-12-31' }, bounds)).toBe('partial')
    expect(coverageOf({ from: '2023-01-01', to: '2023-12-31' }, bounds)).toBe('none')
    expect(coverageOf({ from: '2025-01-01', to: '2025-12-31' }, bounds)).toBe('full')
  })

  it('a comparison of a year against a year the data covers only at its end is partial', () => {
    const { comparisons } = comparisonsFor({ from: '2025-01-01', to: '2025-12-31' })
    expect(coverageOf(comparisons[0]!, { first: '2024-11-01', last: '2026-10-31' })).toBe('partial')
  })
})
