import { simpleParser, type ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkGrounding } from '../agent/grounding.ts'
import { extractValues } from '../agent/figures.ts'
import { loadConfig } from '../config/config.ts'
import { loadReportWeek } from '../reports/report-fixture.ts'
import { loadReport } from '../reports/report-store.ts'
import { runtimeFrom, type Runtime } from '../runtime.ts'
import { Fixture } from '../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { findIssue } from './digest-store.ts'
import { parseIsoWeek, type IsoWeek } from './iso-week.ts'
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from './loopback-smtp-server.ts'
import { outboxStatus } from './outbox.ts'
import { drainOutbox, workerOptions } from './outbox-worker.ts'
import { runDigest } from './run-digest.ts'
import { startDigestScheduler } from './scheduler.ts'
import { smtpSender } from './smtp-sender.ts'

const recipients = ['ada@example.com', 'ben@example.com']
// Retries in milliseconds, not minutes: the backoff still doubles.
const fastRetry = { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 }

const configEnvironment = (smtpUrl: string) => ({
  LUXX_TIME_ZONE: 'UTC',
  SMTP_URL: smtpUrl,
  DIGEST_FROM: 'analyst@luxx.test',
  DIGEST_RECIPIENTS: recipients.join(','),
  LUXX_PUBLIC_URL: 'https://analyst.example.com/luxx/',
})

function week(text: string): IsoWeek {
  const parsed = parseIsoWeek(text)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.week
}

async function messagesFor(smtp: LoopbackSmtpServer, period: string): Promise<Array<{ to: string[]; mail: ParsedMail }>> {
  const parsed = await Promise.all(smtp.received.map(async (message) => ({ to: message.to, mail: await simpleParser(message.raw, { skipImageLinks: true }) })))
  return parsed.filter((message) => message.mail.headers.get('x-luxx-digest') === period)
}

function numbersIn(value: unknown, into: number[] = []): number[] {
  if (typeof value === 'number') into.push(value)
  else if (typeof value === 'string') into.push(...extractValues(value))
  else if (Array.isArray(value)) value.forEach((item) => numbersIn(item, into))
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => numbersIn(item, into))
  return into
}

describe.each(testEngines())('weekly digest delivery over SMTP on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => loadReportWeek(new Fixture(db)))
  let smtp: LoopbackSmtpServer
  let runtime: Runtime

  beforeAll(async () => {
    smtp = await startLoopbackSmtpServer()
    runtime = runtimeFrom(loadConfig(configEnvironment(smtp.url)), database())
  })
  afterAll(async () => {
    await smtp?.close()
  })

  it('retries temporary refusals with backoff and delivers one message per recipient: HTML, text and every chart inline by cid', async () => {
    const period = '2025-W11'
    smtp.refuseNext(3)
    const sender = smtpSender(smtp.url, runtime.config.DIGEST_FROM)
    const run = await runDigest(runtime, {
      week: week(period),
      recipients,
      sender,
      worker: workerOptions({ retry: fastRetry }),
      waitForRetriesMs: 5_000,
    })
    sender.close()
    if (!run.ok) throw new Error(run.error)
    expect(run).toMatchObject({ generated: true, queued: 2, waiting: false, delivery: { sent: 2, retrying: 3, failed: 0 } })
    expect(smtp.refusals()).toBe(3)

    const messages = await messagesFor(smtp, period)
    expect(messages.map((message) => message.to).sort()).toEqual([['ada@example.com'], ['ben@example.com']])
    const stored = await findIssue(database().sql, period)
    expect(stored!.images.length).toBeGreaterThanOrEqual(2)
    for (const { mail } of messages) {
      expect(mail.subject).toBe('Weekly insight 2025-W11: revenue $4,500 (+50.0% week on week)')
      expect(mail.text).toContain('- Revenue: $4,500 (+50.0%, +200.0%)')
      expect(mail.text).toContain(`Full report: https://analyst.example.com/luxx/reports/${stored!.reportId}`)
      const html = mail.html
      if (html === false) throw new Error('The digest has no HTML part.')
      expect(/<script/i.test(html)).toBe(false)
      expect(html.includes(`href="https://analyst.example.com/luxx/reports/${stored!.reportId}"`)).toBe(true)
      const linked = [...html.matchAll(/src="cid:([^"]+)"/g)].map((match) => match[1])
      expect(linked).toEqual(stored!.images.map((image) => image.cid))
      for (const cid of linked) {
        const attachment = mail.attachments.find((entry) => entry.cid === cid)
        expect(attachment, cid).toBeDefined()
        expect(attachment!.contentType).toBe('image/png')
        expect(attachment!.content.subarray(1, 4).toString()).toBe('PNG')
      }
    }
    const rows = await outboxStatus(database().sql, period)
    expect(rows.map((row) => [row.recipient, row.status])).toEqual([
      ['ada@example.com', 'sent'],
      ['ben@example.com', 'sent'],
    ])
    // Every failure is kept beside the success that followed it.
    const attempts = await database().sql<{ outcome: string; response_code: number | null }[]>`
      select a.outcome, a.response_code from digest_attempts a join digest_outbox o on o.id = a.outbox_id
      where o.period = ${period} order by a.id`
    expect(attempts.filter((attempt) => attempt.outcome === 'temporary_failure').map((attempt) => attempt.response_code)).toEqual([451, 451, 451])
    expect(attempts.filter((attempt) => attempt.outcome === 'sent')).toHaveLength(2)
  })

  it('states only figures that are in the stored report, which took them from the tools', async () => {
    const issue = await findIssue(database().sql, '2025-W11')
    const report = await loadReport(database().sql, issue!.reportId!)
    if (!report.ok) throw new Error(report.error)
    const grounding = checkGrounding(issue!.text, numbersIn(report.stored.report))
    expect(grounding.ungrounded).toEqual([])
    expect(grounding.checked).toBeGreaterThan(20)
  })

  it('sends once per recipient when two schedulers race for the same week, and again never', async () => {
    const period = '2025-W10'
    // Wednesday 2025-03-12: the previous week is 2025-W10 for both.
    const schedulers = ['replica-a', 'replica-b'].map((name) =>
      startDigestScheduler({
        runtime,
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        sender: smtpSender(smtp.url, runtime.config.DIGEST_FROM),
        worker: { worker: name, retry: fastRetry },
        now: () => new Date('2025-03-12T09:00:00Z'),
      }),
    )
    expect(schedulers.map((scheduler) => scheduler.disabled)).toEqual([null, null])
    const outcomes = await Promise.all(schedulers.map((scheduler) => scheduler.runNow()))
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true])
    // A restart runs the same week again: nothing new goes out.
    expect((await schedulers[0]!.runNow()).ok).toBe(true)
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()))

    const messages = await messagesFor(smtp, period)
    expect(messages.map((message) => message.to[0]).sort()).toEqual(recipients)
    expect(new Set(messages.map((message) => message.mail.messageId)).size).toBe(2)
    const rows = await outboxStatus(database().sql, period)
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ])
    const [issues] = await database().sql<{ count: number }[]>`select count(*)::int as count from digest_issues where period = ${period}`
    expect(issues!.count).toBe(1)
    // The losing generation's report is dropped: one weekly report for the week.
    const [reports] = await database().sql<{ count: number }[]>`
      select count(*)::int as count from reports where kind = 'weekly' and window_from = '2025-03-03' and surface = 'digest'`
    expect(reports!.count).toBe(1)
  })

  it('runs by itself on its cron schedule, in the business time zone', async () => {
    const period = '2025-W07'
    // Every second, so the test need not wait for a Monday; the clock says Wednesday 2025-02-19.
    const everySecond = runtimeFrom(loadConfig({ ...configEnvironment(smtp.url), DIGEST_CRON: '* * * * * *' }), database())
    const scheduler = startDigestScheduler({
      runtime: everySecond,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      worker: { retry: fastRetry },
      now: () => new Date('2025-02-19T12:00:00Z'),
    })
    expect(scheduler.nextRun()!.getTime() - Date.now()).toBeLessThanOrEqual(1_000)
    const deadline = Date.now() + 30_000
    while ((await outboxStatus(database().sql, period)).filter((row) => row.status === 'sent').length < recipients.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    await scheduler.stop()
    expect((await messagesFor(smtp, period)).map((message) => message.to[0]).sort()).toEqual(recipients)
  })

  it('records a permanent 5xx failure with the server\'s reply and does not retry it', async () => {
    const period = '2025-W09'
    smtp.rejectRecipient('gone@example.com')
    const sender = smtpSender(smtp.url, runtime.config.DIGEST_FROM)
    const worker = workerOptions({ retry: fastRetry })
    const run = await runDigest(runtime, { week: week(period), recipients: ['ada@example.com', 'gone@example.com'], sender, worker, waitForRetriesMs: 2_000 })
    if (!run.ok) throw new Error(run.error)
    expect(run.delivery).toEqual({ sent: 1, retrying: 0, failed: 1 })
    // Later drains leave it alone.
    expect(await drainOutbox(database().sql, sender, worker)).toEqual({ sent: 0, retrying: 0, failed: 0 })
    sender.close()
    const gone = (await outboxStatus(database().sql, period)).find((row) => row.recipient === 'gone@example.com')
    expect(gone).toMatchObject({ status: 'failed', attempts: 1, lastResponseCode: 550 })
    expect(gone!.lastError).toMatch(/^550 No such mailbox: gone@example\.com/)
    expect((await messagesFor(smtp, period)).map((message) => message.to)).toEqual([['ada@example.com']])
  })

  it('gives up on a server that stays unreachable after the allowed attempts, keeping the error', async () => {
    const period = '2025-W08'
    const closed = await startLoopbackSmtpServer()
    await closed.close()
    const sender = smtpSender(closed.url, runtime.config.DIGEST_FROM)
    const run = await runDigest(runtime, {
      week: week(period),
      recipients: ['ada@example.com'],
      sender,
      worker: workerOptions({ retry: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 3 } }),
      waitForRetriesMs: 5_000,
    })
    sender.close()
    if (!run.ok) throw new Error(run.error)
    expect(run.delivery).toEqual({ sent: 0, retrying: 2, failed: 1 })
    const [row] = await outboxStatus(database().sql, period)
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastResponseCode: null })
    expect(row!.lastError).toMatch(/^Gave up after 3 attempts; last: E[A-Z]+: connect ECONNREFUSED/)
  })
})
