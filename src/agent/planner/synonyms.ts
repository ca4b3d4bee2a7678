import type { AnyTool } from '../../tools/define-tool.ts'
import { firstWord, phrasePattern } from './text.ts'

/**
 * How people in the business say things the tool examples may not: "best sellers", "VIPs", "ROAS", "deadstock".
 * Each tool declares its cues in its own file; each cue adds its weight to the tool's score when the question
 * contains it. Strong cues (1.0) settle the choice; medium and weak ones (0.5, 0.3) only tip a close call.
 */
export interface Cue {
  tool: string
  weight: number
  pattern: RegExp
  /** When the pattern was made of a phrase (phrasePattern), its first word: a question without it is not tried. */
  firstWord?: string
}

const weights = { strong: 1, medium: 0.5, weak: 0.3 } as const

/** The cues every tool declares beside its examples (defineTool's `cues`), weighed. */
export function toolCues(tools: readonly AnyTool[]): Cue[] {
  return tools.flatMap((tool) =>
    (Object.keys(weights) as (keyof typeof weights)[]).flatMap((strength) =>
      (tool.cues?.[strength] ?? []).map((phrase): Cue => ({
        tool: tool.name,
        weight: weights[strength],
        ...(typeof phrase === 'string' ? { pattern: phrasePattern(phrase), firstWord: firstWord(phrase) } : { pattern: phrase }),
      })),
    ),
  )
}

export interface CueMatch {
  tool: string
  weight: number
  phrase: string
}

// A cue's pattern made global once, not per question (matchAll copies it, so the shared one is never advanced).
const globalPatterns = new WeakMap<RegExp, RegExp>()

function globalOf(pattern: RegExp): RegExp {
  let global = globalPatterns.get(pattern)
  if (!global) {
    global = new RegExp(pattern.source, 'g')
    globalPatterns.set(pattern, global)
  }
  return global
}

/**
 * The cues a question contains. Where matches overlap the longest wins, so "best customers" counts for
 * top_customers and not also "customers"; "live shows" for show_performance and not "live".
 */
export function matchCues(normalizedText: string, candidates: readonly Cue[]): CueMatch[] {
  const found = candidates.flatMap((cue) =>
    cue.firstWord !== undefined && !normalizedText.includes(cue.firstWord) ? [] : [...normalizedText.matchAll(globalOf(cue.pattern))].map((match) => ({
      cue,
      start: match.index,
      end: match.index + match[0].length,
      phrase: match[0],
    })),
  )
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || b.cue.weight - a.cue.weight)
  const kept: typeof found = []
  for (const match of found) {
    const covered = kept.some((other) => other.start <= match.start && match.end <= other.end && other.end - other.start > match.end - match.start)
    if (!covered) kept.push(match)
  }
  return kept.map((match) => ({ tool: match.cue.tool, weight: match.cue.weight, phrase: match.phrase }))
}

/** Per tool, the summed weight of its cues (each phrase counted once per tool). */
export function cueScores(matches: readonly CueMatch[]): Map<string, number> {
  const seen = new Set<string>()
  const scores = new Map<string, number>()
  for (const match of matches) {
    const key = `${match.tool}:${match.phrase}`
    if (seen.has(key)) continue
    seen.add(key)
    scores.set(match.tool, (scores.get(match.tool) ?? 0) + match.weight)
  }
  return scores
}
