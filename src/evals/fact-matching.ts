import { extractFigures } from '../agent/figures.ts'
import type { ExpectedFact } from './expected-facts.ts'

/**
 * Whether an answer states an expected fact. Numbers are read the way grounding reads them (src/agent/figures.ts):
 * "$5.62M", "62.5%", "1,082". A figure matches when it is within the fact's tolerance, plus the rounding its
 * shown precision implies, but never more rounding than the tolerance itself: "$5.6M" states 5,618,950 at a
 * 0.5% tolerance, "$6M" does not. Names match as whole words, ignoring case, accents and underscores, so
 * "Hermes" states "Hermès", "small leather goods" states "small_leather_goods" and "E-mail" states "email".
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\be-mail/g, 'email')
    .replace(/[_\s]+/g, ' ')
    .trim()
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function statesText(answer: string, expected: string): boolean {
  const wanted = normalizeText(expected)
  if (wanted === '') return false
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(wanted)}(?![\\p{L}\\p{N}])`, 'u').test(normalizeText(answer))
}

export function statesNumber(answer: string, expected: number, tolerance: number): boolean {
  return extractFigures(answer).some((figure) => {
    const slack = tolerance + Math.min(figure.tolerance, tolerance) + 1e-9
    return Math.abs(Math.abs(figure.value) - Math.abs(expected)) <= slack
  })
}

export function statesFact(answer: string, fact: ExpectedFact): boolean {
  return fact.kind === 'text' ? statesText(answer, fact.value) : statesNumber(answer, fact.value, fact.tolerance)
}

/** How a fact reads in a failure reason: "customer = Zoe Scott", "spend = 297395 (± 1487)". */
export function describeFact(fact: ExpectedFact): string {
  if (fact.kind === 'text') return `${fact.name} = ${fact.value}`
  const rounded = Math.round(fact.value * 100) / 100
  return `${fact.name} = ${rounded} (± ${Math.round(fact.tolerance * 100) / 100})`
}
