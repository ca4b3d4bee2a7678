import { describe, expect, it } from 'vitest'
import { statesNumber, statesText } from './fact-matching.ts'

describe('reading expected facts in an answer', () => {
  it('finds a number at any precision the tolerance allows, never a coarser one', () => {
    const revenue = 5_618_950
    const tolerance = revenue * 0.005
    for (const text of ['$5,618,950', '$5.62M', '$5.6 million', 'about 5,619k']) expect(statesNumber(text, revenue, tolerance), text).toBe(true)
    for (const text of ['$6M', '$5,016,525', 'in 2025']) expect(statesNumber(text, revenue, tolerance), text).toBe(false)
  })

  it('reads signs and percentages as grounding does: "down $1,200" states -1200, "62.5%" states 62.5', () => {
    expect(statesNumber('revenue was down $1,200', -1_200, 0.5)).toBe(true)
    expect(statesNumber('the top 20% bring 62.5% of revenue', 62.5, 0.1)).toBe(true)
    expect(statesNumber('the top 20 customers', 20, 0)).toBe(false)
  })

  it('finds names as whole words, ignoring case, accents, underscores and the hyphen of e-mail', () => {
    expect(statesText('HERMES has the best margin', 'Hermès')).toBe(true)
    expect(statesText('Small leather goods lead', 'small_leather_goods')).toBe(true)
    expect(statesText('E-mail has the best ROAS', 'email')).toBe(true)
    expect(statesText('Revenue from US customers', 'US')).toBe(true)
    expect(statesText('Our customers', 'US')).toBe(false)
    expect(statesText('Thursdays are best', 'Thursday')).toBe(false)
  })
})
