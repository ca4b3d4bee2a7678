import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import type { Sql } from '../db/database.ts'
import type { DigestIssue } from './digest-issue.ts'
import { findIssue } from './digest-store.ts'
import { claimDue, markFailed, markRetry, markSent } from './outbox.ts'
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
  /** How long a claim holds a row; an SMTP send must finish well within it. */
  leaseMs: number
  batch: number
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
  return { worker: workerName(), retry: defaultRetryPolicy, leaseMs: 5 * 60_000, batch: 10, ...overrides }
}

export function retryDelay(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1))
}

/**
 * Sends every due outbox row this worker can claim, until none is due: each row is claimed (so no other worker
 * sends it), sent as its period's stored digest, and marked sent, retrying with exponential backoff, or failed.
 */
export async function drainOutbox(sql: Sql, sender: DigestSender, options: WorkerOptions): Promise<DrainSummary> {
  const summary: DrainSummary = { sent: 0, retrying: 0, failed: 0 }
  const issues = new Map<string, DigestIssue | null>()
  for (;;) {
    const claimed = await claimDue(sql, options.worker, { limit: options.batch, leaseMs: options.leaseMs })
    if (claimed.length === 0) return summary
    for (const entry of claimed) {
      if (!issues.has(entry.period)) issues.set(entry.period, await findIssue(sql, entry.period))
      const issue = issues.get(entry.period)
      if (!issue) {
        await markFailed(sql, entry, options.worker, { responseCode: null, message: `No stored digest for ${entry.period}.` })
        summary.failed += 1
        continue
      }
      const outcome = await sender.send({ issue, recipient: entry.recipient, messageId: entry.messageId })
      if (outcome.ok) {
        await markSent(sql, entry, options.worker, outcome.detail)
        summary.sent += 1
      } else if (outcome.kind === 'permanent') {
        await markFailed(sql, entry, options.worker, outcome)
        summary.failed += 1
      } else if (entry.attempts >= options.retry.maxAttempts) {
        await markRetry(sql, entry, options.worker, outcome, { givenUpAfter: entry.attempts })
        summary.failed += 1
      } else {
        await markRetry(sql, entry, options.worker, outcome, { retryInMs: retryDelay(options.retry, entry.attempts) })
        summary.retrying += 1
      }
    }
  }
}
