import { describe, expect, it } from 'vitest'
import { compareResults } from './compare.ts'
import { isConsistent } from './consistency.ts'
import type { CaseResult, RunRecord } from './result-file.ts'
import { perCheck } from './score.ts'
import { handMadeResult, handMadeRun } from './testing/hand-made-results.ts'
import { belowThresholds } from './thresholds.ts'

// Hand-made results: comparison, thresholds and consistency need no database and no answers.
function run(fields: Partial<RunRecord> = {}): RunRecord {
  return handMadeRun({ facts: { weekday: true }, ...fields })
}

function caseResult(id: string, passed: boolean, fields: Partial<CaseResult> = {}): CaseResult {
  const failedFacts = perCheck((name) => name !== 'facts')
  return {
    suite: 'core',
    id,
    area: 'sales',
    conversation: [],
    question: `Question ${id}?`,
    behaviour: 'answer',
    status: passed ? 'passed' : 'failed',
    reasons: passed ? [] : ['facts: weekday = Thursday is not named'],
    checks: passed ? perCheck(() => true) : failedFacts,
    expected: [{ name: 'weekday', value: 'Thursday' }],
    runs: [run(passed ? {} : { passed: false, checks: failedFacts, facts: { weekday: false } })],
    consistent: null,
    ...fields,
  }
}

const result = handMadeResult

describe('comparing eval runs', () => {
  it('lists regressions with their reasons, fixes, new and removed cases and the suites\' pass rates', () => {
    const before = result([caseResult('a', true), caseResult('b', false), caseResult('c', true), caseResult('gone', true)])
    const after = result([caseResult('a', false), caseResult('b', true), caseResult('c', true), caseResult('new', true)])
    expect(compareResults(before, after)).toEqual({
      regressions: [{ key: 'core/a', question: 'Question a?', reasons: ['facts: weekday = Thursday is not named'] }],
      fixed: [{ key: 'core/b', question: 'Question b?', reasons: [] }],
      added: ['core/new'],
      removed: ['core/gone'],
      suites: [{ suite: 'core', before: 0.75, after: 0.75 }],
    })
  })

  it('counts a failing case that now fails one more check as a regression', () => {
    const worse = caseResult('b', false, { checks: perCheck((name) => name !== 'facts' && name !== 'grounded'), reasons: ['facts: x', 'grounded: figures not found in any tool result: $9'] })
    expect(compareResults(result([caseResult('b', false)]), result([worse])).regressions).toEqual([
      { key: 'core/b', question: 'Question b?', reasons: ['grounded: figures not found in any tool result: $9'] },
    ])
  })
})

describe('the thresholds', () => {
  it('name each suite figure below its floor and ignore suites that did not run', () => {
    const run = result([caseResult('a', true), caseResult('b', false)])
    expect(belowThresholds(run, { local: { core: { pass_rate: 0.6, checks: { facts: 0.9, grounded: 1 } }, safety: { pass_rate: 1 } } })).toEqual([
      'core: pass rate 50.0% is below 60.0%',
      'core: facts 50.0% is below 90.0%',
    ])
    expect(belowThresholds(run, { local: { core: { pass_rate: 0.5 } } })).toEqual([])
    expect(belowThresholds(run, { anthropic: { core: { pass_rate: 1 } } })).toEqual([])
  })
})

describe('consistency across repeated runs', () => {
  it('holds when every run states the same facts with the same tools and checks, whatever the wording', () => {
    expect(isConsistent([run()])).toBeNull()
    expect(isConsistent([run(), run({ text: 'Thursdays sell best.', latencyMs: 900 })])).toBe(true)
    expect(isConsistent([run(), run({ facts: { weekday: false } })])).toBe(false)
    expect(isConsistent([run(), run({ tools: [{ name: 'sales_trend', arguments: {}, ok: true }] })])).toBe(false)
  })
})
