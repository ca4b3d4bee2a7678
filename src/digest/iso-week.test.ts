import { describe, expect, it } from 'vitest'
import { isoWeekOf, lastCompleteWeek, parseIsoWeek, previousWeek } from './iso-week.ts'

describe('ISO weeks', () => {
  it('names the week of a day, the year being that of its Thursday', () => {
    expect(isoWeekOf('2025-11-27')).toEqual({ period: '2025-W48', from: '2025-11-24', to: '2025-11-30' })
    // 2024-12-30 (a Monday) starts 2025-W01; 2021-01-03 (a Sunday) ends 2020-W53.
    expect(isoWeekOf('2024-12-30')).toEqual({ period: '2025-W01', from: '2024-12-30', to: '2025-01-05' })
    expect(isoWeekOf('2021-01-03')).toEqual({ period: '2020-W53', from: '2020-12-28', to: '2021-01-03' })
  })

  it('parses YYYY-Www into Monday to Sunday, and explains what it refuses', () => {
    expect(parseIsoWeek('2025-W48')).toEqual({ ok: true, week: { period: '2025-W48', from: '2025-11-24', to: '2025-11-30' } })
    expect(parseIsoWeek('2020-W53')).toEqual({ ok: true, week: { period: '2020-W53', from: '2020-12-28', to: '2021-01-03' } })
    expect(parseIsoWeek('2025-W53')).toEqual({ ok: false, error: '2025 has ISO weeks 1 to 52; got 2025-W53.' })
    expect(parseIsoWeek('2025-48')).toEqual({ ok: false, error: "A week is written YYYY-Www, e.g. 2025-W48; got '2025-48'." })
  })

  it('takes the previous week in the business time zone', () => {
    // Monday 2025-12-01 03:00 UTC is still Sunday 2025-11-30 in New York: the previous week there is W47.
    const now = new Date('2025-12-01T03:00:00Z')
    expect(previousWeek('America/New_York', now).period).toBe('2025-W47')
    expect(previousWeek('UTC', now).period).toBe('2025-W48')
  })

  it('covers the last complete week, Monday to Sunday, before today', () => {
    // Monday 2026-11-30: the week that ended yesterday, 23–29 November.
    expect(lastCompleteWeek('2026-11-30')).toEqual({ period: '2026-W48', from: '2026-11-23', to: '2026-11-29' })
    // Sunday 2026-11-29: this week ends today, so it is not complete yet; the one before, 16–22 November.
    expect(lastCompleteWeek('2026-11-29')).toEqual({ period: '2026-W47', from: '2026-11-16', to: '2026-11-22' })
    // Wednesday 2026-12-02: still 23–29 November.
    expect(lastCompleteWeek('2026-12-02')).toEqual({ period: '2026-W48', from: '2026-11-23', to: '2026-11-29' })
  })

  it('takes today from LUXX_AS_OF when it is set, whatever the clock says', () => {
    const now = new Date('2025-12-01T03:00:00Z')
    expect(previousWeek('UTC', now, '2026-11-02').period).toBe('2026-W44')
    expect(previousWeek('America/New_York', now, '2026-12-02')).toEqual({ period: '2026-W48', from: '2026-11-23', to: '2026-11-29' })
  })
})
