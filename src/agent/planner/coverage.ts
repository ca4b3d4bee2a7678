import type { Grouping, Measure, NamedFilter, RequestedReading } from './constraints.ts'
import { comparisonLabel, measureLabel } from './constraints.ts'
import type { PlannerTool } from './tool-fields.ts'
import { knownValueIndex } from '../../semantic/value-lookup.ts'

/**
 * Whether one tool call applies what a question names: its measure is among what the tool reports (for tools
 * that report one chosen metric, the one chosen), each named filter is set in the arguments or is one of the rows
 * the tool groups by, the grouping asked for is how the rows are split, a named window reaches the tool, and a
 * question asking for a total is not answered with a ranking. Works from the tool's schema, metrics and row
 * columns, so it judges the planner's choice and a model's tool calls alike.
 */
export interface Unapplied {
  kind: 'measure' | 'filter' | 'grouping' | 'window' | 'comparison' | 'shape'
  /** What could not be applied and why, in plain words: "the Texas filter: Top products cannot filter by state". */
  text: string
  /** A state or city filter: the buyer's place, which only a few tools can narrow to. */
  place?: boolean
}

const measureEvidence: Record<Measure, { metrics: string[]; columns: string[]; values: string[] }> = {
  revenue: { metrics: ['revenue', 'first_touch_revenue'], columns: ['revenue', 'total_spend', 'attributed_revenue', 'lifetime_spend'], values: ['revenue', 'spend'] },
  profit: { metrics: ['gross_profit'], columns: ['gross_profit', 'average_profit'], values: ['profit', 'gross_profit'] },
  margin: { metrics: ['margin_percent'], columns: ['margin_percent'], values: ['margin'] },
  orders: { metrics: ['orders'], columns: ['orders'], values: ['orders'] },
  units: { metrics: ['units'], columns: ['units'], values: ['units'] },
  aov: { metrics: ['aov'], columns: ['average_order_value', 'aov'], values: ['aov'] },
  average_price: { metrics: ['average_price'], columns: ['average_price'], values: [] },
  new_customers: { metrics: ['new_customers'], columns: ['new_customers', 'acquired_customers', 'cohort_size'], values: [] },
  acquisition_cost: { metrics: ['customer_acquisition_cost', 'cpa'], columns: ['customer_acquisition_cost', 'cpa'], values: ['cpa'] },
  roas: { metrics: ['roas'], columns: ['roas'], values: ['roas'] },
  roi: { metrics: ['roi'], columns: ['profit_roi_percent', 'revenue_roi_percent'], values: [] },
  conversion: { metrics: ['conversion_rate', 'funnel_conversion', 'funnel_overall_conversion'], columns: [], values: [] },
  sell_through: { metrics: ['sell_through'], columns: ['sell_through_percent'], values: [] },
  days_to_sell: { metrics: ['days_to_sell'], columns: ['average_days_to_sell', 'median_days_to_sell'], values: ['days_to_sell'] },
  clv: { metrics: ['clv'], columns: ['historical_clv', 'projected_clv'], values: [] },
  retention: { metrics: ['cohort_retention'], columns: ['retention_percent'], values: [] },
  // Coming back is repeat buying, or retention when asked by month ("do first-time buyers come back the month after").
  repeat_rate: { metrics: ['repeat_rate', 'cohort_retention'], columns: ['repeat_rate_percent', 'retention_percent'], values: [] },
  stock_value: { metrics: ['stock_value', 'deadstock', 'days_in_inventory'], columns: [], values: [] },
}

/** The metric and column names that report a measure as the planner reads it ("profit": gross_profit, average_profit). */
export function measureColumns(measure: Measure): Set<string> {
  const evidence = measureEvidence[measure]
  return new Set([...evidence.metrics, ...evidence.columns])
}

// The fields that decide how a tool's rows are split.
const groupFields = ['group_by', 'dimension', 'level', 'grain', 'view']

/** The effective arguments: those given, then each field's default. */
export function effectiveArguments(tool: PlannerTool, args: Record<string, unknown>): Record<string, unknown> {
  const effective: Record<string, unknown> = {}
  for (const field of tool.fields.values()) if (field.defaultValue !== undefined) effective[field.name] = field.defaultValue
  return { ...effective, ...args }
}

/** How the call's rows are split: by its group field's value, else by what its row columns say a row is. */
export function rowGroupings(tool: PlannerTool, args: Record<string, unknown>): Set<string> {
  const groupings = new Set<string>()
  const effective = effectiveArguments(tool, args)
  const field = groupFields.find((name) => tool.fields.has(name))
  if (field) {
    const value = effective[field]
    if (typeof value === 'string') for (const part of value.split('_')) groupings.add(part)
    // A trend tool with no grain chosen picks one itself.
    else if (field === 'grain') for (const grain of ['day', 'week', 'month']) groupings.add(grain)
    if (field === 'level') groupings.add('location')
    if (value === 'weekday_hour') groupings.add('weekday')
    if (field === 'dimension' || field === 'group_by' || field === 'level') return groupings
  }
  const columns = new Set(tool.columns)
  if (columns.has('sku')) groupings.add('product')
  else if (columns.has('brand')) groupings.add('brand')
  else if (columns.has('category')) groupings.add('category')
  if (columns.has('customer_id')) groupings.add('customer')
  if (columns.has('weekday')) groupings.add('weekday')
  if (columns.has('hour')) groupings.add('hour')
  if (columns.has('campaign')) groupings.add('campaign')
  else if (columns.has('channel') || columns.has('contact_preference')) groupings.add('channel')
  if (columns.has('month') || columns.has('cohort_month')) groupings.add('month')
  if (columns.has('date') && !field) groupings.add('day')
  if (columns.has('location')) groupings.add('location')
  return groupings
}

function coversGrouping(groupings: Set<string>, grouping: Grouping): boolean {
  if (groupings.has(grouping)) return true
  if (grouping === 'location') return ['city', 'region', 'country'].some((level) => groupings.has(level))
  return false
}

/** Fields that can narrow the rows to one value of the filter's dimension. */
function filterFields(tool: PlannerTool, filter: NamedFilter): string[] {
  return [...tool.fields.values()]
    .filter((field) => field.name === filter.dimension || (field.name === 'platform' && filter.dimension === 'channel') || (field.values ?? []).includes(filter.value))
    .filter((field) => !groupFields.includes(field.name))
    .map((field) => field.name)
}

function sameValue(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.localeCompare(b, 'en', { sensitivity: 'base' }) === 0
}

/** Whether an argument applies a named filter: "Texas" and "TX", "hermes" and "Hermès" are one value to the value lookup. */
function appliesFilter(given: unknown, filter: NamedFilter): boolean {
  if (typeof given !== 'string') return false
  if (sameValue(given, filter.value)) return true
  const index = knownValueIndex()
  const read = (text: string) => {
    const resolved = index.resolve(filter.dimension, text)
    return resolved.ok ? resolved.value : text
  }
  return read(given) === read(filter.value)
}

// Argument values that put the lowest, slowest or least first.
const lowestFirstValues = new Set(['bottom', 'slow', 'low', 'lowest', 'worst', 'least', 'asc', 'ascending'])

function listsLowestFirst(tool: PlannerTool, effective: Record<string, unknown>): boolean {
  return [...tool.fields.keys()].some((field) => typeof effective[field] === 'string' && lowestFirstValues.has(effective[field] as string))
}

const salesMeasures = new Set<Measure>(['revenue', 'profit', 'margin', 'orders', 'units', 'aov'])

export function coverage(requested: RequestedReading, tool: PlannerTool, args: Record<string, unknown>): Unapplied[] {
  const missing: Unapplied[] = []
  const effective = effectiveArguments(tool, args)
  const groupings = rowGroupings(tool, args)
  const metrics = new Set(tool.metrics)
  const columns = new Set(tool.columns)
  for (const measure of requested.measures) {
    const evidence = measureEvidence[measure]
    const chosen = tool.fields.get('metric')
    const covered = chosen?.values?.some((value) => evidence.values.includes(value) || evidence.metrics.includes(value))
      ? evidence.values.includes(String(effective.metric)) || evidence.metrics.includes(String(effective.metric))
      : evidence.metrics.some((metric) => metrics.has(metric)) || evidence.columns.some((column) => columns.has(column))
    if (!covered) missing.push({ kind: 'measure', text: `${measureLabel(measure)}: ${tool.title} does not report it` })
  }
  for (const filter of requested.filters) {
    const inherent = tool.scope[filter.dimension]
    if (inherent !== undefined) {
      if (!sameValue(inherent, filter.value)) missing.push({ kind: 'filter', text: `${filter.label}: ${tool.title} covers ${inherent} only` })
      continue
    }
    const fields = filterFields(tool, filter)
    if (fields.some((field) => appliesFilter(effective[field], filter))) continue
    // Several values of one dimension ("Chanel vs Louis Vuitton") are compared row by row.
    if (fields.length === 0 && coversGrouping(groupings, filter.dimension as Grouping)) continue
    if (filter.dimension === 'region' && groupings.has('region')) continue
    const several = requested.filters.filter((other) => other.dimension === filter.dimension).length > 1
    missing.push({
      kind: 'filter',
      ...(filter.dimension === 'region' || filter.dimension === 'city' ? { place: true } : {}),
      text:
        fields.length > 0 && several
          ? `${filter.label}: ${tool.title} takes one ${filter.dimension} at a time`
          : `${filter.label}: ${tool.title} cannot be limited to one ${filter.dimension === 'region' ? 'state' : filter.dimension}`,
    })
  }
  if (requested.grouping && !coversGrouping(groupings, requested.grouping)) {
    missing.push({ kind: 'grouping', text: `by ${requested.grouping}: ${tool.title} cannot break its figures down that way` })
  }
  if (requested.window && !tool.fields.has('period') && !tool.fields.has('from')) {
    missing.push({ kind: 'window', text: `${requested.window.label}: ${tool.title} reports the current state, not a period` })
  }
  // "Which bags made the most profit" ranks; the totals of a period answer none of it.
  if (requested.shape === 'ranking' && tool.answersTotals) {
    missing.push({ kind: 'shape', text: `a ranking: ${tool.title} adds everything up rather than ranking rows` })
  }
  // "The worst 3 brands": a list with the highest first answers another question.
  if (requested.sort === 'bottom' && requested.shape === 'ranking' && requested.limit !== undefined && !listsLowestFirst(tool, effective)) {
    missing.push({ kind: 'shape', text: `the lowest first: ${tool.title} lists the highest first` })
  }
  if (requested.comparison && !tool.compares) {
    missing.push({ kind: 'comparison', text: `${comparisonLabel(requested.comparison)}: ${tool.title} does not compare periods` })
  }
  for (const filter of requested.excluded ?? []) {
    missing.push({ kind: 'filter', text: `excluding ${filter.label}: ${tool.title} cannot leave one ${filter.dimension === 'region' ? 'state' : filter.dimension} out; the figures include it` })
  }
  for (const phrase of requested.unreadTime ?? []) {
    const covered = requested.window ? `the figures cover ${requested.window.label}` : `the figures cover ${tool.title}'s default period`
    missing.push({ kind: 'window', text: `"${phrase}": a time the question names that could not be read; ${covered}` })
  }
  if (requested.otherBase) {
    const { from, to } = requested.otherBase
    missing.push({ kind: 'comparison', text: `against ${from} to ${to}: the tools compare a window only with the period just before it and the same period a year earlier` })
  }
  if (requested.shape === 'total' && requested.measures.some((measure) => salesMeasures.has(measure)) && tool.fields.has('limit')) {
    missing.push({ kind: 'shape', text: `a total: ${tool.title} ranks rows rather than adding them up` })
  }
  return missing
}
