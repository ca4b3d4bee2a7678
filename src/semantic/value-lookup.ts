import Fuse from 'fuse.js'
import { dimensions, type DimensionDeclaration, type DimensionName } from './dimensions.ts'
import { regionCodesThatAreWords } from './places.ts'

/**
 * The value lookup: what a caller wrote for a dimension ("hermes", "LV", "Texas", "handbags") read as the value the
 * data holds ("Hermès", "Louis Vuitton", "TX", "bag"). Fixed-list dimensions come from their declarations; the
 * values of data dimensions are loaded from the database (src/tools/value-index.ts) and joined here with the
 * declared aliases. Matching folds case and accents, reads aliases and synonyms, and singular or plural; a value
 * it cannot read is refused with the closest ones (fuse.js), never guessed: "No brand 'Hermez'. Did you mean Hermès?"
 */

/** Dimensions a tool input can filter on. */
export type FilterDimension = { [Name in DimensionName]: (typeof dimensions)[Name]['filter'] extends true ? Name : never }[DimensionName]

/** Dimensions whose values the database holds. */
export type DataDimension = { [Name in DimensionName]: (typeof dimensions)[Name]['values'] extends 'data' ? Name : never }[DimensionName]

export const dataDimensions = (Object.keys(dimensions) as DimensionName[]).filter(
  (name): name is DataDimension => (dimensions[name] as DimensionDeclaration).values === 'data',
)

/** Lower case, no accents, punctuation as spaces: "Hermès" and "HERMES" meet, so do "Saint-Laurent" and "saint laurent". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** The singular and plural forms a folded word may stand for ("wallets" → "wallet", "bag" → "bags"). */
function numberForms(folded: string): string[] {
  const forms: string[] = []
  if (folded.endsWith('ies') && folded.length > 4) forms.push(`${folded.slice(0, -3)}y`)
  if (folded.endsWith('es') && folded.length > 3) forms.push(folded.slice(0, -2))
  if (folded.endsWith('s') && !folded.endsWith('ss') && folded.length > 2) forms.push(folded.slice(0, -1))
  if (!folded.endsWith('s')) forms.push(`${folded}s`)
  return forms
}

export type Reading = 'exact' | 'case and accents' | 'alias' | 'singular or plural'

export type ValueResolution =
  | { ok: true; dimension: FilterDimension | DimensionName; input: string; value: string; reading: Reading }
  | { ok: false; dimension: FilterDimension | DimensionName; input: string; suggestions: string[]; message: string }

interface Term {
  folded: string
  value: string
  /** The canonical value itself (not an alias or synonym). */
  own: boolean
}

interface DimensionIndex {
  values: string[]
  terms: Term[]
  byTerm: Map<string, Set<string>>
  fuse: Fuse<Term>
}

/** A value mentioned in a question: the value, the words that named it and where. */
export interface ValueMention {
  value: string
  phrase: string
  index: number
}

const lowerLabel = (name: DimensionName) => dimensions[name].label.toLowerCase()

function joinOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** Where a phrase stands on word boundaries in folded text. */
function findPhrase(phrase: string, text: string): number {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')
  const match = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').exec(text)
  return match ? match.index : -1
}

/**
 * The values of every dimension and the words for them. Built from the declarations and, for data dimensions,
 * the values loaded from the database; without loaded values a data dimension knows its declared aliases' values.
 */
/** One- and two-letter values are ordinary words in prose ("in", "us", "S"), save the state codes that are no word ("tx"). */
function readableInProse(dimension: DimensionName, term: { own: boolean; folded: string }): boolean {
  if (!term.own || term.folded.length > 2) return true
  return dimension === 'region' && term.folded.length === 2 && !regionCodesThatAreWords.has(term.folded)
}

export class ValueIndex {
  readonly loadedAt: number
  private readonly byDimension = new Map<DimensionName, DimensionIndex>()

  constructor(loaded: Partial<Record<DataDimension, readonly string[]>> = {}, loadedAt = Date.now()) {
    this.loadedAt = loadedAt
    for (const name of Object.keys(dimensions) as DimensionName[]) {
      this.byDimension.set(name, buildDimension(name, loaded[name as DataDimension]))
    }
  }

  private wordSet: ReadonlySet<string> | undefined
  private readonly phrasesByDimension = new Map<DimensionName, ReadonlyArray<{ value: string; phrases: readonly string[] }>>()

  /** Every word of every value and alias ("miami", "hermes", "texas"): words a speller must leave as typed. */
  words(): ReadonlySet<string> {
    this.wordSet ??= new Set(
      [...this.byDimension.values()].flatMap((index) => index.terms.flatMap((term) => term.folded.split(/[^a-z0-9]+/).filter((word) => word.length > 2))),
    )
    return this.wordSet
  }

  /** The values a dimension holds: its fixed values, or the data's (without loaded data, its declared aliases' values). */
  values(dimension: DimensionName): readonly string[] {
    return this.byDimension.get(dimension)!.values
  }

  /** Reads what a caller wrote as one value of the dimension, or says which values come closest. */
  resolve(dimension: DimensionName, input: string): ValueResolution {
    const index = this.byDimension.get(dimension)!
    if (index.values.includes(input)) return { ok: true, dimension, input, value: input, reading: 'exact' }
    const folded = fold(input)
    const found = (term: string) => [...(index.byTerm.get(term) ?? [])]
    const direct = found(folded)
    if (direct.length === 1) {
      const value = direct[0]!
      const own = index.terms.some((term) => term.value === value && term.own && term.folded === folded)
      return { ok: true, dimension, input, value, reading: own ? 'case and accents' : 'alias' }
    }
    if (direct.length === 0 && folded.length > 0) {
      const forms = [...new Set(numberForms(folded).flatMap(found))]
      if (forms.length === 1) return { ok: true, dimension, input, value: forms[0]!, reading: 'singular or plural' }
      if (forms.length > 1) return this.refuse(dimension, input, forms)
    }
    if (direct.length > 1) return this.refuse(dimension, input, direct, 'could be')
    return this.refuse(dimension, input, this.closest(dimension, input, 3))
  }

  /** A value as a sentence shows it: codes with their name ("TX (Texas)"), others as they are. */
  describe(dimension: DimensionName, value: string): string {
    if (value.length > 3 || (dimensions[dimension] as DimensionDeclaration).values !== 'data') return value
    const index = this.byDimension.get(dimension)!
    const name = index.terms.find((term) => term.value === value && !term.own && term.folded.length > 3)
    return name ? `${value} (${name.folded.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase())})` : value
  }

  private refuse(dimension: DimensionName, input: string, suggestions: string[], how: 'could be' | 'closest' = 'closest'): ValueResolution {
    const label = lowerLabel(dimension)
    const shown = suggestions.slice(0, 3)
    const named = shown.map((value) => this.describe(dimension, value))
    const all = this.values(dimension)
    const message =
      how === 'could be'
        ? `The ${label} '${input}' could be ${joinOr(named)}; say which.`
        : shown.length > 0
          ? `No ${label} '${input}'. Did you mean ${joinOr(named)}?`
          : all.length > 0 && all.length <= 12
            ? `No ${label} '${input}'. The ${dimensions[dimension].plural} are ${joinAnd([...all].sort().map((value) => this.describe(dimension, value)))}.`
            : `No ${label} '${input}', and none of the ${all.length} ${dimensions[dimension].plural} is close to it.`
    return { ok: false, dimension, input, suggestions: shown, message }
  }

  /** The values closest to what was written, best first (fuse.js over the values and their words). */
  closest(dimension: DimensionName, input: string, limit = 3): string[] {
    const index = this.byDimension.get(dimension)!
    const folded = fold(input)
    if (folded.length === 0) return []
    const seen = new Set<string>()
    for (const hit of index.fuse.search(folded)) {
      seen.add(hit.item.value)
      if (seen.size >= limit) break
    }
    return [...seen]
  }

  /** Values for a completion: those starting with what was typed first, then those containing it, then close ones. */
  complete(dimension: DimensionName, typed: string, limit = 100): string[] {
    const index = this.byDimension.get(dimension)!
    const folded = fold(typed)
    if (folded.length === 0) return index.values.slice(0, limit)
    const starts = index.values.filter((value) => index.terms.some((term) => term.value === value && term.folded.startsWith(folded)))
    const contains = index.values.filter((value) => !starts.includes(value) && index.terms.some((term) => term.value === value && term.folded.includes(folded)))
    const close = this.closest(dimension, typed, limit).filter((value) => !starts.includes(value) && !contains.includes(value))
    return [...starts, ...contains, ...close].slice(0, limit)
  }

  /**
   * Each value of a dimension with the phrases (folded) that name it in prose, longest first. One- and two-letter
   * values ("TX", "US", "S") are left out, as they are ordinary words in prose ("in", "us"); their names and
   * declared aliases ("texas", "lv") are kept.
   */
  phrases(dimension: DimensionName): ReadonlyArray<{ value: string; phrases: readonly string[] }> {
    // The planner asks for these several times per question; an index never changes once built.
    let known = this.phrasesByDimension.get(dimension)
    if (!known) {
      const index = this.byDimension.get(dimension)!
      const termsByValue = new Map<string, Term[]>()
      for (const term of index.terms) {
        const terms = termsByValue.get(term.value)
        if (terms) terms.push(term)
        else termsByValue.set(term.value, [term])
      }
      known = index.values.map((value) => ({
        value,
        phrases: [...new Set((termsByValue.get(value) ?? []).filter((term) => term.folded.length > 0 && readableInProse(dimension, term)).map((term) => term.folded))]
          .sort((a, b) => b.length - a.length),
      }))
      this.phrasesByDimension.set(dimension, known)
    }
    return known
  }

  /**
   * The values of a dimension a question names, in the order it names them. One- and two-letter values ("TX",
   * "US", "S") are not read from prose, where they are ordinary words ("in", "us"); their names and aliases are.
   */
  mentions(dimension: DimensionName, text: string): ValueMention[] {
    const index = this.byDimension.get(dimension)!
    const folded = fold(text)
    const byValue = new Map<string, ValueMention>()
    // Longer phrases first, so "new york city" names the city before "new york" could.
    const terms = [...index.terms].filter((term) => readableInProse(dimension, term)).sort((a, b) => b.folded.length - a.folded.length)
    for (const term of terms) {
      if (term.folded.length === 0) continue
      const at = findPhrase(term.folded, folded)
      if (at < 0) continue
      const known = byValue.get(term.value)
      if (!known || at < known.index) byValue.set(term.value, { value: term.value, phrase: term.folded, index: at })
    }
    // A phrase inside a longer one that named another value does not count ("washington" in "washington dc").
    const found = [...byValue.values()]
    return found
      .filter((mention) => !found.some((other) => other !== mention && other.phrase.length > mention.phrase.length &&
        other.index <= mention.index && other.index + other.phrase.length >= mention.index + mention.phrase.length))
      .sort((a, b) => a.index - b.index)
  }
}

function buildDimension(name: DimensionName, loaded: readonly string[] | undefined): DimensionIndex {
  const declaration: DimensionDeclaration = dimensions[name]
  const terms: Term[] = []
  let values: string[]
  if (declaration.values !== 'data') {
    values = Object.keys(declaration.values)
    for (const [value, declared] of Object.entries(declaration.values)) {
      terms.push({ folded: fold(value), value, own: true })
      for (const word of [declared.label, ...declared.synonyms]) terms.push({ folded: fold(word), value, own: false })
    }
  } else {
    const aliases = declaration.dataSource?.aliases ?? {}
    values = loaded ? [...loaded] : Object.keys(aliases)
    for (const value of values) terms.push({ folded: fold(value), value, own: true })
    const byFolded = new Map(values.map((value) => [fold(value), value]))
    for (const [canonical, words] of Object.entries(aliases)) {
      // The alias group reads as whichever of its spellings the data holds ("TX" or "Texas").
      const group = [canonical, ...words]
      const held = values.includes(canonical) ? canonical : group.map((word) => byFolded.get(fold(word))).find((value) => value !== undefined)
      if (held === undefined) continue
      for (const word of group) terms.push({ folded: fold(word), value: held, own: word === held })
    }
  }
  const byTerm = new Map<string, Set<string>>()
  for (const term of terms) {
    if (!byTerm.has(term.folded)) byTerm.set(term.folded, new Set())
    byTerm.get(term.folded)!.add(term.value)
  }
  const fuse = new Fuse(terms, { keys: ['folded'], includeScore: true, threshold: 0.4, ignoreLocation: true })
  return { values, terms, byTerm, fuse }
}

/**
 * A model is written as part of a product name ("Birkin", "neverfull"), matched ignoring case and accents: one no
 * product name contains is refused with the closest names, never answered with an empty result.
 */
export function modelProblem(index: ValueIndex, model: string): string | undefined {
  const wanted = fold(model).trim()
  if (wanted !== '' && index.values('product').some((name) => fold(name).includes(wanted))) return undefined
  const closest = index.closest('product', model, 3)
  return `No product name contains '${model}'.${closest.length > 0 ? ` Did you mean ${closest.join(', ')}?` : ''}`
}

/** The aliases only, for callers with no database at hand (the offline planner before any data was loaded). */
export const declaredValueIndex = new ValueIndex()

let latest: ValueIndex | undefined

/** Remembers the index last loaded from the database, so code with no database at hand knows its values. */
export function rememberValueIndex(index: ValueIndex): void {
  latest = index
}

/** The values last loaded from a database in this process, or the declared ones. */
export function knownValueIndex(): ValueIndex {
  return latest ?? declaredValueIndex
}
