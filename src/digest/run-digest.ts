import { setTimeout as sleep } from 'node:timers/promises'
import type { ReportOptions } from '../reports/build-report.ts'
import type { DigestIssue } from './digest-issue.ts'
import { ensureIssue } from './digest-store.ts'
import { generateDigest, type DigestRuntime } from './generate-digest.ts'
import type { IsoWeek } from './iso-week.ts'
import { enqueue, nextDue } from './outbox.ts'
import { drainOutbox, type DrainSummary, type WorkerOptions } from './outbox-worker.ts'
import type { DigestSender } from './smtp-sender.ts'

export interface DigestRunOptions {
  week: IsoWeek
  recipients: readonly string[]
  sender: DigestSender
  worker: WorkerOptions
  /** Keep retrying temporary failures in this call for up to this long (the CLI); 0 leaves them to later drains. */
  waitForRetriesMs?: number
  summary?: ReportOptions['summary']
}

export type DigestRunOutcome =
  | { ok: true; issue: DigestIssue; generated: boolean; queued: number; delivery: DrainSummary; waiting: boolean }
  | { ok: false; error: string }

/**
 * One digest run, safe to repeat and to race: the period's digest is generated unless stored, every recipient
 * gets an outbox row unless they have one, and the due rows are sent. Whoever runs it, each recipient gets the
 * stored digest once.
 */
export async function runDigest(runtime: DigestRuntime, options: DigestRunOptions): Promise<DigestRunOutcome> {
  const sql = runtime.database.sql
  const issue = await ensureIssue(sql, options.week.period, () => generateDigest(runtime, options.week, { summary: options.summary }))
  if (!issue.ok) return issue
  const queued = await enqueue(sql, options.week.period, options.recipients, runtime.config.DIGEST_FROM)
  const delivery = await drainOutbox(sql, options.sender, options.worker)
  const deadline = Date.now() + (options.waitForRetriesMs ?? 0)
  for (;;) {
    const due = await nextDue(sql, options.week.period)
    if (!due || due.getTime() > deadline) return { ok: true, issue: issue.issue, generated: issue.generated, queued, delivery, waiting: due !== null }
    await sleep(Math.max(0, due.getTime() - Date.now()) + 10)
    const more = await drainOutbox(sql, options.sender, options.worker)
    delivery.sent += more.sent
    delivery.failed += more.failed
    delivery.retrying += more.retrying
  }
}
