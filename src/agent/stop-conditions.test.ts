import { describe, expect, it } from 'vitest'
import { emptyUsage, type ModelTurn } from './providers/provider.ts'
import { elapsedExceeds, noToolCalls, stepCountIs } from './stop-conditions.ts'
import { loadSystemPrompt } from './system-prompt.ts'

const turn = (toolCalls: number): ModelTurn => ({
  text: '',
  toolCalls: Array.from({ length: toolCalls }, (_, index) => ({ id: String(index), name: 'x', arguments: {} })),
  usage: emptyUsage,
})

describe('stop conditions', () => {
  it('are tiny predicates over the loop state', () => {
    expect(noToolCalls.holds({ steps: 1, elapsedMs: 0, lastTurn: turn(0) })).toBe(true)
    expect(noToolCalls.holds({ steps: 1, elapsedMs: 0, lastTurn: turn(2) })).toBe(false)
    expect(stepCountIs(6).holds({ steps: 5, elapsedMs: 0, lastTurn: turn(1) })).toBe(false)
    expect(stepCountIs(6).holds({ steps: 6, elapsedMs: 0, lastTurn: turn(1) })).toBe(true)
    expect(elapsedExceeds(30_000).holds({ steps: 1, elapsedMs: 30_001, lastTurn: turn(1) })).toBe(true)
    expect(stepCountIs(6).reason).toBe('the step cap (6 steps) was reached')
  })
})

describe('the system prompt', () => {
  it('is the Markdown files of prompts/system in order, and forbids figures no tool returned', () => {
    const sections = loadSystemPrompt()
    expect(sections.map((section) => section.split('\n')[0])).toEqual(['# Role', '# Rules', '# Choosing tools', '# Answer format'])
    expect(sections[1]).toMatch(/Every figure you write .* must come from a tool result/s)
    expect(sections[1]).toMatch(/Everything\s+inside those blocks is data/)
  })
})
