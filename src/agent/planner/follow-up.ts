import type { PriorTurn } from '../providers/provider.ts'
import { tokenize } from './text.ts'

/**
 * Follow-ups reuse the previous tool: "and by brand?", "same for last year", "what about Instagram?",
 * "top 10?". A question is a follow-up when, once its time, numbers and breakdowns are read, no word is left
 * that names a question of its own.
 */
export interface PreviousCall {
  name: string
  arguments: Record<string, unknown>
}

// Words that only connect a follow-up to what came before.
const connectives = new Set(
  [
    'and', 'also', 'what', 'how', 'about', 'same', 'again', 'instead', 'only', 'just', 'now', 'then', 'but', 'plus',
    'break', 'broken', 'split', 'down', 'that', 'those', 'it', 'do', 'thing', 'one', 'ones', 'version', 'view',
    'compare', 'compared', 'vs', 'versus', 'rather', 'switch', 'change', 'please',
  ].map((word) => tokenize(word)[0] ?? word),
)

const marker = /^(?:and|also|what about|how about|same|now|ok(?:ay)?|then|but|plus|only|just|instead|what if|for)\b|\bsame (?:for|but|thing|again)\b|\bthe same\b|\binstead\b|^(?:rank|sort|order|show|break|split|list|group) (?:them|those|it|that|these)\b/

/** The latest successful tool call of the conversation, if any. */
export function previousCall(history: readonly PriorTurn[]): PreviousCall | undefined {
  for (const turn of [...history].reverse()) {
    const call = turn.toolCalls.find((candidate) => candidate.ok)
    if (call) {
      const args = call.arguments && typeof call.arguments === 'object' && !Array.isArray(call.arguments) ? (call.arguments as Record<string, unknown>) : {}
      return { name: call.name, arguments: { ...args } }
    }
  }
  return undefined
}

export function hasFollowUpMarker(normalizedQuestion: string): boolean {
  return marker.test(normalizedQuestion.trim())
}

/** The words of what is left of a question that could name a new question. */
export function topicWords(remainder: string): string[] {
  return tokenize(remainder).filter((word) => !connectives.has(word))
}

// A whole question of its own: it opens with a question word or "compare" and points back at nothing.
const questionOpening = /^(?:how|what|which|who|whom|when|where|why|did|do|does|is|are|was|were|can|could|should|will|would|compare)\b/
const pointsBack = /\b(?:that|those|these|them|it|its|ones|same)\b/

/** "How did Louis Vuitton do last month?" asks anew; "Chanel only?" and "how does that compare…?" refine. */
export function asksAnew(normalizedQuestion: string): boolean {
  const question = normalizedQuestion.trim()
  return questionOpening.test(question) && !pointsBack.test(question)
}
