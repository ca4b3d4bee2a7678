import type { AnyTool } from '../../tools/define-tool.ts'
import type { PriorTurn } from '../providers/provider.ts'
import { buildArguments } from './arguments.ts'
import { declineText, unclearReason, type DeclineReason } from './decline.ts'
import { withoutValuePhrases } from './dimensions.ts'
import { hasFollowUpMarker, previousCall, topicWords, type PreviousCall } from './follow-up.ts'
import { hasModifiers, readQuestion, type QuestionReading } from './reading.ts'
import { judgeScope } from './scope.ts'
import { matchCues, toolCues, type Cue } from './synonyms.ts'
import { normalize, phrasePattern } from './text.ts'
import { plannerTool, type PlannerTool } from './tool-fields.ts'
import { buildToolIndex, type ToolIndex } from './tool-index.ts'

/**
 * The offline planner: maps a question to one tool and its arguments using the tools' own names,
 * descriptions and examples, the synonym cues, and what the question says about time, numbers and
 * breakdowns. It declines (with three close questions it can answer) rather than guess.
 */
export type Plan =
  | { kind: 'tool'; tool: string; title: string; arguments: Record<string, unknown>; notes: string[]; followUp: boolean }
  | { kind: 'decline'; reason: DeclineReason; text: string; suggestions: string[] }

export interface Planner {
  plan(question: string, history: readonly PriorTurn[], today: Date): Plan
}

/** Scores below this are not a match: the planner declines rather than run a tool that answers another question. */
export const matchThreshold = 0.35

const suggestionCount = 3

// Naming a tool outright ("run sales_by_weekday", "sales by weekday") settles the choice.
function nameCues(tools: readonly PlannerTool[]): Cue[] {
  return tools.flatMap((tool) => [
    { tool: tool.name, weight: 2, pattern: phrasePattern(tool.name) },
    { tool: tool.name, weight: 2, pattern: phrasePattern(tool.name.replace(/_/g, ' ')) },
  ])
}

export function createPlanner(definitions: readonly AnyTool[]): Planner {
  const tools = definitions.map(plannerTool)
  const byName = new Map(tools.map((tool) => [tool.name, tool]))
  const index: ToolIndex = buildToolIndex(tools)
  const cues = [...toolCues(definitions), ...nameCues(tools)]

  const decline = (reason: DeclineReason, why: string, question: string): Plan => {
    const suggestions = index.closestExamples(question, suggestionCount)
    return { kind: 'decline', reason, text: declineText(why, suggestions), suggestions }
  }

  const planFor = (tool: PlannerTool, reading: QuestionReading, base: Record<string, unknown>, followUp: boolean, extraNotes: string[] = []): Plan => {
    const built = buildArguments(tool, reading, base)
    return { kind: 'tool', tool: tool.name, title: tool.title, arguments: built.arguments, notes: [...extraNotes, ...built.notes], followUp }
  }

  const followUp = (previous: PreviousCall, reading: QuestionReading, question: string): Plan => {
    const tool = byName.get(previous.name)
    if (!tool) return decline('unclear', unclearReason, question)
    const unsupported = reading.values.filter((value) => breakdownValues.has(value) && !acceptsValue(tool, value))
    if (unsupported.length === 0) {
      const ignored = reading.values.filter((value) => filterValues.has(value) && !acceptsValue(tool, value))
      const notes = ignored.map((value) => `${tool.title} cannot be limited to ${value}; the answer covers everything.`)
      return planFor(tool, reading, previous.arguments, true, notes)
    }
    // The previous tool has no such breakdown: a tool of the same area that has it answers instead.
    const value = unsupported[0]!
    const sibling = tools.find((candidate) => candidate.area === tool.area && acceptsValue(candidate, value))
    if (sibling) {
      return planFor(sibling, reading, previous.arguments, true, [`${tool.title} has no ${value} breakdown; used ${sibling.title} instead.`])
    }
    return decline('unsupported', `${tool.title} cannot be broken down by ${value}.`, tool.examples[0] ?? question)
  }

  return {
    plan(question, history, today) {
      const normalized = normalize(question)
      const scope = judgeScope(normalized)
      if (scope.kind !== 'in_scope') return decline(scope.kind, scope.reason, question)
      const reading = readQuestion(normalized, today)
      const matches = matchCues(normalized, cues)
      if (reading.brands.length > 1 && byName.has('brand_performance')) {
        matches.push({ tool: 'brand_performance', weight: 1, phrase: reading.brands.map((brand) => brand.phrase).join(', ') })
      }
      const ranked = index.rank(reading.remainder, matches)
      const best = ranked[0]
      const previous = previousCall(history)
      const topic = topicWords(withoutValuePhrases(reading.remainder))
      const isFollowUp =
        previous !== undefined &&
        hasModifiers(reading) &&
        (topic.length === 0 || (hasFollowUpMarker(normalized) && (best?.score ?? 0) < matchThreshold))
      if (previous && isFollowUp) return followUp(previous, reading, question)
      if (!best || best.score < matchThreshold) return decline('unclear', unclearReason, question)
      return planFor(best.tool, reading, {}, false)
    },
  }
}

// Breakdowns a follow-up can ask for ("and by brand?"), and filters it can narrow to ("what about Instagram?").
const breakdownValues = new Set(['brand', 'category', 'condition', 'channel', 'location', 'city', 'region', 'country', 'campaign', 'product', 'day', 'week', 'month', 'hour'])
const filterValues = new Set(['whatnot', 'instagram', 'email', 'website', 'bag', 'wallet', 'backpack', 'small_leather_goods', 'S', 'A', 'B'])

function acceptsValue(tool: PlannerTool, value: string): boolean {
  return [...tool.fields.values()].some((field) => field.name !== 'period' && (field.values ?? []).includes(value))
}
