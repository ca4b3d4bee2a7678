import { describe, expect, it } from 'vitest'
import { readRequest } from './planner/planner.ts'
import { leftOutOfStatedReading, takeStatedReading } from './stated-reading.ts'

const today = new Date('2026-10-31T12:00:00Z')

describe('the reading a model states', () => {
  it('is taken out of the answer text, however it is emphasised', () => {
    expect(takeStatedReading('Reading: revenue · Texas · 2026\n\nTexas brought in $210,030.')).toEqual({
      text: 'Texas brought in $210,030.',
      stated: 'revenue · Texas · 2026',
    })
    expect(takeStatedReading('**Reading:** revenue · Texas\nTexas brought in $210,030.').stated).toBe('revenue · Texas')
    expect(takeStatedReading('Texas brought in $210,030.')).toEqual({ text: 'Texas brought in $210,030.' })
  })

  it('names every filter the question names that it leaves out, whatever the spelling', () => {
    const requested = readRequest('how much did we sell in texas on whatnot last month?', today)
    expect(leftOutOfStatedReading(requested, 'revenue · TX · Whatnot · September 2026')).toEqual([])
    expect(leftOutOfStatedReading(requested, 'revenue · September 2026')).toEqual([
      'Whatnot: the model\'s reading ("revenue · September 2026") leaves it out',
      'Texas: the model\'s reading ("revenue · September 2026") leaves it out',
    ])
  })
})
