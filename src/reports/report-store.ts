import { reportingLostConnection } from '../db/connection-lost.ts'
import { storableJson } from '../db/storable-text.ts'
import type { Sql } from '../db/database.ts'
import { roles, type Role } from '../privacy/mask.ts'
import { reportSchema, type Report, type ReportKind } from './report.ts'
import type { ReportRequest } from './build-report.ts'

export interface StoredReportSummary {
  id: string
  kind: ReportKind
  title: string
  windowFrom: string
  windowTo: string
  role: Role
  surface: string
  summarySource: 'template' | 'model'
  createdAt: string
}

export interface StoredReport extends StoredReportSummary {
  inputs: Record<string, unknown>
  report: Report
}

export type LoadOutcome = { ok: true; stored: StoredReport } | { ok: false; status: 'not_found' | 'invalid'; error: string }

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether a caller with `caller` may open a report whose tools ran as `owner`: never more than their own role shows. */
export function mayOpen(caller: Role, owner: Role): boolean {
  return roles.indexOf(caller) >= roles.indexOf(owner)
}

/** Stores a report with the request that built it; returns its id. A lost connection fails it with a ConnectionLostError. */
export async function saveReport(sql: Sql, request: ReportRequest, report: Report): Promise<string> {
  const inputs = { kind: request.kind, from: request.from ?? null, to: request.to ?? null, role: request.role }
  const [row] = await reportingLostConnection(`Saving the ${report.kind} report`, () => sql<{ id: string }[]>`
    insert into reports (kind, title, window_from, window_to, role, surface, summary_source, inputs, content)
    values (${report.kind}, ${report.title}, ${report.window.from}, ${report.window.to}, ${report.role}, ${request.surface},
            ${report.summary.source}, ${sql.json(inputs)}, ${sql.json(storableJson(report))})
    returning id::text as id`)
  return row!.id
}

interface SummaryRow {
  id: string
  kind: ReportKind
  title: string
  window_from: string
  window_to: string
  role: Role
  surface: string
  summary_source: 'template' | 'model'
  created_at: string
}

const summaryOf = (row: SummaryRow): StoredReportSummary => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  windowFrom: row.window_from,
  windowTo: row.window_to,
  role: row.role,
  surface: row.surface,
  summarySource: row.summary_source,
  createdAt: row.created_at,
})

/** The most recent reports first; `readableBy` keeps only those a caller of that role may open. */
export async function listReports(sql: Sql, options: { limit?: number; readableBy?: Role } = {}): Promise<StoredReportSummary[]> {
  const allowed = options.readableBy ? roles.filter((role) => mayOpen(options.readableBy!, role)) : [...roles]
  const rows = await sql<SummaryRow[]>`
    select id::text as id, kind, title, window_from::text as window_from, window_to::text as window_to, role, surface,
           summary_source, created_at
    from reports
    where role = any(${allowed}::text[])
    order by created_at desc, id
    limit ${options.limit ?? 20}`
  return rows.map(summaryOf)
}

/** A stored report, exactly as generated; an error value when the id is unknown or the content no longer fits the schema. */
export async function loadReport(sql: Sql, id: string): Promise<LoadOutcome> {
  if (!uuid.test(id)) return { ok: false, status: 'not_found', error: `No report ${id}: report ids are UUIDs (see luxx-analyst report list).` }
  const [row] = await sql<Array<SummaryRow & { inputs: Record<string, unknown>; content: unknown }>>`
    select id::text as id, kind, title, window_from::text as window_from, window_to::text as window_to, role, surface,
           summary_source, created_at, inputs, content
    from reports where id = ${id}::uuid`
  if (!row) return { ok: false, status: 'not_found', error: `No report ${id}.` }
  const parsed = reportSchema.safeParse(row.content)
  if (!parsed.success) {
    return { ok: false, status: 'invalid', error: `Report ${id} is stored in a shape this version cannot read: ${parsed.error.issues[0]?.message}` }
  }
  return { ok: true, stored: { ...summaryOf(row), inputs: row.inputs, report: parsed.data } }
}
