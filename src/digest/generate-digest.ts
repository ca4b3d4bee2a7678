import { renderPng } from '../charts/render.ts'
import { asChartSpec } from '../charts/spec.ts'
import type { Runtime } from '../runtime.ts'
import { buildReport, type ReportOptions } from '../reports/build-report.ts'
import { saveReport } from '../reports/report-store.ts'
import type { ReportChart } from '../reports/report.ts'
import type { DigestImage, DigestIssue } from './digest-issue.ts'
import type { IsoWeek } from './iso-week.ts'
import { renderEmail } from './render-email.ts'

export type DigestRuntime = Pick<Runtime, 'config' | 'database' | 'registry' | 'executionContext'>

const chartsShown = 3

/** The report link in the e-mail: LUXX_PUBLIC_URL (any path kept) + /reports/:id. */
export function reportLink(publicUrl: string | undefined, reportId: string): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/reports/${reportId}` : null
}

/**
 * Generates a week's digest: builds the weekly report for the week (tools run as a viewer, so the linked report
 * and the e-mail hold masked personal data only), stores it, draws up to three of its charts as PNG, and renders
 * the e-mail from it. Every figure in the e-mail is the report's, and the report's are the tools'.
 */
export async function generateDigest(
  runtime: DigestRuntime,
  week: IsoWeek,
  options: Pick<ReportOptions, 'summary' | 'now'> = {},
): Promise<{ ok: true; issue: DigestIssue } | { ok: false; error: string }> {
  const request = { kind: 'weekly' as const, from: week.from, to: week.to, role: 'viewer' as const, surface: 'digest' as const }
  const built = await buildReport(runtime, request, options)
  if (!built.ok) return built
  const report = built.report
  const reportId = await saveReport(runtime.database.sql, request, report)
  // A week without sales has no daily chart worth drawing; the KPI and change charts are gone when coverage withheld them.
  const dailyChart = report.coverage?.status === 'no_data' ? null : (report.sections.find((section) => section.id === 'daily-sales')?.chart ?? null)
  const candidates = [report.kpiChart, report.changes[0]?.chart ?? null, dailyChart]
  const images: DigestImage[] = []
  for (const chart of candidates.filter((entry): entry is ReportChart => entry !== null).slice(0, chartsShown)) {
    // A chart that cannot be drawn is left out of the e-mail; the linked report still has it.
    const png = await renderPng(asChartSpec(chart.spec)).catch(() => null)
    if (png) images.push({ cid: `${chart.id}.${week.period}@luxx-analyst`, filename: `${chart.id}.png`, title: chart.title, png })
  }
  const link = reportLink(runtime.config.LUXX_PUBLIC_URL, reportId)
  const rendered = await renderEmail(report, { period: week.period, charts: images.map(({ cid, title }) => ({ cid, title })), link })
  if (!rendered.ok) return rendered
  return { ok: true, issue: { period: week.period, from: week.from, to: week.to, reportId, ...rendered.email, images } }
}
