import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../config/config.ts'
import { generateDigest } from '../digest/generate-digest.ts'
import { isoWeekOf } from '../digest/iso-week.ts'
import { runtimeFrom } from '../runtime.ts'
import { useDemoDatabase } from '../testing/test-database.ts'
import type { executeTool as ExecuteTool } from '../tools/executor.ts'
import { buildReport } from './build-report.ts'

/**
 * Issue #18: a report or a digest runs each distinct question once, and the questions that do not depend on one
 * another side by side. Every executor call is held at its start and released in rounds: a round releases every
 * call waiting once the previous round's calls have all finished and no new one has come for a moment. Calls
 * that could run together then share a round, so the rounds count the longest chain of calls that wait for
 * another's answer: kpi_summary (which fixes the window), the questions read from it, and the few a rule asks
 * only after reading a first answer (how many top customers to list, whether any brand has aged stock).
 */
const gate = vi.hoisted(() => ({
  calls: [] as { tool: string; key: string }[],
  waiting: [] as Array<() => void>,
  running: 0,
  rounds: 0,
  timer: undefined as NodeJS.Timeout | undefined,
}))

/** Quiet time before a round is released: calls set off by the same answer arrive within a few milliseconds. */
const quietMs = 40

vi.mock('../tools/executor.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../tools/executor.ts')>()
  const releaseWhenQuiet = () => {
    clearTimeout(gate.timer)
    gate.timer = setTimeout(() => {
      if (gate.running > 0 || gate.waiting.length === 0) return
      gate.rounds += 1
      const round = gate.waiting.splice(0)
      gate.running += round.length
      for (const release of round) release()
    }, quietMs)
  }
  const executeTool: typeof ExecuteTool = async (registry, name, args, context) => {
    await new Promise<void>((release) => {
      gate.waiting.push(release)
      releaseWhenQuiet()
    })
    try {
      const outcome = await actual.executeTool(registry, name, args, context)
      // The question as the tool answered it: its arguments with defaults filled in and the window resolved.
      const { from, to } = outcome.ok ? outcome.envelope.window : { from: '', to: '' }
      const asked: Record<string, unknown> = outcome.ok ? { ...outcome.envelope.parameters, period: undefined, from, to } : { ...(args as object) }
      gate.calls.push({ tool: name, key: `${name} ${JSON.stringify(asked, Object.keys(asked).sort())}` })
      return outcome
    } finally {
      gate.running -= 1
      releaseWhenQuiet()
    }
  }
  return { ...actual, executeTool }
})

function duplicates(keys: readonly string[]): string[] {
  return keys.filter((key, index) => keys.indexOf(key) !== index)
}

describe('the tool calls of a report and of the digest, on the demo data', () => {
  const database = useDemoDatabase('pglite')
  const runtime = () => runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2026-10-31' }), database())
  afterEach(() => {
    gate.calls.length = 0
    gate.rounds = 0
  })

  it('a weekly report asks each question once, in three rounds of calls at most', async () => {
    const outcome = await buildReport(runtime(), { kind: 'weekly', role: 'analyst', surface: 'test' })
    if (!outcome.ok) throw new Error(outcome.error)
    expect(gate.calls.length).toBeGreaterThan(20)
    expect(duplicates(gate.calls.map((call) => call.key))).toEqual([])
    expect(gate.rounds).toBeLessThanOrEqual(3)
  })

  it('the digest does the same for its week', async () => {
    const outcome = await generateDigest(runtime(), isoWeekOf('2026-10-20'))
    if (!outcome.ok) throw new Error(outcome.error)
    expect(gate.calls.length).toBeGreaterThan(20)
    expect(duplicates(gate.calls.map((call) => call.key))).toEqual([])
    expect(gate.rounds).toBeLessThanOrEqual(3)
  })
})
