import type { FieldSpec, PlannerTool } from './tool-fields.ts'
import { dimensions } from '../../semantic/index.ts'
import { mayContain, phrasePattern } from './text.ts'

/**
 * Reads which enum values a question names ("by brand", "monthly", "least profitable", "on Instagram")
 * and sets them on whichever of the tool's enum fields accepts them: group_by, dimension, level, grain,
 * view, rank_by, sort_by, show, metric, channel, platform. The enums come from the tool's schema at
 * runtime; this file only knows how people say each value.
 */
const ownPhrases: Record<string, string[]> = {
  // breakdowns: the semantic layer's words for brand, category, condition and channel come in below
  location: ['location', 'locations', 'geography', 'place', 'places'],
  city: ['city', 'cities', 'town', 'towns'],
  // Where a tool has no "location" value, a location breakdown is by region.
  region: ['region', 'regions', 'state', 'states', 'province', 'provinces', 'location', 'locations', 'geography', 'geographic'],
  country: ['country', 'countries', 'nation', 'nations'],
  campaign: ['campaign', 'campaigns', 'per campaign'],
  product: ['product', 'products', 'item', 'items', 'sku', 'skus'],
  // grains
  day: ['day', 'days', 'daily', 'day by day'],
  week: ['week', 'weeks', 'weekly', 'week by week'],
  month: ['month', 'months', 'monthly', 'month by month'],
  // views
  hour: ['hour', 'hours', 'hourly', 'time of day'],
  weekday_hour: [
    'heatmap', 'heat map', 'weekday and hour', 'day and hour', 'hour and day', 'hour and weekday', 'hour by weekday',
    'weekday by hour', 'day of week and hour', 'hours and days', 'days and hours', 'hour of the week',
  ],
  fast: ['fast', 'faster', 'fastest', 'quick', 'quickest', 'quickly', 'fast movers', 'fast moving'],
  slow: ['slow', 'slower', 'slowest', 'sluggish', 'stuck', 'slow movers', 'slow moving', 'longest'],
  price_position: ['price position', 'typical price', 'usual price', 'priced above', 'priced below', 'pricing above', 'pricing below', 'priced too high', 'priced too low', 'overpriced', 'underpriced'],
  // rankings and sorts
  spend: ['spend', 'spent', 'spending', 'spenders', 'spender'],
  units: ['units', 'unit', 'pieces', 'volume', 'quantity', 'items sold', 'number of items', 'most items'],
  orders: ['orders', 'order count', 'number of orders', 'frequency', 'frequent', 'most often', 'purchases'],
  revenue: ['revenue', 'sales', 'turnover', 'gross sales', 'dollars'],
  profit: ['profit', 'profits', 'profitable', 'profitability', 'earnings', 'gross profit'],
  gross_profit: ['profit', 'profits', 'profitable', 'gross profit'],
  margin: ['margin', 'margins', 'margin percent'],
  aov: ['aov', 'average order value', 'basket size'],
  days_to_sell: ['days to sell', 'time to sell', 'fastest selling', 'sell fastest', 'sells fastest', 'quickest to sell', 'sell quickly', 'sell the fastest'],
  roas: ['roas', 'return on ad spend', 'return on spend'],
  cpa: ['cpa', 'cost per acquisition', 'cost per conversion', 'cost per customer'],
  historical: ['historical', 'to date', 'so far', 'past value'],
  projected: ['projected', 'projection', 'predicted', 'future', 'expected', 'forecast'],
  top: ['top', 'best', 'most profitable', 'highest'],
  bottom: ['bottom', 'worst', 'least', 'lowest', 'losing', 'lose money', 'unprofitable', 'least profitable', 'loss leader', 'loss leaders', 'below cost', 'under cost', 'at a loss', 'for a loss'],
  previous_period: ['previous period', 'prior period', 'period before'],
  last_year: ['last year', 'year over year', 'yoy'],
  // channels, categories and conditions: their words come from the semantic layer (below)
}

// The dimensions' own words ("by designer") and their values' words ("handbags", "like new") are declared once in
// src/semantic/dimensions.ts; single letters (S, A, B) never match on their own.
const semanticPhrases: Record<string, string[]> = Object.fromEntries([
  ...(['brand', 'category', 'condition', 'channel'] as const).map((name) => [name, [...dimensions[name].synonyms]]),
  ...(['channel', 'category', 'condition'] as const).flatMap((name) =>
    Object.entries(dimensions[name].values).map(([raw, declared]) => [raw, [...declared.synonyms]]),
  ),
])

const phrasesByValue: Record<string, string[]> = { ...semanticPhrases, ...ownPhrases }

// Values that are never chosen from a question: they are the "no breakdown" choice.
const neverNamed = new Set(['none'])

// Fields the time and comparison readers own.
const readElsewhere = new Set(['period', 'from', 'to'])

interface Mention {
  value: string
  index: number
  /** Preceded by "by", "per", "each", "across": the strongest sign the value is the breakdown. */
  afterBy: boolean
}

function phrasesFor(value: string): readonly string[] {
  let phrases = phrasesOfValues.get(value)
  if (!phrases) {
    const known = phrasesByValue[value] ?? []
    // An unknown value is matched as written (gross_margin → "gross margin"), if it is long enough to be a word.
    phrases = value.length >= 3 ? [...known, value.replace(/_/g, ' ')] : known
    phrasesOfValues.set(value, phrases)
  }
  return phrases
}

// Values come from the tools' enums and the lists above: a fixed set, each value's phrases listed once.
const phrasesOfValues = new Map<string, readonly string[]>()

/**
 * Where the text names one value of a listed dimension ("condition S", "grade B"): there the dimension's own word is
 * part of a filter, not a breakdown.
 */
function valueSpans(dimension: string, text: string): [number, number][] {
  const declared = (dimensions as Record<string, { values?: unknown }>)[dimension]?.values
  if (!declared || typeof declared !== 'object') return []
  return Object.values(declared as Record<string, { synonyms: readonly string[] }>)
    .flatMap((entry) => entry.synonyms)
    .filter((phrase) => mayContain(text, phrase))
    .flatMap((phrase) => [...text.matchAll(phrasePattern(phrase, 'g'))].map((match): [number, number] => [match.index, match.index + match[0].length]))
}

function mentionsOf(value: string, text: string): Mention[] {
  const phrases = phrasesFor(value).filter((phrase) => mayContain(text, phrase))
  if (phrases.length === 0) return []
  const spans = valueSpans(value, text)
  return phrases.flatMap((phrase) =>
    [...text.matchAll(phrasePattern(phrase, 'g'))]
      .filter((match) => !spans.some(([start, end]) => start <= match.index && match.index + match[0].length <= end))
      .map((match) => ({
      value,
      index: match.index,
      afterBy: /\b(by|per|each|every|across|for each|split by|broken down by|grouped by|sorted by|ranked by|in terms of)\s+$/.test(
        text.slice(Math.max(0, match.index - 20), match.index),
      ),
    })),
  )
}

/** The value of one enum field the question names, if any: a "by …" mention first, else the earliest. */
function chooseValue(field: FieldSpec, text: string): string | undefined {
  const mentions = (field.values ?? [])
    .filter((value) => !neverNamed.has(value))
    .flatMap((value) => mentionsOf(value, text))
  if (mentions.length === 0) return undefined
  mentions.sort((a, b) => Number(b.afterBy) - Number(a.afterBy) || a.index - b.index || b.value.length - a.value.length)
  // A compound value made of another named value ("weekday_hour" with "hour") wins where both are named.
  const compound = mentions.find(
    (mention) => mention.value.includes('_') && mentions.some((other) => other.value !== mention.value && mention.value.split('_').includes(other.value)),
  )
  return (compound ?? mentions[0]!).value
}

/** The enum fields of the tool the question names, as arguments. */
export function readDimensions(tool: PlannerTool, text: string, comparison?: string): Record<string, string> {
  const chosen: Record<string, string> = {}
  for (const field of tool.fields.values()) {
    if (!field.values || readElsewhere.has(field.name)) continue
    if (comparison && field.values.includes(comparison)) {
      chosen[field.name] = comparison
      continue
    }
    const value = chooseValue(field, text)
    if (value !== undefined) chosen[field.name] = value
  }
  return chosen
}

/** Whether the text names a breakdown value at all: follow-ups like "and by brand?" are made of these. */
export function namedValues(text: string): string[] {
  return Object.keys(phrasesByValue).filter((value) => mentionsOf(value, text).length > 0)
}

const longestFirst = Object.values(phrasesByValue)
  .flat()
  .sort((a, b) => b.length - a.length)

/** Blanks every phrase that names a value, leaving the words that name the question itself. */
export function withoutValuePhrases(text: string): string {
  let rest = text
  for (const phrase of longestFirst) if (mayContain(rest, phrase)) rest = rest.replace(phrasePattern(phrase, 'g'), ' ')
  return rest
}

