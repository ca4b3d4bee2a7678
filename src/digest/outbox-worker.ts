import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { randomBytes } from 'node:crypto'
import type { Sql } from '../db/database.ts'
import type { DigestIssue } from './digest-issue.ts'
import { findIssue } from './digest-store.ts'
import { claimDue, markFailed, markRetry, markSent, startSending } from './outbox.ts'
import type { DigestSender } from './smtp-sender.ts'

export interface RetryPolicy {
  /** Wait after the first temporary failure; it doubles with each attempt. */
  baseDelayMs: number
  maxDelayMs: number
  /** Attempts before a row that keeps failing temporarily is marked failed. */
  maxAttempts: number
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 60_000, maxDelayMs: 3_600_000, maxAttempts: 8 }

export interface WorkerOptions {
  worker: string
  retry: RetryPolicy
  /** How long one send may take (the SMTP transport's own time-outs end it sooner); a batch is claimed for one per row. */
  leaseMs: number
  batch: number
  /** How long to keep trying to record a send's outcome while the database is away, before giving up on this run. */
  recordForMs: number
}

/** What one drain did: messages sent, temporary failures (retried later) and rows marked failed. */
export interface DrainSummary {
  sent: number
  retrying: number
  failed: number
}

/** A name unique to this process and call: claims and attempts say who made them. */
export function workerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
}

export function workerOptions(overrides: Partial<WorkerOptions> = {}): WorkerOptions {
  return { worker: workerName(), retry: defaultRetryPolicy, leaseMs: 60_000, batch: 10, recordForMs: 60_000, ...overrides }
}

export function retryDelay(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1))
}

/**
 * Records a send's outcome, trying again while the database is away (for up to `recordForMs`): the message is
 * already with the SMTP server, and this record is what keeps it from being sent again. If the database stays
 * away the run fails and the row, left 'sending', becomes 'unknown' for a person, never a second message. The alert
 * outbox records its deliveries the same way.
 */
export async function recordOutcome(handedOver: string, record: () => Promise<void>, recordForMs: number): Promise<void> {
  const deadline = Date.now() + recordForMs
  for (let wait = 100; ; wait = Math.min(wait * 2, 5_000)) {
    try {
      return await record()
    } catch (error) {
      if (Date.now() + wait > deadline) {
        throw new Error(`${handedOver}, but its outcome could not be recorded; the row will read 'unknown'.`, { cause: error })
      }
      await sleep(wait)
    }
  }
}

/**
 * Sends every due outbox row this worker can claim, until none is due, at most once each: a row is claimed, marked
 * 'sending' (the attempt counted) just before the SMTP server gets it, sent as its period's stored digest with a
 * Message-ID fixed per period and recipient, and its outcome recorded with the attempt in one statement:
 * sent, retried with exponential backoff, or failed. Rows an earlier worker left 'sending' become 'unknown' at the claim.
 */
export async function drainOutbox(sql: Sql, sender: DigestSender, options: WorkerOptions): Promise<DrainSummary> {
  const summary: DrainSummary = { sent: 0, retrying: 0, failed: 0 }
  const issues = new Map<string, DigestIssue | null>()
  for (;;) {
    const claimed = await claimDue(sql, options.worker, { limit: options.batch, leaseMs: options.leaseMs * options.batch })
    if (claimed.length === 0) return summary
    for (const claim of claimed) {
      if (!issues.has(claim.period)) issues.set(claim.period, await findIssue(sql, claim.period))
      const issue = issues.get(claim.period)
      if (!issue) {
        await markFailed(sql, claim, options.worker, { responseCode: null, message: `No stored digest for ${claim.period}.` })
        summary.failed += 1
        continue
      }
      const entry = await startSending(sql, claim, options.worker, options.leaseMs)
      if (!entry) continue
      const outcome = await sender.send({ issue, recipient: entry.recipient, messageId: entry.messageId })
      const record = (mark: () => Promise<void>) => recordOutcome(`The digest to ${entry.recipient} was handed to the SMTP server`, mark, options.recordForMs)
      if (outcome.ok) {
        await record(() => markSent(sql, entry, options.worker, outcome.detail))
        summary.sent += 1
      } else if (outcome.kind === 'permanent') {
        await record(() => markFailed(sql, entry, options.worker, outcome))
        summary.failed += 1
      } else if (entry.attempts >= options.retry.maxAttempts) {
        await record(() => markRetry(sql, entry, options.worker, outcome, { givenUpAfter: entry.attempts }))
        summary.failed += 1
      } else {
        await record(() => markRetry(sql, entry, options.worker, outcome, { retryInMs: retryDelay(options.retry, entry.attempts) }))
        summary.retrying += 1
      }
    }
  }
}
