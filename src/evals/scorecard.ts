import type { EvalResult } from './result-file.ts'
import { buildScorecard, caseColumns, isFailure, statusLabels, type ScorecardCase, type ScorecardComparison, type ScorecardExtras, type ScorecardTable } from './scorecard-model.ts'

export type { ScorecardExtras } from './scorecard-model.ts'

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')

function table({ header, rows }: ScorecardTable): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n')
}

function caseRow(line: ScorecardCase): string[] {
  const status = isFailure(line.status) ? `**${statusLabels[line.status]}**` : statusLabels[line.status]
  return [status, line.id, line.area, line.question, line.tools, line.reasons.join('; ')]
}

function comparisonSection(comparison: ScorecardComparison): string[] {
  const lines = [`## Compared with ${comparison.against}`, '']
  lines.push(comparison.suites ? table(comparison.suites) : 'No suite in common.', '')
  lines.push(`### Regressions (${comparison.regressions.length})`, '')
  lines.push(...(comparison.regressions.length === 0 ? ['None.'] : comparison.regressions.map((change) => `- \`${change.key}\` ${change.question}: ${change.reasons.join('; ')}`)), '')
  lines.push(`### Fixed (${comparison.fixed.length})`, '')
  lines.push(...(comparison.fixed.length === 0 ? ['None.'] : comparison.fixed.map((change) => `- \`${change.key}\` ${change.question}`)), '')
  if (comparison.added.length > 0) lines.push(`New cases: ${comparison.added.join(', ')}`, '')
  if (comparison.removed.length > 0) lines.push(`Cases no longer run: ${comparison.removed.join(', ')}`, '')
  return lines
}

/**
 * The Markdown scorecard of a run: per suite (pass rate, each check, consistency, latency, tokens, cost),
 * the thresholds missed, the comparison with a previous run, per area, then every case with the reason of
 * each failure. The figures come from scorecard-model.ts, shared with the HTML form.
 */
export function renderScorecard(result: EvalResult, extras: ScorecardExtras = {}): string {
  const scorecard = buildScorecard(result, extras)
  const lines = [`# ${scorecard.title}`, '', scorecard.run, '', '## Suites', '', table(scorecard.suites), '']
  if (scorecard.thresholds) {
    lines.push('## Thresholds', '', ...(scorecard.thresholds.length === 0 ? ['All thresholds met.'] : scorecard.thresholds.map((problem) => `- ${problem}`)), '')
  }
  if (scorecard.comparison) lines.push(...comparisonSection(scorecard.comparison))
  lines.push('## Areas', '', table(scorecard.areas), '')
  for (const { suite, cases } of scorecard.caseSuites) {
    lines.push(`## Cases: ${suite}`, '', table({ header: [...caseColumns], rows: cases.map(caseRow) }), '')
  }
  return `${lines.join('\n').trimEnd()}\n`
}
