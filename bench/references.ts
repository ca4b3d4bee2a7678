import type { Sql } from '../src/db/database.ts'
import type { Runtime } from '../src/runtime.ts'
import { executeTool } from '../src/tools/executor.ts'
import type { ColumnarEngine } from './columnar.ts'
import { measure, type MeasureOptions } from './measure.ts'
import { plainReferences, referenceParameters, type PlainReference, type ReferenceParameter } from './plain-sql.ts'
import type { Measured, ReferenceResult } from './report.ts'

type Row = Record<string, unknown>

const placeholder = new RegExp(`\\$(${referenceParameters.join('|')})\\b`, 'g')

/**
 * The reference's text as a postgres.js tagged-template call: the text between the named parameters is the
 * template's strings, the parameters its bound values, exactly as if the query had been written inline with
 * `${…}` (no text reaches PostgreSQL but the bench's own, and no value but as a parameter).
 */
function boundQuery(sql: Sql, text: string, parameters: Record<ReferenceParameter, string>): Promise<Row[]> {
  const strings: string[] = []
  const values: string[] = []
  let last = 0
  for (const match of text.matchAll(placeholder)) {
    strings.push(text.slice(last, match.index))
    values.push(parameters[match[1] as ReferenceParameter])
    last = match.index + match[0].length
  }
  strings.push(text.slice(last))
  return sql<Row[]>(Object.assign(strings, { raw: strings }) as unknown as TemplateStringsArray, ...values)
}

function decimalsOf(value: number): number {
  const text = String(value)
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0
}

/** A tool rounds its figures for reading: the reference's figure matches when it rounds to the tool's. */
function sameValue(tool: unknown, reference: unknown): boolean {
  if (typeof tool === 'number') {
    const value = Number(reference)
    if (!Number.isFinite(value)) return false
    const factor = 10 ** decimalsOf(tool)
    return Math.abs(Math.round(value * factor) / factor - tool) < 1e-9 || Math.abs(value - tool) <= 1e-6 * Math.max(1, Math.abs(tool))
  }
  return String(tool ?? null) === String(reference ?? null)
}

/** The first difference between the tool's rows and the reference's, on the reference's columns; undefined when none. */
export function difference(reference: PlainReference, toolRows: readonly Row[], referenceRows: readonly Row[]): string | undefined {
  if (referenceRows.length === 0) return 'the reference returned no rows'
  if (!reference.key && referenceRows.length !== toolRows.length) return `${referenceRows.length} rows against the tool's ${toolRows.length}`
  for (const [index, expected] of referenceRows.entries()) {
    const actual = reference.key ? toolRows.find((row) => sameValue(row[reference.key!], expected[reference.key!])) : toolRows[index]
    if (!actual) return `no tool row for ${reference.key} ${String(expected[reference.key!])}`
    for (const [column, value] of Object.entries(expected)) {
      if (!sameValue(actual[column], value)) return `row ${index + 1}, ${column}: tool ${JSON.stringify(actual[column])}, reference ${JSON.stringify(value)}`
    }
  }
  return undefined
}

/** The same text on the columnar engine: checked against the tool's rows, then timed; or why not. */
async function measureColumnar(
  columnar: ColumnarEngine,
  reference: PlainReference,
  toolRows: readonly Row[],
  parameters: Record<ReferenceParameter, string>,
  options: MeasureOptions,
): Promise<ReferenceResult['columnar']> {
  let rows: Row[]
  try {
    rows = await columnar.run(reference.text, parameters)
  } catch (error) {
    return { notMeasured: `DuckDB refused the text: ${error instanceof Error ? error.message : String(error)}` }
  }
  const different = difference(reference, toolRows, rows)
  return different ? { notMeasured: `DuckDB does not return the tool's figures: ${different}` } : measure(() => columnar.run(reference.text, parameters), options)
}

/** The tool's rows at its default arguments and the reference's on PostgreSQL, compared. */
export type PostgresComparison =
  | { ok: false; error: string }
  | { ok: true; toolRows: readonly Row[]; parameters: Record<ReferenceParameter, string>; difference: string | undefined }

/**
 * The tool once at its defaults (the window it resolved is the reference's) and the reference once on PostgreSQL:
 * their first difference, undefined when the reference returns the tool's figures.
 */
export async function compareOnPostgres(runtime: Runtime, reference: PlainReference): Promise<PostgresComparison> {
  const outcome = await executeTool(runtime.registry, reference.tool, {}, runtime.executionContext('admin', 'cli'))
  if (!outcome.ok) return { ok: false, error: outcome.error.message }
  const { window } = outcome.envelope
  const parameters = { from: window.from, to: window.to, as_of: window.asOf, zone: runtime.config.LUXX_TIME_ZONE }
  const toolRows = outcome.envelope.rows
  let referenceRows: Row[]
  try {
    referenceRows = await boundQuery(runtime.database.analytics, reference.text, parameters)
  } catch (error) {
    // One broken reference is reported beside its tool; the rest of the run goes on.
    return { ok: true, toolRows, parameters, difference: `PostgreSQL refused the text: ${error instanceof Error ? error.message : String(error)}` }
  }
  return { ok: true, toolRows, parameters, difference: difference(reference, toolRows, referenceRows) }
}

/**
 * Every tool with a plain-SQL reference: the reference checked against the tool's rows and timed on PostgreSQL,
 * and, when a columnar engine is loaded, the same text checked and timed on it.
 */
export async function measureReferences(
  runtime: Runtime,
  columnar: Measured<ColumnarEngine>,
  options: MeasureOptions,
  log: (message: string) => void,
): Promise<ReferenceResult[]> {
  const results: ReferenceResult[] = []
  const listed = new Set(runtime.registry.list().map((tool) => tool.name))
  for (const reference of plainReferences.filter((entry) => listed.has(entry.tool))) {
    const compared = await compareOnPostgres(runtime, reference)
    if (!compared.ok) {
      results.push({ tool: reference.tool, plainSql: { notMeasured: compared.error }, columnar: { notMeasured: 'the tool failed' } })
      continue
    }
    const { toolRows, parameters } = compared
    const sql = runtime.database.analytics
    const plainSql: ReferenceResult['plainSql'] = compared.difference
      ? { notMeasured: `does not return the tool's figures: ${compared.difference}` }
      : await measure(() => boundQuery(sql, reference.text, parameters), options)
    const columnarTiming = 'notMeasured' in columnar ? columnar : await measureColumnar(columnar, reference, toolRows, parameters, options)
    results.push({ tool: reference.tool, plainSql, columnar: columnarTiming })
    const show = (timing: ReferenceResult['plainSql']) => ('notMeasured' in timing ? timing.notMeasured : `p95 ${timing.p95Ms} ms`)
    log(`  ${reference.tool}: plain SQL ${show(plainSql)}; DuckDB ${show(columnarTiming)}`)
  }
  return results
}
