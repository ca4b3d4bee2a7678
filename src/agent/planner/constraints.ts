import { usStates } from '../../semantic/places.ts'
import { dimensions, valueLabel } from '../../semantic/index.ts'
import { readBrands, readPlaces } from './brands.ts'
import type { QuestionReading } from './reading.ts'
import { mayContain, phrasePattern } from './text.ts'
import type { WindowReading } from './time-expressions.ts'

/**
 * Every constraint a question names, whichever tool ends up answering it: the measure (revenue, profit, orders,
 * units, AOV, margin…), the entity filters (brand, category, condition, channel, state), the grouping ("by week",
 * "which brands"), the time window, a top N and its direction, and the question's shape (a total, a ranking…).
 * The planner uses it to choose a tool that applies all of it; the relevance check (src/agent/relevance.ts)
 * compares it with the tool calls that actually ran, whichever provider made them.
 */
export type Measure =
  | 'revenue' | 'profit' | 'margin' | 'orders' | 'units' | 'aov' | 'average_price' | 'new_customers' | 'acquisition_cost' | 'roas' | 'roi'
  | 'conversion' | 'sell_through' | 'days_to_sell' | 'clv' | 'retention' | 'repeat_rate' | 'stock_value'

export type Grouping =
  | 'brand' | 'category' | 'condition' | 'channel' | 'region' | 'city' | 'country' | 'location' | 'campaign' | 'product'
  | 'customer' | 'day' | 'week' | 'month' | 'weekday' | 'hour'

export type FilterDimension = 'brand' | 'category' | 'condition' | 'channel' | 'region' | 'city'

export interface NamedFilter {
  dimension: FilterDimension
  /** The value as tools take it: "bag", "S", "whatnot", "Chanel", "Texas". */
  value: string
  /** How a person reads it: "bags", "S (like new)", "Whatnot", "Chanel", "Texas". */
  label: string
}

export type Shape = 'total' | 'ranking' | 'trend' | 'explain' | 'other'

export interface RequestedReading {
  measures: Measure[]
  filters: NamedFilter[]
  grouping?: Grouping
  window?: { label: string; reading: WindowReading }
  /** The period the window is compared with: "vs last year", "month over month". */
  comparison?: 'previous_period' | 'last_year'
  /** A base named for the comparison that no tool compares with ("March against January"). */
  otherBase?: { from: string; to: string }
  /** Values the question leaves out ("excluding Whatnot"): no tool leaves one value out. */
  excluded?: NamedFilter[]
  /** Time words no reader understood ("mid September"): no tool call can be said to apply them. */
  unreadTime?: string[]
  limit?: number
  sort?: 'top' | 'bottom'
  shape: Shape
}

/** The words of each measure, longest first where they overlap; the order of the list is the order of precedence. */
const measureWords: [Measure, string[]][] = [
  ['aov', ['aov', 'average order value', 'average order size', 'average basket', 'basket size', 'average order', 'average ticket']],
  // Revenue per unit sold, not per order: the semantic layer's average_price.
  ['average_price', ['average selling price', 'average sell price', 'average sale price', 'average sales price', 'average sold price', 'average price', 'average item price', 'average unit price', 'price per unit', 'price per item', 'asp']],
  ['acquisition_cost', ['acquisition cost', 'cost of acquisition', 'cost per acquisition', 'cost to acquire', 'cac', 'cpa', 'cheapest acquisition', 'acquisition channel', 'cost per customer', 'cost per conversion']],
  ['roas', ['roas', 'return on ad spend', 'return on spend']],
  ['roi', ['roi', 'return on investment', 'pay for themselves', 'paid for themselves', 'pay for itself', 'paid for itself']],
  ['margin', ['margin', 'margins', 'gross margin', 'margin percent']],
  ['profit', ['profit', 'profits', 'profitable', 'profitability', 'gross profit', 'earnings', 'net', 'losing money', 'lose money']],
  ['units', ['units', 'unit sales', 'units sold', 'how many items', 'how many pieces', 'how many bags', 'number of items']],
  ['orders', ['orders', 'order count', 'number of orders', 'how many orders', 'transactions']],
  ['new_customers', ['new customers', 'new buyers', 'new clients', 'first-time buyers', 'first time buyers', 'acquired customers']],
  ['conversion', ['conversion rate', 'conversion', 'convert', 'checkout rate']],
  ['sell_through', ['sell through', 'sell thru', 'sell-through rate']],
  ['days_to_sell', ['days to sell', 'time to sell', 'how long to sell']],
  ['clv', ['clv', 'ltv', 'lifetime value']],
  ['retention', ['retention', 'retain', 'retaining']],
  ['repeat_rate', ['repeat rate', 'repeat purchase rate', 'repeat purchases', 'came back', 'come back', 'buy again', 'bought again']],
  ['stock_value', ['stock value', 'inventory value', 'in stock', 'on hand', 'dead stock', 'deadstock', 'aging inventory', 'aged inventory', 'sitting on']],
  [
    'revenue',
    ['revenue', 'revenues', 'sales', 'turnover', 'gmv', 'takings', 'income', 'how much did we sell', 'how much we sold', 'how much have we sold',
      'how much did we make', 'how much money', 'pull in', 'pulled in', 'bring in', 'brought in', 'make the most money', 'dollars'],
  ],
]

// A measure named only as part of another's phrase ("sales channel", "sell-through") is not that measure.
// "How many bags do we have" counts stock, not units sold.
const notMeasures = [
  /\bsales? channels?\b/g, /\bsell[\s-]?thr(?:ough|u)\b/g, /\bsales trend\b/g, /\bsales by\b/g,
  /\bhow many (?:items|pieces|bags|wallets|backpacks|units)\b(?=.*\b(?:in stock|left|on hand|do we (?:still )?(?:have|hold|carry)|have we got)\b)/g,
]

const groupingWords: [Grouping, string[]][] = [
  ['weekday', ['weekday', 'weekdays', 'day of the week', 'day of week', 'days of the week']],
  ['hour', ['hour', 'hours', 'hourly', 'time of day']],
  ['brand', ['brand', 'brands', 'designer', 'designers', 'house', 'houses', 'label', 'labels']],
  ['category', ['category', 'categories', 'product type', 'product types', 'item type', 'item types']],
  ['condition', ['condition', 'conditions', 'grade', 'grades']],
  ['channel', ['channel', 'channels', 'sales channel', 'sales channels']],
  ['region', ['state', 'states', 'region', 'regions', 'province', 'provinces']],
  ['city', ['city', 'cities']],
  ['country', ['country', 'countries']],
  ['location', ['location', 'locations', 'geography']],
  ['campaign', ['campaign', 'campaigns']],
  ['product', ['product', 'products', 'item', 'items', 'sku', 'skus', 'model', 'models', 'bag', 'bags']],
  ['customer', ['customer', 'customers', 'buyer', 'buyers', 'client', 'clients']],
  ['month', ['month', 'months']],
  ['week', ['week', 'weeks']],
  ['day', ['day', 'days', 'date']],
]

// "Our best month ever", "the slowest week": months or weeks ranked ("best day" is left out: it often means a weekday).
const rankedGrain = '(?:best|worst|strongest|weakest|biggest|busiest|slowest|quietest|record|top)\\s+(?:selling\\s+)?'
const adverbGrains: [Grouping, RegExp][] = [
  ['month', new RegExp(`\\b(?:monthly|month by month|month over month|each month|every month|per month|by month|${rankedGrain}months?)\\b`)],
  ['week', new RegExp(`\\b(?:weekly|week by week|week over week|each week|every week|per week|by week|${rankedGrain}weeks?)\\b`)],
  // "by day of week" is a weekday breakdown, read below.
  ['day', /\b(?:daily|day by day|each day|every day|per day|by day)\b(?! of)/],
  ['hour', /\b(?:hourly|by hour|per hour|each hour)\b/],
]

const groupingLead = '(?:by|per|each|every|across|broken down by|split by|grouped by|for each|which|what)'
// "Top 3 brands", "best states": a ranking of a dimension's values is a breakdown by it (not "best day": a weekday or a date).
const rankingLead = '(?:by|per|each|every|across|broken down by|split by|grouped by|for each|which|what|top|best|worst|bottom|leading)'
const rankedDimensions = new Set<Grouping>(['brand', 'category', 'condition', 'channel', 'region', 'city', 'country', 'location', 'campaign', 'customer'])


function found(phrases: readonly string[], text: string): boolean {
  return phrases.some((phrase) => mayContain(text, phrase) && phrasePattern(phrase).test(text))
}

/** The measures a question names, in order of precedence. */
export function readMeasures(normalized: string): Measure[] {
  let text = normalized
  for (const pattern of notMeasures) text = text.replace(pattern, ' ')
  const named: Measure[] = []
  // "How much Chanel did we sell", "how much did we make": an amount sold is revenue, whatever sits between.
  if (/\b(?:how much\b.*\b(?:sell|sold|make|made|earn|earned|bring in|pull in)|what (?:did|have) we (?:make|made|earn|earned|bring in|brought in|take in|took in))\b/.test(text) && !/\bprofit/.test(text)) named.push('revenue')
  // What buyers spent with us is revenue ("how much did California buyers spend"); marketing spend is not.
  if (/\b(?:how much|what)\b.*\b(?:customers?|buyers?|clients?|shoppers?)\b.*\b(?:spend|spent)\b/.test(text) && !named.includes('revenue')) named.push('revenue')
  for (const [measure, words] of measureWords) {
    if (!found(words, text)) continue
    if (!named.includes(measure)) named.push(measure)
    // A measure's phrase is not read again as a shorter one ("gross margin" is not also "margin"… nor "average order" orders).
    for (const word of words) if (mayContain(text, word)) text = text.replace(phrasePattern(word, 'g'), ' ')
  }
  return named
}

const contactDetails = /\be-?mail address(?:es)?\b|\be-?mails\b/g

/** The filters a question names: the semantic layer's channel, category and condition values, the houses, states and cities. */
function readFilters(question: string, reading: Pick<QuestionReading, 'brands' | 'remainder' | 'excluded'>): NamedFilter[] {
  // What the question leaves out is no filter ("excluding Whatnot" is not "on Whatnot").
  const normalized = reading.excluded.reduce((rest, phrase) => rest.replace(phrase, ' '), question)
  const filters: NamedFilter[] = reading.brands.map((brand) => ({ dimension: 'brand', value: brand.name, label: brand.name }))
  // "E-mail addresses" and "emails" are contact details, not the e-mail channel.
  const withoutContacts = normalized.replace(contactDetails, ' ')
  for (const name of ['category', 'condition', 'channel'] as const) {
    for (const [value, declared] of Object.entries(dimensions[name].values)) {
      // The bare category word after "which"/"by"/"each" is a grouping by product, not a filter ("which bags sold best").
      if (found(declared.synonyms, withoutContacts)) filters.push({ dimension: name, value, label: declared.label })
    }
  }
  // States by name or code ("Texas", "tx") and cities, as the value lookup reads them. A name that is both ("New York")
  // is the city unless the question says state, as the planner applies it (arguments.ts).
  const { regions, cities } = readPlaces(reading.remainder)
  const stateMeant = /\bstates?\b/.test(normalized)
  const overlaps = (a: { phrase: string }, b: { phrase: string }) => a.phrase.includes(b.phrase) || b.phrase.includes(a.phrase)
  for (const region of regions) {
    if (!stateMeant && cities.some((city) => overlaps(city, region))) continue
    filters.push({ dimension: 'region', value: region.name, label: usStates[region.name] ?? region.name })
  }
  for (const city of cities) {
    if (stateMeant && regions.some((region) => overlaps(city, region))) continue
    filters.push({ dimension: 'city', value: city.name, label: city.name })
  }
  return filters
}

// "Week over week" compares two weeks; it breaks nothing down by week.
const comparisonPhrase = /\b(?:day|week|month|quarter|year)[\s-]over[\s-](?:day|week|month|quarter|year)\b/g

// A named value ("condition S", "grade B", "like new") filters; its dimension's word in it is no breakdown.
const valuePhrases = (['category', 'condition', 'channel'] as const)
  .flatMap((name) => Object.values(dimensions[name].values).flatMap((declared) => declared.synonyms))
  .filter((phrase) => phrase.includes(' '))
  .sort((a, b) => b.length - a.length)

// Built once: a grouping word after its lead ("by brand", "top 3 brands"), in the order of groupingWords.
const groupingPatterns = groupingWords.flatMap(([grouping, words]) =>
  words.map((word) => {
    // "Which items should we mark down" asks for items, not for a breakdown by product: products group only "by product".
    const lead = grouping === 'product' ? '(?:by|per|each|every|across|broken down by|split by|grouped by|for each)' : rankedDimensions.has(grouping) ? rankingLead : groupingLead
    return { grouping, pattern: new RegExp(`\\b${lead}\\s+(?:(?:the|our|of|top|best|worst|\\d+)\\s+){0,3}${phrasePattern(word).source}`) }
  }),
)

function readGrouping(text: string, measures: readonly Measure[]): Grouping | undefined {
  const normalized = valuePhrases.reduce((rest, phrase) => (mayContain(rest, phrase) ? rest.replace(phrasePattern(phrase, 'g'), ' ') : rest), text.replace(comparisonPhrase, ' '))
  for (const [grouping, pattern] of adverbGrains) if (pattern.test(normalized)) return grouping
  let best: { grouping: Grouping; index: number } | undefined
  for (const { grouping, pattern } of groupingPatterns) {
    const match = pattern.exec(normalized)
    if (match && (!best || match.index < best.index)) best = { grouping, index: match.index }
  }
  // A ranking of pieces by what they sold ("which bags made the most profit", "most profitable YSL items", "top
  // condition S pieces") lists products, one row each; "which items have sat longest" asks about stock, not a breakdown.
  if (!best && (rankedPieces.test(normalized) || (measures.some((measure) => salesMeasures.has(measure)) && chosenPieces.test(normalized)))) return 'product'
  return best?.grouping
}

const pieces = '(?:[a-z]+\\s+){0,3}?(?:bags|wallets|backpacks|items|pieces|products|skus|models)\\b(?!\\s+(?:or|and|vs|versus)\\b)'
const rankedPieces = new RegExp(`\\b(?:top|best|worst|most \\w+|least \\w+|highest \\w+|lowest \\w+)\\s+(?:\\d+\\s+)?${pieces}`)
const chosenPieces = new RegExp(`\\bwhich\\s+${pieces}`)
const salesMeasures = new Set<Measure>(['revenue', 'profit', 'margin', 'orders', 'units'])

function describeWindow(window: WindowReading): string {
  if ('period' in window) return window.period.replace(/_/g, ' ')
  if (window.from && window.to) {
    if (window.from.endsWith('-01-01') && window.to.endsWith('-12-31') && window.from.slice(0, 4) === window.to.slice(0, 4)) return window.from.slice(0, 4)
    return `${window.from} to ${window.to}`
  }
  if (window.from) return `since ${window.from}`
  return `until ${window.to ?? ''}`
}

const rankingWords = /\b(?:top|bottom|best|worst|most|least|highest|lowest|biggest|largest|smallest|rank|ranking|which|who|whose|leading)\b/
const totalLead = /^(?:what(?:'s| was| were| is| are| did)?|how much|how many|total|our total|give me (?:the )?total|(?:the )?(?:number|count) of)\b|\bin total\b|\btotal\b|\boverall\b/

function readShape(normalized: string, grouping: Grouping | undefined, measures: readonly Measure[]): Shape {
  if (/\b(?:why|what drove|what caused|explain|driver|drivers)\b/.test(normalized)) return 'explain'
  if (rankingWords.test(normalized)) return 'ranking'
  if (grouping && ['day', 'week', 'month'].includes(grouping)) return 'trend'
  if (/\b(?:trend|over time|grow|growth)\b/.test(normalized)) return 'trend'
  if (!grouping && measures.length > 0 && totalLead.test(normalized)) return 'total'
  return 'other'
}

export function readConstraints(reading: QuestionReading): RequestedReading {
  const normalized = reading.normalized
  const measures = readMeasures(normalized)
  const grouping = readGrouping(normalized, measures)
  const filters = readFilters(normalized, reading).filter(
    // "Which bags sell best" groups products; a named category is still a filter when another grouping is asked.
    (filter) => !(filter.dimension === grouping),
  )
  const excluded = reading.excluded.flatMap((phrase) => readFilters(phrase, { brands: readBrands(phrase), remainder: phrase, excluded: [] }))
  const sort = /\b(?:worst|least|lowest|bottom|slowest|losing)\b/.test(normalized) ? 'bottom' : rankingWords.test(normalized) ? 'top' : undefined
  const window = reading.time.window
  return {
    measures,
    filters,
    ...(grouping ? { grouping } : {}),
    ...(window ? { window: { label: describeWindow(window), reading: window } } : {}),
    ...(reading.time.comparison ? { comparison: reading.time.comparison } : {}),
    ...(reading.time.otherBase ? { otherBase: reading.time.otherBase } : {}),
    ...(reading.time.unread.length > 0 ? { unreadTime: reading.time.unread } : {}),
    ...(excluded.length > 0 ? { excluded } : {}),
    ...(reading.limit !== undefined ? { limit: reading.limit } : {}),
    ...(sort ? { sort } : {}),
    shape: readShape(normalized, grouping, measures),
  }
}

const measureLabels: Record<Measure, string> = {
  revenue: 'revenue', profit: 'profit', margin: 'margin', orders: 'orders', units: 'units', aov: 'average order value', average_price: 'average selling price',
  new_customers: 'new customers', acquisition_cost: 'acquisition cost', roas: 'ROAS', roi: 'ROI', conversion: 'conversion rate',
  sell_through: 'sell-through', days_to_sell: 'days to sell', clv: 'lifetime value', retention: 'retention',
  repeat_rate: 'repeat rate', stock_value: 'stock value',
}

export function measureLabel(measure: Measure): string {
  return measureLabels[measure]
}

const inheritableFilters = ['channel', 'brand', 'category', 'condition', 'region', 'city'] as const

/**
 * The filters a previous call applied, as the reading names them: a follow-up ("by brand", "what drove the change?")
 * keeps them, so a tool that cannot apply them is said not to, like any filter the question names itself.
 */
export function filtersOfCall(args: Record<string, unknown>): NamedFilter[] {
  return inheritableFilters.flatMap((dimension) => {
    const value = args[dimension]
    if (typeof value !== 'string') return []
    const label = dimension === 'region' ? (usStates[value] ?? value) : valueLabel(dimension, value)
    return [{ dimension, value, label }]
  })
}

export function comparisonLabel(comparison: 'previous_period' | 'last_year'): string {
  return comparison === 'last_year' ? 'against a year earlier' : 'against the period before'
}

/** "revenue · Texas · 2026 · against a year earlier · by week". */
export function describeReading(requested: RequestedReading): string {
  const parts = [
    requested.measures.map(measureLabel).join(' and '),
    requested.filters.map((filter) => filter.label).join(', '),
    requested.window?.label ?? '',
    requested.comparison ? comparisonLabel(requested.comparison) : '',
    requested.grouping ? `by ${requested.grouping}` : '',
    requested.limit !== undefined ? `${requested.sort === 'bottom' ? 'bottom' : 'top'} ${requested.limit}` : '',
  ]
  return parts.filter(Boolean).join(' · ')
}
