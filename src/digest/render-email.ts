import mjml2html from 'mjml'
import { formatPeriod } from '../present/format.ts'
import { coverageLine, formatChange, formatKpiChange, formatKpiValue, formatSignedValue } from '../present/kpi-figures.ts'
import { formatCell } from '../present/table-cell.ts'
import { colors } from '../present/theme.ts'
import type { Recommendation } from '../recommendations/recommendation.ts'
import { escapeHtml } from '../present/escape.ts'
import { dayWithWeekday } from '../reports/coverage.ts'
import type { Report, ReportSection } from '../reports/report.ts'

export interface EmailChart {
  cid: string
  title: string
}

export interface EmailParts {
  subject: string
  html: string
  text: string
}

export type EmailOutcome = { ok: true; email: EmailParts } | { ok: false; error: string }

const topRecommendations = 3

function anomalyLines(section: ReportSection | undefined): string[] {
  if (!section) return []
  if (section.error !== null) return [`Could not be computed: ${section.error}`]
  if (!section.table || section.table.rows.length === 0) return [section.narration ?? 'No unusual days.']
  return section.table.rows.map(
    (row) =>
      `${formatCell(row.date ?? null)}: revenue ${formatCell(row.actual ?? null)} against an expected ${formatCell(row.expected ?? null)} ` +
      `(band ${formatCell(row.lower ?? null)} to ${formatCell(row.upper ?? null)}), ${formatCell(row.direction ?? null)}`,
  )
}

function changeLines(report: Report): string[] {
  return report.changes.map(
    (change) =>
      `${change.label} ${formatChange(change.unit, change.change, change.changePercent)} (${formatSignedValue(change.unit, change.change)}, now ${formatKpiValue(change.unit, change.value)}); ` +
      `by ${change.dimension}: ${change.drivers.map((driver) => `${driver.member} ${formatSignedValue(change.unit, driver.change)}`).join(', ')}`,
  )
}

/** What "What changed" says when there is no change to list. */
function noChanges(report: Report): string {
  if (report.coverage?.withheld.includes('previous')) {
    return report.coverage.status === 'no_data' ? 'Nothing to compare: this week has no sales yet.' : 'Changes on the previous week are withheld: the data does not cover this whole week.'
  }
  return 'No KPI moved on the previous week.'
}

/** The subject: the week's revenue and its change, or what the data does not cover. */
function subjectOf(report: Report, period: string): string {
  const revenue = report.kpis.find((tile) => tile.kpi === 'revenue')
  const coverage = report.coverage
  if (coverage?.status === 'no_data') return `Weekly insight ${period}: no sales recorded yet${coverage.last ? ` (data ends ${coverage.last})` : ''}`
  if (!revenue || revenue.value === null) return `Weekly insight ${period}`
  const value = formatKpiValue(revenue.unit, revenue.value)
  if (coverage?.status === 'partial' && coverage.last) return `Weekly insight ${period}: revenue ${value} up to ${dayWithWeekday(coverage.last)} (partial week, no comparison)`
  if (coverage?.withheld.includes('previous')) return `Weekly insight ${period}: revenue ${value}`
  return `Weekly insight ${period}: revenue ${value} (${formatKpiChange(revenue, 'previous', coverage)} week on week)`
}

const recommendationLine = (recommendation: Recommendation) =>
  `${recommendation.action} Estimated impact: ${recommendation.impact.summary} (${recommendation.confidence.level} confidence)`

function text(report: Report, period: string, link: string | null): string {
  const lines = [
    `Weekly insight ${period} (${formatPeriod(report.window)})`,
    ...(report.coverage?.note ? ['', `DATA COVERAGE: ${report.coverage.note}`] : []),
    ...(coverageLine(report.coverage) ? [`(${coverageLine(report.coverage)})`] : []),
    '',
    report.summary.text,
    '',
    'Key figures (vs the previous week, vs the same week last year)',
    ...report.kpis.map(
      (tile) =>
        `- ${tile.label}: ${formatKpiValue(tile.unit, tile.value, report.coverage)} (${formatKpiChange(tile, 'previous', report.coverage)}, ${formatKpiChange(tile, 'lastYear', report.coverage)})`,
    ),
    '',
    'What changed',
    ...(report.changes.length > 0 ? changeLines(report).map((line) => `- ${line}`) : [`- ${noChanges(report)}`]),
    '',
    'Unusual days',
    ...anomalyLines(report.sections.find((section) => section.id === 'anomalies')).map((line) => `- ${line}`),
    '',
    'Top recommendations',
    ...(report.recommendations.length > 0
      ? report.recommendations.slice(0, topRecommendations).flatMap((recommendation, index) => [`${index + 1}. ${recommendation.title}`, `   ${recommendationLine(recommendation)}`])
      : ['- No rule found a recommendation this week.']),
    '',
    link ? `Full report: ${link}` : 'The full report is stored with the digest (luxx-analyst report list).',
  ]
  return `${lines.join('\n')}\n`
}

function tileColumn(tile: Report['kpis'][number], coverage: Report['coverage']): string {
  const color = (change: number | null) => (change === null || change === 0 ? colors.muted : change > 0 ? colors.up : colors.down)
  return (
    `<mj-column width="50%" padding="6px"><mj-text padding="10px 12px" container-background-color="${colors.paper}" css-class="tile">` +
    `<div style="font-size:11px;letter-spacing:.04em;text-transform:uppercase;color:${colors.muted}">${escapeHtml(tile.label)}</div>` +
    `<div style="font-size:22px;font-weight:bold;color:${colors.ink};margin:2px 0">${escapeHtml(formatKpiValue(tile.unit, tile.value, coverage))}</div>` +
    `<div style="font-size:12px;color:${color(tile.changeVsPrevious)}">${escapeHtml(formatKpiChange(tile, 'previous', coverage))} week on week</div>` +
    `<div style="font-size:12px;color:${color(tile.changeVsLastYear)}">${escapeHtml(formatKpiChange(tile, 'lastYear', coverage))} year on year</div>` +
    '</mj-text></mj-column>'
  )
}

/**
 * The digest as an e-mail: MJML (table-based HTML with inline styles, as mail clients need; no script, charts as
 * cid: PNG images) and a plain-text alternative with the same figures, all copied from the stored weekly report.
 */
export async function renderEmail(report: Report, options: { period: string; charts: EmailChart[]; link: string | null }): Promise<EmailOutcome> {
  const subject = subjectOf(report, options.period)
  const section = (content: string, background: string = colors.paper) => `<mj-section background-color="${background}" padding="8px 16px">${content}</mj-section>`
  const heading = (title: string) => `<mj-text font-size="17px" font-weight="bold" color="${colors.navy}" padding="16px 12px 4px">${escapeHtml(title)}</mj-text>`
  const paragraph = (content: string) => `<mj-text padding="4px 12px">${content}</mj-text>`
  const list = (lines: string[]) => paragraph(`<ul style="margin:0;padding-left:18px">${lines.map((line) => `<li style="margin:4px 0">${escapeHtml(line)}</li>`).join('')}</ul>`)
  const image = (chart: EmailChart) =>
    `<mj-image src="cid:${escapeHtml(chart.cid)}" alt="${escapeHtml(chart.title)}" title="${escapeHtml(chart.title)}" width="576px" padding="8px 12px" />`
  const tiles: string[] = []
  for (let index = 0; index < report.kpis.length; index += 2) tiles.push(section(report.kpis.slice(index, index + 2).map((tile) => tileColumn(tile, report.coverage)).join(''), colors.panel))
  const recommendations = report.recommendations.slice(0, topRecommendations)
  const source = [
    '<mjml><mj-head>',
    `<mj-title>${escapeHtml(subject)}</mj-title>`,
    `<mj-preview>${escapeHtml(report.summary.text.slice(0, 140))}</mj-preview>`,
    `<mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="14px" line-height="1.5" color="${colors.ink}" /></mj-attributes>`,
    `</mj-head><mj-body background-color="${colors.page}" width="640px">`,
    section(
      `<mj-column><mj-text color="${colors.gold}" font-size="12px" letter-spacing="1px" padding="8px 12px 0">WEEKLY INSIGHT · ${escapeHtml(options.period)}</mj-text>` +
        `<mj-text color="${colors.paper}" font-size="22px" font-weight="bold" padding="4px 12px 8px">${escapeHtml(formatPeriod(report.window))}</mj-text></mj-column>`,
      colors.navy,
    ),
    ...(report.coverage?.note
      ? [
          section(
            `<mj-column><mj-text padding="10px 12px" font-size="15px" font-weight="bold" color="${colors.ink}" container-background-color="#fbf1dc" css-class="coverage">` +
              `Data coverage: ${escapeHtml(report.coverage.note)}</mj-text></mj-column>`,
          ),
        ]
      : []),
    section(`<mj-column>${paragraph(escapeHtml(report.summary.text))}</mj-column>`),
    section(`<mj-column>${heading('Key figures')}</mj-column>`),
    ...tiles,
    section(
      `<mj-column>${heading('What changed')}${report.changes.length > 0 ? list(changeLines(report)) : paragraph(escapeHtml(noChanges(report)))}` +
        `${options.charts.map(image).join('')}</mj-column>`,
    ),
    section(`<mj-column>${heading('Unusual days')}${list(anomalyLines(report.sections.find((entry) => entry.id === 'anomalies')))}</mj-column>`),
    section(
      `<mj-column>${heading('Top recommendations')}` +
        (recommendations.length > 0
          ? recommendations
              .map(
                (recommendation, index) =>
                  paragraph(`<strong>${index + 1}. ${escapeHtml(recommendation.title)}</strong><br />${escapeHtml(recommendationLine(recommendation))}`),
              )
              .join('')
          : paragraph('No rule found a recommendation this week.')) +
        '</mj-column>',
    ),
    section(
      `<mj-column>${
        options.link
          ? `<mj-button href="${escapeHtml(options.link)}" background-color="${colors.navy}" color="${colors.paper}" font-size="15px" padding="16px 12px">Open the full report</mj-button>`
          : paragraph('The full report is stored with the digest (luxx-analyst report list).')
      }<mj-text font-size="12px" color="${colors.muted}" padding="8px 12px 16px">Every figure comes from the analyst's vetted tools; the full report names the tool and arguments behind each one. ${escapeHtml(report.summary.note)}</mj-text></mj-column>`,
    ),
    '</mj-body></mjml>',
  ].join('\n')
  // mjml 4 renders synchronously and its types describe mjml 5's promise: awaiting covers both.
  const rendered = await mjml2html(source, { validationLevel: 'strict', keepComments: false })
  if (rendered.errors.length > 0) {
    return { ok: false, error: `The e-mail template is invalid: ${rendered.errors.map((error) => error.formattedMessage).join('; ')}` }
  }
  return { ok: true, email: { subject, html: rendered.html, text: text(report, options.period, options.link) } }
}
