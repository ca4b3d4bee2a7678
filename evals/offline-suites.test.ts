import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ModelProvider } from '../src/agent/providers/provider.ts'
import { seedDemoData } from '../src/demo/seed.ts'
import { evalConfig } from '../src/evals/eval-config.ts'
import { evalData } from '../src/evals/eval-database.ts'
import { evalProviders } from '../src/evals/eval-providers.ts'
import { loadSuites } from '../src/evals/load-suites.ts'
import { writeResultFile, type EvalResult } from '../src/evals/result-file.ts'
import { runEvals } from '../src/evals/runner.ts'
import { writeScorecards } from '../src/evals/scorecard-files.ts'
import { belowThresholds, loadThresholds } from '../src/evals/thresholds.ts'
import { runtimeFrom } from '../src/runtime.ts'
import { useTestDatabase } from '../src/testing/test-database.ts'
import { createCatalogRegistry } from '../tools/index.ts'

// Every suite with the offline planner, on one seeded embedded database: CI fails below evals/thresholds.yaml.
// The scorecards (Markdown and HTML) are written to test-artifacts/evals/ so a failing run shows each case and why.
const artifacts = new URL('../test-artifacts/evals/', import.meta.url)

// Stands in for a model: asks for the churn analysis, then answers with its narration, and reports tokens.
const scriptedModel: ModelProvider = {
  name: 'anthropic',
  model: 'claude-sonnet-4-6',
  async respond(request) {
    const usage = { inputTokens: 1_000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0 }
    const results = request.messages.flatMap((message) => (message.role === 'tool' ? message.results : []))
    if (results.length === 0) return { ok: true, turn: { text: '', toolCalls: [{ id: 'call_1', name: 'churn_risk', arguments: {} }], usage } }
    const text = results.map((entry) => entry.envelope?.narration ?? '').join('\n')
    request.onTextDelta(text)
    return { ok: true, turn: { text, toolCalls: [], usage } }
  },
}

describe('the eval suites answered by the offline planner', () => {
  const database = useTestDatabase('pglite', (db) => seedDemoData(db.sql, { ...evalData, endDate: '2026-10-31' }))
  // Today is the eval data's last day, which the suites' gold figures assume.
  const config = evalConfig({ LUXX_AS_OF: '2026-10-31' })
  const registry = createCatalogRegistry()
  let result: EvalResult

  beforeAll(async () => {
    // No keys are read from the environment (evalConfig({})): CI scores the planner whatever keys it holds.
    const suites = loadSuites({ knownTools: registry.names() })
    if (!suites.ok) throw new Error(suites.errors.join('\n'))
    const today = new Date(`${config.LUXX_AS_OF}T12:00:00Z`)
    const providers = evalProviders(config, registry, 'local', { today: () => today })
    if (!providers.ok) throw new Error(providers.error)
    result = await runEvals({
      runtime: runtimeFrom(config, database(), registry),
      provider: providers.providers[0]!,
      suites: suites.suites,
      data: { engine: 'pglite', ...evalData },
    })
    const thresholds = loadThresholds()
    writeResultFile(fileURLToPath(new URL('offline.json', artifacts)), result)
    writeScorecards(
      fileURLToPath(new URL('offline', artifacts)),
      result,
      thresholds.ok ? { thresholdProblems: belowThresholds(result, thresholds.thresholds) } : {},
    )
  }, 300_000)

  // The embedded engine's check of every case's SQL (case-sql.test.ts checks it on PostgreSQL): one SELECT,
  // exactly one row, every fact present; a case whose SQL fails is an error here.
  it('computes every case\'s expected facts and runs every case without error', () => {
    const errors = result.cases.filter((entry) => entry.status === 'error').map((entry) => `${entry.suite}/${entry.id}: ${entry.reasons.join('; ')}`)
    expect(errors).toEqual([])
    expect(result.suites.map((summary) => summary.suite)).toEqual(['core', 'robustness', 'safety'])
  })

  it('skips only the cases that need a model, with a note', () => {
    const skipped = result.cases.filter((entry) => entry.status === 'skipped')
    expect(skipped.map((entry) => entry.id).sort()).toEqual(['instagram-growth-plan', 'ra-mothers-day-newsletter', 'what-to-do-about-churn'])
    for (const entry of skipped) expect(entry.reasons[0]).toMatch(/^Needs a model/)
  })

  it('meets the thresholds of evals/thresholds.yaml', () => {
    const thresholds = loadThresholds()
    if (!thresholds.ok) throw new Error(thresholds.error)
    const failing = result.cases.filter((entry) => entry.status === 'failed').map((entry) => `${entry.suite}/${entry.id}: ${entry.reasons.join('; ')}`)
    expect(belowThresholds(result, thresholds.thresholds), `Failing cases:\n${failing.join('\n')}`).toEqual([])
  })

  it('runs the same cases through any provider: a model is scored alike, with tokens and cost, and nothing is skipped', async () => {
    const suites = loadSuites({ names: ['robustness'], knownTools: registry.names() })
    if (!suites.ok) throw new Error(suites.errors.join('\n'))
    const modelResult = await runEvals({
      runtime: runtimeFrom(config, database(), registry),
      provider: scriptedModel,
      suites: suites.suites,
      filter: 'robustness/what-to-do-about-churn',
      repeat: 2,
      data: { engine: 'pglite', ...evalData },
    })
    expect(modelResult).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-6', repeat: 2 })
    const [churnCase] = modelResult.cases
    expect(churnCase).toMatchObject({ id: 'what-to-do-about-churn', status: 'passed', consistent: true })
    expect(churnCase!.runs.map((run) => [run.inputTokens, run.outputTokens])).toEqual([[2_000, 200], [2_000, 200]])
    expect(modelResult.suites[0]!.costUsd).toBeGreaterThan(0)
  })
})
