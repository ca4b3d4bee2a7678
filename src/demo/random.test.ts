import { describe, expect, it } from 'vitest'
import { Random } from './random.ts'
import { WeightedChoice } from './weighted-choice.ts'

const draw = (random: Random) => Array.from({ length: 5 }, () => random.uuid())

describe('the seeded random streams', () => {
  it('repeat for the same seed and stream, and differ otherwise', () => {
    expect(draw(new Random(42, 'sales'))).toEqual(draw(new Random(42, 'sales')))
    expect(draw(new Random(42, 'sales'))).not.toEqual(draw(new Random(43, 'sales')))
    expect(draw(new Random(42, 'sales'))).not.toEqual(draw(new Random(42, 'users')))
  })

  it('make version-4-shaped UUIDs that sort in the order they were made', () => {
    const random = new Random(1, 'identifiers')
    const uuids = Array.from({ length: 1_000 }, () => random.uuid())
    for (const uuid of uuids) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect([...uuids].sort()).toEqual(uuids)
    expect(new Set(uuids).size).toBe(uuids.length)
  })

  it('keep whole numbers within their bounds and pick by weight', () => {
    const random = new Random(7, 'numbers')
    const values = Array.from({ length: 10_000 }, () => random.integer(3, 5))
    expect(new Set(values)).toEqual(new Set([3, 4, 5]))
    const choice = new WeightedChoice(['rare', 'common'], [1, 9])
    const picks = Array.from({ length: 10_000 }, () => choice.pick(random))
    expect(picks.filter((pick) => pick === 'common').length / picks.length).toBeCloseTo(0.9, 1)
  })
})
