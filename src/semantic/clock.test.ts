import { describe, expect, it } from 'vitest'
import { businessToday } from './clock.ts'

describe('businessToday', () => {
  it('reads the date in the business time zone, not UTC', () => {
    // 03:30 UTC on 3 December is still 2 December in New York (UTC−5) and already 3 December in Tokyo.
    const now = new Date('2026-12-03T03:30:00Z')
    expect(businessToday('America/New_York', undefined, now)).toBe('2026-12-02')
    expect(businessToday('Asia/Tokyo', undefined, now)).toBe('2026-12-03')
  })
  it('takes the as-of override as it is', () => {
    expect(businessToday('America/New_York', '2026-10-31', new Date('2026-12-03T12:00:00Z'))).toBe('2026-10-31')
  })
})
