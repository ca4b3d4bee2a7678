import { simpleParser, type ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config.ts'
import { loadReport } from '../reports/report-store.ts'
import { runtimeFrom } from '../runtime.ts'
import { useTestDatabase } from '../testing/test-database.ts'
import { findIssue } from './digest-store.ts'
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from './loopback-smtp-server.ts'
import { startDigestScheduler } from './scheduler.ts'

/**
 * The digest on the demo data, whose sales end on Saturday 2026-10-31 (the test template pins that end date),
 * run on two business-clock dates: the Monday after, when the last complete week (26 October – 1 November) lacks
 * its Sunday; and Wednesday 2 December, when that week (23–29 November) has no sales at all.
 */
describe('the weekly digest when the data does not cover the week', () => {
  const database = useTestDatabase('pglite', undefined, 'demo')
  let smtp: LoopbackSmtpServer

  beforeAll(async () => {
    smtp = await startLoopbackSmtpServer()
  })
  afterAll(async () => {
    await smtp?.close()
  })

  /** Runs the scheduler's digest once with LUXX_AS_OF fixing today; the wall clock says something else entirely. */
  async function digestAsOf(asOf: string): Promise<ParsedMail> {
    const runtime = runtimeFrom(
      loadConfig({ LUXX_TIME_ZONE: 'America/New_York', LUXX_AS_OF: asOf, SMTP_URL: smtp.url, DIGEST_FROM: 'analyst@luxx.test', DIGEST_RECIPIENTS: 'ada@example.com' }),
      database(),
    )
    const scheduler = startDigestScheduler({
      runtime,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      worker: { retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3 } },
      now: () => new Date('2027-05-05T12:00:00Z'),
    })
    const outcome = await scheduler.runNow()
    await scheduler.stop()
    if (!outcome.ok) throw new Error(outcome.error)
    const period = outcome.issue.period
    const message = smtp.received.find((received) => received.raw.includes(`X-Luxx-Digest: ${period}`)) ?? smtp.received.at(-1)!
    return simpleParser(message.raw, { skipImageLinks: true })
  }

  it('on Wednesday 2026-12-02 says the data stops at 2026-10-31 and shows no −100%', async () => {
    const mail = await digestAsOf('2026-12-02')
    expect(mail.subject).toBe('Weekly insight 2026-W48: no sales recorded yet (data ends 2026-10-31)')
    const text = mail.text ?? ''
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Weekly insight 2026-W48 (2026-11-23 to 2026-11-29)',
      '',
      'DATA COVERAGE: Sales are recorded up to 2026-10-31; this week has no sales yet, so its figures and changes are withheld.',
    ])
    expect(text).toContain('- Revenue: no data yet (—, —)')
    expect(text).toContain('- Nothing to compare: this week has no sales yet.')
    expect(text).not.toMatch(/100\.0%|\$0\.00/)
    const html = mail.html || ''
    expect(html).toContain('Data coverage: Sales are recorded up to 2026-10-31; this week has no sales yet')
    expect(html).not.toMatch(/100\.0%|\$0\.00/)
    // No chart of an empty week, nor of changes that were withheld.
    expect(mail.attachments).toEqual([])
    const issue = await findIssue(database().sql, '2026-W48')
    const report = await loadReport(database().sql, issue!.reportId!)
    if (!report.ok) throw new Error(report.error)
    expect(report.stored.report.coverage).toMatchObject({ first: '2024-11-01', last: '2026-10-31', status: 'no_data', withheld: ['previous', 'lastYear'] })
    expect(report.stored.report.kpis.every((tile) => tile.value === null && tile.changePercentVsPrevious === null && tile.changePercentVsLastYear === null)).toBe(true)
  })

  it('on Monday 2026-11-02 covers 26 October – 1 November, warns that the data stops on the Saturday and withholds the comparison', async () => {
    const mail = await digestAsOf('2026-11-02')
    expect(mail.subject).toMatch(/^Weekly insight 2026-W44: revenue \$[\d,]+ up to Sat 2026-10-31 \(partial week, no comparison\)$/)
    const text = mail.text ?? ''
    expect(text).toContain(
      'DATA COVERAGE: The data stops mid-week on Sat 2026-10-31: the figures cover 2026-10-26 to 2026-10-31 only, and the comparison is withheld.',
    )
    const figures = text.slice(text.indexOf('Key figures'), text.indexOf('What changed'))
    expect(figures).toMatch(/- Revenue: \$[\d,]+ \(partial, partial\)/)
    // No change of any sign in the tiles: every one is withheld.
    expect(figures).not.toMatch(/[+−±]\d/)
    expect(text).toContain('- Changes on the previous week are withheld: the data does not cover this whole week.')
    expect(mail.html || '').toContain('Data coverage: The data stops mid-week on Sat 2026-10-31')
    const issue = await findIssue(database().sql, '2026-W44')
    const report = await loadReport(database().sql, issue!.reportId!)
    if (!report.ok) throw new Error(report.error)
    const stored = report.stored.report
    expect(stored.window).toMatchObject({ from: '2026-10-26', to: '2026-11-01' })
    expect(stored.coverage).toMatchObject({ status: 'partial', last: '2026-10-31', withheld: ['previous', 'lastYear'] })
    expect(stored.changes).toEqual([])
    expect(stored.kpiChart).toBeNull()
    expect(stored.kpis.every((tile) => tile.changeVsPrevious === null && tile.changeVsLastYear === null)).toBe(true)
    // The daily chart of the days that have data is still drawn.
    expect(mail.attachments.map((attachment) => attachment.contentType)).toEqual(['image/png'])
  })
})
