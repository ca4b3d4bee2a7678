import { Cron } from 'croner'
import type { Logger } from 'pino'
import { configuredSummaryWriter } from '../reports/model-summary.ts'
import type { DigestRuntime } from './generate-digest.ts'
import { previousWeek } from './iso-week.ts'
import { drainOutbox, workerOptions, type WorkerOptions } from './outbox-worker.ts'
import { runDigest, type DigestRunOutcome } from './run-digest.ts'
import { smtpSender, type DigestSender } from './smtp-sender.ts'

export interface SchedulerOptions {
  runtime: DigestRuntime
  logger: Pick<Logger, 'info' | 'warn' | 'error'>
  /** Whether the database is prepared; runs are skipped (and logged) until it is. */
  isReady?: () => boolean
  /** Tests pass a sender and a fast retry policy; production uses SMTP_URL. */
  sender?: DigestSender
  worker?: Partial<WorkerOptions>
  /** When to retry due outbox rows between digests (default every minute). */
  retryCron?: string
  now?: () => Date
}

export interface DigestScheduler {
  /** Why it is not running, when it is not. */
  readonly disabled: string | null
  nextRun(): Date | null
  /** Runs the scheduled job now (what a cron tick does). */
  runNow(): Promise<DigestRunOutcome | { ok: false; error: string }>
  /** Stops both timers and waits for a run in progress. */
  stop(): Promise<void>
}

const disabled = (reason: string): DigestScheduler => ({
  disabled: reason,
  nextRun: () => null,
  runNow: async () => ({ ok: false, error: reason }),
  stop: async () => undefined,
})

/**
 * The weekly digest inside `npm start`: at DIGEST_CRON in LUXX_TIME_ZONE (default Mondays 08:00) it sends the
 * previous week's digest to DIGEST_RECIPIENTS, and every minute it retries outbox rows that failed temporarily.
 * Every replica may run it: the outbox sends each recipient one message per week however many do.
 */
export function startDigestScheduler(options: SchedulerOptions): DigestScheduler {
  const { runtime, logger } = options
  const { config } = runtime
  if (!options.sender && !config.SMTP_URL) return disabled('SMTP_URL is not set')
  if (config.DIGEST_RECIPIENTS.length === 0) return disabled('DIGEST_RECIPIENTS is empty')
  const sender = options.sender ?? smtpSender(config.SMTP_URL!, config.DIGEST_FROM)
  const worker = workerOptions(options.worker)
  const now = options.now ?? (() => new Date())
  const ready = options.isReady ?? (() => true)
  const inFlight = new Set<Promise<unknown>>()

  const digest = async (): Promise<DigestRunOutcome | { ok: false; error: string }> => {
    if (!ready()) return { ok: false, error: 'the database is not ready' }
    const week = previousWeek(config.LUXX_TIME_ZONE, now(), config.LUXX_AS_OF)
    const outcome = await runDigest(runtime, {
      week,
      recipients: config.DIGEST_RECIPIENTS,
      sender,
      worker,
      summary: configuredSummaryWriter(config, runtime.registry),
    })
    if (outcome.ok) logger.info({ period: week.period, generated: outcome.generated, ...outcome.delivery, waiting: outcome.waiting }, 'weekly digest run')
    else logger.error({ period: week.period, error: outcome.error }, 'weekly digest failed')
    return outcome
  }
  const retries = async () => {
    if (!ready()) return
    const delivery = await drainOutbox(runtime.database.sql, sender, worker)
    if (delivery.sent + delivery.failed + delivery.retrying > 0) logger.info(delivery, 'digest outbox retries')
  }
  // Runs are tracked so stop() can wait for those in progress; protect skips a tick while the last still runs.
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
  const onError = (error: unknown) => logger.error({ err: error }, 'digest scheduler job failed')
  // loadConfig has checked DIGEST_CRON with croner, so a bad pattern stopped the start before this point.
  const weekly = new Cron(config.DIGEST_CRON, { timezone: config.LUXX_TIME_ZONE, protect: true, catch: onError }, () => track(digest).then(() => undefined))
  const retry = new Cron(options.retryCron ?? '* * * * *', { timezone: config.LUXX_TIME_ZONE, protect: true, catch: onError }, () => track(retries))
  return {
    disabled: null,
    nextRun: () => weekly.nextRun(),
    runNow: () => track(digest),
    async stop() {
      weekly.stop()
      retry.stop()
      await Promise.all([...inFlight])
      sender.close()
    },
  }
}
