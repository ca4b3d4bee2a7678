import type { Comparison } from './compare.ts'
import type { CaseResult, EvalResult, SuiteSummary } from './result-file.ts'
import { checkNames } from './score.ts'

/**
 * The Markdown scorecard of a run: per suite (pass rate, each check, consistency, latency, tokens, cost),
 * per area, the comparison with a previous run and the thresholds missed, then every case with the reason
 * of each failure.
 */
export interface ScorecardExtras {
  comparison?: Comparison
  comparedWith?: string
  thresholdProblems?: readonly string[]
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
const statusMark: Record<CaseResult['status'], string> = { passed: 'pass', failed: '**FAIL**', skipped: 'skip', error: '**ERROR**' }

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n')
}

function suiteRow(summary: SuiteSummary): string[] {
  return [
    summary.suite,
    String(summary.cases),
    String(summary.passed),
    String(summary.failed),
    String(summary.skipped),
    String(summary.errors),
    percent(summary.passRate),
    ...checkNames.map((name) => percent(summary.checks[name])),
    summary.consistency === null ? 'n/a' : percent(summary.consistency),
    `${summary.latencyMs.median} / ${summary.latencyMs.p95}`,
    String(summary.averageSteps),
    summary.tokens.toLocaleString('en-US'),
    summary.costUsd === null ? 'unknown' : `$${summary.costUsd.toFixed(4)}`,
  ]
}

function caseRow(result: CaseResult): string[] {
  const tools = [...new Set(result.runs.flatMap((run) => run.tools.filter((call) => call.ok).map((call) => call.name)))]
  // A follow-up reads only with what came before it.
  const question = [...result.conversation, result.question].join(' → ')
  return [statusMark[result.status], result.id, result.area, question, tools.join(', ') || '—', result.reasons.join('; ') || '']
}

function comparisonSection(extras: ScorecardExtras): string[] {
  const comparison = extras.comparison
  if (!comparison) return []
  const lines = [`## Compared with ${extras.comparedWith ?? 'the previous run'}`, '']
  lines.push(
    comparison.suites.length === 0
      ? 'No suite in common.'
      : table(['Suite', 'Before', 'After'], comparison.suites.map((change) => [change.suite, percent(change.before), percent(change.after)])),
    '',
  )
  lines.push(`### Regressions (${comparison.regressions.length})`, '')
  lines.push(...(comparison.regressions.length === 0 ? ['None.'] : comparison.regressions.map((change) => `- \`${change.key}\` ${change.question}: ${change.reasons.join('; ')}`)), '')
  lines.push(`### Fixed (${comparison.fixed.length})`, '')
  lines.push(...(comparison.fixed.length === 0 ? ['None.'] : comparison.fixed.map((change) => `- \`${change.key}\` ${change.question}`)), '')
  if (comparison.added.length > 0) lines.push(`New cases: ${comparison.added.join(', ')}`, '')
  if (comparison.removed.length > 0) lines.push(`Cases no longer run: ${comparison.removed.join(', ')}`, '')
  return lines
}

export function renderScorecard(result: EvalResult, extras: ScorecardExtras = {}): string {
  const lines = [
    `# Eval scorecard: ${result.provider} (${result.model})`,
    '',
    `Run ${result.startedAt} to ${result.finishedAt} on ${result.engine}, demo data ${result.scale} seed ${result.seed}, ` +
      `${result.repeat} run${result.repeat === 1 ? '' : 's'} per case${result.filter ? `, filter "${result.filter}"` : ''}.`,
    '',
    '## Suites',
    '',
    table(
      ['Suite', 'Cases', 'Passed', 'Failed', 'Skipped', 'Errors', 'Pass rate', ...checkNames, 'Consistency', 'Latency ms (median / p95)', 'Average steps', 'Tokens', 'Cost'],
      result.suites.map(suiteRow),
    ),
    '',
  ]
  if (extras.thresholdProblems) {
    lines.push('## Thresholds', '', ...(extras.thresholdProblems.length === 0 ? ['All thresholds met.'] : extras.thresholdProblems.map((problem) => `- ${problem}`)), '')
  }
  lines.push(...comparisonSection(extras))
  lines.push('## Areas', '')
  lines.push(
    table(
      ['Suite', 'Area', 'Cases', 'Passed', 'Pass rate'],
      result.suites.flatMap((summary) =>
        Object.entries(summary.areas).map(([area, group]) => [summary.suite, area, String(group.cases), String(group.passed), percent(group.passRate)]),
      ),
    ),
    '',
  )
  for (const summary of result.suites) {
    const cases = result.cases.filter((entry) => entry.suite === summary.suite)
    // Failures first: they are what a reader came for.
    const ordered = [...cases.filter((entry) => entry.status === 'failed' || entry.status === 'error'), ...cases.filter((entry) => entry.status === 'passed' || entry.status === 'skipped')]
    lines.push(`## Cases: ${summary.suite}`, '', table(['Status', 'Case', 'Area', 'Question', 'Tools called', 'Why it failed'], ordered.map(caseRow)), '')
  }
  return `${lines.join('\n').trimEnd()}\n`
}
