import type { ToolResultMessage } from '../providers/provider.ts'
import type { Plan } from './planner.ts'

/**
 * The offline answer: the tools' own narrations (computed from the rows, so every figure is grounded),
 * what failed and why, and how the question was read. Tables, charts and assumptions travel in the
 * answer contract beside this text.
 */
function describeArguments(args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(([field, value]) => `${field.replace(/_/g, ' ')} ${String(value).replace(/_/g, ' ')}`)
  return parts.length > 0 ? parts.join(', ') : 'its defaults'
}

export function composeAnswer(results: readonly ToolResultMessage[], plan: Plan | undefined): string {
  const several = results.length > 1
  const body = results.map((result) => {
    if (result.envelope) return several ? `**${result.envelope.title}**: ${result.envelope.narration}` : result.envelope.narration
    return `${result.name} could not answer: ${result.error ?? 'it failed without a message.'}`
  })
  const reading =
    plan?.kind === 'tool' && results.some((result) => result.name === plan.tool)
      ? [`_How I read the question: ${plan.title} (${plan.tool}) with ${describeArguments(plan.arguments)}._`, ...plan.notes.map((note) => `_${note}_`)]
      : []
  return [...body, ...reading].join('\n\n')
}
