import { z } from 'zod'
import { formatCostUsd, formatNumber, formatShare } from '../present/format.ts'
import type { Comparison } from './compare.ts'
import type { CaseResult, EvalResult, SuiteSummary } from './result-file.ts'
import { checkNames } from './score.ts'

/**
 * What a scorecard says, with every figure already formatted: the Markdown and HTML renderers only lay it
 * out, so both forms always carry the same figures and the same reasons.
 */
export interface ScorecardExtras {
  comparison?: Comparison
  comparedWith?: string
  thresholdProblems?: readonly string[]
}

const caseStatuses = ['passed', 'failed', 'skipped', 'error'] as const satisfies readonly CaseResult['status'][]

const scorecardTableSchema = z.object({
  header: z.array(z.string()).describe('Column titles.'),
  rows: z.array(z.array(z.string())).describe('One array of formatted cells per row, in the order of the header.'),
})
export type ScorecardTable = z.infer<typeof scorecardTableSchema>

const caseLineSchema = z.object({
  status: z.enum(caseStatuses).describe('How the case ended; renderers highlight failed and error.'),
  key: z.string().describe('suite/id, as the comparison names it.'),
  id: z.string().describe('The case id within its suite.'),
  area: z.string().describe('The catalog area of the case, or scope.'),
  question: z.string().describe('The question, after the earlier turns of its conversation when it is a follow-up.'),
  tools: z.string().describe('The tools called successfully in any run, comma-separated, or a dash.'),
  reasons: z.array(z.string()).describe('Why it failed, was skipped or could not run; empty when it passed.'),
})
export type ScorecardCase = z.infer<typeof caseLineSchema>

const caseChangeSchema = z.object({
  key: z.string().describe('suite/id of the case.'),
  question: z.string().describe('The case question.'),
  reasons: z.array(z.string()).describe('For a regression, the failures that are new; empty for a fix.'),
})

const comparisonSectionSchema = z.object({
  against: z.string().describe('The previous result file, or "the previous run".'),
  suites: scorecardTableSchema.nullable().describe('Pass rate before and after per suite in common; null when none is.'),
  regressions: z.array(caseChangeSchema).describe('Cases that passed before and fail now, or fail a check they passed.'),
  fixed: z.array(caseChangeSchema).describe('Cases that failed before and pass now.'),
  added: z.array(z.string()).describe('suite/id of cases the previous run did not have.'),
  removed: z.array(z.string()).describe('suite/id of cases no longer run.'),
})
export type ScorecardComparison = z.infer<typeof comparisonSectionSchema>

export const scorecardSchema = z.object({
  title: z.string().describe('The heading: provider and model.'),
  run: z.string().describe('When it ran, on which engine and data, how many runs per case, with which filter.'),
  suites: scorecardTableSchema.describe('Per suite: counts, pass rate, each check, consistency, latency, steps, tokens, cost.'),
  thresholds: z.array(z.string()).nullable().describe('The thresholds missed, empty when all are met; null when they were not checked.'),
  comparison: comparisonSectionSchema.nullable().describe('Against a previous result file, when one was given.'),
  areas: scorecardTableSchema.describe('Per suite and area: cases, passed, pass rate.'),
  caseSuites: z
    .array(z.object({ suite: z.string().describe('The suite name.'), cases: z.array(caseLineSchema).describe('Failures and errors first, then the rest, each in run order.') }))
    .describe('Every case, suite by suite.'),
})
export type Scorecard = z.infer<typeof scorecardSchema>

/** How a status reads in a scorecard. */
export const statusLabels: Record<CaseResult['status'], string> = { passed: 'pass', failed: 'FAIL', skipped: 'skip', error: 'ERROR' }

export const caseColumns = ['Status', 'Case', 'Area', 'Question', 'Tools called', 'Why it failed'] as const

export const isFailure = (status: CaseResult['status']) => status === 'failed' || status === 'error'

function suiteRow(summary: SuiteSummary): string[] {
  return [
    summary.suite,
    String(summary.cases),
    String(summary.passed),
    String(summary.failed),
    String(summary.skipped),
    String(summary.errors),
    formatShare(summary.passRate),
    ...checkNames.map((name) => formatShare(summary.checks[name])),
    summary.consistency === null ? 'n/a' : formatShare(summary.consistency),
    `${summary.latencyMs.median} / ${summary.latencyMs.p95}`,
    String(summary.averageSteps),
    formatNumber(summary.tokens),
    summary.costUsd === null ? 'unknown' : formatCostUsd(summary.costUsd),
  ]
}

function caseLine(result: CaseResult): ScorecardCase {
  const tools = [...new Set(result.runs.flatMap((run) => run.tools.filter((call) => call.ok).map((call) => call.name)))]
  return {
    status: result.status,
    key: `${result.suite}/${result.id}`,
    id: result.id,
    area: result.area,
    // A follow-up reads only with what came before it.
    question: [...result.conversation, result.question].join(' → '),
    tools: tools.join(', ') || '—',
    reasons: result.reasons,
  }
}

function comparisonSection(extras: ScorecardExtras): ScorecardComparison | null {
  const comparison = extras.comparison
  if (!comparison) return null
  return {
    against: extras.comparedWith ?? 'the previous run',
    suites:
      comparison.suites.length === 0
        ? null
        : { header: ['Suite', 'Before', 'After'], rows: comparison.suites.map((change) => [change.suite, formatShare(change.before), formatShare(change.after)]) },
    regressions: comparison.regressions,
    fixed: comparison.fixed,
    added: comparison.added,
    removed: comparison.removed,
  }
}

export function buildScorecard(result: EvalResult, extras: ScorecardExtras = {}): Scorecard {
  return {
    title: `Eval scorecard: ${result.provider} (${result.model})`,
    run:
      `Run ${result.startedAt} to ${result.finishedAt} on ${result.engine}, demo data ${result.scale} seed ${result.seed}, ` +
      `${result.repeat} run${result.repeat === 1 ? '' : 's'} per case${result.filter ? `, filter "${result.filter}"` : ''}.`,
    suites: {
      header: ['Suite', 'Cases', 'Passed', 'Failed', 'Skipped', 'Errors', 'Pass rate', ...checkNames, 'Consistency', 'Latency ms (median / p95)', 'Average steps', 'Tokens', 'Cost'],
      rows: result.suites.map(suiteRow),
    },
    thresholds: extras.thresholdProblems ? [...extras.thresholdProblems] : null,
    comparison: comparisonSection(extras),
    areas: {
      header: ['Suite', 'Area', 'Cases', 'Passed', 'Pass rate'],
      rows: result.suites.flatMap((summary) =>
        Object.entries(summary.areas).map(([area, group]) => [summary.suite, area, String(group.cases), String(group.passed), formatShare(group.passRate)]),
      ),
    },
    caseSuites: result.suites.map((summary) => {
      const cases = result.cases.filter((entry) => entry.suite === summary.suite)
      // Failures first: they are what a reader came for.
      const ordered = [...cases.filter((entry) => isFailure(entry.status)), ...cases.filter((entry) => !isFailure(entry.status))]
      return { suite: summary.suite, cases: ordered.map(caseLine) }
    }),
  }
}
