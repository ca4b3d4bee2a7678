import { createHash } from 'node:crypto'
import type { Sql } from '../../db/database.ts'
import { recordOutcome, retryDelay, type WorkerOptions } from '../../digest/outbox-worker.ts'
import type { MailSender, SendOutcome } from '../../digest/smtp-sender.ts'
import { emailHtml, plainText, slackPayload, teamsPayload, type FiringMessage } from './alert-messages.ts'
import { claimDue, markFailed, markRetry, markSent, startSending, type ClaimedDelivery, type DeliveryChannel } from './alert-outbox.ts'

/** How a firing reaches its recipients: e-mail over SMTP_URL (when set) and webhooks over HTTPS. */
export interface AlertSenders {
  /** Absent without SMTP_URL: e-mail deliveries then wait in the outbox until a worker has one. */
  mail?: MailSender
  from: string
  /** How long a webhook may take to answer. */
  webhookTimeoutMs: number
}

export interface DeliverySummary {
  sent: number
  retrying: number
  failed: number
}

// Worth retrying: the receiver is busy, rate-limiting or down for a moment. Anything else needs a person.
const temporaryStatuses = new Set([408, 425, 429, 500, 502, 503, 504])

/** POSTs a payload; no redirect is followed (the URL was checked, its redirect target was not). Never throws. */
export async function postWebhook(url: string, payload: unknown, timeoutMs: number): Promise<SendOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    const body = (await response.text()).slice(0, 300)
    if (response.ok) return { ok: true, detail: `${response.status} ${body}`.trim() }
    const message = `HTTP ${response.status}${response.status >= 300 && response.status < 400 ? ' (a redirect, not followed)' : ''}: ${body || response.statusText}`
    return { ok: false, kind: temporaryStatuses.has(response.status) ? 'temporary' : 'permanent', responseCode: response.status, message }
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    const reason = timedOut ? `no answer within ${timeoutMs} ms` : error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error)
    return { ok: false, kind: 'temporary', responseCode: null, message: reason }
  }
}

/** A Message-ID fixed per delivery: a resend after a crash carries the same one, so it can be recognised. */
function messageIdFor(delivery: ClaimedDelivery, from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'luxx-analyst.local'
  return `<alert-${delivery.firingId}-${createHash('sha256').update(delivery.recipient).digest('hex').slice(0, 16)}@${domain}>`
}

function send(delivery: ClaimedDelivery, senders: AlertSenders): Promise<SendOutcome> {
  const message: FiringMessage = delivery.message
  if (delivery.channel === 'email') {
    // claimDue hands out e-mail rows only to a worker with a mail sender.
    return senders.mail!.send({
      from: senders.from,
      to: delivery.recipient,
      subject: message.subject,
      text: plainText(message),
      html: emailHtml(message),
      messageId: messageIdFor(delivery, senders.from),
      headers: { 'X-Luxx-Alert': message.period },
    })
  }
  return postWebhook(delivery.recipient, delivery.channel === 'slack' ? slackPayload(message) : teamsPayload(message), senders.webhookTimeoutMs)
}

/**
 * Sends every due delivery this worker can claim, at most once each, exactly as the digest's worker does
 * (src/digest/outbox-worker.ts): claimed, marked 'sending' with the attempt counted, handed over, and its
 * outcome recorded with the attempt in one statement: sent, retried with exponential backoff, or failed.
 */
export async function deliverAlerts(sql: Sql, senders: AlertSenders, options: WorkerOptions): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, retrying: 0, failed: 0 }
  const channels: DeliveryChannel[] = senders.mail ? ['email', 'slack', 'teams'] : ['slack', 'teams']
  for (;;) {
    const claimed = await claimDue(sql, options.worker, { limit: options.batch, leaseMs: options.leaseMs * options.batch, channels })
    if (claimed.length === 0) return summary
    for (const claim of claimed) {
      const delivery = await startSending(sql, claim, options.worker, options.leaseMs)
      if (!delivery) continue
      const outcome = await send(delivery, senders)
      const record = (mark: () => Promise<void>) => recordOutcome(`The alert to ${delivery.recipient} was handed over`, mark, options.recordForMs)
      if (outcome.ok) {
        await record(() => markSent(sql, delivery, options.worker, outcome.detail))
        summary.sent += 1
      } else if (outcome.kind === 'permanent') {
        await record(() => markFailed(sql, delivery, options.worker, outcome))
        summary.failed += 1
      } else if (delivery.attempts >= options.retry.maxAttempts) {
        await record(() => markRetry(sql, delivery, options.worker, outcome, { givenUpAfter: delivery.attempts }))
        summary.failed += 1
      } else {
        await record(() => markRetry(sql, delivery, options.worker, outcome, { retryInMs: retryDelay(options.retry, delivery.attempts) }))
        summary.retrying += 1
      }
    }
  }
}
