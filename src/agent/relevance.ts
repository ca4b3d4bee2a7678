import type { AnyTool } from '../tools/define-tool.ts'
import type { AnswerClarification, AnswerReading, RelevanceReport } from './answer.ts'
import { comparisonLabel, describeReading, measureLabel, type RequestedReading } from './planner/constraints.ts'
import { coverage, type Unapplied } from './planner/coverage.ts'
import type { Plan } from './planner/planner.ts'
import { judgeScope } from './planner/scope.ts'
import { leftOutOfStatedReading } from './stated-reading.ts'
import { normalize } from './planner/text.ts'
import { plannerTool, type PlannerTool } from './planner/tool-fields.ts'
import type { ToolRun } from './tool-runner.ts'

/**
 * The relevance check, beside grounding: grounding asks whether every figure came from a tool; this asks whether the
 * tools that ran answered the question as read. The reading (measure · filters · grouping · window) is what the
 * question names, read by the planner's reader whichever provider answered; each tool call is judged by what it
 * applied: its measure, the grain of its rows, the filters in its arguments, its window (src/agent/planner/coverage.ts).
 * Whatever no call applied is listed, and the answer says it first.
 */
export interface RelevanceInput {
  question: string
  requested: RequestedReading
  /** The offline planner's plan for the question: its clarification or decline, and the readings it would offer. */
  plan: Plan | undefined
  tools: readonly AnyTool[]
  runs: readonly ToolRun[]
  /** The provider's own text, for a model that asked a question back instead of calling a tool. */
  written: string
  /** The reading a model stated in its answer ("Reading: revenue · Texas · 2026"), if it did. */
  stated?: string
}

export interface RelevanceOutcome {
  reading: AnswerReading
  relevance: RelevanceReport
  clarification?: AnswerClarification
  /** The line said first when something named was not applied. */
  firstLine?: string
}

function keyOf(item: Unapplied): string {
  return `${item.kind}:${item.text.split(':')[0]}`
}

function readingOf(requested: RequestedReading, runs: readonly ToolRun[], notApplied: string[], stated?: string): AnswerReading {
  const tools = [...new Set(runs.filter((run) => run.record.ok).map((run) => run.record.name))]
  const defaultWindow = runs.find((run) => run.envelope?.window)?.envelope?.window.label
  const summary = describeReading(requested)
  return {
    measures: requested.measures.map(measureLabel),
    filters: requested.filters.map((filter) => filter.label),
    grouping: requested.grouping ?? null,
    window: requested.window?.label ?? (defaultWindow ? `${defaultWindow} (default)` : null),
    comparison: requested.comparison ? comparisonLabel(requested.comparison) : null,
    limit: requested.limit ?? null,
    tools,
    summary: [summary || 'no measure, filter or grouping named', tools.length > 0 ? `with ${tools.join(', ')}` : ''].filter(Boolean).join(' · '),
    notApplied,
    ...(stated ? { stated } : {}),
  }
}

export function checkRelevance(input: RelevanceInput): RelevanceOutcome {
  const { requested, plan, runs } = input
  const byName = new Map<string, PlannerTool>(input.tools.map((tool) => [tool.name, plannerTool(tool)]))
  const ok = runs.filter((run) => run.record.ok && run.envelope)
  const alternatives = plan?.kind === 'tool' ? plan.alternatives : plan?.kind === 'clarify' ? plan.options : []

  if (runs.length === 0) {
    const reading = readingOf(requested, runs, [])
    const scope = judgeScope(normalize(input.question))
    if (scope.kind !== 'in_scope' || (plan?.kind === 'decline' && plan.reason !== 'unclear')) {
      return { reading, relevance: { ok: true, status: 'declined', missing: [] } }
    }
    if (plan?.kind === 'clarify') {
      return {
        reading,
        relevance: { ok: true, status: 'clarify', missing: [] },
        clarification: { question: 'Which did you mean?', options: plan.options.map(({ label, question }) => ({ label, question })) },
      }
    }
    // A model that asks back rather than guessing is clarifying; the planner's closest readings go beside its question.
    if (plan?.kind !== 'decline' && input.written.trim().endsWith('?')) {
      const options = plan?.kind === 'tool' ? [{ label: plan.title, question: `${input.question} (with ${plan.tool})` }, ...alternatives] : []
      return {
        reading,
        relevance: { ok: true, status: 'clarify', missing: [] },
        ...(options.length > 0 ? { clarification: { question: 'Which did you mean?', options: options.map(({ label, question }) => ({ label, question })) } } : {}),
      }
    }
    const suggestions = plan?.kind === 'decline' ? plan.suggestions : []
    return {
      reading,
      relevance: { ok: false, status: 'unanswered', missing: [] },
      ...(suggestions.length > 0
        ? { clarification: { question: 'I could not read that question. Did you mean one of these?', options: suggestions.map((question) => ({ label: question, question })) } }
        : {}),
    }
  }
  if (ok.length === 0) return { reading: readingOf(requested, runs, []), relevance: { ok: false, status: 'unanswered', missing: [] } }

  // A constraint counts as applied when any successful call applied it.
  const perRun = ok.flatMap((run) => {
    const tool = byName.get(run.record.name)
    if (!tool) return []
    const args = run.record.arguments && typeof run.record.arguments === 'object' ? (run.record.arguments as Record<string, unknown>) : {}
    return [coverage(requested, tool, args)]
  })
  const keys = perRun.map((missing) => new Set(missing.map(keyOf)))
  const primary = [...perRun].sort((a, b) => a.length - b.length)[0] ?? []
  const missing = [
    ...primary.filter((item) => keys.every((set) => set.has(keyOf(item)))).map((item) => item.text),
    ...(input.stated ? leftOutOfStatedReading(requested, input.stated) : []),
  ]
  const reading = readingOf(requested, runs, missing, input.stated)
  if (missing.length === 0) return { reading, relevance: { ok: true, status: 'answered', missing: [] } }
  const ran = new Set(ok.map((run) => run.record.name))
  const options = alternatives.filter((option) => !ran.has(option.tool))
  return {
    reading,
    relevance: { ok: false, status: 'partial', missing },
    firstLine: `**Not applied:** ${missing.join('; ')}. Read the figures below with that in mind.`,
    ...(options.length > 0
      ? { clarification: { question: 'Closer readings I can run:', options: options.map(({ label, question }) => ({ label, question })) } }
      : {}),
  }
}
