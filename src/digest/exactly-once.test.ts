import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sql } from '../db/database.ts'
import { reportWeek } from '../reports/report-fixture.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { storeIssue } from './digest-store.ts'
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from './loopback-smtp-server.ts'
import { enqueue, outboxStatus } from './outbox.ts'
import { drainOutbox, workerOptions } from './outbox-worker.ts'
import { smtpSender, type DigestSender } from './smtp-sender.ts'

/**
 * The analyst's database as the outbox worker sees it, with a switch that makes every query fail as a stopped
 * server refuses connections: the database "stops" right after the SMTP server accepted a message.
 */
function switchableDatabase(sql: Sql, restartAfterMs?: number): { sql: Sql; stop(): void; start(): void } {
  let down = false
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
  const proxy = new Proxy(sql, {
    apply: (target, thisArgument, args: Parameters<Sql>) => (down ? Promise.reject(refused()) : Reflect.apply(target, thisArgument, args)),
  })
  const stop = () => {
    down = true
    if (restartAfterMs !== undefined) setTimeout(() => (down = false), restartAfterMs)
  }
  return { sql: proxy, stop, start: () => (down = false) }
}

/** Sends over SMTP, then stops the database before the worker can record the outcome: the issue's fault. */
function stoppingAfterAcceptance(sender: DigestSender, database: { stop(): void }): DigestSender {
  let stopped = false
  return {
    async send(message) {
      const outcome = await sender.send(message)
      if (outcome.ok && !stopped) {
        stopped = true
        database.stop()
      }
      return outcome
    },
    close: () => sender.close(),
  }
}

/** Issue #19, finding 4: the database drops between SMTP acceptance and the outbox update; no one gets two e-mails. */
describe.each(testEngines())('exactly-once digest e-mail on %s', (engine) => {
  const database = useTestDatabase(engine)
  let smtp: LoopbackSmtpServer
  beforeAll(async () => {
    smtp = await startLoopbackSmtpServer()
  })
  afterAll(async () => {
    await smtp?.close()
  })

  async function queue(period: string, recipients: string[]): Promise<void> {
    const subject = `Weekly digest ${period}`
    await storeIssue(database().sql, { period, ...reportWeek, reportId: null, subject, html: '<p>Revenue $4,500</p>', text: 'Revenue $4,500', images: [] })
    expect(await enqueue(database().sql, period, recipients, 'analyst@luxx.test')).toBe(recipients.length)
  }
  const receivedBy = (period: string) =>
    smtp.received.filter((message) => message.raw.toString().includes(`Weekly digest ${period}`)).flatMap((message) => message.to).sort()
  const attempts = (period: string) => database().sql<Array<{ recipient: string; attempt: number; outcome: string }>>`
    select o.recipient, a.attempt, a.outcome from digest_attempts a join digest_outbox o on o.id = a.outbox_id
    where o.period = ${period} order by o.recipient, a.id`

  it('records the send once the database is back, when it returns while the worker is still trying', async () => {
    const period = '2025-W20'
    await queue(period, ['ada@example.com', 'ben@example.com'])
    const switchable = switchableDatabase(database().sql, 400)
    const sender = stoppingAfterAcceptance(smtpSender(smtp.url, 'analyst@luxx.test'), switchable)
    const summary = await drainOutbox(switchable.sql, sender, workerOptions({ recordForMs: 10_000 }))
    sender.close()
    expect(summary).toEqual({ sent: 2, retrying: 0, failed: 0 })
    expect(receivedBy(period)).toEqual(['ada@example.com', 'ben@example.com'])
    expect((await outboxStatus(database().sql, period)).map((row) => [row.recipient, row.status, row.attempts])).toEqual([
      ['ada@example.com', 'sent', 1],
      ['ben@example.com', 'sent', 1],
    ])
    // Every 'sent' row has its attempt row: state and attempt are written together.
    expect(await attempts(period)).toEqual([
      { recipient: 'ada@example.com', attempt: 1, outcome: 'sent' },
      { recipient: 'ben@example.com', attempt: 1, outcome: 'sent' },
    ])
  })

  it('when the database stays down the run fails; rerun after the restart, every recipient has exactly one message', async () => {
    const period = '2025-W21'
    await queue(period, ['ada@example.com', 'ben@example.com', 'cy@example.com'])
    const switchable = switchableDatabase(database().sql)
    const sender = stoppingAfterAcceptance(smtpSender(smtp.url, 'analyst@luxx.test'), switchable)
    // A lease as long as a send needs here (the loopback server answers at once), not minutes.
    const options = { recordForMs: 300, leaseMs: 200, batch: 2 }
    await expect(drainOutbox(switchable.sql, sender, workerOptions(options))).rejects.toThrow(
      "The digest to ada@example.com was handed to the SMTP server, but its outcome could not be recorded; the row will read 'unknown'.",
    )
    switchable.start()
    // The job runs again after the restart, once the first run's lease has run out.
    await new Promise((resolve) => setTimeout(resolve, 2 * options.leaseMs + 50))
    expect(await drainOutbox(database().sql, sender, workerOptions(options))).toEqual({ sent: 2, retrying: 0, failed: 0 })
    await drainOutbox(database().sql, sender, workerOptions(options))
    sender.close()
    expect(receivedBy(period)).toEqual(['ada@example.com', 'ben@example.com', 'cy@example.com'])
    expect((await outboxStatus(database().sql, period)).map((row) => [row.recipient, row.status])).toEqual([
      ['ada@example.com', 'unknown'],
      ['ben@example.com', 'sent'],
      ['cy@example.com', 'sent'],
    ])
    expect(await attempts(period)).toEqual([
      { recipient: 'ada@example.com', attempt: 1, outcome: 'unknown' },
      { recipient: 'ben@example.com', attempt: 1, outcome: 'sent' },
      { recipient: 'cy@example.com', attempt: 1, outcome: 'sent' },
    ])
  })
})
