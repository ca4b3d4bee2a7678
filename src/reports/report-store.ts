import { reportingLostConnection } from '../db/connection-lost.ts'
import { storableJson } from '../db/storable-text.ts'
import type { Sql } from '../db/database.ts'
import { mayAccess, type Caller } from '../auth/caller.ts'
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
  /** The API key that asked for it; null: the machine's owner or the weekly digest. */
  ownerKeyId: string | null
  summarySource: 'template' | 'model'
  createdAt: string
}

export interface StoredReport extends StoredReportSummary {
  inputs: Record<string, unknown>
  report: Report
}

export type LoadOutcome = { ok: true; stored: StoredReport } | { ok: false; status: 'not_found' | 'invalid'; error: string }

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Whether a caller may open a report: never one whose tools ran with more than the caller's role shows, and only
 * their own (admins: anyone's), except the weekly digest's, which the whole team receives by e-mail anyway.
 */
export function mayOpen(caller: Caller, report: Pick<StoredReportSummary, 'role' | 'ownerKeyId' | 'surface'>): boolean {
  const roleAllows = roles.indexOf(caller.role) >= roles.indexOf(report.role)
  return roleAllows && (report.surface === 'digest' || mayAccess(caller, report.ownerKeyId))
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
  owner_key_id: string | null
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
  ownerKeyId: row.owner_key_id,
  summarySource: row.summary_source,
  createdAt: row.created_at,
})

/** The most recent reports first; `readableBy` keeps only those that caller may open (mayOpen). */
export async function listReports(sql: Sql, options: { limit?: number; readableBy?: Caller } = {}): Promise<StoredReportSummary[]> {
  const caller = options.readableBy
  const allowed = caller ? roles.slice(0, roles.indexOf(caller.role) + 1) : [...roles]
  const anyOwner = !caller || caller.role === 'admin'
  const rows = await sql<SummaryRow[]>`
    select id::text as id, kind, title, window_from::text as window_from, window_to::text as window_to, role, surface,
           owner_key_id::text as owner_key_id, summary_source, created_at
    from reports
    where role = any(${allowed}::text[])
      and (${anyOwner} or surface = 'digest' or owner_key_id is not distinct from ${caller?.keyId ?? null}::uuid)
    order by created_at desc, id
    limit ${options.limit ?? 20}`
  return rows.map(summaryOf)
}

/** A stored report, exactly as generated; an error value when the id is unknown or the content no longer fits the schema. */
export async function loadReport(sql: Sql, id: string): Promise<LoadOutcome> {
  if (!uuid.test(id)) return { ok: false, status: 'not_found', error: `No report ${id}: report ids are UUIDs (see luxx-analyst report list).` }
  const [row] = await sql<Array<SummaryRow & { inputs: Record<string, unknown>; content: unknown }>>`
    select id::text as id, kind, title, window_from::text as window_from, window_to::text as window_to, role, surface,
           owner_key_id::text as owner_key_id, summary_source, created_at, inputs, content
    from reports where id = ${id}::uuid`
  if (!row) return { ok: false, status: 'not_found', error: `No report ${id}.` }
  const parsed = reportSchema.safeParse(row.content)
  if (!parsed.success) {
    return { ok: false, status: 'invalid', error: `Report ${id} is stored in a shape this version cannot read: ${parsed.error.issues[0]?.message}` }
  }
  return { ok: true, stored: { ...summaryOf(row), inputs: row.inputs, report: parsed.data } }
}
