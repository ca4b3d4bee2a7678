import { Cron } from 'croner'
import type { Logger } from 'pino'
import { smtpMailSender } from '../../digest/smtp-sender.ts'
import { workerOptions, type WorkerOptions } from '../../digest/outbox-worker.ts'
import type { AlertSenders } from './deliver-alerts.ts'
import { deliverAlerts } from './deliver-alerts.ts'
import { runAlerts, type AlertRunSummary, type AlertRuntime } from './run-alerts.ts'

/** How long a webhook may take to answer before the delivery counts as a temporary failure. */
export const webhookTimeoutMs = 10_000

/** E-mail over SMTP_URL when it is set (DIGEST_FROM as the sender), webhooks always. */
export function configuredSenders(config: AlertRuntime['config']): AlertSenders {
  return { ...(config.SMTP_URL ? { mail: smtpMailSender(config.SMTP_URL) } : {}), from: config.DIGEST_FROM, webhookTimeoutMs }
}

export interface AlertSchedulerOptions {
  runtime: AlertRuntime
  logger: Pick<Logger, 'info' | 'warn' | 'error'>
  /** Runs are skipped until the database is prepared. */
  isReady?: () => boolean
  /** Tests pass senders and a fast retry policy. */
  senders?: AlertSenders
  worker?: Partial<WorkerOptions>
  /** When to retry due deliveries between evaluations (default every minute). */
  retryCron?: string
}

export interface AlertScheduler {
  nextRun(): Date | null
  /** Evaluates every rule now and sends what fired (what a tick does; the server runs it once the data is ready). */
  runNow(): Promise<AlertRunSummary | { ok: false; error: string }>
  stop(): Promise<void>
}

/**
 * Saved alerts inside `npm start`: every rule is judged at ALERTS_CRON (default every 15 minutes) in LUXX_TIME_ZONE,
 * so a data load is seen within one tick, and due deliveries are retried every minute. Every replica may run it: a
 * condition fires once per period and each recipient is told once however many do.
 */
export function startAlertScheduler(options: AlertSchedulerOptions): AlertScheduler {
  const { runtime, logger } = options
  const senders = options.senders ?? configuredSenders(runtime.config)
  const worker = workerOptions(options.worker)
  const ready = options.isReady ?? (() => true)
  const inFlight = new Set<Promise<unknown>>()
  const evaluate = async (): Promise<AlertRunSummary | { ok: false; error: string }> => {
    if (!ready()) return { ok: false, error: 'the database is not ready' }
    const summary = await runAlerts(runtime, { senders, worker })
    if (summary.failures.length > 0) logger.warn({ failures: summary.failures }, 'some alerts could not be evaluated')
    if (summary.fired + summary.delivery.sent + summary.delivery.failed > 0) logger.info({ ...summary, failures: summary.failures.length }, 'alerts run')
    return summary
  }
  const retries = async () => {
    if (!ready()) return
    const delivery = await deliverAlerts(runtime.database.sql, senders, worker)
    if (delivery.sent + delivery.failed + delivery.retrying > 0) logger.info(delivery, 'alert delivery retries')
  }
  const track = <T>(work: () => Promise<T>): Promise<T> => {
    const run = work()
    const settled = run.then(
      () => undefined,
      () => undefined,
    )
    inFlight.add(settled)
    void settled.then(() => inFlight.delete(settled))
    return run
  }
  const onError = (error: unknown) => logger.error({ err: error }, 'alert scheduler job failed')
  // loadConfig has checked ALERTS_CRON with croner, so a bad pattern stopped the start before this point.
  const tick = new Cron(runtime.config.ALERTS_CRON, { timezone: runtime.config.LUXX_TIME_ZONE, protect: true, catch: onError }, () => track(evaluate).then(() => undefined))
  const retry = new Cron(options.retryCron ?? '* * * * *', { timezone: runtime.config.LUXX_TIME_ZONE, protect: true, catch: onError }, () => track(retries))
  return {
    nextRun: () => tick.nextRun(),
    runNow: () => track(evaluate),
    async stop() {
      tick.stop()
      retry.stop()
      await Promise.all([...inFlight])
      senders.mail?.close()
    },
  }
}
