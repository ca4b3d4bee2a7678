import type { ModelTurn } from './providers/provider.ts'

/**
 * When the agent loop stops, as tiny predicates over its state, checked after every step (one model turn
 * and the tools it called). The first that holds ends the loop; only `noToolCalls` means the model finished.
 */
export interface LoopState {
  steps: number
  elapsedMs: number
  lastTurn: ModelTurn
}

export interface StopCondition {
  /** Why the loop stopped, in words for the answer. */
  reason: string
  holds(state: LoopState): boolean
}

export const noToolCalls: StopCondition = {
  reason: 'the model answered',
  holds: (state) => state.lastTurn.toolCalls.length === 0,
}

export function stepCountIs(steps: number): StopCondition {
  return { reason: `the step cap (${steps} steps) was reached`, holds: (state) => state.steps >= steps }
}

export function elapsedExceeds(milliseconds: number): StopCondition {
  return { reason: `the time budget (${Math.round(milliseconds / 1000)} s) ran out`, holds: (state) => state.elapsedMs >= milliseconds }
}
