import { describe, expect, it } from 'vitest'
import { businessDayOf, dayOf, instantOf, isoDateOf, weekdayOf } from './business-time.ts'

const iso = (instant: number) => new Date(instant * 1000).toISOString()

describe('business time in America/New_York', () => {
  it('converts local wall-clock times to instants in winter and in summer', () => {
    expect(iso(instantOf(dayOf('2025-01-16'), 20 * 3600))).toBe('2025-01-17T01:00:00.000Z')
    expect(iso(instantOf(dayOf('2025-07-17'), 20 * 3600))).toBe('2025-07-18T00:00:00.000Z')
  })

  it('handles the spring gap and the autumn repeat', () => {
    expect(iso(instantOf(dayOf('2025-03-09'), 1.5 * 3600))).toBe('2025-03-09T06:30:00.000Z')
    // 02:30 does not exist that night: it lands at 03:30 daylight time.
    expect(iso(instantOf(dayOf('2025-03-09'), 2.5 * 3600))).toBe('2025-03-09T07:30:00.000Z')
    expect(iso(instantOf(dayOf('2025-03-09'), 3.5 * 3600))).toBe('2025-03-09T07:30:00.000Z')
    // 01:30 happens twice: the first (daylight) one is taken.
    expect(iso(instantOf(dayOf('2025-11-02'), 1.5 * 3600))).toBe('2025-11-02T05:30:00.000Z')
    expect(iso(instantOf(dayOf('2025-11-02'), 2.5 * 3600))).toBe('2025-11-02T07:30:00.000Z')
  })

  it('agrees with Intl on the local day of instants across the two years', () => {
    const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' })
    for (let instant = Date.parse('2024-10-25T00:00:00Z') / 1000; instant < Date.parse('2026-11-05T00:00:00Z') / 1000; instant += 7 * 3600 + 13 * 60) {
      expect(isoDateOf(businessDayOf(instant))).toBe(localDate.format(new Date(instant * 1000)))
    }
  })

  it('numbers weekdays as PostgreSQL does (0 = Sunday)', () => {
    expect(weekdayOf(dayOf('2026-10-29'))).toBe(4)
    expect(weekdayOf(dayOf('2024-11-03'))).toBe(0)
    expect(isoDateOf(dayOf('2024-11-01'))).toBe('2024-11-01')
  })
})
