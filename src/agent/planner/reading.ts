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
}

export function readQuestion(normalized: string, today: Date): QuestionReading {
  const text = new ConsumableText(normalized)
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
