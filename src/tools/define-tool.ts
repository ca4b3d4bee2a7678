import { z } from 'zod'
import type { Fragment, TransactionSql } from '../db/database.ts'
import { measuresOver, type MetricName } from '../semantic/index.ts'
import type { FilterDimension } from '../semantic/value-lookup.ts'
import type { ChartSpec } from '../charts/spec.ts'
import type { PersonalDataKind, Role } from '../privacy/mask.ts'
import { isoDate, maximumWindowDays, namedPeriods, daysBetween, type ComparisonWindow, type DataBounds, type ResolvedWindow } from './time-window.ts'

export { z }
export { filterOn, valueFilter } from './filter-fields.ts'
export {
  describeSalesFilters,
  filtersByBuyer,
  hasSalesFilter,
  rollupFilterSql,
  saleSummaryFilterSql,
  salesFilterDimensions,
  salesFilterFields,
  salesFilterSql,
  type SalesFilters,
} from './sales-filters.ts'
/** The SQL a tool's run function receives and composes; tools take these types from here, not from src/db. */
export type { Fragment, TransactionSql } from '../db/database.ts'
export {
  isoDate,
  namedPeriods,
  addDays,
  addMonths,
  daysBetween,
  describeWindow,
  betweenDates,
  describeRange,
  windowFor,
  coverageOf,
  coverageNote,
  yearEarlier,
  type ResolvedWindow,
  type ComparisonWindow,
  type DataBounds,
  type CoverageStatus,
} from './time-window.ts'
export { barChart, columnChart, lineChart, heatmapChart, customChart, type ChartSpec } from '../charts/spec.ts'
export {
  measures as metrics,
  ratios,
  round,
  campaignChannels,
  dimensionEnum, dimensionFilter, valuesOf,
  valueLabel,
  type MetricName,
} from '../semantic/index.ts'

/** The semantic layer's measures compiled over `sales s`, over a daily rollup `r` and over a buyer's summary row `b`. */
export const measures = measuresOver('sales')
export const rollupMeasures = measuresOver('daily_rollup')
export const buyerSummaryMeasures = measuresOver('buyer_summary')
export { formatMoney, formatNumber, formatPercent, plural } from '../present/format.ts'
export { fitLinearTrend, fitTrendWithWeeklySeasonality, forecast, forecastErrors, minimumHistoryDays, minimumTrendPeriods } from './forecasting.ts'

export const areas = ['customers', 'sales', 'products', 'inventory', 'marketing', 'shows', 'kpis'] as const
/** `unvetted` holds the guarded free-form SQL tool, which lives outside the reviewed catalog. */
export type Area = (typeof areas)[number] | 'unvetted'

/**
 * Personal-data columns are declared in the row schema; the executor masks them by role. A row with any of them also
 * carries the customer's `customer_id` (defineTool checks it): a viewer sees a pseudonym made from it instead of a name.
 */
export const personalData = z.registry<{ personalData: PersonalDataKind }>()

export const personal = {
  email: () => z.string().nullable().register(personalData, { personalData: 'email' }),
  phone: () => z.string().nullable().register(personalData, { personalData: 'phone' }),
  name: () => z.string().nullable().register(personalData, { personalData: 'name' }),
}

/** The time window every time-bound tool accepts: a named period, or explicit dates that override it. */
export const windowFields = {
  period: z
    .enum(namedPeriods)
    .default('last_12_months')
    .describe(
      'Named period ending today in the business time zone (LUXX_TIME_ZONE), not at the latest sale: last_7_days, last_30_days, ' +
        'last_90_days and last_12_months are rolling windows ending today; this_week, this_month, this_quarter and ytd run from the ' +
        'period\'s first day to today; last_week, last_month, last_quarter and last_year are the whole previous calendar period ' +
        '(weeks Monday to Sunday). Ignored when from/to are given. Envelopes report how far the data reaches (coverage).',
    ),
  from: isoDate.optional().describe('First day of the window (YYYY-MM-DD, inclusive), honoured exactly. Overrides period.'),
  to: isoDate.optional().describe('Last day of the window (YYYY-MM-DD, inclusive), honoured exactly. Defaults to today (business time zone).'),
}

const allowedLimit = 'must be a whole number from 1 to 100'
export const limitField = (fallback = 10, description = `How many rows to return, 1 to 100 (default ${fallback}).`) =>
  z
    .number({ error: allowedLimit })
    .int(allowedLimit)
    .min(1, allowedLimit)
    .max(100, allowedLimit)
    .default(fallback)
    .describe(description)

/**
 * The input schema of a tool: strict (unknown fields are rejected, naming the allowed ones),
 * with the window rules checked when the tool takes a window.
 */
export function toolInput<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape).superRefine((value, context) => {
    const record = value as Record<string, unknown>
    const from = typeof record.from === 'string' ? record.from : undefined
    const to = typeof record.to === 'string' ? record.to : undefined
    if (from && to && to < from) {
      context.addIssue({ code: 'custom', path: ['to'], message: `must be on or after from (${from}); got ${to}` })
    }
    if (from && to && daysBetween(from, to) > maximumWindowDays) {
      context.addIssue({ code: 'custom', path: ['from'], message: 'the window may span at most 5 years' })
    }
  })
}

export interface QueryContext<Input> {
  sql: TransactionSql
  input: Input
  /** The resolved window (named periods turned into dates). Tools without a window get all time. */
  window: ResolvedWindow
  /** The business time zone, for hours and weekdays. */
  timeZone: string
  /** The first and last days with sales: what a window or comparison period is covered by. */
  bounds: DataBounds
}

export interface ToolResult<Row, Input = Record<string, unknown>> {
  rows: Row[]
  /** The validated arguments, defaults applied. */
  input: Input
  window: ResolvedWindow
  /** The first and last days with sales. */
  bounds: DataBounds
}

/** A way people ask for a tool's answer: words matched as a phrase once the question is normalized, or a pattern. */
export type CuePhrase = string | RegExp

/**
 * The offline planner's vocabulary for a tool, beside its examples: strong cues settle the choice, medium and weak
 * ones only tip a close call (src/agent/planner/synonyms.ts weighs them).
 */
export interface ToolCues {
  strong?: CuePhrase[]
  medium?: CuePhrase[]
  weak?: CuePhrase[]
  /**
   * The catalog's answer to a single total of a period, under any of its filters ("how much did Miami customers spend",
   * "how did October go"): the planner turns to it when the closest tool would rank rows instead, or the question
   * names nothing but a period. One tool says so.
   */
  totals?: boolean
}

export interface ToolDefinition<Input extends z.ZodType = z.ZodType, Row extends z.ZodObject = z.ZodObject> {
  /** Public, stable, snake_case. */
  name: string
  title: string
  area: Area
  /** Written for a model: what it answers, when to use it and when another tool, what the numbers mean. */
  description: string
  input: Input
  row: Row
  /** The metrics (from the glossary) the rows report. */
  metrics: MetricName[]
  /** 3–6 natural questions this tool answers. */
  examples: string[]
  /** How people ask for it beyond the examples ("best sellers", "VIPs", "deadstock"). */
  cues?: ToolCues
  /**
   * Input fields that filter on a dimension's value: the executor reads what the caller wrote ("hermes", "LV",
   * "Texas") as the value the data holds before the query runs, or refuses it with the closest values
   * (src/semantic/value-lookup.ts). Fields named channel, category, condition or platform need not be listed.
   */
  filters?: Partial<Record<Extract<keyof z.input<Input>, string>, FilterDimension>>
  /**
   * The values its data holds by nature, with no field to choose them: the storefront funnel and product-page views are
   * the website's. A question naming that value is answered as asked; one naming another value is not.
   */
  scope?: Partial<Record<FilterDimension, string>>
  /** Whether the tool's window matters (tools over current stock ignore it). */
  usesWindow?: boolean
  /** The least role that may run it (default: every role). */
  minimumRole?: Role
  /** Free-form reads: non-admin callers see `users` through the masked view (migration 0006). */
  readsMaskedPersonalData?: boolean
  query(context: QueryContext<z.output<Input>>): Fragment
  /** Assumptions in words, beyond the window and time zone that the executor states. */
  assumptions(result: ToolResult<z.output<Row>, z.output<Input>>): string[]
  /** A short factual summary computed from the rows. */
  narrate(result: ToolResult<z.output<Row>, z.output<Input>>): string
  /** The periods the window was compared with (the envelope's `comparisons`); tools without a comparison leave it out. */
  comparisons?(result: ToolResult<z.output<Row>, z.output<Input>>): ComparisonWindow[]
  /** A Vega-Lite spec, or undefined where a chart would not help. */
  chart?(result: ToolResult<z.output<Row>, z.output<Input>>): ChartSpec | undefined
  /** Derives figures from the SQL rows (e.g. forecasts); the returned rows must match `row`. */
  postProcess?(rows: Record<string, unknown>[], context: QueryContext<z.output<Input>>): Record<string, unknown>[]
}

// `any` stays inside this helper: a registry holds tools of many input and row types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any>

export function defineTool<Input extends z.ZodType, Row extends z.ZodObject>(
  definition: ToolDefinition<Input, Row>,
): ToolDefinition<Input, Row> {
  if (!/^[a-z][a-z0-9_]*$/.test(definition.name)) throw new Error(`Tool name must be snake_case: ${definition.name}`)
  if (definition.examples.length < 3 || definition.examples.length > 6) {
    throw new Error(`Tool ${definition.name} needs 3 to 6 examples`)
  }
  const columns = definition.row.shape as Record<string, z.ZodType>
  const personalColumns = Object.keys(columns).filter((column) => personalData.has(columns[column]!))
  if (personalColumns.length > 0 && !('customer_id' in columns)) {
    throw new Error(`Tool ${definition.name} has personal columns (${personalColumns.join(', ')}) but no customer_id column to make a viewer's pseudonym from`)
  }
  return { usesWindow: true, ...definition }
}

/** SQL's inclusive window on a date column, as a nested fragment. */
export function inWindow(sql: TransactionSql, column: Fragment, window: Pick<ResolvedWindow, 'from' | 'to'>): Fragment {
  return sql`${column} between ${window.from}::date and ${window.to}::date`
}
