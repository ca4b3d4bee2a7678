import { formatPeriod } from '../present/format.ts'
import type { Role } from '../privacy/mask.ts'
import { recommend } from '../recommendations/engine.ts'
import { createToolSession, type ToolCall, type ToolRunner } from '../recommendations/rule-context.ts'
import type { Surface } from '../tools/executor.ts'
import { addDays, daysBetween } from '../tools/time-window.ts'
import { periodCoverage, salesCoverage, withholdUncovered } from './coverage.ts'
import { kpiTiles } from './kpi-tiles.ts'
import type { SummaryWriter } from './model-summary.ts'
import { notableChanges } from './notable-changes.ts'
import { reportDefinitions, type SectionDefinition } from './report-kinds.ts'
import { reportSchema, type Report, type ReportKind, type ReportSection } from './report.ts'
import { templateSummary, type ReportBody } from './template-summary.ts'

export interface ReportRequest {
  kind: ReportKind
  from?: string | undefined
  to?: string | undefined
  /** Tools run as this role, so personal data is masked for it. */
  role: Role
  surface: Surface
}

export type ReportOutcome = { ok: true; report: Report } | { ok: false; error: string }

export interface ReportOptions {
  /** A model summary writer; without one the template summary is used. */
  summary?: { writer: SummaryWriter } | { unavailable: string }
  /** The report's timestamp (tests pin it). */
  now?: Date
}

/** Rules need history: they read at least the year up to the report's last day. */
const ruleDays = 365

type Cell = string | number | boolean | null

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return JSON.stringify(value)
}

function chartTitle(spec: Record<string, unknown>, fallback: string): string {
  return typeof spec.title === 'string' ? spec.title : fallback
}

function section(definition: SectionDefinition, call: ToolCall): ReportSection {
  if (!call.ok) {
    return { id: definition.id, title: definition.title, evidence: call.evidence, narration: null, chart: null, table: null, error: call.error }
  }
  const { envelope } = call
  const rows = envelope.rows.slice(0, definition.maxRows ?? 10)
  return {
    id: definition.id,
    title: definition.title,
    evidence: call.evidence,
    narration: envelope.narration,
    chart: envelope.chart ? { id: `section-${definition.id}`, title: chartTitle(envelope.chart, definition.title), spec: envelope.chart } : null,
    table:
      envelope.rows.length === 0
        ? null
        : {
            columns: definition.columns,
            rows: rows.map((row) => Object.fromEntries(definition.columns.map((column) => [column.key, cellOf(row[column.key])]))),
            totalRows: envelope.rowCount,
          },
    error: null,
  }
}

/**
 * Builds a report from the vetted tools and the recommendation rules: KPI tiles (kpi_summary), notable changes
 * (change_drivers, weekly), the kind's sections, the recommendations, the assumptions of every tool that ran, and
 * a summary. The window is resolved by the tools (named periods end at the latest sale). Errors come back as values;
 * a single failed section or rule is shown as such and the rest of the report stands.
 */
export async function buildReport(runtime: ToolRunner, request: ReportRequest, options: ReportOptions = {}): Promise<ReportOutcome> {
  const definition = reportDefinitions[request.kind]
  const session = createToolSession(runtime, request.role, request.surface)
  const kpiCall = await session.run('kpi_summary', {
    period: definition.defaultPeriod,
    ...(request.from ? { from: request.from } : {}),
    ...(request.to ? { to: request.to } : {}),
  })
  if (!kpiCall.ok) return { ok: false, error: kpiCall.error }
  const tiles = kpiTiles(kpiCall.envelope)
  if (!tiles.ok) return { ok: false, error: tiles.error }
  const { from, to, label } = kpiCall.envelope.window
  const window = { from, to }
  // What the data covers decides which changes may be shown: never a partial period against a full one, nor a
  // change against days without data.
  const coverage = periodCoverage(window, await salesCoverage(runtime.executionContext(request.role, request.surface).database), request.kind === 'weekly' ? 'week' : 'period')
  const kpis = withholdUncovered(tiles.tiles, coverage)
  const showChanges = definition.changes && !coverage.withheld.includes('previous')
  const ruleWindow = daysBetween(from, to) + 1 >= ruleDays ? window : { from: addDays(to, -(ruleDays - 1)), to }

  // The changes, sections and rules ask independent questions: a server runs them side by side on the pool's
  // connections, and the session still shares a question two of them ask.
  const [changes, sectionCalls, run] = await Promise.all([
    showChanges ? notableChanges(session, window, tiles.tiles) : { changes: [], assumptions: [], errors: [] },
    Promise.all(definition.sections.map((entry): Promise<ToolCall> => session.run(entry.tool, entry.arguments(window)))),
    recommend(session, { window: ruleWindow, areas: definition.areas }),
  ])
  const sections = definition.sections.map((entry, index) => section(entry, sectionCalls[index]!))

  // The report's own tools state their assumptions here; each recommendation states its method and evidence.
  const toolAssumptions = [kpiCall, ...sectionCalls].flatMap((call) => (call.ok ? call.envelope.assumptions : []))
  const assumptions = [
    ...new Set([
      ...(coverage.note ? [coverage.note] : []),
      coverage.first ? `Sales in the data run from ${coverage.first} to ${coverage.last}.` : 'There are no sales in the data.',
      `Recommendations read ${formatPeriod(ruleWindow)}${ruleWindow === window ? ', the report window' : `, the ${ruleDays} days up to the report's last day, so they rest on enough history`}; each states how its impact was estimated.`,
      `Tools ran as the ${request.role} role: personal data is masked for it.`,
      ...changes.errors.map((error) => `A change driver could not be computed: ${error}`),
      ...toolAssumptions,
      ...changes.assumptions,
    ]),
  ]
  const kpiChart = kpiCall.envelope.chart
  const body: ReportBody = {
    version: 1,
    kind: request.kind,
    title: `${definition.title}: ${formatPeriod({ from, to })}`,
    window: { from, to, label },
    coverage,
    ruleWindow,
    generatedAt: (options.now ?? new Date()).toISOString(),
    role: request.role,
    kpis,
    kpiEvidence: kpiCall.evidence,
    // The KPI chart draws the changes: withheld with them.
    kpiChart: kpiChart && coverage.withheld.length === 0 ? { id: 'kpi-summary', title: chartTitle(kpiChart, 'KPI changes'), spec: kpiChart } : null,
    changes: changes.changes,
    sections,
    recommendations: run.recommendations,
    rules: run.rules,
    assumptions,
  }
  const summary = await summarize(body, options.summary)
  const report = reportSchema.safeParse({ ...body, summary })
  if (!report.success) {
    const issue = report.error.issues[0]
    return { ok: false, error: `The report did not match its schema at ${issue?.path.join('.')}: ${issue?.message}` }
  }
  return { ok: true, report: report.data }
}

async function summarize(body: ReportBody, choice: ReportOptions['summary']): Promise<Report['summary']> {
  const template = (note: string): Report['summary'] => ({ text: templateSummary(body), source: 'template', writer: null, note })
  if (!choice) return template('Template summary, built from the report\'s own figures.')
  if ('unavailable' in choice) return template(`Template summary, built from the report's own figures: ${choice.unavailable}.`)
  const attempt = await choice.writer.write(body)
  if (!attempt.ok) return template(`Template summary, built from the report's own figures; the model summary was not used because ${attempt.reason}.`)
  return {
    text: attempt.text,
    source: 'model',
    writer: attempt.writer,
    note: `Written by ${attempt.writer}; every figure in it matched a figure in the report (grounding check).`,
  }
}
