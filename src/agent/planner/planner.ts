import type { AnyTool } from '../../tools/define-tool.ts'
import type { ToolRegistry } from '../../tools/registry.ts'
import type { PriorTurn } from '../providers/provider.ts'
import { buildArguments } from './arguments.ts'
import { describeReading, filtersOfCall, readConstraints, type NamedFilter, type RequestedReading } from './constraints.ts'
import { coverage, type Unapplied } from './coverage.ts'
import { isValueWord, readPlaces } from './brands.ts'
import { knownValueIndex, type ValueIndex } from '../../semantic/value-lookup.ts'
import { declineText, unclearReason, type DeclineReason } from './decline.ts'
import { namedValues, withoutValuePhrases } from './dimensions.ts'
import { asksAnew, hasFollowUpMarker, previousCall, topicWords, type PreviousCall } from './follow-up.ts'
import { hasModifiers, readQuestion, type QuestionReading } from './reading.ts'
import { judgeScope } from './scope.ts'
import { createSpeller } from './spelling.ts'
import { cueScores, matchCues, toolCues, type Cue } from './synonyms.ts'
import { firstWord, normalize, phrasePattern, tokenize } from './text.ts'
import { formatDate, namedPeriods, resolvePeriod, windowFor, type NamedPeriod } from '../../semantic/periods.ts'
import { timeWords } from './time-expressions.ts'
import { plannerTool, type PlannerTool } from './tool-fields.ts'
import { buildToolIndex, type ToolIndex } from './tool-index.ts'

/**
 * The offline planner: maps a question to one tool and its arguments using the tools' own names,
 * descriptions and examples, the synonym cues, and what the question says about time, numbers and
 * breakdowns. It declines (with three close questions it can answer) rather than guess.
 */
export type Plan =
  | {
      kind: 'tool'
      tool: string
      title: string
      arguments: Record<string, unknown>
      notes: string[]
      followUp: boolean
      /** What the question names (measure, filters, grouping, window…). */
      requested: RequestedReading
      /** What the chosen tool could not apply, and why: said first in the answer. */
      unapplied: string[]
      /** Other readings the question allows, each runnable as it stands. */
      alternatives: ReadingOption[]
    }
  | { kind: 'clarify'; text: string; requested: RequestedReading; options: ReadingOption[] }
  | { kind: 'decline'; reason: DeclineReason; text: string; suggestions: string[] }

/** One way to read a question: a label for people and a question that runs exactly that reading. */
export interface ReadingOption {
  label: string
  question: string
  tool: string
}

export interface Planner {
  plan(question: string, history: readonly PriorTurn[], today: Date): Plan
}

/** What a question names, read as the planner reads it, whichever provider answers. */
export function readRequest(question: string, today: Date): RequestedReading {
  return readConstraints(readQuestion(normalize(question.replace(chosenTool, '')), today))
}

/** A question that names its tool, as the readings offered in a clarification do: "… (with kpi_summary)". */
const chosenTool = /\s*\(with ([a-z][a-z0-9_]*)\)\s*$/

/** The question that runs one reading: the question as asked, with the tool named. */
export function optionQuestion(question: string, tool: string): string {
  return `${question.replace(chosenTool, '').trim()} (with ${tool})`
}

// Two tools this close (score ratio) without a strong cue for the first are a choice to offer, not to make.
const closeCall = 0.9
// An alternative that applies everything the question names replaces a best match that does not, if it scores this share of it.
const coveringShare = 0.5
const alternativeCount = 2

/** Scores below this are not a match: the planner declines rather than run a tool that answers another question. */
export const matchThreshold = 0.35

const suggestionCount = 3

// Naming a tool outright ("run sales_by_weekday", "sales by weekday") settles the choice.
function nameCues(tools: readonly PlannerTool[]): Cue[] {
  return tools.flatMap((tool) =>
    [tool.name, tool.name.replace(/_/g, ' ')].map((phrase) => ({ tool: tool.name, weight: 2, pattern: phrasePattern(phrase), firstWord: firstWord(phrase) })),
  )
}

// Building a planner indexes every tool's words and loads the speller's word list: once per registry, not per question.
const planners = new WeakMap<ToolRegistry, Planner>()

/** The planner of a registry, built on first use and shared by the local provider and the pipeline's reader. */
export function plannerFor(registry: ToolRegistry): Planner {
  let planner = planners.get(registry)
  if (!planner) {
    planner = createPlanner(registry.list())
    planners.set(registry, planner)
  }
  return planner
}

export function createPlanner(definitions: readonly AnyTool[]): Planner {
  const tools = definitions.map(plannerTool)
  const byName = new Map(tools.map((tool) => [tool.name, tool]))
  const index: ToolIndex = buildToolIndex(tools)
  const cues = [...toolCues(definitions), ...nameCues(tools)]
  const spell = createSpeller(definitions, timeWords, isValueWord)

  const decline = (reason: DeclineReason, why: string, question: string): Plan => {
    const suggestions = index.closestExamples(question, suggestionCount)
    return { kind: 'decline', reason, text: declineText(why, suggestions), suggestions }
  }

  const planFor = (
    tool: PlannerTool,
    reading: QuestionReading,
    base: Record<string, unknown>,
    followUp: boolean,
    extraNotes: string[] = [],
    alternatives: ReadingOption[] = [],
  ): Plan => {
    const requested = withInherited(readConstraints(reading), followUp ? filtersOfCall(base) : [])
    const built = adjustForUniqueItems(tool, buildArguments(tool, reading, base), requested)
    const unapplied = coverage(requested, tool, built.arguments).map((missing) => missing.text)
    return {
      kind: 'tool',
      tool: tool.name,
      title: tool.title,
      arguments: built.arguments,
      notes: [...extraNotes, ...built.notes],
      followUp,
      requested,
      unapplied,
      alternatives,
    }
  }

  const option = (tool: PlannerTool, requested: RequestedReading, question: string): ReadingOption => {
    const described = describeReading(requested)
    return { label: `${tool.title}${described ? ` — ${described}` : ''}`, question: optionQuestion(question, tool.name), tool: tool.name }
  }

  const followUp = (last: PreviousCall, asked: QuestionReading, question: string, today: Date): Plan => {
    const tool = byName.get(last.name)
    if (!tool) return decline('unclear', unclearReason, question)
    // "What about the month before?": the previous answer's window, one period back by the period model ("month" there
    // names no breakdown).
    const earlier = asked.time.window ? undefined : periodBefore(last.arguments, asked.normalized, today)
    const previous = earlier ? { ...last, arguments: { ...withoutWindow(last.arguments), ...earlier } } : last
    const remainder = earlier ? asked.remainder.replace(periodBeforePattern, ' ') : asked.remainder
    const reading = earlier ? { ...asked, remainder, values: namedValues(remainder) } : asked
    const unsupported = reading.values.filter((value) => breakdownValues.has(value) && !acceptsValue(tool, value))
    if (unsupported.length === 0) {
      const ignored = reading.values.filter((value) => filterValues.has(value) && !acceptsValue(tool, value))
      const notes = ignored.map((value) => `${tool.title} cannot be limited to ${value}; the answer covers everything.`)
      return planFor(tool, reading, previous.arguments, true, notes)
    }
    // The previous tool has no such breakdown: the tool that has it and reports most of the same measures answers
    // instead ("KPI summary" → "by week?" → the sales trend, not the anomaly check), then one of the same area, then the
    // closest by its words ("top customers this year" → "and by brand?" → products by brand).
    const value = unsupported[0]!
    const ranks = new Map(index.rank(`${reading.remainder} ${tool.title}`, []).map((ranked, position) => [ranked.tool.name, position]))
    const shared = (candidate: PlannerTool) => candidate.metrics.filter((metric) => tool.metrics.includes(metric)).length
    // The filters already applied stay applied where a tool can: they count before anything else.
    const inherited = filtersOfCall(previous.arguments)
    const keeps = (candidate: PlannerTool) => inherited.filter((filter) => candidate.fields.has(filter.dimension)).length
    const sibling = tools
      .filter((candidate) => acceptsValue(candidate, value) && (!candidate.fields.has('period') || tool.fields.has('period') === candidate.fields.has('period')))
      .sort(
        (a, b) =>
          keeps(b) - keeps(a) ||
          shared(b) - shared(a) ||
          Number(b.area === tool.area) - Number(a.area === tool.area) ||
          (ranks.get(a.name) ?? Infinity) - (ranks.get(b.name) ?? Infinity),
      )[0]
    if (sibling) {
      return planFor(sibling, reading, previous.arguments, true, [`${tool.title} has no ${value} breakdown; used ${sibling.title} instead.`])
    }
    return decline('unsupported', `${tool.title} cannot be broken down by ${value}.`, tool.examples[0] ?? question)
  }

  const reader: Planner = {
    plan(asked, history, today) {
      const forced = chosenTool.exec(normalize(asked))?.[1]
      const question = asked.replace(chosenTool, '').trim()
      const normalized = spell(normalize(question))
      const scope = judgeScope(normalized)
      if (scope.kind !== 'in_scope') return decline(scope.kind, scope.reason, question)
      const reading = readQuestion(normalized, today)
      const requested = readConstraints(reading)
      const forcedTool = forced ? byName.get(forced) : undefined
      if (forcedTool) return planFor(forcedTool, reading, {}, false)
      const matches = matchCues(normalized, cues)
      // The tools the question's own words point to, before the brand comparison's cue below is added.
      const worded = cueScores(matches)
      if (reading.brands.length > 1 && byName.has('brand_performance')) {
        matches.push({ tool: 'brand_performance', weight: 1, phrase: reading.brands.map((brand) => brand.phrase).join(', ') })
      }
      const previous = previousCall(history)
      // "Compare with Prada" after an answer about Gucci: both values, in the previous answer's window and other filters.
      const comparison = previous && !reading.time.window ? comparedWithPrevious(normalized, requested, previous) : undefined
      if (comparison) {
        const compared = reader.plan(comparison.question, [], today)
        if (compared.kind === 'tool') {
          return { ...compared, followUp: true, notes: [...compared.notes, `Compared with ${comparison.kept} from the previous answer, in its window.`] }
        }
      }
      const ranked = index.rank(reading.remainder, matches)
      const best = ranked[0]
      const topic = topicWords(withoutPlaces(withoutValuePhrases(reading.remainder)))
      // Only a question that refines ("and…", "what about…", "same for…", "only…", "by…") inherits; one that names its
      // own measure or subject ("average order value by month", "Chanel vs Louis Vuitton"), or is a whole question
      // pointing back at nothing ("how did Louis Vuitton do last month?"), starts a new reading.
      const refines = hasFollowUpMarker(normalized)
      const ownSubject = requested.measures.length > 0 || reading.brands.length > 1
      const isFollowUp =
        previous !== undefined &&
        (hasModifiers(reading) || pointsToPeriodBefore(normalized)) &&
        (refines ? topic.length === 0 || pointsToPeriodBefore(normalized) || (best?.score ?? 0) < matchThreshold : topic.length === 0 && !ownSubject && !asksAnew(normalized))
      if (previous && isFollowUp) return followUp(previous, reading, question, today)
      // A period or a filter and nothing else but selling ("how did October compare with last year?", "how are wallets
      // selling this year?", "gucci backpacks sold this year?") asks for the headline figures of those sales.
      const overview = tools.find((tool) => tool.answersTotals)
      const narrowed = reading.time.window !== undefined || requested.filters.length > 0
      if ((!best || best.score < matchThreshold) && overview && narrowed && topic.every((word) => sellingWords.has(word))) {
        return planFor(overview, reading, {}, false)
      }
      if (!best || best.score < matchThreshold) return decline('unclear', unclearReason, question)

      // The best match, unless it cannot apply something the question names and a close enough tool can.
      const withCoverage = (candidate: (typeof ranked)[number]) => {
        const built = adjustForUniqueItems(candidate.tool, buildArguments(candidate.tool, reading, {}), requested)
        return { ...candidate, missing: coverage(requested, candidate.tool, built.arguments) }
      }
      const candidates = ranked
        .filter((candidate, index) => index === 0 || candidate.score >= matchThreshold * coveringShare)
        .slice(0, 6)
        .map(withCoverage)
      const first = candidates[0]!
      const serious = (missing: Unapplied[]) => missing.filter((item) => item.kind !== 'window')
      // A named place, a comparison or a total asked for is never lost to a closer word match: when no close tool applies
      // everything, any tool that shares a word with the question and applies all of it answers ("what did Miami
      // customers spend": the sales totals, not the top customers of every city; "number of orders this year": the
      // total, not a ranking of customers by orders).
      const totalAsked = requested.shape === 'total' && first.missing.some((item) => item.kind === 'shape')
      // With no breakdown named, the period's totals come first among the tools that apply everything ("revenue yoy").
      const totalsFirst = (a: (typeof ranked)[number], b: (typeof ranked)[number]) =>
        requested.grouping || requested.shape === 'ranking' ? 0 : Number(b.tool.answersTotals) - Number(a.tool.answersTotals)
      // A ranking asked of the totals tool: another tool must still share some of the question's words to rank it.
      const rankingAsked = requested.shape === 'ranking' && first.missing.some((item) => item.kind === 'shape')
      const farther = () =>
        ranked
          .filter(
            (candidate) =>
              (totalAsked ? candidate.tool.answersTotals : candidate.score > (rankingAsked ? matchThreshold / 4 : 0)) &&
              !candidates.some((close) => close.tool === candidate.tool),
          )
          .sort(totalsFirst)
          .map(withCoverage)
          .find((candidate) => serious(candidate.missing).length === 0)
      // A value the question names (a brand, a category…) is not dropped for a closer word match while one of the close
      // tools applies it and everything else ("sales by channel for bags": products by channel, not marketing channels),
      // unless the question names the closer tool itself ("the Instagram conversion funnel": the funnel, said to cover the website).
      const namesFirst = (worded.get(first.tool.name) ?? 0) >= 1
      const coveringFloor =
        first.missing.some((item) => item.kind === 'filter') && !namesFirst ? 0 : Math.min(first.score * coveringShare, matchThreshold)
      const covering =
        candidates.find((candidate) => serious(candidate.missing).length === 0 && candidate.score >= coveringFloor) ?? (first.missing.some((item) => (item.kind === 'filter' && item.place) || item.kind === 'shape' || item.kind === 'comparison') ? farther() : undefined)
      const chosen = serious(first.missing).length === 0 ? first : (covering ?? first)
      const others = candidates.filter((candidate) => candidate !== chosen)
      const strong = (cueScores(matches).get(chosen.tool.name) ?? 0) >= 1
      const rival = others.find((candidate) => candidate.score >= matchThreshold && candidate.missing.length <= chosen.missing.length)
      if (!strong && rival && rival.score >= chosen.score * closeCall && chosen.missing.length === 0) {
        const options = [chosen, ...others.filter((candidate) => candidate.score >= chosen.score * closeCall)]
          .slice(0, 3)
          .map((candidate) => option(candidate.tool, requested, question))
        const listed = options.map((choice, index) => `${index + 1}. ${choice.label}`).join('\n')
        return {
          kind: 'clarify',
          requested,
          options,
          text: `I can read that more than one way. Which did you mean?\n\n${listed}`,
        }
      }
      const notes = chosen !== first ? [`${first.tool.title} cannot apply everything the question names; used ${chosen.tool.title}.`] : []
      // "What drove the change?" after an answer: a new analysis of the same window and filters.
      const carried = previous && refersBack.test(normalized) ? windowAndFilters(previous.arguments) : undefined
      if (carried) return planFor(chosen.tool, reading, carried, true, [...notes, 'Kept the window and filters of the previous answer.'], [])
      // Offered: the readings that apply most of what was named, then the closest.
      const alternatives = others
        .filter((candidate) => candidate.score >= matchThreshold * coveringShare)
        .sort((a, b) => a.missing.length - b.missing.length || b.score - a.score)
        .slice(0, alternativeCount).map((candidate) => option(candidate.tool, requested, question))
      return planFor(chosen.tool, reading, {}, false, notes, alternatives)
    },
  }

  // One answer plans its question up to three times with the same history (the offline provider before and after the
  // tool runs, then the relevance check): the plan is remembered per history and question. A plan reads today only
  // as its date (UTC parts), and the values the data holds through the value index last loaded, which the entry
  // keeps; each caller gets its own copy.
  const remembered = new WeakMap<readonly PriorTurn[], Map<string, { values: ValueIndex; plan: Plan }>>()
  return {
    plan(asked, history, today) {
      const key = `${formatDate(today)} ${asked}`
      const values = knownValueIndex()
      const byQuestion = remembered.get(history) ?? new Map<string, { values: ValueIndex; plan: Plan }>()
      remembered.set(history, byQuestion)
      const known = byQuestion.get(key)
      if (known && known.values === values) return structuredClone(known.plan)
      const plan = reader.plan(asked, history, today)
      byQuestion.set(key, { values, plan: structuredClone(plan) })
      return plan
    },
  }
}

// Words that only say "selling": with a period or a filter and nothing else, a question asks for those sales' totals.
const sellingWords = new Set(tokenize('sell selling sold sales sale make made earn earned bring brought move moved do doing did go going went perform performing revenue'))

// Breakdowns a follow-up can ask for ("and by brand?"), and filters it can narrow to ("what about Instagram?").
const breakdownValues = new Set(['brand', 'category', 'condition', 'channel', 'location', 'city', 'region', 'country', 'campaign', 'product', 'day', 'week', 'month', 'hour'])
const filterValues = new Set(['whatnot', 'instagram', 'email', 'website', 'bag', 'wallet', 'backpack', 'small_leather_goods', 'S', 'A', 'B'])

/**
 * Every item is one of a kind: ranked by units, products tie at 1 unit each. Where units were asked for ("which bags
 * sold the most units") the brands are compared by units instead; otherwise the products rank by revenue. Either way
 * it is said.
 */
function adjustForUniqueItems(
  tool: PlannerTool,
  built: ReturnType<typeof buildArguments>,
  requested: RequestedReading,
): ReturnType<typeof buildArguments> {
  const rankBy = tool.fields.get('rank_by')
  const groupBy = tool.fields.get('group_by')
  const grouped = built.arguments.group_by ?? groupBy?.defaultValue
  if (built.arguments.rank_by !== 'units' || !rankBy?.values?.includes('revenue') || grouped !== 'product') return built
  if (requested.measures.includes('units') && groupBy?.values?.includes('brand') && built.arguments.brand === undefined) {
    return {
      arguments: { ...built.arguments, group_by: 'brand' },
      notes: [...built.notes, 'Every item is one of a kind (one unit each), so units are compared by brand rather than by item.'],
    }
  }
  return {
    arguments: { ...built.arguments, rank_by: 'revenue' },
    notes: [...built.notes, 'Every item is one of a kind (one unit each), so ranking items by units would only show ties; ranked by revenue instead. Ask by brand or category to compare units.'],
  }
}

/** The reading with the filters a follow-up carries over from the previous call, each once. */
function withInherited(requested: RequestedReading, inherited: readonly NamedFilter[]): RequestedReading {
  const fresh = inherited.filter((filter) => !requested.filters.some((named) => named.dimension === filter.dimension))
  return fresh.length === 0 ? requested : { ...requested, filters: [...requested.filters, ...fresh] }
}

function acceptsValue(tool: PlannerTool, value: string): boolean {
  return [...tool.fields.values()].some((field) => field.name !== 'period' && (field.values ?? []).includes(value))
}

/** The question without the states and cities it names: a place narrows a question, it does not name one. */
function withoutPlaces(text: string): string {
  const { regions, cities } = readPlaces(text)
  return [...regions, ...cities].reduce((rest, place) => rest.replace(phrasePattern(place.phrase, 'g'), ' '), text)
}

const periodBeforePattern = /\b(?:the )?(?:day|week|month|quarter|year|period|one) before\b|\bthe (?:previous|prior|preceding) (?:day|week|month|quarter|year|period|one)\b/

// A new question about the previous answer's figures: "what drove the change?", "why did that drop?".
const refersBack =
  /\b(?:the|that|this|these|those) (?:change|changes|drop|dip|fall|decline|increase|rise|jump|spike|growth|difference|gap|numbers?|figures?|results?)\b|\bwhy (?:is|was|did|has) (?:it|that|this)\b/

function windowAndFilters(args: Record<string, unknown>): Record<string, unknown> {
  const kept = ['period', 'from', 'to', 'channel', 'brand', 'category', 'condition', 'region', 'city']
  return Object.fromEntries(Object.entries(args).filter(([field]) => kept.includes(field)))
}

// "Compare with…", "compared to…", "vs…", "versus…", "against…" opening a question.
const comparesWith = /^(?:and\s+|now\s+)?(?:compare(?:d)?(?:\s+(?:it|that|this|them))?\s+(?:with|to|against)|vs\.?|versus|against)\s+/

/**
 * A question that compares the previous answer's subject with another value of the same dimension ("compare with Prada"
 * after Gucci): the question that names both values, with the previous window and the previous call's other filters.
 */
function comparedWithPrevious(normalized: string, requested: RequestedReading, previous: PreviousCall): { question: string; kept: string } | undefined {
  const opening = comparesWith.exec(normalized)
  if (!opening) return undefined
  const earlier = filtersOfCall(previous.arguments)
  const replaced = earlier.filter((filter) => requested.filters.some((named) => named.dimension === filter.dimension && named.value !== filter.value))
  if (replaced.length === 0) return undefined
  const others = earlier.filter((filter) => !replaced.includes(filter) && !requested.filters.some((named) => named.dimension === filter.dimension))
  const window =
    typeof previous.arguments.from === 'string' && typeof previous.arguments.to === 'string'
      ? `from ${previous.arguments.from} to ${previous.arguments.to}`
      : typeof previous.arguments.period === 'string'
        ? previous.arguments.period.replace(/_/g, ' ')
        : ''
  const kept = replaced.map((filter) => filter.value).join(' and ')
  const question = [kept, 'vs', normalized.slice(opening[0].length), ...others.map((filter) => filter.value), window].join(' ')
  return { question, kept }
}

function pointsToPeriodBefore(normalized: string): boolean {
  return periodBeforePattern.test(normalized)
}

function isNamedPeriod(value: string): value is NamedPeriod {
  return (namedPeriods as readonly string[]).includes(value)
}

function withoutWindow(args: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...args }
  delete rest.period
  delete rest.from
  delete rest.to
  return rest
}

/** The window just before the previous call's (September → August, Q3 → Q2, a rolling 30 days → the 30 before). */
function periodBefore(args: Record<string, unknown>, normalized: string, today: Date): { from: string; to: string } | undefined {
  if (!pointsToPeriodBefore(normalized)) return undefined
  const asOf = formatDate(today)
  const window =
    typeof args.period === 'string' && isNamedPeriod(args.period)
      ? resolvePeriod(args.period, asOf, '1900-01-01')
      : typeof args.from === 'string' && typeof args.to === 'string'
        ? windowFor({ from: args.from, to: args.to }, asOf)
        : undefined
  const before = window?.comparisons.find((comparison) => comparison.kind === 'previous_period')
  return before ? { from: before.from, to: before.to } : undefined
}
