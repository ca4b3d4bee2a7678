import type { CaseResult, EvalResult } from './result-file.ts'
import { checkNames } from './score.ts'

/**
 * A run against a previous result file: which cases regressed (passed before, fail now, or fail a check they
 * passed), which were fixed, which are new or gone, and how each suite's pass rate moved.
 */
export interface CaseChange {
  key: string
  question: string
  reasons: string[]
}

export interface SuiteChange {
  suite: string
  before: number
  after: number
}

export interface Comparison {
  regressions: CaseChange[]
  fixed: CaseChange[]
  added: string[]
  removed: string[]
  suites: SuiteChange[]
}

const keyOf = (result: CaseResult) => `${result.suite}/${result.id}`

function newlyFailedChecks(before: CaseResult, after: CaseResult): string[] {
  return checkNames.filter((name) => before.checks[name] && !after.checks[name])
}

export function compareResults(previous: EvalResult, current: EvalResult): Comparison {
  const before = new Map(previous.cases.map((result) => [keyOf(result), result]))
  const after = new Map(current.cases.map((result) => [keyOf(result), result]))
  const regressions: CaseChange[] = []
  const fixed: CaseChange[] = []
  for (const [key, now] of after) {
    const then = before.get(key)
    if (!then || now.status === 'skipped' || then.status === 'skipped') continue
    if (then.status === 'passed' && now.status !== 'passed') {
      regressions.push({ key, question: now.question, reasons: now.reasons })
    } else if (then.status !== 'passed' && now.status === 'passed') {
      fixed.push({ key, question: now.question, reasons: [] })
    } else if (now.status === 'failed' && then.status === 'failed') {
      const checks = newlyFailedChecks(then, now)
      if (checks.length > 0) {
        const reasons = now.reasons.filter((reason) => checks.some((name) => reason.startsWith(`${name}:`)))
        regressions.push({ key, question: now.question, reasons })
      }
    }
  }
  const suites = current.suites.flatMap((summary) => {
    const old = previous.suites.find((candidate) => candidate.suite === summary.suite)
    return old ? [{ suite: summary.suite, before: old.passRate, after: summary.passRate }] : []
  })
  return {
    regressions,
    fixed,
    added: [...after.keys()].filter((key) => !before.has(key)),
    removed: [...before.keys()].filter((key) => !after.has(key)),
    suites,
  }
}
