import { themeCss } from '../present/theme.ts'
import { escapeHtml } from '../present/escape.ts'
import type { EvalResult } from './result-file.ts'
import { buildScorecard, caseColumns, statusLabels, type ScorecardCase, type ScorecardComparison, type ScorecardExtras, type ScorecardTable } from './scorecard-model.ts'

// Self-contained: it opens from a CI artifact or a file with no server, no script, no font from anywhere else.
const style = `
${themeCss()}
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); font: 14px/1.5 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 28px 24px 48px; background: var(--paper); }
h1 { margin: 0 0 6px; font-size: 24px; color: var(--navy); }
h2 { margin: 32px 0 10px; font-size: 18px; color: var(--navy); border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 18px 0 6px; font-size: 15px; }
.meta, footer { color: var(--muted); font-size: 13px; }
div.wide { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.failed td, tr.error td { background: var(--down-wash); }
tr.failed td:first-child, tr.error td:first-child { border-left: 4px solid var(--down); }
.status { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; }
.status.passed { background: var(--up-wash); color: var(--up); } .status.skipped { background: var(--muted-wash); color: var(--muted); }
.status.failed, .status.error { background: var(--down); color: var(--paper); }
ul.reasons { margin: 0; padding-left: 18px; color: var(--down); }
tr.skipped ul.reasons { color: var(--muted); }
ul.problems li, li.regression { color: var(--down); }
p.ok { color: var(--up); }
code { font: 12px/1.4 "DejaVu Sans Mono", Menlo, Consolas, monospace; background: var(--panel); padding: 1px 4px; border-radius: 3px; }
footer { margin-top: 36px; }
@media print { body { background: var(--paper); } main { max-width: none; padding: 0; } tr { break-inside: avoid; } }
`

const numeric = /^(?:[$]?[\d.,]+%?(?: \/ [\d.,]+)?|n\/a|unknown)$/

function tableOf(header: readonly string[], rows: readonly string[]): string {
  const head = header.map((title) => `<th scope="col">${escapeHtml(title)}</th>`).join('')
  return `<div class="wide"><table><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`
}

function table({ header, rows }: ScorecardTable): string {
  return tableOf(
    header,
    rows.map((row) => `<tr>${row.map((value) => `<td${numeric.test(value) ? ' class="number"' : ''}>${escapeHtml(value)}</td>`).join('')}</tr>`),
  )
}

/** A list of items already written as HTML (their text escaped by the caller). */
const list = (htmlItems: readonly string[], className?: string) =>
  `<ul${className ? ` class="${className}"` : ''}>${htmlItems.map((item) => `<li>${item}</li>`).join('')}</ul>`

function caseRow(line: ScorecardCase): string {
  const reasons = line.reasons.length === 0 ? '' : list(line.reasons.map(escapeHtml), 'reasons')
  return (
    `<tr class="${line.status}" id="${escapeHtml(line.key)}"><td><span class="status ${line.status}">${escapeHtml(statusLabels[line.status])}</span></td>` +
    [line.id, line.area, line.question, line.tools].map((value) => `<td>${escapeHtml(value)}</td>`).join('') +
    `<td>${reasons}</td></tr>`
  )
}

function comparisonSection(comparison: ScorecardComparison): string {
  const parts = [`<section class="comparison"><h2>Compared with ${escapeHtml(comparison.against)}</h2>`]
  parts.push(comparison.suites ? table(comparison.suites) : '<p>No suite in common.</p>')
  parts.push(`<h3>Regressions (${comparison.regressions.length})</h3>`)
  parts.push(
    comparison.regressions.length === 0
      ? '<p class="ok">None.</p>'
      : `<ul>${comparison.regressions
          .map((change) => `<li class="regression"><code>${escapeHtml(change.key)}</code> ${escapeHtml(change.question)}${list(change.reasons.map(escapeHtml), 'reasons')}</li>`)
          .join('')}</ul>`,
  )
  parts.push(`<h3>Fixed (${comparison.fixed.length})</h3>`)
  parts.push(
    comparison.fixed.length === 0
      ? '<p>None.</p>'
      : list(comparison.fixed.map((change) => `<code>${escapeHtml(change.key)}</code> ${escapeHtml(change.question)}`)),
  )
  if (comparison.added.length > 0) parts.push(`<p>New cases: ${escapeHtml(comparison.added.join(', '))}</p>`)
  if (comparison.removed.length > 0) parts.push(`<p>Cases no longer run: ${escapeHtml(comparison.removed.join(', '))}</p>`)
  parts.push('</section>')
  return parts.join('\n')
}

/** The scorecard as one HTML page: the same figures and reasons as the Markdown form, failures highlighted. */
export function renderScorecardHtml(result: EvalResult, extras: ScorecardExtras = {}): string {
  const scorecard = buildScorecard(result, extras)
  const parts = [
    `<header><h1>${escapeHtml(scorecard.title)}</h1><p class="meta">${escapeHtml(scorecard.run)}</p></header>`,
    `<section class="suites"><h2>Suites</h2>${table(scorecard.suites)}</section>`,
  ]
  if (scorecard.thresholds) {
    parts.push(
      `<section class="thresholds"><h2>Thresholds</h2>${
        scorecard.thresholds.length === 0 ? '<p class="ok">All thresholds met.</p>' : list(scorecard.thresholds.map(escapeHtml), 'problems')
      }</section>`,
    )
  }
  if (scorecard.comparison) parts.push(comparisonSection(scorecard.comparison))
  parts.push(`<section class="areas"><h2>Areas</h2>${table(scorecard.areas)}</section>`)
  for (const { suite, cases } of scorecard.caseSuites) {
    parts.push(`<section class="cases"><h2>Cases: ${escapeHtml(suite)}</h2>${tableOf(caseColumns, cases.map(caseRow))}</section>`)
  }
  parts.push('<footer>Written by luxx-analyst eval; the JSON result beside this file holds every run in full.</footer>')
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(scorecard.title)}</title><style>${style}</style></head><body><main class="scorecard">\n${parts.join('\n')}\n</main></body></html>\n`
  )
}
