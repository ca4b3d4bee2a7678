import { afterAll, describe, expect, it } from 'vitest'
import { connect } from '../db/database.ts'
import { useTestDatabase } from '../testing/test-database.ts'
import { defineTool, toolInput, z } from '../tools/define-tool.ts'
import { executeTool, type ToolOutcome } from '../tools/executor.ts'
import { createRegistry } from '../tools/registry.ts'

/**
 * PostgreSQL going away mid-request, on the real server only (the embedded engine lives in this process).
 * The service itself is never restarted, other tests share it: a restart is played on this test's own database by
 * terminating its backends, and its restart window by refusing connections to it for a moment.
 */
const probe = defineTool({
  name: 'probe_sleep',
  title: 'Probe',
  area: 'kpis',
  description: 'Sleeps in the database, then returns one row: a slow query to interrupt.',
  input: toolInput({ seconds: z.number().min(0).max(10).default(0) }),
  row: z.object({ n: z.number() }),
  metrics: [],
  examples: ['Sleep for a second', 'Sleep for five seconds', 'Do not sleep'],
  usesWindow: false,
  query: ({ sql, input }) => sql`select 1 as n from pg_sleep(${input.seconds})`,
  assumptions: () => [],
  narrate: () => 'Slept.',
})
const registry = createRegistry([probe])

describe.runIf(process.env.TEST_DATABASE_URL)('PostgreSQL going away mid-request', () => {
  const database = useTestDatabase('postgres')
  // The server's own database, never the one under test: terminating that one's backends must not touch this.
  const admin = connect(process.env.TEST_DATABASE_URL ?? '', 1)
  const handled: string[] = []
  afterAll(async () => {
    console.info(`Database faults handled: ${handled.length}`, handled)
    await admin.end()
  })

  const name = () => new URL(database().location).pathname.slice(1)
  const call = (seconds: number): Promise<ToolOutcome> =>
    executeTool(registry, 'probe_sleep', { seconds }, { database: database(), timeZone: 'UTC', statementTimeoutMs: 15_000, maxRows: 10, role: 'analyst', surface: 'test' })

  /** The backend running the probe's pg_sleep, once it has started. */
  async function sleepingBackend(): Promise<number> {
    for (let attempt = 0; attempt < 500; attempt++) {
      const [row] = await admin<{ pid: number }[]>`
        select pid from pg_stat_activity where datname = ${name()} and state = 'active' and query like '%pg_sleep%'`
      if (row) return row.pid
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error('The probe query never started.')
  }

  /**
   * Ends every backend of the database under test and no other: the CTE is materialized so the filter runs first
   * (in a WHERE clause, PostgreSQL may call pg_terminate_backend on rows the other condition would drop).
   */
  async function terminateAll(): Promise<number> {
    const [row] = await admin<{ terminated: number }[]>`
      with doomed as materialized (select pid from pg_stat_activity where datname = ${name()} and pid <> pg_backend_pid())
      select count(*) filter (where pg_terminate_backend(pid))::int as terminated from doomed`
    return row?.terminated ?? 0
  }

  async function auditOutcomes(): Promise<string[]> {
    const rows = await database().sql<{ outcome: string }[]>`select outcome from audit_log order by id`
    return rows.map((row) => row.outcome)
  }

  function expectConnectionLost(outcome: ToolOutcome): void {
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.error.code).toBe('query_failed')
    expect(outcome.error.message).toMatch(/^probe_sleep failed: the connection to the database was lost mid-query \(.+\)\. Try again: the next call reconnects\.$/)
  }

  it('a backend terminated mid-query fails that call cleanly, and the next call reconnects', async () => {
    expect((await call(0)).ok).toBe(true)
    const started = performance.now()
    const slow = call(5)
    await admin`select pg_terminate_backend(${await sleepingBackend()})`
    const outcome = await slow
    expectConnectionLost(outcome)
    // It failed when the backend went, not when the sleep would have ended.
    expect(performance.now() - started).toBeLessThan(4_000)
    const next = await call(0)
    expect(next.ok).toBe(true)
    expect(await auditOutcomes()).toEqual(['ok', 'query_failed', 'ok'])
    handled.push('terminated backend: query_failed, then reconnected')
  })

  it('every connection of the database terminated at once, idle ones too (as in a restart): the same', async () => {
    const slow = call(5)
    await sleepingBackend()
    expect(await terminateAll()).toBeGreaterThanOrEqual(1)
    expectConnectionLost(await slow)
    // Several calls at once: every pooled connection that died is replaced.
    const next = await Promise.all([call(0), call(0), call(0)])
    expect(next.map((outcome) => outcome.ok)).toEqual([true, true, true])
    handled.push('all backends terminated: query_failed, then three calls reconnected')
  })

  it('the database refusing connections while it restarts: calls fail with a reason (not an exception), unrecorded, and succeed once it is back', async () => {
    const before = (await auditOutcomes()).length
    const slow = call(5)
    await sleepingBackend()
    await admin`alter database ${admin(name())} allow_connections false`
    try {
      await terminateAll()
      expectConnectionLost(await slow)
      // An idle pooled connection whose backend was just ended reports itself lost on first use (ECONNRESET,
      // when the kernel has delivered the reset); the calls after it open new connections and are refused.
      const during: ToolOutcome[] = []
      for (let attempt = 0; attempt < 5; attempt++) {
        const outcome = await call(0)
        during.push(outcome)
        if (outcome.ok || !/lost mid-query/.test(outcome.error.message)) break
      }
      for (const outcome of during) expect(outcome).toMatchObject({ ok: false, error: { code: 'query_failed' } })
      const refused = during.at(-1)
      expect(refused?.ok ? '' : refused?.error.message).toMatch(/^probe_sleep failed: .*not currently accepting connections/)
    } finally {
      await admin`alter database ${admin(name())} allow_connections true`
    }
    expect((await call(0)).ok).toBe(true)
    // The audit log could not be written while the database was away; only the call after is recorded.
    expect((await auditOutcomes()).slice(before)).toEqual(['ok'])
    handled.push('connections refused: two calls failed with a reason, then reconnected')
  })
})
