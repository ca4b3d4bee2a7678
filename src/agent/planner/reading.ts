import { readBrands, readPlaces, type BrandMention } from './brands.ts'
import { ConsumableText } from './consumable-text.ts'
import { namedValues } from './dimensions.ts'
import { readModel } from './models.ts'
import { readLimit, readThresholds } from './quantities.ts'
import { readTime, type TimeReading } from './time-expressions.ts'

/**
 * Everything a question says besides which analysis it wants: its time, numbers, brand filter and the
 * breakdown values it names. Read once, then applied to whichever tool the planner chooses.
 */
export interface QuestionReading {
  normalized: string
  time: TimeReading
  thresholds: Map<string, number>
  limit?: number
  /** Every house named; one can be a brand filter, several make a brand-level question. */
  brands: BrandMention[]
  /** The model a stock count names ("how many Birkins do we have"): a part of the product name. */
  model?: string
  /** The question with time and number phrases blanked: where breakdowns and topic words are read. */
  remainder: string
  /** Breakdown values named anywhere in the remainder ("brand", "monthly", "instagram"). */
  values: string[]
  /**
   * Values the question leaves out ("excluding Whatnot", "except Gucci", "not on Instagram"): taken out of the text
   * before filters are read, so they never become the filter; no tool leaves one value out, so they are said as not applied.
   */
  excluded: string[]
}

// "Excluding whatnot", "except for the Gucci pieces", "not on instagram", "other than bags": up to three words that
// name a value. "Without" is left alone ("customers without a purchase").
const exclusion = /\b(?:excluding|exclude|excludes|except(?:\s+for)?|not\s+(?:on|in|from|via|through|including)|other\s+than|apart\s+from|besides|minus|outside(?:\s+of)?|leaving\s+out|leave\s+out)\s+((?:[a-z0-9'&.-]+\s*){1,4})/g

function namesValue(phrase: string): boolean {
  return readBrands(phrase).length > 0 || namedValues(phrase).length > 0 || Object.values(readPlaces(phrase)).some((places) => places.length > 0)
}

/** The words after an exclusion that name values: the shortest run that names one, and one more after "and"/"or". */
function excludedWords(words: readonly string[]): number {
  const first = words.findIndex((_, index) => namesValue(words.slice(0, index + 1).join(' ')))
  if (first === -1) return 0
  const joined = words[first + 1]
  if (joined && /^(?:and|or|&)$/.test(joined) && words[first + 2] && namesValue(words[first + 2]!)) return first + 3
  return first + 1
}

function takeExclusions(text: ConsumableText): string[] {
  const excluded: string[] = []
  for (const match of [...text.text.matchAll(exclusion)]) {
    const words = match[1]!.trim().split(/\s+/)
    const count = excludedWords(words)
    if (count === 0) continue
    const phrase = words.slice(0, count).join(' ')
    const lead = match[0].slice(0, match[0].length - match[1]!.length)
    text.take(new RegExp(`${escapeRegExp(lead)}${escapeRegExp(phrase)}`))
    excluded.push(phrase)
  }
  return excluded
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function readQuestion(normalized: string, today: Date): QuestionReading {
  const text = new ConsumableText(normalized)
  const excluded = takeExclusions(text)
  // Thresholds first ("no purchase in the last 60 days" is not a window), the limit last ("2024" is a year).
  const thresholds = readThresholds(text)
  const time = readTime(text, today)
  const limit = readLimit(text)
  const brands = readBrands(text.text)
  const remainder = brands.reduce((rest, mention) => rest.replace(mention.phrase, ' '), text.text)
  const model = readModel(remainder)
  return {
    normalized,
    time,
    thresholds,
    ...(limit !== undefined ? { limit } : {}),
    brands,
    ...(model !== undefined ? { model } : {}),
    remainder,
    values: namedValues(remainder),
    excluded,
  }
}

/** Whether the question changes anything a follow-up could apply to the previous tool. */
export function hasModifiers(reading: QuestionReading): boolean {
  return (
    reading.time.window !== undefined ||
    reading.time.comparison !== undefined ||
    reading.thresholds.size > 0 ||
    reading.limit !== undefined ||
    reading.brands.length > 0 ||
    reading.values.length > 0 ||
    Object.values(readPlaces(reading.remainder)).some((places) => places.length > 0)
  )
}
