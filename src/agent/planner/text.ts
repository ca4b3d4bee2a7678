/**
 * Words of a question, reduced so that "selling", "sells" and "sold" meet: lower case, no accents,
 * no stop words, a light suffix-stripping stemmer. Good enough to compare questions with tool examples.
 */
const stopWords = new Set(
  (
    'a an the and or of to in on at for by per with from into over under is are was were be been being do does did ' +
    'done have has had i me my we us our you your it its this that these those what which who whom whose when where ' +
    'why how much many there their them they he she his her can could should would will shall may might must show ' +
    'tell give get let see list find please about any some all each every than then so as if but not no just ' +
    'also now ok okay want need know like look out ours more most very really lot lots s'
  ).split(' '),
)

// Past tenses and plurals a suffix rule cannot reach.
const irregular: Record<string, string> = {
  sold: 'sell',
  bought: 'buy',
  spent: 'spend',
  people: 'customer',
  clients: 'customer',
  client: 'customer',
  buyers: 'customer',
  buyer: 'customer',
  shoppers: 'customer',
  shopper: 'customer',
  customers: 'customer',
  items: 'product',
  item: 'product',
  products: 'product',
  skus: 'sku',
}

// Chat shorthand, written out so every reader meets the whole words: "who r our biggest buyers", "sell thru", "rev yoy".
const shorthand: Record<string, string> = {
  r: 'are', u: 'you', ur: 'your', thru: 'through', yoy: 'year over year', mom: 'month over month', wow: 'week over week',
  rev: 'revenue', avg: 'average', qty: 'quantity', wk: 'week', wks: 'weeks', yr: 'year', yrs: 'years', mo: 'month',
  mos: 'months', pcs: 'pieces', pls: 'please', plz: 'please', tho: 'though', cust: 'customers', custs: 'customers',
}
const shorthandPattern = new RegExp(`(?<![\\w'.$-])(?:${Object.keys(shorthand).join('|')})(?![\\w'-])`, 'g')

export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/&/g, ' and ')
    .replace(/\bw\/(?=\s)/g, 'with')
    .replace(/#\s?of\b/g, 'number of')
    .replace(shorthandPattern, (word) => shorthand[word] ?? word)
}

export function stem(word: string): string {
  const known = irregular[word]
  if (known) return known
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3)
  if (word.length > 4 && word.endsWith('ed') && !word.endsWith('eed')) return word.slice(0, -2)
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1)
  return word
}

/** Content words of a text, stemmed, in order. Snake_case names stay whole so tool names in descriptions don't leak words. */
export function tokenize(text: string): string[] {
  return normalize(text)
    .replace(/'s\b/g, '')
    .split(/[^a-z0-9_]+/)
    .filter((word) => word.length > 0 && !stopWords.has(word) && !/^\d+$/.test(word))
    .map(stem)
}

/** The words of a snake_case tool name, stemmed: top_products → top, product. */
export function nameWords(name: string): string[] {
  return name.split('_').filter((word) => !stopWords.has(word)).map(stem)
}

// Every question is read against the same few thousand phrases (catalog words, cues, the values the data holds), several
// times per answer: each pattern is built once. Callers only exec, test, replace, matchAll or read `source`, and
// `lastIndex` is reset on every hand-out, so a shared pattern behaves as a new one. The cap only bounds a process
// whose loaded values keep changing.
const patterns = new Map<string, RegExp>()
const keptPatterns = 20_000

/** A phrase as a pattern on word boundaries, spaces matching spaces or hyphens ("sell through" = "sell-through"). */
export function phrasePattern(phrase: string, flags = ''): RegExp {
  const key = `${flags} ${phrase}`
  let pattern = patterns.get(key)
  if (!pattern) {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s-]+')
    pattern = new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`, flags)
    if (patterns.size >= keptPatterns) patterns.clear()
    patterns.set(key, pattern)
  }
  pattern.lastIndex = 0
  return pattern
}

const firstWords = new Map<string, string>()

/**
 * False when the text lacks the phrase's first word, so that `phrasePattern(phrase)` cannot match it: a substring
 * test that spares running hundreds of patterns against a question that names none of their words.
 */
export function mayContain(text: string, phrase: string): boolean {
  return text.includes(firstWord(phrase))
}

/** The phrase up to its first space: what a text must contain for `phrasePattern(phrase)` to match it. */
export function firstWord(phrase: string): string {
  let first = firstWords.get(phrase)
  if (first === undefined) {
    const space = phrase.search(/\s/)
    first = space < 0 ? phrase : phrase.slice(0, space)
    if (firstWords.size >= keptPatterns) firstWords.clear()
    firstWords.set(phrase, first)
  }
  return first
}
