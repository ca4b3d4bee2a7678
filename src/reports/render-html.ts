import { renderSvg } from '../charts/render.ts'
import { asChartSpec } from '../charts/spec.ts'
import { formatPeriod, formatTimestamp } from '../present/format.ts'
import { changeDirection, coverageLine, formatChange, formatKpiChange, formatKpiValue, formatSignedValue } from '../present/kpi-figures.ts'
import { formatCell } from '../present/table-cell.ts'
import { themeCss } from '../present/theme.ts'
import type { Recommendation } from '../recommendations/recommendation.ts'
import { escapeHtml } from '../present/escape.ts'
import { reportDefinitions } from './report-kinds.ts'
import { recommendationChart, type KpiTile, type Report, type ReportChart, type ReportTable } from './report.ts'

// Print-friendly and self-contained: no script, no font or image from anywhere else; charts are inline SVG.
const style = `
${themeCss()}
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); font: 15px/1.5 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 32px 24px 48px; background: var(--paper); }
header { border-bottom: 3px solid var(--navy); margin-bottom: 24px; }
header .kind { margin: 0; color: var(--gold); font-weight: 600; letter-spacing: .08em; text-transform: uppercase; font-size: 12px; }
h1 { margin: 4px 0 8px; font-size: 26px; color: var(--navy); }
h2 { margin: 32px 0 12px; font-size: 19px; color: var(--navy); border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 0 0 6px; font-size: 16px; }
.meta, .note, figcaption, .muted { color: var(--muted); font-size: 13px; }
.summary p.lead { font-size: 16px; }
.coverage { border-left: 4px solid #c8963e; background: #fbf6ec; padding: 8px 12px; margin: 12px 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.tile .label { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.tile .value { font-size: 22px; font-weight: 600; margin: 2px 0; }
.tile .change { font-size: 12px; }
.up { color: var(--up); } .down { color: var(--down); } .flat, .unknown { color: var(--muted); }
figure.chart { margin: 16px 0; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figure.chart-missing { border: 1px dashed var(--down); padding: 12px; color: var(--down); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
article.recommendation { border: 1px solid var(--line); border-left: 4px solid var(--gold); border-radius: 6px; padding: 14px 16px; margin: 14px 0; }
.badges span { display: inline-block; font-size: 12px; border-radius: 10px; padding: 1px 8px; margin-right: 6px; background: var(--muted-wash); }
.badges .high { background: var(--up-wash); } .badges .low { background: #f6e7e8; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 10px 0; font-size: 14px; }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; }
code { font: 12px/1.4 "DejaVu Sans Mono", Menlo, Consolas, monospace; background: var(--panel); padding: 1px 4px; border-radius: 3px; word-break: break-word; }
.error { color: var(--down); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print {
  body { background: var(--paper); font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  .tile, figure, article.recommendation, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 16mm 14mm; }
`

async function chartFigure(chart: ReportChart): Promise<string> {
  try {
    const svg = await renderSvg(asChartSpec(chart.spec))
    return `<figure class="chart" data-chart-id="${escapeHtml(chart.id)}" role="img" aria-label="${escapeHtml(chart.title)}">${svg}<figcaption>${escapeHtml(chart.title)}</figcaption></figure>`
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return `<figure class="chart chart-missing" data-chart-id="${escapeHtml(chart.id)}">The chart “${escapeHtml(chart.title)}” could not be drawn: ${escapeHtml(reason)}</figure>`
  }
}

function table(data: Pick<ReportTable, 'columns' | 'rows'>): string {
  const head = data.columns.map((column) => `<th scope="col">${escapeHtml(column.label)}</th>`).join('')
  const body = data.rows
    .map(
      (row) =>
        `<tr>${data.columns
          .map((column) => {
            const value = row[column.key] ?? null
            return `<td${typeof value === 'number' ? ' class="number"' : ''}>${escapeHtml(formatCell(value))}</td>`
          })
          .join('')}</tr>`,
    )
    .join('')
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
}

function tile(entry: KpiTile, coverage: Report['coverage']): string {
  const change = (against: 'previous' | 'lastYear', label: string) =>
    `<div class="change ${changeDirection(entry, against)}">${escapeHtml(formatKpiChange(entry, against, coverage))} ${label}</div>`
  return (
    `<div class="tile" data-kpi="${escapeHtml(entry.kpi)}"><div class="label">${escapeHtml(entry.label)}</div>` +
    `<div class="value">${escapeHtml(formatKpiValue(entry.unit, entry.value, coverage))}</div>` +
    `${change('previous', 'vs previous period')}${change('lastYear', 'vs last year')}</div>`
  )
}

const evidenceText = (evidence: { tool: string; arguments: Record<string, unknown> }) =>
  `<code>${escapeHtml(evidence.tool)} ${escapeHtml(JSON.stringify(evidence.arguments))}</code>`

async function recommendationArticle(recommendation: Recommendation, index: number): Promise<string> {
  const details = recommendation.details
  return [
    `<article class="recommendation" id="${escapeHtml(recommendation.id)}">`,
    `<h3>${index + 1}. ${escapeHtml(recommendation.title)}</h3>`,
    `<p class="badges"><span>${escapeHtml(recommendation.area)}</span><span class="${recommendation.confidence.level}">${escapeHtml(recommendation.confidence.level)} confidence</span></p>`,
    `<p><strong>Action.</strong> ${escapeHtml(recommendation.action)}</p>`,
    `<p><strong>Why.</strong> ${escapeHtml(recommendation.rationale)}</p>`,
    '<dl>',
    `<dt>Estimated impact</dt><dd>${escapeHtml(recommendation.impact.summary)} <span class="muted">${escapeHtml(recommendation.impact.method)}</span></dd>`,
    `<dt>Confidence</dt><dd>${escapeHtml(recommendation.confidence.level)}: ${escapeHtml(recommendation.confidence.reason)}</dd>`,
    `<dt>Evidence</dt><dd>${recommendation.evidence.map(evidenceText).join('<br>')}</dd>`,
    '</dl>',
    details ? `<h4>${escapeHtml(details.title)}</h4>${table(details)}${details.note ? `<p class="note">${escapeHtml(details.note)}</p>` : ''}` : '',
    recommendation.chart ? await chartFigure(recommendationChart(recommendation.chart, recommendation.title, index)) : '',
    '</article>',
  ].join('')
}

/** The report as one self-contained HTML page: it opens from a file or a mail link with no server and prints cleanly. */
export async function renderHtml(report: Report, options: { reportId?: string } = {}): Promise<string> {
  const parts: string[] = []
  parts.push(
    `<header><p class="kind">${escapeHtml(reportDefinitions[report.kind].title)}</p><h1>${escapeHtml(report.title)}</h1>`,
    `<p class="meta">${escapeHtml(report.window.label)}, ${escapeHtml(formatPeriod(report.window))} · generated ${escapeHtml(formatTimestamp(report.generatedAt))} · ` +
      `personal data masked for the ${escapeHtml(report.role)} role${options.reportId ? ` · report ${escapeHtml(options.reportId)}` : ''}` +
      `${coverageLine(report.coverage) ? ` · ${escapeHtml(coverageLine(report.coverage)!)}` : ''}</p>` +
      `${report.coverage?.note ? `<p class="coverage" role="note">${escapeHtml(report.coverage.note)}</p>` : ''}</header>`,
    `<section class="summary"><h2>Summary</h2><p class="lead">${escapeHtml(report.summary.text)}</p><p class="note">${escapeHtml(report.summary.note)}</p></section>`,
  )
  if (report.kpis.length > 0) {
    parts.push(
      `<section class="kpis"><h2>Key figures</h2><div class="tiles">${report.kpis.map((entry) => tile(entry, report.coverage)).join('')}</div>`,
      report.kpiChart ? await chartFigure(report.kpiChart) : '',
      report.kpiEvidence ? `<p class="note">Source: ${evidenceText(report.kpiEvidence)}</p>` : '',
      '</section>',
    )
  }
  if (report.changes.length > 0) {
    parts.push('<section class="changes"><h2>What changed</h2>')
    for (const change of report.changes) {
      parts.push(
        `<h3>${escapeHtml(change.label)}: ${escapeHtml(formatKpiValue(change.unit, change.value))} (${escapeHtml(formatSignedValue(change.unit, change.change))}, ` +
          `${escapeHtml(formatChange(change.unit, change.change, change.changePercent))})</h3>`,
        `<p>By ${escapeHtml(change.dimension)}: ${change.drivers.map((driver) => `${escapeHtml(driver.member)} ${escapeHtml(formatSignedValue(change.unit, driver.change))}`).join('; ')}.</p>`,
        change.chart ? await chartFigure(change.chart) : '',
        `<p class="note">Source: ${evidenceText(change.evidence)}</p>`,
      )
    }
    parts.push('</section>')
  }
  for (const section of report.sections) {
    parts.push(`<section class="section" id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>`)
    if (section.error !== null) parts.push(`<p class="error">Could not be computed: ${escapeHtml(section.error)}</p>`)
    if (section.narration !== null) parts.push(`<p>${escapeHtml(section.narration)}</p>`)
    if (section.chart) parts.push(await chartFigure(section.chart))
    if (section.table) {
      parts.push(table(section.table))
      if (section.table.totalRows > section.table.rows.length) {
        parts.push(`<p class="note">${section.table.rows.length} of ${section.table.totalRows} rows shown.</p>`)
      }
    }
    parts.push(`<p class="note">Source: ${evidenceText(section.evidence)}</p></section>`)
  }
  parts.push('<section class="recommendations"><h2>Recommendations</h2>')
  if (report.recommendations.length === 0) parts.push('<p>No rule found a recommendation for this period.</p>')
  for (const [index, recommendation] of report.recommendations.entries()) parts.push(await recommendationArticle(recommendation, index))
  const quiet = report.rules.filter((rule) => rule.status !== 'recommended')
  if (quiet.length > 0) {
    parts.push(
      '<h3>Rules without a recommendation</h3>',
      table({
        columns: [
          { key: 'rule', label: 'Rule' },
          { key: 'status', label: 'Outcome' },
          { key: 'reason', label: 'Why' },
        ],
        rows: quiet.map((rule) => ({ rule: rule.rule, status: rule.status.replace(/_/g, ' '), reason: rule.reason })),
      }),
    )
  }
  parts.push('</section>')
  parts.push(`<section class="assumptions"><h2>Assumptions</h2><ul>${report.assumptions.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></section>`)
  parts.push('<footer>Generated by luxx-analyst from the vetted analytics tools; every figure comes from a tool result named beside it.</footer>')
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(report.title)}</title><style>${style}</style></head><body><main class="report">${parts.join('\n')}</main></body></html>\n`
  )
}

