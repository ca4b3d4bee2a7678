import type { ToolRegistry } from '../../tools/registry.ts'
import { composeAnswer } from '../planner/compose.ts'
import { plannerFor } from '../planner/planner.ts'
import { emptyUsage, type ModelOutcome, type ModelProvider, type ModelRequest, type ToolResultMessage } from './provider.ts'

export interface LocalOptions {
  /** The date "in March" without a year is read against; tests pin it. */
  today?: () => Date
}

/**
 * The offline provider: no model, no key. On the question it plans one tool call; once the results are in,
 * it answers with their narrations. It sits behind the same interface as the models, so it can also take
 * over mid-answer when a model fails, composing from the tool results gathered so far.
 */
export function createLocalProvider(registry: ToolRegistry, options: LocalOptions = {}): ModelProvider {
  const planner = plannerFor(registry)
  const today = options.today ?? (() => new Date())
  return {
    name: 'local',
    model: 'offline-planner',
    async respond(request: ModelRequest): Promise<ModelOutcome> {
      const question = request.messages.find((message) => message.role === 'user')?.text ?? ''
      const results = request.messages.flatMap((message): ToolResultMessage[] => (message.role === 'tool' ? message.results : []))
      const plan = planner.plan(question, request.history, today())
      if (results.length > 0) {
        const text = composeAnswer(results, plan)
        request.onTextDelta(text)
        return { ok: true, turn: { text, toolCalls: [], usage: emptyUsage } }
      }
      if (plan.kind === 'decline' || plan.kind === 'clarify') {
        request.onTextDelta(plan.text)
        return { ok: true, turn: { text: plan.text, toolCalls: [], usage: emptyUsage } }
      }
      return {
        ok: true,
        turn: { text: '', toolCalls: [{ id: `local_${plan.tool}`, name: plan.tool, arguments: plan.arguments }], usage: emptyUsage },
      }
    },
  }
}
