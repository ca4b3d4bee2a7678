import { reportingLostConnection } from '../../db/connection-lost.ts'
import type { Sql } from '../../db/database.ts'
import type { AlertRecipient } from '../alert-rule.ts'
import type { FiringMessage } from './alert-messages.ts'

/**
 * The alert outbox (migration 0019), run as the digest's (src/digest/outbox.ts): a firing and its deliveries are
 * written in one statement, keyed (rule, period) and (firing, recipient), so a condition fires once per period and
 * each recipient is told once; workers claim due rows with FOR UPDATE SKIP LOCKED, mark them 'sending' just before
 * handing them over, and a row whose worker vanished mid-send becomes 'unknown', never sent twice by itself.
 */
export type DeliveryChannel = 'email' | 'slack' | 'teams'

export interface ClaimedDelivery {
  id: number
  recipient: string
  channel: DeliveryChannel
  attempts: number
  firingId: number
  message: FiringMessage
}

export interface DeliveryStatusRow {
  id: number
  rule: string
  period: string
  recipient: string
  channel: DeliveryChannel
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unknown'
  attempts: number
  lastError: string | null
  sentAt: string | null
}

function target(recipient: AlertRecipient): { recipient: string; channel: DeliveryChannel } {
  return recipient.type === 'email' ? { recipient: recipient.address, channel: 'email' } : { recipient: recipient.url, channel: recipient.format }
}

/**
 * Records a firing and queues one delivery per recipient, in one statement: a firing already recorded for the
 * rule and period inserts nothing. The new firing's id, or null when it had fired already.
 */
export async function recordFiring(sql: Sql, ruleId: string, message: FiringMessage, recipients: readonly AlertRecipient[]): Promise<number | null> {
  const targets = [...new Map(recipients.map(target).map((each) => [each.recipient, each])).values()]
  const rows = await sql<Array<{ firing_id: number }>>`
    with firing as (
      insert into alert_firings (rule_id, period, subject, text, figures, link)
      values (${ruleId}, ${message.period}, ${message.subject}, ${message.summary}, ${sql.json(message.figures.map((figure) => ({ ...figure })))}, ${message.link})
      on conflict (rule_id, period) do nothing
      returning id
    ),
    queued as (
      insert into alert_deliveries (firing_id, recipient, channel)
      select firing.id, queued.recipient, queued.channel
      from firing, unnest(${targets.map((each) => each.recipient)}::text[], ${targets.map((each) => each.channel)}::text[]) as queued(recipient, channel)
      returning firing_id
    )
    select id as firing_id from firing`
  return rows[0] ? Number(rows[0].firing_id) : null
}

/**
 * Claims due deliveries of the given channels (e-mail only when an SMTP server is configured: until then they wait).
 * Rows an earlier worker left 'sending' past their lease become 'unknown' first.
 */
export async function claimDue(sql: Sql, worker: string, options: { limit: number; leaseMs: number; channels: readonly DeliveryChannel[] }): Promise<ClaimedDelivery[]> {
  const rows = await reportingLostConnection('Claiming due alert deliveries', async () => {
    await resolveAbandoned(sql, worker)
    return sql<
      Array<{ id: number; recipient: string; channel: DeliveryChannel; attempts: number; firing_id: number; rule_name: string; period: string; subject: string; text: string; figures: FiringMessage['figures']; link: string }>
    >`
      with due as (
        select id from alert_deliveries
        where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
          and channel in ${sql(options.channels as DeliveryChannel[])}
        order by next_attempt_at, id
        limit ${options.limit}
        for update skip locked
      ),
      claimed as (
        update alert_deliveries d
        set locked_by = ${worker}, locked_until = now() + ${options.leaseMs} * interval '1 millisecond', updated_at = now()
        from due
        where d.id = due.id
        returning d.id, d.recipient, d.channel, d.attempts, d.firing_id
      )
      select c.id, c.recipient, c.channel, c.attempts, c.firing_id, r.name as rule_name, f.period, f.subject, f.text, f.figures, f.link
      from claimed c
      join alert_firings f on f.id = c.firing_id
      join alert_rules r on r.id = f.rule_id
      order by c.id`
  })
  return rows.map((row) => ({
    id: Number(row.id),
    recipient: row.recipient,
    channel: row.channel,
    attempts: row.attempts,
    firingId: Number(row.firing_id),
    message: { ruleName: row.rule_name, period: row.period, subject: row.subject, summary: row.text, figures: row.figures, link: row.link },
  }))
}

/** Marks a claimed row as being handed over, counting the attempt; undefined when the claim was lost meanwhile. */
export async function startSending(sql: Sql, delivery: ClaimedDelivery, worker: string, sendLeaseMs: number): Promise<ClaimedDelivery | undefined> {
  const [row] = await sql<Array<{ attempts: number }>>`
    update alert_deliveries
    set status = 'sending', attempts = attempts + 1, locked_until = now() + ${sendLeaseMs} * interval '1 millisecond', updated_at = now()
    where id = ${delivery.id} and locked_by = ${worker} and status = 'pending'
    returning attempts`
  return row ? { ...delivery, attempts: row.attempts } : undefined
}

/** 'sending' rows past their lease: whether they went out is unknown, so a person decides (alerts status). */
async function resolveAbandoned(sql: Sql, worker: string): Promise<void> {
  await sql`
    with abandoned as (
      update alert_deliveries
      set status = 'unknown', locked_by = null, locked_until = null, updated_at = now(),
          last_error = 'The worker stopped after handing the message over and before recording the reply: check whether it arrived, then set the row to pending (send again) or sent.'
      where status = 'sending' and locked_until < now()
      returning id, attempts, locked_by
    )
    insert into alert_delivery_attempts (delivery_id, attempt, worker, outcome, detail)
    select id, greatest(attempts, 1), ${worker}, 'unknown', 'abandoned by ' || coalesce(locked_by, 'an unknown worker')
    from abandoned`
}

// Each outcome is one statement: the row's state and its attempt row together, and only for the claiming worker.
export async function markSent(sql: Sql, delivery: ClaimedDelivery, worker: string, detail: string | null): Promise<void> {
  await sql`
    with marked as (
      update alert_deliveries set status = 'sent', sent_at = now(), locked_by = null, locked_until = null, updated_at = now()
      where id = ${delivery.id} and locked_by = ${worker}
    )
    insert into alert_delivery_attempts (delivery_id, attempt, worker, outcome, detail)
    values (${delivery.id}, ${delivery.attempts}, ${worker}, 'sent', ${detail})`
}

/** A temporary failure: back to pending after `retryInMs`, or failed for good once out of attempts. */
export async function markRetry(
  sql: Sql,
  delivery: ClaimedDelivery,
  worker: string,
  failure: { responseCode: number | null; message: string },
  retry: { retryInMs: number } | { givenUpAfter: number },
): Promise<void> {
  const error = 'givenUpAfter' in retry ? `Gave up after ${retry.givenUpAfter} attempts; last: ${failure.message}` : failure.message
  await sql`
    with marked as (
      update alert_deliveries
      set status = ${'givenUpAfter' in retry ? 'failed' : 'pending'},
          next_attempt_at = now() + ${'retryInMs' in retry ? retry.retryInMs : 0} * interval '1 millisecond',
          last_error = ${error}, last_response_code = ${failure.responseCode}, locked_by = null, locked_until = null, updated_at = now()
      where id = ${delivery.id} and locked_by = ${worker}
    )
    insert into alert_delivery_attempts (delivery_id, attempt, worker, outcome, response_code, detail)
    values (${delivery.id}, ${delivery.attempts}, ${worker}, 'temporary_failure', ${failure.responseCode}, ${failure.message})`
}

/** A permanent failure: recorded with the reply, never retried. */
export async function markFailed(sql: Sql, delivery: ClaimedDelivery, worker: string, failure: { responseCode: number | null; message: string }): Promise<void> {
  await sql`
    with marked as (
      update alert_deliveries
      set status = 'failed', last_error = ${failure.message}, last_response_code = ${failure.responseCode},
          locked_by = null, locked_until = null, updated_at = now()
      where id = ${delivery.id} and locked_by = ${worker}
    )
    insert into alert_delivery_attempts (delivery_id, attempt, worker, outcome, response_code, detail)
    values (${delivery.id}, ${Math.max(delivery.attempts, 1)}, ${worker}, 'permanent_failure', ${failure.responseCode}, ${failure.message})`
}

/** The deliveries of one rule, newest period first. */
export async function deliveryStatus(sql: Sql, ruleId: string): Promise<DeliveryStatusRow[]> {
  const rows = await sql<
    Array<{ id: number; rule: string; period: string; recipient: string; channel: DeliveryChannel; status: DeliveryStatusRow['status']; attempts: number; last_error: string | null; sent_at: Date | null }>
  >`
    select d.id, r.name as rule, f.period, d.recipient, d.channel, d.status, d.attempts, d.last_error, d.sent_at
    from alert_deliveries d
    join alert_firings f on f.id = d.firing_id
    join alert_rules r on r.id = f.rule_id
    where r.id = ${ruleId}
    order by f.fired_at desc, d.id`
  return rows.map((row) => ({
    id: Number(row.id),
    rule: row.rule,
    period: row.period,
    recipient: row.recipient,
    channel: row.channel,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
  }))
}
