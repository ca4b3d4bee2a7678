import type { AgentDependencies } from '../agent/pipeline.ts'
import type { ModelProvider } from '../agent/providers/provider.ts'
import type { EvalCase, EvalSuite, FixtureName } from './case-schema.ts'
import { isConsistent } from './consistency.ts'
import { loadContactDirectory } from './contact-directory.ts'
import { expectedFacts, type ExpectedFact } from './expected-facts.ts'
import { fixtures } from './fixtures.ts'
import type { CaseResult, EvalResult, RunRecord } from './result-file.ts'
import { runCase, type RunCaseOutcome } from './run-case.ts'
import { perCheck } from './score.ts'
import { summarize } from './summary.ts'
import { runPool } from './worker-pool.ts'

/**
 * Runs suites against one provider on an already seeded database: computes each case's expected facts, asks
 * its questions (each case `repeat` times), scores the answers and summarizes. Suites that need a fixture run
 * after the others, with the fixture applied once, so planted data never changes another suite's answers.
 */
export interface RunEvalsOptions {
  runtime: AgentDependencies
  provider: ModelProvider
  suites: readonly EvalSuite[]
  repeat?: number
  concurrency?: number
  /** Only cases whose suite/id, area or question contains this text (any letter case). */
  filter?: string
  budgetMs?: number
  onProgress?: (done: number, total: number, label: string) => void
  /** Where the data came from, for the result file. */
  data: { engine: string; scale: string; seed: number }
}

const offlineSkipNote =
  'Needs a model: the offline planner answers only with the vetted tools\' narrations and does not give open-ended advice.'

function matchesFilter(suite: string, evalCase: EvalCase, filter: string | undefined): boolean {
  if (!filter) return true
  const wanted = filter.toLowerCase()
  return [`${suite}/${evalCase.id}`, evalCase.area, evalCase.question].some((text) => text.toLowerCase().includes(wanted))
}

/** A case ready to run, or why it will not: its facts could not be computed, or it needs a model. */
type PlannedCase = { suite: string; evalCase: EvalCase; facts: ExpectedFact[] } & (
  | { kind: 'run' }
  | { kind: 'skipped' | 'error'; reason: string }
)

function resultOf(planned: PlannedCase, fields: Pick<CaseResult, 'status' | 'reasons' | 'checks' | 'runs' | 'consistent'>): CaseResult {
  const { evalCase } = planned
  return {
    suite: planned.suite,
    id: evalCase.id,
    area: evalCase.area,
    conversation: evalCase.conversation,
    question: evalCase.question,
    behaviour: evalCase.behaviour,
    expected: planned.facts.map((fact) =>
      fact.kind === 'number' ? { name: fact.name, value: fact.value, tolerance: fact.tolerance } : { name: fact.name, value: fact.value },
    ),
    ...fields,
  }
}

function unscored(planned: PlannedCase, status: 'skipped' | 'error', reason: string): CaseResult {
  return resultOf(planned, { status, reasons: [reason], checks: perCheck(() => false), runs: [], consistent: null })
}

function combine(planned: PlannedCase, outcomes: readonly RunCaseOutcome[]): CaseResult {
  const runs: RunRecord[] = []
  for (const outcome of outcomes) {
    if (!outcome.ok) return unscored(planned, 'error', outcome.error)
    runs.push(outcome.run)
  }
  const failedRuns = runs.filter((run) => !run.passed)
  const reasons = [...new Set(failedRuns.flatMap((run) => run.reasons))]
  if (failedRuns.length > 0 && runs.length > 1) reasons.unshift(`failed ${failedRuns.length} of ${runs.length} runs`)
  return resultOf(planned, {
    status: failedRuns.length === 0 ? 'passed' : 'failed',
    reasons,
    checks: perCheck((name) => runs.every((run) => run.checks[name])),
    runs,
    consistent: isConsistent(runs),
  })
}

async function plan(options: RunEvalsOptions, suite: EvalSuite, evalCase: EvalCase): Promise<PlannedCase> {
  const outcome = await expectedFacts(options.runtime.database.sql, evalCase)
  if (!outcome.ok) return { suite: suite.suite, evalCase, facts: [], kind: 'error', reason: outcome.error }
  if (evalCase.requires_model && options.provider.name === 'local') {
    const reason = evalCase.note ? `${offlineSkipNote} (${evalCase.note})` : offlineSkipNote
    return { suite: suite.suite, evalCase, facts: outcome.facts, kind: 'skipped', reason }
  }
  return { suite: suite.suite, evalCase, facts: outcome.facts, kind: 'run' }
}

export async function runEvals(options: RunEvalsOptions): Promise<EvalResult> {
  const startedAt = new Date().toISOString()
  const repeat = Math.max(1, options.repeat ?? 1)
  const { sql } = options.runtime.database
  const contacts = await loadContactDirectory(sql)
  // Suites without a fixture first, in their given order; then those that change the data.
  const ordered = [...options.suites.filter((suite) => !suite.fixture), ...options.suites.filter((suite) => suite.fixture)]
  const selected = ordered.map((suite) => ({ suite, cases: suite.cases.filter((evalCase) => matchesFilter(suite.suite, evalCase, options.filter)) }))
  const total = selected.reduce((sum, { cases }) => sum + cases.length * repeat, 0)
  const applied = new Set<FixtureName>()
  const results: CaseResult[] = []
  let done = 0

  for (const { suite, cases } of selected) {
    if (cases.length === 0) continue
    if (suite.fixture && !applied.has(suite.fixture)) {
      await fixtures[suite.fixture](sql)
      applied.add(suite.fixture)
    }
    const planned: PlannedCase[] = []
    for (const evalCase of cases) planned.push(await plan(options, suite, evalCase))
    const runnable = planned.filter((entry) => entry.kind === 'run')
    done += (planned.length - runnable.length) * repeat
    const tasks = runnable.flatMap((entry) =>
      Array.from({ length: repeat }, () => () =>
        runCase({
          runtime: options.runtime,
          provider: options.provider,
          evalCase: entry.evalCase,
          facts: entry.facts,
          contacts,
          ...(options.budgetMs ? { budgetMs: options.budgetMs } : {}),
        }),
      ),
    )
    const outcomes = await runPool(tasks, options.concurrency ?? 1, () => options.onProgress?.(++done, total, suite.suite))
    let next = 0
    for (const entry of planned) {
      if (entry.kind !== 'run') {
        results.push(unscored(entry, entry.kind, entry.reason))
        continue
      }
      results.push(combine(entry, outcomes.slice(next, next + repeat)))
      next += repeat
    }
  }

  return {
    version: 1,
    provider: options.provider.name,
    model: options.provider.model,
    engine: options.data.engine,
    scale: options.data.scale,
    seed: options.data.seed,
    repeat,
    filter: options.filter ?? null,
    startedAt,
    finishedAt: new Date().toISOString(),
    suites: summarize(results),
    cases: results,
  }
}
