import { declaredValueIndex, knownValueIndex, type ValueIndex } from '../../semantic/value-lookup.ts'
import { mayContain, phrasePattern } from './text.ts'

/**
 * The values of data dimensions a question names ("sales trend for Chanel", "sales in Texas"), read from the
 * semantic layer: the declared aliases (src/semantic/dimensions.ts, src/semantic/places.ts) and every value the
 * value lookup has loaded from the database in this process. The planner has no database at hand, so before
 * anything is loaded it knows the declared values only; the executor reads whatever it passes as the data holds it
 * and refuses a value the data does not hold.
 */
export interface BrandMention {
  name: string
  phrase: string
}

export type PlaceMention = BrandMention

type Mentioned = BrandMention & { index: number }

function mentionsIn(indexes: readonly ValueIndex[], dimension: 'brand' | 'region' | 'city', normalizedText: string): Mentioned[] {
  const byName = new Map<string, Mentioned>()
  for (const index of indexes) {
    for (const { value, phrases } of index.phrases(dimension)) {
      if (byName.has(value)) continue
      for (const phrase of phrases) {
        // Hundreds of values are tried on every reading: a phrase whose first word the text lacks cannot match.
        if (!mayContain(normalizedText, phrase)) continue
        const match = phrasePattern(phrase).exec(normalizedText)
        if (match) {
          byName.set(value, { name: value, phrase, index: match.index })
          break
        }
      }
    }
  }
  const found = [...byName.values()]
  // A phrase inside a longer one that named another value does not count ("washington" in "washington dc").
  return found
    .filter((mention) => !found.some((other) => other !== mention && other.phrase.length > mention.phrase.length &&
      other.index <= mention.index && other.index + other.phrase.length >= mention.index + mention.phrase.length))
    .sort((a, b) => a.index - b.index)
}

const indexes = () => [knownValueIndex(), declaredValueIndex]

/** The houses a (normalized) question names, in the order it names them, each with the phrase that named it. */
export function readBrands(normalizedText: string): BrandMention[] {
  return mentionsIn(indexes(), 'brand', normalizedText).map(({ name, phrase }) => ({ name, phrase }))
}

/** The US states (or regions) and the cities a question names, in the order it names them. */
export function readPlaces(normalizedText: string): { regions: PlaceMention[]; cities: PlaceMention[] } {
  const strip = ({ name, phrase }: Mentioned) => ({ name, phrase })
  return {
    regions: mentionsIn(indexes(), 'region', normalizedText).map(strip),
    cities: mentionsIn(indexes(), 'city', normalizedText).map(strip),
  }
}

/** The words of every value the lookups know (brands, states, cities, campaigns…), which no speller may "correct". */
export function isValueWord(word: string): boolean {
  return indexes().some((index) => index.words().has(word))
}
