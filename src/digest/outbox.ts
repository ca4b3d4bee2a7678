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
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unknown'
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
 * Claims due rows for one worker: pending rows whose time has come and that no live claim holds. FOR UPDATE SKIP
 * LOCKED lets any number of workers claim at once without waiting on or sharing a row. A claimed row stays
 * pending until `startSending`, so a worker that vanishes before sending leaves it to be claimed again once
 * `leaseMs` has passed, and nothing is lost. Rows an earlier worker left 'sending' are resolved first
 * (resolveAbandoned). A lost connection fails the claim with a ConnectionLostError.
 */
export async function claimDue(sql: Sql, worker: string, options: { limit: number; leaseMs: number }): Promise<OutboxEntry[]> {
  const rows = await reportingLostConnection('Claiming due digest e-mails', async () => {
    await resolveAbandoned(sql, worker)
    return sql<Array<{ id: number; period: string; recipient: string; attempts: number; message_id: string }>>`
    with due as (
      select id from digest_outbox
      where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
      order by next_attempt_at, id
      limit ${options.limit}
      for update skip locked
    )
    update digest_outbox o
    set locked_by = ${worker}, locked_until = now() + ${options.leaseMs} * interval '1 millisecond', updated_at = now()
    from due
    where o.id = due.id
    returning o.id, o.period, o.recipient, o.attempts, o.message_id`
  })
  return rows.map((row) => ({ id: Number(row.id), period: row.period, recipient: row.recipient, attempts: row.attempts, messageId: row.message_id }))
}

/**
 * Marks a claimed row as being handed to the SMTP server, counting the attempt, just before the send: from here
 * on a vanished worker leaves it 'unknown', never sent twice. Undefined when the claim was lost meanwhile (then
 * another worker has the row) or the database cannot record it (then nothing is sent).
 */
export async function startSending(sql: Sql, entry: OutboxEntry, worker: string, sendLeaseMs: number): Promise<OutboxEntry | undefined> {
  const [row] = await sql<Array<{ attempts: number }>>`
    update digest_outbox
    set status = 'sending', attempts = attempts + 1, locked_until = now() + ${sendLeaseMs} * interval '1 millisecond', updated_at = now()
    where id = ${entry.id} and locked_by = ${worker} and status = 'pending'
    returning attempts`
  return row ? { ...entry, attempts: row.attempts } : undefined
}

/**
 * Rows left 'sending' past their lease: their worker vanished between handing the message over and recording
 * the reply, so whether it went out is unknown. They become 'unknown', with an attempt row saying so, for a person
 * to check (`luxx-analyst digest status`): resending by itself could send the e-mail twice.
 */
async function resolveAbandoned(sql: Sql, worker: string): Promise<number> {
  const rows = await sql`
    with abandoned as (
      update digest_outbox
      set status = 'unknown', locked_by = null, locked_until = null, updated_at = now(),
          last_error = 'The worker stopped after handing the message to the SMTP server and before recording its reply: check whether it arrived, then set the row to pending (send again) or sent.'
      where status = 'sending' and locked_until < now()
      returning id, attempts, locked_by
    )
    insert into digest_attempts (outbox_id, attempt, worker, outcome, detail)
    select id, greatest(attempts, 1), ${worker}, 'unknown', 'abandoned by ' || coalesce(locked_by, 'an unknown worker')
    from abandoned
    returning outbox_id`
  return rows.length
}

// Each outcome is one statement: the row's new state and its attempt row are written together or not at all.
// The update names the claiming worker, so a worker whose lease ran out cannot overwrite a newer outcome; its
// attempt is still recorded.
export async function markSent(sql: Sql, entry: OutboxEntry, worker: string, detail: string | null): Promise<void> {
  await sql`
    with marked as (
      update digest_outbox set status = 'sent', sent_at = now(), locked_by = null, locked_until = null, updated_at = now()
      where id = ${entry.id} and locked_by = ${worker}
    )
    insert into digest_attempts (outbox_id, attempt, worker, outcome, response_code, detail)
    values (${entry.id}, ${entry.attempts}, ${worker}, 'sent', null, ${detail})`
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
    with marked as (
      update digest_outbox
      set status = ${'givenUpAfter' in retry ? 'failed' : 'pending'},
          next_attempt_at = now() + ${'retryInMs' in retry ? retry.retryInMs : 0} * interval '1 millisecond',
          last_error = ${error}, last_response_code = ${failure.responseCode},
          locked_by = null, locked_until = null, updated_at = now()
      where id = ${entry.id} and locked_by = ${worker}
    )
    insert into digest_attempts (outbox_id, attempt, worker, outcome, response_code, detail)
    values (${entry.id}, ${entry.attempts}, ${worker}, 'temporary_failure', ${failure.responseCode}, ${failure.message})`
}

/** A permanent failure: recorded with the server's reply, never retried. */
export async function markFailed(sql: Sql, entry: OutboxEntry, worker: string, failure: { responseCode: number | null; message: string }): Promise<void> {
  await sql`
    with marked as (
      update digest_outbox
      set status = 'failed', last_error = ${failure.message}, last_response_code = ${failure.responseCode},
          locked_by = null, locked_until = null, updated_at = now()
      where id = ${entry.id} and locked_by = ${worker}
    )
    insert into digest_attempts (outbox_id, attempt, worker, outcome, response_code, detail)
    values (${entry.id}, ${Math.max(entry.attempts, 1)}, ${worker}, 'permanent_failure', ${failure.responseCode}, ${failure.message})`
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

/** When the earliest pending row of a period comes due (or its claim runs out); null when nothing waits. */
export async function nextDue(sql: Sql, period: string): Promise<Date | null> {
  const [row] = await sql<Array<{ due: string | null }>>`
    select min(greatest(next_attempt_at, coalesce(locked_until, next_attempt_at))) as due
    from digest_outbox where period = ${period} and status = 'pending'`
  return row?.due ? new Date(row.due) : null
}
