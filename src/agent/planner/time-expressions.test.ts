import { describe, expect, it } from 'vitest'
import { ConsumableText } from './consumable-text.ts'
import { readTime } from './time-expressions.ts'

// Today 2026-12-02. Black Friday is the day after the 4th Thursday of November: 2025-11-28, 2026-11-27 (by hand).
const read = (question: string) => readTime(new ConsumableText(question), new Date('2026-12-02T12:00:00Z')).window

describe('named days and halves in questions', () => {
  it('reads Black Friday by rule, in two years, as a day, a weekend (Friday to Sunday) or a start', () => {
    expect(read('revenue on black friday')).toEqual({ from: '2026-11-27', to: '2026-11-27' })
    expect(read('black friday 2025 revenue')).toEqual({ from: '2025-11-28', to: '2025-11-28' })
    expect(read('black friday weekend 2025')).toEqual({ from: '2025-11-28', to: '2025-11-30' })
    expect(read('sales since black friday')).toEqual({ from: '2026-11-27' })
  })

  it('reads the first half of a year, H1 and H2', () => {
    expect(read('revenue in the first half of 2026')).toEqual({ from: '2026-01-01', to: '2026-06-30' })
    expect(read('h2 2025 sales')).toEqual({ from: '2025-07-01', to: '2025-12-31' })
  })
})
