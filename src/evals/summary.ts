import type { CaseResult, GroupSummary, SuiteSummary } from './result-file.ts'
import { perCheck } from './score.ts'

/** Per suite and per area: how many cases passed, each check's pass rate, consistency, latency, tokens and cost. */
function group(cases: readonly CaseResult[]): GroupSummary {
  const count = (status: CaseResult['status']) => cases.filter((result) => result.status === status).length
  const skipped = count('skipped')
  const passed = count('passed')
  const judged = cases.length - skipped
  return {
    cases: cases.length,
    passed,
    failed: count('failed'),
    skipped,
    errors: count('error'),
    passRate: judged === 0 ? 1 : round(passed / judged, 4),
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0
}

function summarizeSuite(suite: string, cases: readonly CaseResult[]): SuiteSummary {
  const scored = cases.filter((result) => result.status === 'passed' || result.status === 'failed')
  const runs = scored.flatMap((result) => result.runs)
  const repeated = scored.filter((result) => result.consistent !== null)
  const latencies = runs.map((run) => run.latencyMs).sort((a, b) => a - b)
  const costs = runs.map((run) => run.costUsd)
  const areas = [...new Set(cases.map((result) => result.area))].sort()
  return {
    suite,
    ...group(cases),
    checks: perCheck((name) => (scored.length === 0 ? 1 : round(scored.filter((result) => result.checks[name]).length / scored.length, 4))),
    consistency: repeated.length === 0 ? null : round(repeated.filter((result) => result.consistent).length / repeated.length, 4),
    areas: Object.fromEntries(areas.map((area) => [area, group(cases.filter((result) => result.area === area))])),
    latencyMs: { median: Math.round(percentile(latencies, 0.5)), p95: Math.round(percentile(latencies, 0.95)) },
    averageSteps: runs.length === 0 ? 0 : round(runs.reduce((sum, run) => sum + run.steps, 0) / runs.length, 2),
    tokens: runs.reduce((sum, run) => sum + run.inputTokens + run.outputTokens, 0),
    // Unknown when any run's price is unknown: a partial sum would understate it.
    costUsd: costs.some((cost) => cost === null) ? null : round(costs.reduce((sum: number, cost) => sum + (cost ?? 0), 0), 6),
  }
}

/** One summary per suite, in the order the suites ran. */
export function summarize(cases: readonly CaseResult[]): SuiteSummary[] {
  const suites = [...new Set(cases.map((result) => result.suite))]
  return suites.map((suite) => summarizeSuite(suite, cases.filter((result) => result.suite === suite)))
}
