import { renderPng } from '../charts/render.ts'
import { asChartSpec } from '../charts/spec.ts'
import { formatPeriod, formatTimestamp } from '../present/format.ts'
import { coverageLine, formatChange, formatKpiChange, formatKpiValue, formatSignedValue } from '../present/kpi-figures.ts'
import { escapeMarkdown } from '../present/escape.ts'
import { markdownTable } from '../present/markdown-table.ts'
import { recommendationChart, type Report, type ReportChart, type ReportTable } from './report.ts'

export interface MarkdownImage {
  /** File name, relative to the Markdown file. */
  file: string
  title: string
  png: Buffer
}

export interface MarkdownReport {
  markdown: string
  images: MarkdownImage[]
}

const labelled = (data: Pick<ReportTable, 'columns' | 'rows'>) =>
  data.rows.map((row) => Object.fromEntries(data.columns.map((column) => [column.label, row[column.key] ?? null])))

const evidenceText = (evidence: { tool: string; arguments: Record<string, unknown> }) => `\`${evidence.tool} ${JSON.stringify(evidence.arguments)}\``

/**
 * The report as Markdown, its charts as PNG files to write beside it (linked by relative name, `imagePrefix` +
 * chart id). Without an image prefix (MCP, where there are no files) charts are named, not drawn; their specs
 * are in the JSON form. A chart that cannot be drawn is named in the text instead of linked.
 */
export async function renderMarkdown(report: Report, options: { imagePrefix?: string } = {}): Promise<MarkdownReport> {
  const images: MarkdownImage[] = []
  const chart = async (entry: ReportChart): Promise<string> => {
    if (options.imagePrefix === undefined) return `_Chart: ${escapeMarkdown(entry.title)} (its Vega-Lite spec is in the JSON form, id ${entry.id})._`
    try {
      const file = `${options.imagePrefix}${entry.id}.png`
      images.push({ file, title: entry.title, png: await renderPng(asChartSpec(entry.spec)) })
      return `![${escapeMarkdown(entry.title)}](${encodeURI(file)})`
    } catch (error) {
      return `_The chart “${escapeMarkdown(entry.title)}” could not be drawn: ${error instanceof Error ? error.message : String(error)}_`
    }
  }
  const lines: string[] = [
    `# ${escapeMarkdown(report.title)}`,
    '',
    `_${report.window.label}, ${formatPeriod(report.window)}; generated ${formatTimestamp(report.generatedAt)}; personal data masked for the ${report.role} role${coverageLine(report.coverage) ? `; ${coverageLine(report.coverage)}` : ''}._`,
    '',
    ...(report.coverage?.note ? [`> **Data coverage:** ${escapeMarkdown(report.coverage.note)}`, ''] : []),
    '## Summary',
    '',
    escapeMarkdown(report.summary.text),
    '',
    `_${escapeMarkdown(report.summary.note)}_`,
  ]
  if (report.kpis.length > 0) {
    lines.push('', '## Key figures', '')
    lines.push(
      markdownTable(
        report.kpis.map((tile) => ({
          KPI: tile.label,
          Value: formatKpiValue(tile.unit, tile.value, report.coverage),
          'vs previous period': formatKpiChange(tile, 'previous', report.coverage),
          'vs last year': formatKpiChange(tile, 'lastYear', report.coverage),
        })),
        report.kpis.length,
      ),
    )
    if (report.kpiChart) lines.push('', await chart(report.kpiChart))
    if (report.kpiEvidence) lines.push('', `Source: ${evidenceText(report.kpiEvidence)}`)
  }
  if (report.changes.length > 0) {
    lines.push('', '## What changed')
    for (const change of report.changes) {
      lines.push(
        '',
        `### ${change.label}: ${formatKpiValue(change.unit, change.value)} (${formatSignedValue(change.unit, change.change)}, ${formatChange(change.unit, change.change, change.changePercent)})`,
        '',
        `By ${change.dimension}: ${change.drivers.map((driver) => `${escapeMarkdown(driver.member)} ${formatSignedValue(change.unit, driver.change)}`).join('; ')}.`,
      )
      if (change.chart) lines.push('', await chart(change.chart))
      lines.push('', `Source: ${evidenceText(change.evidence)}`)
    }
  }
  for (const section of report.sections) {
    lines.push('', `## ${escapeMarkdown(section.title)}`, '')
    if (section.error !== null) lines.push(`**Could not be computed:** ${escapeMarkdown(section.error)}`, '')
    if (section.narration !== null) lines.push(escapeMarkdown(section.narration), '')
    if (section.chart) lines.push(await chart(section.chart), '')
    if (section.table) {
      lines.push(markdownTable(labelled(section.table), section.table.rows.length))
      if (section.table.totalRows > section.table.rows.length) lines.push('', `_${section.table.rows.length} of ${section.table.totalRows} rows shown._`)
      lines.push('')
    }
    lines.push(`Source: ${evidenceText(section.evidence)}`)
  }
  lines.push('', '## Recommendations')
  if (report.recommendations.length === 0) lines.push('', 'No rule found a recommendation for this period.')
  for (const [index, recommendation] of report.recommendations.entries()) {
    lines.push(
      '',
      `### ${index + 1}. ${escapeMarkdown(recommendation.title)}`,
      '',
      `_${recommendation.area}, ${recommendation.confidence.level} confidence._`,
      '',
      `**Action.** ${escapeMarkdown(recommendation.action)}`,
      '',
      `**Why.** ${escapeMarkdown(recommendation.rationale)}`,
      '',
      `**Estimated impact.** ${escapeMarkdown(recommendation.impact.summary)} ${escapeMarkdown(recommendation.impact.method)}`,
      '',
      `**Confidence.** ${recommendation.confidence.level}: ${escapeMarkdown(recommendation.confidence.reason)}`,
      '',
      `**Evidence.** ${recommendation.evidence.map(evidenceText).join(', ')}`,
    )
    if (recommendation.details) {
      lines.push('', `**${escapeMarkdown(recommendation.details.title)}**`, '', markdownTable(labelled(recommendation.details), recommendation.details.rows.length))
      if (recommendation.details.note) lines.push('', `_${escapeMarkdown(recommendation.details.note)}_`)
    }
    if (recommendation.chart) lines.push('', await chart(recommendationChart(recommendation.chart, recommendation.title, index)))
  }
  const quiet = report.rules.filter((rule) => rule.status !== 'recommended')
  if (quiet.length > 0) {
    lines.push('', '### Rules without a recommendation', '')
    lines.push(markdownTable(quiet.map((rule) => ({ Rule: rule.rule, Outcome: rule.status.replace(/_/g, ' '), Why: rule.reason })), quiet.length))
  }
  lines.push('', '## Assumptions', '', ...report.assumptions.map((line) => `- ${escapeMarkdown(line)}`), '')
  return { markdown: lines.join('\n'), images }
}

