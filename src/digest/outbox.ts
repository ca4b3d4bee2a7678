import { createHash } from 'node:crypto'
import { reportingLostConnection } from '../db/connection-lost.ts'
import type { Sql } from '../db/database.ts'

export interface OutboxEntry {
  id: number
  period: string
  recipient: string
  attempts: number
  messageId: string
}

export interface OutboxStatusRow {
  id: number
  period: string
  recipient: string
  status: 'pending' | 'sending' | 'sent' | 'failed'
  attempts: number
  nextAttemptAt: string
  lastError: string | null
  lastResponseCode: number | null
  sentAt: string | null
}

/** A Message-ID fixed per period and recipient: a resend after a crash carries the same one, so it can be recognised. */
export function messageIdFor(period: string, recipient: string, from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'luxx-analyst.local'
  return `<digest-${period}-${createHash('sha256').update(recipient).digest('hex').slice(0, 16)}@${domain}>`
}

/** One row per recipient; a recipient already queued for the period keeps its row (and its state). */
export async function enqueue(sql: Sql, period: string, recipients: readonly string[], from: string): Promise<number> {
  const unique = [...new Set(recipients.map((recipient) => recipient.trim().toLowerCase()))]
  if (unique.length === 0) return 0
  const inserted = await sql`
    insert into digest_outbox (period, recipient, message_id)
    select ${period}, recipient, message_id
    from unnest(${unique}::text[], ${unique.map((recipient) => messageIdFor(period, recipient, from))}::text[]) as queued(recipient, message_id)
    on conflict (period, recipient) do nothing
    returning id`
  return inserted.length
}

/**
 * Claims due rows for one worker: pending rows whose time has come, and rows whose previous claim's lease ran
 * out (a worker died mid-send). FOR UPDATE SKIP LOCKED lets any number of workers claim at once without
 * waiting on or sharing a row; the attempt is counted at the claim. A lost connection fails the claim with a
 * ConnectionLostError; a claim committed unseen is taken again once its lease runs out.
 */
export async function claimDue(sql: Sql, worker: string, options: { limit: number; leaseMs: number }): Promise<OutboxEntry[]> {
  const rows = await reportingLostConnection('Claiming due digest e-mails', () => sql<Array<{ id: number; period: string; recipient: string; attempts: number; message_id: string }>>`
    with due as (
      select id from digest_outbox
      where (status = 'pending' and next_attempt_at <= now())
         or (status = 'sending' and locked_until < now())
      order by next_attempt_at, id
      limit ${options.limit}
      for update skip locked
    )
    update digest_outbox o
    set status = 'sending', attempts = o.attempts + 1, locked_by = ${worker},
        locked_until = now() + ${options.leaseMs} * interval '1 millisecond', updated_at = now()
    from due
    where o.id = due.id
    returning o.id, o.period, o.recipient, o.attempts, o.message_id`)
  return rows.map((row) => ({ id: Number(row.id), period: row.period, recipient: row.recipient, attempts: row.attempts, messageId: row.message_id }))
}

async function logAttempt(
  sql: Sql,
  entry: OutboxEntry,
  worker: string,
  outcome: 'sent' | 'temporary_failure' | 'permanent_failure',
  responseCode: number | null,
  detail: string | null,
): Promise<void> {
  await sql`
    insert into digest_attempts (outbox_id, attempt, worker, outcome, response_code, detail)
    values (${entry.id}, ${entry.attempts}, ${worker}, ${outcome}, ${responseCode}, ${detail})`
}

// Each update names the claiming worker: a worker whose lease ran out and whose row was claimed again cannot
// overwrite the newer claim's outcome.
export async function markSent(sql: Sql, entry: OutboxEntry, worker: string, detail: string | null): Promise<void> {
  await sql`
    update digest_outbox set status = 'sent', sent_at = now(), locked_by = null, locked_until = null, updated_at = now()
    where id = ${entry.id} and locked_by = ${worker}`
  await logAttempt(sql, entry, worker, 'sent', null, detail)
}

/** A temporary failure: back to pending after `retryInMs`, or failed for good once out of attempts. */
export async function markRetry(
  sql: Sql,
  entry: OutboxEntry,
  worker: string,
  failure: { responseCode: number | null; message: string },
  retry: { retryInMs: number } | { givenUpAfter: number },
): Promise<void> {
  const error = 'givenUpAfter' in retry ? `Gave up after ${retry.givenUpAfter} attempts; last: ${failure.message}` : failure.message
  await sql`
    update digest_outbox
    set status = ${'givenUpAfter' in retry ? 'failed' : 'pending'},
        next_attempt_at = now() + ${'retryInMs' in retry ? retry.retryInMs : 0} * interval '1 millisecond',
        last_error = ${error}, last_response_code = ${failure.responseCode},
        locked_by = null, locked_until = null, updated_at = now()
    where id = ${entry.id} and locked_by = ${worker}`
  await logAttempt(sql, entry, worker, 'temporary_failure', failure.responseCode, failure.message)
}

/** A permanent failure: recorded with the server's reply, never retried. */
export async function markFailed(sql: Sql, entry: OutboxEntry, worker: string, failure: { responseCode: number | null; message: string }): Promise<void> {
  await sql`
    update digest_outbox
    set status = 'failed', last_error = ${failure.message}, last_response_code = ${failure.responseCode},
        locked_by = null, locked_until = null, updated_at = now()
    where id = ${entry.id} and locked_by = ${worker}`
  await logAttempt(sql, entry, worker, 'permanent_failure', failure.responseCode, failure.message)
}

/** The outbox, newest period first; `period` narrows it to one week. */
export async function outboxStatus(sql: Sql, period?: string): Promise<OutboxStatusRow[]> {
  const rows = await sql<
    Array<{
      id: number
      period: string
      recipient: string
      status: OutboxStatusRow['status']
      attempts: number
      next_attempt_at: string
      last_error: string | null
      last_response_code: number | null
      sent_at: string | null
    }>
  >`
    select id, period, recipient, status, attempts, next_attempt_at, last_error, last_response_code, sent_at
    from digest_outbox
    ${period ? sql`where period = ${period}` : sql``}
    order by period desc, recipient`
  return rows.map((row) => ({
    id: Number(row.id),
    period: row.period,
    recipient: row.recipient,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    lastResponseCode: row.last_response_code,
    sentAt: row.sent_at,
  }))
}

/** When the earliest pending row of a period comes due; null when nothing waits. */
export async function nextDue(sql: Sql, period: string): Promise<Date | null> {
  const [row] = await sql<Array<{ due: string | null }>>`
    select min(case when status = 'sending' then locked_until else next_attempt_at end) as due
    from digest_outbox where period = ${period} and status in ('pending', 'sending')`
  return row?.due ? new Date(row.due) : null
}
