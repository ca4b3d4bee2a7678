import { readFileSync } from 'node:fs'
import Fuse from 'fuse.js'
import englishWordsPath from 'word-list'
import type { AnyTool } from '../../tools/define-tool.ts'
import { dimensions, type DimensionDeclaration } from '../../semantic/index.ts'

/**
 * Questions typed in a hurry ("wich wekday sells best", "top 5 custmers by spnd", "who r our biggest buyers") are read
 * as meant before anything else reads them: chat shorthand is spelled out, and a word the planner's vocabulary does
 * not know, and that is no English word either (the word-list package), is replaced by the closest word it does know
 * (fuse.js), when one is close. The vocabulary is what the tools say about themselves (names, titles, descriptions,
 * examples, cues) and the semantic layer's words, so a new tool teaches it too. Real words ("profiles", "print") and
 * words it cannot place confidently are left as typed.
 */
const shorthand: Record<string, string> = {
  r: 'are',
  u: 'you',
  ur: 'your',
  wat: 'what',
  wht: 'what',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  biz: 'business',
  thru: 'through',
  hows: 'how is',
  whats: 'what is',
  whos: 'who is',
  yr: 'year',
  mo: 'month',
  wk: 'week',
  qtr: 'quarter',
  rev: 'revenue',
  b4: 'before',
}

// Short words are too easily mistaken for one another ("bag" and "bad"); numbers and dates stay as typed.
const minimumLength = 4

function vocabularyOf(tools: readonly AnyTool[]): Set<string> {
  const texts: string[] = []
  for (const tool of tools) {
    texts.push(tool.name.replace(/_/g, ' '), tool.title, tool.description, ...tool.examples)
    for (const strength of ['strong', 'medium', 'weak'] as const) {
      for (const phrase of tool.cues?.[strength] ?? []) if (typeof phrase === 'string') texts.push(phrase)
    }
  }
  for (const dimension of Object.values(dimensions) as DimensionDeclaration[]) {
    texts.push(dimension.label, dimension.plural, ...dimension.synonyms)
    if (dimension.values !== 'data') for (const value of Object.values(dimension.values)) texts.push(value.label, ...value.synonyms)
    for (const aliases of Object.values(dimension.dataSource?.aliases ?? {})) texts.push(...aliases)
  }
  const words = new Set<string>()
  for (const text of texts) for (const word of text.toLowerCase().split(/[^a-z]+/)) if (word.length >= 2) words.add(word)
  return words
}

export type Speller = (normalizedQuestion: string) => string

let english: Set<string> | undefined
/** The English word list, read once per process (about 274,000 words). */
function englishWords(): Set<string> {
  english ??= new Set(readFileSync(englishWordsPath, 'utf8').split('\n'))
  return english
}

/**
 * `extraWords` are fixed words to leave as typed (the time reader's); `isKnown` is asked at reading time, so values
 * loaded from the data after the speller was built ("miami") are left as typed too.
 */
export function createSpeller(
  tools: readonly AnyTool[],
  extraWords: readonly string[] = [],
  isKnown: (word: string) => boolean = () => false,
): Speller {
  const dictionary = englishWords()
  const vocabulary = vocabularyOf(tools)
  for (const word of extraWords) vocabulary.add(word)
  const candidates = [...vocabulary].filter((word) => word.length >= minimumLength - 1)
  const fuse = new Fuse(candidates, { includeScore: true, threshold: 0.34, ignoreLocation: true, minMatchCharLength: 2 })
  const corrected = new Map<string, string>()
  const correct = (word: string): string => {
    // Asked before the cache: a value loaded since ("miami") is left as typed even if it was corrected before.
    if (isKnown(word)) return word
    const known = corrected.get(word)
    if (known !== undefined) return known
    let result = word
    if (!vocabulary.has(word) && !dictionary.has(word) && word.length >= minimumLength && !/\d/.test(word)) {
      // The closest word of about the same length: a typo drops, adds or swaps a letter or two.
      const best = fuse
        .search(word, { limit: 5 })
        .filter((match) => Math.abs(match.item.length - word.length) <= 1 && match.item[0] === word[0])
        .sort((a, b) => (a.score ?? 1) - (b.score ?? 1))[0]
      // A plural or singular of a known word is no typo: stemming meets it later.
      const inflection = best && (best.item === `${word}s` || `${best.item}s` === word)
      if (best && !inflection && (best.score ?? 1) <= 0.34) result = best.item
    }
    corrected.set(word, result)
    return result
  }
  return (question) =>
    question.replace(/[a-z0-9]+(?:'[a-z]+)?/g, (token) => {
      const plain = token.replace(/'/g, '')
      return shorthand[plain] ?? (token.includes("'") ? token : correct(token))
    })
}
