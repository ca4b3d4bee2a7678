/**
 * Reading numbers back out of text, as the narrations and models write them: "$412,300", "412.3k", "$1.2M",
 * "78%", "1,234.50", "3.2x", "-12%". Each figure keeps its shown precision, so grounding can allow exactly
 * the rounding the text implies and no more.
 */
export interface Figure {
  /** As written, e.g. "$412.3k". */
  text: string
  /** Its value: "412.3k" → 412300; "78%" → 78. */
  value: number
  /** Half a unit of the last shown digit: how far the true number may be and still round to the text. */
  tolerance: number
  percent: boolean
  index: number
}

const multipliers: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  million: 1e6,
  bn: 1e9,
  b: 1e9,
  billion: 1e9,
}

// Sign, currency, digits (with thousands separators), decimals, a k/M/bn suffix, then % or x.
// Digits glued to letters, underscores, slashes, colons or dashes are identifiers, dates or times, not figures:
// "Q1", "last_30_days", "gpt-4.1", "80/20", "2025-03-08", "14:00", "5th".
const numberPattern =
  /(?<![\w./:\-#])([-−+]?)(\$?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:(k|K|M|m|mm|bn|B)\b|\s(thousand|million|billion)\b)?(%|x\b|×)?(?![\w/:]|-\w|\.\d)/g

const monthWords =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/i

// Words that make the number after them a rank, a count of periods or a position, not a figure: "top 5",
// "last 30 days", "the first 3", "next 90 days".
const rankWords = /^(?:top|bottom|first|last|next|past|previous|prior|trailing|best|worst|no\.?|number|step|rank|ranked|#)$/i

function wordBefore(text: string, index: number): string {
  return /([\w.#]+)\W*$/.exec(text.slice(Math.max(0, index - 24), index))?.[1] ?? ''
}

function wordAfter(text: string, index: number): string {
  return /^\W*([\w.]+)/.exec(text.slice(index, index + 24))?.[1] ?? ''
}

function isListMarker(text: string, index: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1
  return text.slice(lineStart, index).trim() === '' && /^[.)]\s/.test(text.slice(end, end + 2))
}

/**
 * Code (SQL, identifiers) and quotations (a question offered to ask, the user's own words) state no figures:
 * they are blanked before reading.
 */
function withoutCodeOrQuotes(text: string): string {
  const blank = (span: string) => ' '.repeat(span.length)
  return text
    .replace(/```[\s\S]*?```/g, blank)
    .replace(/`[^`\n]*`/g, blank)
    .replace(/"[^"\n]*"/g, blank)
    .replace(/“[^”\n]*”/g, blank)
}

interface RawNumber {
  figure: Figure
  plain: boolean
  digits: string
}

function readNumbers(text: string): RawNumber[] {
  return [...text.matchAll(numberPattern)].map((match) => {
    const [whole, sign = '', currency = '', integer = '', decimals = '', suffix, word, unit] = match
    const multiplier = multipliers[(suffix ?? word ?? '').toLowerCase()] ?? 1
    const digits = integer.replace(/,/g, '')
    const shownDecimals = decimals ? decimals.length - 1 : 0
    const magnitude = Number(`${digits}${decimals}`) * multiplier
    let tolerance = 0.5 * 10 ** -shownDecimals * multiplier
    // A whole number ending in zeros may be rounded to the place of its last non-zero digit,
    // keeping at least two significant digits: $412,000 stands for 412,300, but $2,000 not for 1,900.
    const trailingZeros = /0*$/.exec(digits)?.[0].length ?? 0
    if (!decimals && multiplier === 1 && trailingZeros > 0 && digits.length > 2) {
      tolerance = 0.5 * 10 ** Math.min(trailingZeros, digits.length - 2)
    }
    const negative = sign === '-' || sign === '−'
    return {
      figure: {
        text: whole.trim(),
        value: negative ? -magnitude : magnitude,
        tolerance,
        percent: unit === '%',
        index: match.index,
      },
      plain: !currency && !decimals && !suffix && !word && !unit && !integer.includes(','),
      digits,
    }
  })
}

/**
 * The figures of an answer: every number that states a quantity. Not figures: years (1900–2100 written
 * plainly), dates and times, ranks and period lengths after "top", "last", "next" ("top 5", "last 30 days"),
 * numbers next to a month name ("March 3"), list markers, identifiers, and anything in code or in double quotes.
 */
export function extractFigures(text: string): Figure[] {
  const readable = withoutCodeOrQuotes(text)
  return readNumbers(readable)
    .filter(({ figure, plain, digits }) => {
      const end = figure.index + figure.text.length
      if (plain && digits.length === 4 && Number(digits) >= 1900 && Number(digits) <= 2100) return false
      const before = wordBefore(readable, figure.index)
      const after = wordAfter(readable, end)
      if (plain && rankWords.test(before)) return false
      if (plain && (monthWords.test(before) || monthWords.test(after))) return false
      if (plain && /^(?:am|pm|a\.m\.|p\.m\.)$/i.test(after)) return false
      if (plain && isListMarker(readable, figure.index, end)) return false
      return true
    })
    .map(({ figure }) => figure)
}

/** Every number in a text, as values: what tool narrations, assumptions and messages state. */
export function extractValues(text: string): readonly number[] {
  // Grounding and the label check read every string of every answer's rows and assumptions, which repeat from answer
  // to answer (dates, names, the same assumptions): each short text is read once. Bounded, as texts are open-ended.
  const known = readValues.get(text)
  if (known) return known
  const values = readNumbers(text).map(({ figure }) => figure.value)
  if (text.length <= keptLength) {
    if (readValues.size >= keptTexts) readValues.clear()
    readValues.set(text, values)
  }
  return values
}

const readValues = new Map<string, readonly number[]>()
const keptTexts = 10_000
const keptLength = 500
