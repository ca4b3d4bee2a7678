import { z } from 'zod'
import { connectionLostReason } from '../db/connection-lost.ts'
import { withStatementTimeout, type Database, type TransactionSql } from '../db/database.ts'
import { storableJson, storableText } from '../db/storable-text.ts'
import { runTransaction } from '../db/transaction.ts'
import { measures } from '../semantic/index.ts'
import { formatPeriod } from '../present/format.ts'
import { businessToday } from '../semantic/clock.ts'
import { maskFor, roles, type Role } from '../privacy/mask.ts'
import { personalData, type AnyTool, type QueryContext } from './define-tool.ts'
import type { Envelope, EnvelopeCoverage } from './envelope.ts'
import type { ToolRegistry } from './registry.ts'
import {
  coverageNote,
  coverageOf,
  resolvePeriod,
  resolvedWindowProblem,
  windowFor,
  type ComparisonWindow,
  type DataBounds,
  type NamedPeriod,
  type ResolvedWindow,
} from './time-window.ts'
import { ToolError } from './tool-error.ts'
import { readFilterValues } from './value-index.ts'

export type Surface = 'cli' | 'agent' | 'mcp' | 'http' | 'report' | 'digest' | 'alert' | 'eval' | 'test'

export interface ExecutionContext {
  database: Database
  timeZone: string
  statementTimeoutMs: number
  /** work_mem of the call's transaction, in MB (LUXX_ANALYTICS_WORK_MEM_MB); the server's own when absent. */
  workMemMb?: number
  maxRows: number
  role: Role
  surface: Surface
  /** Who is calling, for the audit log (an API key's name); defaults to the surface. */
  actor?: string
  /**
   * Today, YYYY-MM-DD, when a run must be reproducible (LUXX_AS_OF, --as-of); otherwise the business clock in
   * `timeZone`. Named periods resolve against it; how far the data reaches is reported apart (coverage).
   */
  asOf?: string
}

export type ToolOutcome = { ok: true; envelope: Envelope } | { ok: false; error: ToolError }

/** "limit: Too small: expected number to be >=1" → one line per problem, with what is allowed. */
export function describeIssues(tool: AnyTool, error: z.ZodError): string {
  const allowed = inputFields(tool)
  const problems = error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `'${key}'`).join(', ')}; allowed fields: ${allowed.join(', ') || 'none'}`
    }
    const path = issue.path.length > 0 ? issue.path.join('.') : 'arguments'
    return `${path}: ${issue.message}`
  })
  return `Invalid arguments for ${tool.name}: ${problems.join('; ')}.`
}

/** The names of a tool's input fields. */
function inputFields(tool: AnyTool): string[] {
  return Object.keys((tool.input as unknown as { shape?: Record<string, unknown> }).shape ?? inputShape(tool))
}

function inputShape(tool: AnyTool): Record<string, unknown> {
  // toolInput wraps a strict object in a refinement; its shape sits inside.
  const inner = (tool.input as { def?: { in?: { shape?: Record<string, unknown> }; schema?: { shape?: Record<string, unknown> } } }).def
  return inner?.schema?.shape ?? inner?.in?.shape ?? {}
}

/**
 * The window a tool runs over: explicit dates honoured exactly (from alone runs to today; to alone starts the
 * default period before it), else the named period resolved against today.
 */
function resolveWindow(input: Record<string, unknown>, today: string, bounds: DataBounds): ResolvedWindow {
  const earliest = bounds.first ?? today
  const from = typeof input.from === 'string' ? input.from : undefined
  const to = typeof input.to === 'string' ? input.to : undefined
  if (from || to) {
    const end = to ?? today
    const start = from ?? resolvePeriod((input.period as NamedPeriod | undefined) ?? 'last_12_months', end, earliest).from
    return windowFor({ from: start, to: end }, today)
  }
  return resolvePeriod((input.period as NamedPeriod | undefined) ?? 'all_time', today, earliest)
}

/** The data's reach over the window and the comparisons the tool made. */
function coverageFor(window: ResolvedWindow, comparisons: ComparisonWindow[], bounds: DataBounds): EnvelopeCoverage {
  return {
    fact: 'sales',
    first: bounds.first,
    last: bounds.last,
    window: coverageOf(window, bounds),
    comparisons: comparisons.map((comparison) => ({ kind: comparison.kind, from: comparison.from, to: comparison.to, coverage: coverageOf(comparison, bounds) })),
  }
}

function maskRows(tool: AnyTool, rows: Record<string, unknown>[], role: Role): Record<string, unknown>[] {
  const shape = tool.row.shape as Record<string, z.ZodType>
  const personalColumns = Object.entries(shape).flatMap(([column, schema]) => {
    const meta = personalData.get(schema)
    return meta ? [[column, meta.personalData] as const] : []
  })
  if (personalColumns.length === 0) return rows
  return rows.map((row) => {
    const copy = { ...row }
    for (const [column, kind] of personalColumns) {
      const value = copy[column]
      // defineTool holds every row with personal columns to a customer_id: the viewer's pseudonym is made from it.
      if (typeof value === 'string') copy[column] = maskFor(role, kind, value, String(copy.customer_id))
    }
    return copy
  })
}

function standardAssumptions(tool: AnyTool, window: ResolvedWindow, timeZone: string, bounds: DataBounds): string[] {
  const freshness = coverageNote(window, bounds)
  const assumptions = tool.usesWindow
    ? [
        `Window: ${formatPeriod(window)} (${window.label}); today is ${window.asOf} in ${timeZone}, and named periods end there.`,
        `Dates are business days in ${timeZone}; sales are dated by sales.date_sold.`,
        ...(freshness ? [freshness] : []),
      ]
    : [`Stock and ages are as of ${window.asOf}, today in ${timeZone}.`]
  if (tool.metrics.includes('revenue')) assumptions.push(`Revenue: ${measures.revenue.definition}`)
  return assumptions
}

function postgresMessage(error: unknown): { code?: string; message: string } {
  if (error && typeof error === 'object' && 'message' in error) {
    return { code: (error as { code?: string }).code, message: String((error as { message: unknown }).message) }
  }
  return { message: String(error) }
}

/**
 * The one way a vetted tool runs: validate the arguments, run its SQL in a read-only transaction with a
 * statement timeout, cap the rows, mask personal data by role, and wrap it all in the envelope.
 * Errors come back as values with a message, never as a stack trace.
 */
export async function executeTool(
  registry: ToolRegistry,
  name: string,
  rawArguments: unknown,
  context: ExecutionContext,
): Promise<ToolOutcome> {
  const started = performance.now()
  const outcome = await runVettedTool(registry, name, rawArguments, context)
  try {
    await context.database.sql`
      insert into audit_log (surface, actor, role, tool, arguments, outcome, row_count, duration_ms, error)
      values (${context.surface}, ${context.actor ?? context.surface}, ${context.role}, ${storableText(name)},
              ${context.database.sql.json(storableJson(rawArguments ?? {}))}, ${outcome.ok ? 'ok' : outcome.error.code},
              ${outcome.ok ? outcome.envelope.rowCount : null}, ${Math.round((performance.now() - started) * 10) / 10},
              ${outcome.ok ? null : storableText(outcome.error.message)})`
  } catch (error) {
    // A call the audit log cannot record (the database went away meanwhile) does not hand out data; a call that
    // failed anyway keeps its own reason. Either way the caller gets an answer, not an exception.
    if (!outcome.ok) return outcome
    const reason = postgresMessage(error).message
    return { ok: false, error: new ToolError('query_failed', `${name} ran, but the audit log could not record it (${reason}), so its result is withheld. Try again.`, name) }
  }
  return outcome
}

/** Rules every tool's arguments share beyond its own schema; the problem in words, or undefined. */
function breaksSharedRules(input: Record<string, unknown>): string | undefined {
  for (const [field, value] of Object.entries(input)) {
    if (typeof value !== 'string') continue
    // PostgreSQL text cannot hold NUL: an argument carrying one is a bad argument, not a failed query.
    if (value.includes('\u0000')) return `${field}: must not contain a NUL character (\\u0000)`
  }
  return undefined
}

// Whether this connection may switch to the read-only analytics role (created by migration 0004).
const analyticsRoleUsable = new WeakMap<Database, Promise<boolean>>()

function mayUseAnalyticsRole(database: Database): Promise<boolean> {
  let usable = analyticsRoleUsable.get(database)
  if (!usable) {
    usable = database.analytics<{ usable: boolean }[]>`
      select case when exists (select 1 from pg_roles where rolname = 'luxx_analytics')
                  then pg_has_role(current_user, 'luxx_analytics', 'member') else false end as usable`.then((rows) => rows[0]?.usable === true)
    analyticsRoleUsable.set(database, usable)
  }
  return usable
}

async function runVettedTool(
  registry: ToolRegistry,
  name: string,
  rawArguments: unknown,
  context: ExecutionContext,
): Promise<ToolOutcome> {
  const tool = registry.find(name)
  if (tool instanceof ToolError) return { ok: false, error: tool }
  // The role comes first: a caller who may not run a tool learns nothing from how its arguments are checked.
  if (tool.minimumRole && roles.indexOf(context.role) < roles.indexOf(tool.minimumRole)) {
    return {
      ok: false,
      error: new ToolError('forbidden', `${tool.name} needs the ${tool.minimumRole} role or above; this caller is a ${context.role}.`, tool.name),
    }
  }
  // Dimension values are read as the data holds them ("hermes" → "Hermès") before validation, so SQL compares
  // exact values and an unknown one is refused with the closest, never answered with an empty result.
  let filterValues: Awaited<ReturnType<typeof readFilterValues>>
  try {
    filterValues = await readFilterValues(tool, inputFields(tool), rawArguments ?? {}, context.database)
  } catch (error) {
    return { ok: false, error: new ToolError('query_failed', `${tool.name} could not read the values it filters on: ${postgresMessage(error).message}`, tool.name) }
  }
  if (!filterValues.ok) return { ok: false, error: new ToolError('invalid_arguments', `Invalid arguments for ${tool.name}: ${filterValues.message}`, tool.name) }
  const parsed = tool.input.safeParse(filterValues.arguments)
  if (!parsed.success) {
    return { ok: false, error: new ToolError('invalid_arguments', describeIssues(tool, parsed.error), tool.name) }
  }
  const input = parsed.data as Record<string, unknown>
  const problem = breaksSharedRules(input)
  if (problem) return { ok: false, error: new ToolError('invalid_arguments', `Invalid arguments for ${tool.name}: ${problem}.`, tool.name) }
  const started = performance.now()
  try {
    const switchRole = await mayUseAnalyticsRole(context.database)
    // PGlite ignores statement_timeout: on the embedded engine a watchdog enforces it.
    const outcome = await withStatementTimeout(context.database, context.statementTimeoutMs, () => runTransaction(context.database.analytics, `Running ${tool.name}`, async (sql) => {
      // The transaction's settings in one statement: set_config(…, true) is SET LOCAL. First the read-only analytics
      // role and, for a role that may not see personal data, the masked views ahead of the tables.
      // A server's default JIT compiles the plans of the heaviest tools at a million sales, which costs more than it
      // saves in queries this short (rfm_segments: 1,460 ms with it, 883 ms without).
      // postgres.js prepares every statement; from a statement's sixth run on a connection PostgreSQL may switch to a
      // generic plan, which estimates a window's sales without its dates (about 5,000 instead of 540,000 at a million
      // sales), loses parallel workers and spills. A tool's statement runs once per call, so planning it with its
      // values each time costs a millisecond or two and keeps the plan the one its arguments need.
      // An analytics database is read from memory (shared buffers and the OS cache): the default random_page_cost
      // of 4 prices an index read in another order than the table's as disk seeks, and turned repeat_purchases from
      // its buyer-ordered covering index (0.36–0.55 s at a million sales) to a sort of the window's lines (1.0–1.5 s).
      const masked = tool.readsMaskedPersonalData && context.role !== 'admin'
      // The per-customer tools group half a million lines by buyer at a million sales: a server's default 4 MB
      // spills those aggregates and sorts to disk. The embedded engine's memory is its process's: left as it is.
      const workMem = context.workMemMb !== undefined && context.database.engine === 'postgres' ? `${context.workMemMb}MB` : undefined
      await sql`
        select ${switchRole ? sql`set_config('role', 'luxx_analytics', true),` : sql``}
               ${masked ? sql`set_config('search_path', 'luxx_masked, public', true),` : sql``}
               ${workMem ? sql`set_config('work_mem', ${workMem}, true),` : sql``}
               set_config('statement_timeout', ${String(context.statementTimeoutMs)}, true),
               set_config('jit', 'off', true),
               set_config('plan_cache_mode', 'force_custom_plan', true),
               set_config('random_page_cost', '1.1', true)`
      // How far the sales reach, read once per call: windows never move to it, but answers say what it leaves out.
      const [found] = await sql<DataBounds[]>`select min(date_sold)::text as first, max(date_sold)::text as last from sales`
      const bounds: DataBounds = found ?? { first: null, last: null }
      const window = resolveWindow(input, businessToday(context.timeZone, context.asOf), bounds)
      const refused = resolvedWindowProblem(input, window)
      if (refused) throw new ToolError('invalid_arguments', `Invalid arguments for ${tool.name}: ${refused}.`, tool.name)
      const queryContext: QueryContext<Record<string, unknown>> = {
        sql,
        input,
        window,
        timeZone: context.timeZone,
        bounds,
      }
      const fragment = tool.query(queryContext)
      const rows = await sql`select * from (${fragment}) as vetted limit ${context.maxRows + 1}`
      const kept = keepWithinBytes([...rows.slice(0, context.maxRows)] as Record<string, unknown>[])
      const truncated = rows.length > kept.length
      const totalRows = truncated ? await countRows(sql, fragment) : rows.length
      return { window, bounds, truncated, totalRows, rows: kept, statement: rows.statement?.string ?? '', queryContext }
    }, 'isolation level repeatable read read only'))
    const processed = tool.postProcess ? tool.postProcess(outcome.rows, outcome.queryContext) : outcome.rows
    const checked = z.array(tool.row).safeParse(processed)
    if (!checked.success) {
      return {
        ok: false,
        error: new ToolError('query_failed', `${tool.name} returned rows of an unexpected shape: ${checked.error.issues[0]?.message}`, tool.name),
      }
    }
    const rows = maskRows(tool, checked.data as Record<string, unknown>[], context.role)
    const result = { rows, input, window: outcome.window, bounds: outcome.bounds }
    const chart = tool.chart?.(result)
    const comparisons = tool.usesWindow ? (tool.comparisons?.(result) ?? []) : []
    const envelope: Envelope = {
      tool: tool.name,
      title: tool.title,
      parameters: tool.usesWindow ? { ...input, from: outcome.window.from, to: outcome.window.to } : input,
      window: { from: outcome.window.from, to: outcome.window.to, label: outcome.window.label, asOf: outcome.window.asOf, kind: outcome.window.kind },
      rows,
      rowCount: rows.length,
      totalRows: outcome.totalRows,
      truncated: outcome.truncated,
      narration: tool.narrate(result),
      comparisons,
      coverage: tool.usesWindow ? coverageFor(outcome.window, comparisons, outcome.bounds) : null,
      assumptions: [...standardAssumptions(tool, outcome.window, context.timeZone, outcome.bounds), ...filterValues.notes, ...tool.assumptions(result)],
      metrics: tool.metrics.map((metric) => {
        const entry = measures[metric]
        return { name: metric, label: entry.label, definition: entry.definition }
      }),
      chart: (chart as Record<string, unknown> | undefined) ?? null,
      sql: outcome.statement,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    }
    return { ok: true, envelope }
  } catch (error) {
    if (error instanceof ToolError) return { ok: false, error }
    const { code, message } = postgresMessage(error)
    const lostReason = connectionLostReason(error)
    if (lostReason !== undefined) {
      return {
        ok: false,
        error: new ToolError('query_failed', `${tool.name} failed: the connection to the database was lost mid-query (${lostReason}). Try again: the next call reconnects.`, tool.name),
      }
    }
    // A free-form query's own mistake (an unknown column, a division by zero) is the caller's to fix, with
    // PostgreSQL's message: SQLSTATE classes 21 (cardinality), 22 (data) and 42 (syntax, names, privileges).
    if (tool.area === 'unvetted' && code !== undefined && /^(21|22|42)/.test(code)) {
      return { ok: false, error: new ToolError('invalid_arguments', `PostgreSQL refused the query: ${message}`, tool.name) }
    }
    if (code === '57014') {
      return {
        ok: false,
        error: new ToolError('timeout', `${tool.name} took longer than ${context.statementTimeoutMs} ms and was stopped. Try a shorter window.`, tool.name),
      }
    }
    return { ok: false, error: new ToolError('query_failed', `${tool.name} failed: ${message}`, tool.name) }
  }
}

// Rows are capped by count and by size, so one wide result cannot flood a model's context or a response.
const maximumResultBytes = 1_048_576

function keepWithinBytes(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  let bytes = 0
  for (let index = 0; index < rows.length; index++) {
    bytes += JSON.stringify(rows[index]).length
    if (bytes > maximumResultBytes) return rows.slice(0, index)
  }
  return rows
}

async function countRows(sql: TransactionSql, fragment: ReturnType<AnyTool['query']>): Promise<number> {
  const [row] = await sql<{ total: number }[]>`select count(*)::int as total from (${fragment}) as vetted`
  return row?.total ?? 0
}
