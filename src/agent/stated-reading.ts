import { fold } from '../semantic/value-lookup.ts'
import type { RequestedReading } from './planner/constraints.ts'

/**
 * The reading a model states: its answer opens with one line, "Reading: revenue · Texas · 2026 · by week" (the
 * answer-format prompt asks for it). The line is taken out of the text (every surface shows the reading apart) and
 * held against what the question names: a filter or measure the question names that the model's own reading leaves
 * out was not answered for, whatever its tool calls applied.
 */
const readingLine = /^[ \t]*(?:\*\*|_)?reading:?(?:\*\*|_)?:?[ \t]*(.+?)[ \t]*$/im

export interface StatedReading {
  /** The text without the reading line. */
  text: string
  stated?: string
}

export function takeStatedReading(text: string): StatedReading {
  const match = readingLine.exec(text)
  if (!match) return { text }
  const stated = match[1]!.replace(/(?:\*\*|_)+$/, '').trim()
  const rest = `${text.slice(0, match.index)}${text.slice(match.index + match[0].length)}`.replace(/^\s*\n/, '').trim()
  return { text: rest, stated }
}

/**
 * The filters the question names that the model's stated reading does not mention, in the relevance check's words.
 * Measures are not held to it: "sales" for revenue is a fair reading, a dropped "Texas" is not.
 */
export function leftOutOfStatedReading(requested: RequestedReading, stated: string): string[] {
  const said = fold(stated)
  const mentions = (...names: string[]) => names.some((name) => name !== '' && said.includes(fold(name)))
  return requested.filters
    .filter((filter) => !mentions(filter.label, filter.value))
    .map((filter) => `${filter.label}: the model's reading ("${stated}") leaves it out`)
}
