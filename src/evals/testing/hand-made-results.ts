import type { CaseResult, EvalResult, RunRecord } from '../result-file.ts'
import { perCheck } from '../score.ts'
import { summarize } from '../summary.ts'

/** One passing run of a case, as the runner records it: a weekday question answered with one tool. */
export function handMadeRun(fields: Partial<RunRecord> = {}): RunRecord {
  return {
    passed: true,
    reasons: [],
    checks: perCheck(() => true),
    tools: [{ name: 'sales_by_weekday', arguments: {}, ok: true }],
    facts: {},
    steps: 2,
    latencyMs: 100,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    text: 'Thursday is the strongest day.',
    ...fields,
  }
}

/** A result file of the offline planner on the small PGlite data holding these cases. */
export function handMadeResult(cases: CaseResult[]): EvalResult {
  return {
    version: 1,
    provider: 'local',
    model: 'offline-planner',
    engine: 'pglite',
    scale: 'small',
    seed: 42,
    repeat: 1,
    filter: null,
    startedAt: '2026-11-01T00:00:00.000Z',
    finishedAt: '2026-11-01T00:01:00.000Z',
    suites: summarize(cases),
    cases,
  }
}
