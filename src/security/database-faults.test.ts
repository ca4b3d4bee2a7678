import { afterAll, describe, expect, it } from 'vitest'
import { answerQuestion } from '../agent/pipeline.ts'
import { conversationStore } from '../agent/conversation-store.ts'
import { loadConfig } from '../config/config.ts'
import { ConnectionLostError } from '../db/connection-lost.ts'
import { connect, type TransactionSql } from '../db/database.ts'
import { runTransaction } from '../db/transaction.ts'
import { storeIssue } from '../digest/digest-store.ts'
import { enqueue, outboxStatus } from '../digest/outbox.ts'
import { drainOutbox, workerOptions } from '../digest/outbox-worker.ts'
import type { DigestMessage, DigestSender } from '../digest/smtp-sender.ts'
import { buildReport, type ReportRequest } from '../reports/build-report.ts'
import { loadReportWeek, reportWeek } from '../reports/report-fixture.ts'
import { listReports, loadReport, saveReport } from '../reports/report-store.ts'
import { runtimeFrom } from '../runtime.ts'
import { Fixture } from '../testing/fixtures.ts'
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
  // The report week's sales: the report and the answers below are built from them; the probe ignores them.
  const database = useTestDatabase('postgres', (db) => loadReportWeek(new Fixture(db)))
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

  /**
   * Another session holds a lock (`statement`, in a transaction on its own connection) until released, so the
   * work under test waits on it and its backend can be terminated mid-statement.
   */
  async function holdLock(statement: (transaction: TransactionSql) => Promise<unknown>): Promise<() => Promise<void>> {
    const url = new URL(process.env.TEST_DATABASE_URL ?? '')
    url.pathname = `/${name()}`
    const locker = connect(url.toString(), 1)
    let release: () => void = () => undefined
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let locked: () => void = () => undefined
    const taken = new Promise<void>((resolve) => {
      locked = resolve
    })
    const held = runTransaction(locker, 'Holding a lock', async (transaction) => {
      await statement(transaction)
      locked()
      await released
    })
    await taken
    return async () => {
      release()
      await held
      await locker.end()
    }
  }

  /** Terminates the one backend of the database under test that waits on a lock, once it waits. */
  async function terminateWaiting(): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt++) {
      const [row] = await admin<{ pid: number }[]>`
        select pid from pg_stat_activity where datname = ${name()} and wait_event_type = 'Lock'`
      if (row) {
        await admin`select pg_terminate_backend(${row.pid})`
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error('Nothing ever waited on the lock.')
  }

  async function expectLost(work: Promise<unknown>, message: RegExp): Promise<void> {
    await expect(work).rejects.toBeInstanceOf(ConnectionLostError)
    await expect(work).rejects.toThrow(message)
  }

  const runtime = () => runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC' }), database())
  const lostBeforeCommit = (action: string) =>
    new RegExp(`^${action} failed: the connection to the database was lost \\(.+\\) before it committed, so none of it was saved\\. Try again: the next call reconnects\\.$`)
  const lostUnseen = (action: string) =>
    new RegExp(`^${action} failed: the connection to the database was lost \\(.+\\), so whether it was saved is unknown\\. Try again: the next call reconnects\\.$`)

  it('a conversation save whose backend is terminated fails with the reason, keeps the earlier answer, and the next save stores it', async () => {
    const question = 'What are our best days of the week?'
    const first = await answerQuestion({ runtime: runtime(), question, role: 'analyst', surface: 'test' })
    if (!first.ok) throw new Error(first.error)
    const { conversationId } = first.answer
    const second = await answerQuestion({ runtime: runtime(), question: 'and on the website?', conversationId, role: 'analyst', surface: 'test', options: { persist: false } })
    if (!second.ok) throw new Error(second.error)
    const store = conversationStore(database().sql)

    // The save takes the conversation's row lock first; another session holds it, so the save waits there.
    const release = await holdLock((transaction) => transaction`select id from conversations where id = ${conversationId} for update`)
    try {
      const saving = store.save(second.answer, { role: 'analyst', surface: 'test', ownerKeyId: null })
      // Awaited below, once the backend is gone; until then its rejection must not count as unhandled.
      saving.catch(() => undefined)
      await terminateWaiting()
      await expectLost(saving, lostBeforeCommit('Saving the answer'))
    } finally {
      await release()
    }
    expect((await store.answers(conversationId)).map((answer) => answer.id)).toEqual([first.answer.id])
    await store.save(second.answer, { role: 'analyst', surface: 'test', ownerKeyId: null })
    expect((await store.answers(conversationId)).map((answer) => answer.id)).toEqual([first.answer.id, second.answer.id])
    handled.push('conversation save terminated: ConnectionLostError, earlier answer kept, saved on the next call')
  })

  it('a report save whose backend is terminated fails with the reason, keeps the earlier report, and the next save stores it', async () => {
    const request: ReportRequest = { kind: 'weekly', ...reportWeek, role: 'viewer', surface: 'test' }
    const built = await buildReport(runtime(), request, { now: new Date('2025-03-17T08:00:00Z') })
    if (!built.ok) throw new Error(built.error)
    const earlier = await saveReport(database().sql, request, built.report)

    // An insert needs ROW EXCLUSIVE on the table, which a SHARE lock held elsewhere makes it wait for.
    const release = await holdLock((transaction) => transaction`lock table reports in share mode`)
    try {
      const saving = saveReport(database().sql, request, built.report)
      saving.catch(() => undefined)
      await terminateWaiting()
      await expectLost(saving, lostUnseen('Saving the weekly report'))
    } finally {
      await release()
    }
    expect((await listReports(database().sql)).map((report) => report.id)).toEqual([earlier])
    expect((await loadReport(database().sql, earlier)).ok).toBe(true)
    const next = await saveReport(database().sql, request, built.report)
    expect((await listReports(database().sql)).map((report) => report.id).sort()).toEqual([earlier, next].sort())
    handled.push('report save terminated: ConnectionLostError, earlier report kept, saved on the next call')
  })

  it('an outbox claim whose backend is terminated fails with the reason, sends nothing, loses no row, and the next drain sends every one', async () => {
    const period = '2025-W11'
    const stored = await storeIssue(database().sql, {
      period,
      ...reportWeek,
      reportId: null,
      subject: 'Weekly digest 2025-W11',
      html: '<p>Revenue $4,500</p>',
      text: 'Revenue $4,500',
      images: [],
    })
    expect(stored).toBe(true)
    expect(await enqueue(database().sql, period, ['ada@example.com', 'ben@example.com'], 'digest@luxx.example')).toBe(2)
    const sent: DigestMessage[] = []
    const sender: DigestSender = {
      async send(message) {
        sent.push(message)
        return { ok: true, detail: '250 OK' }
      },
      close: () => undefined,
    }

    const release = await holdLock((transaction) => transaction`lock table digest_outbox in share mode`)
    try {
      const draining = drainOutbox(database().sql, sender, workerOptions())
      draining.catch(() => undefined)
      await terminateWaiting()
      await expectLost(draining, lostUnseen('Claiming due digest e-mails'))
    } finally {
      await release()
    }
    expect(sent).toEqual([])
    expect((await outboxStatus(database().sql, period)).map((row) => [row.recipient, row.status, row.attempts])).toEqual([
      ['ada@example.com', 'pending', 0],
      ['ben@example.com', 'pending', 0],
    ])
    expect(await drainOutbox(database().sql, sender, workerOptions())).toEqual({ sent: 2, retrying: 0, failed: 0 })
    expect(sent.map((message) => message.recipient).sort()).toEqual(['ada@example.com', 'ben@example.com'])
    expect((await outboxStatus(database().sql, period)).map((row) => [row.recipient, row.status, row.attempts])).toEqual([
      ['ada@example.com', 'sent', 1],
      ['ben@example.com', 'sent', 1],
    ])
    handled.push('outbox claim terminated: ConnectionLostError, no row lost or sent, both sent on the next drain')
  })
})
