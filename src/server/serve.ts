import type { Server } from 'node:http'
import { destination, pino, type Logger } from 'pino'
import { loadConfig, type Config } from '../config/config.ts'
import { apiKeysConfigured } from '../auth/api-keys.ts'
import { isLoopbackHost } from '../http/access.ts'
import { startDigestScheduler } from '../digest/scheduler.ts'
import { startAlertScheduler } from '../alerts/firing/alert-scheduler.ts'
import { consoleLogStream } from './console-log.ts'
import { createApp } from '../http/create-app.ts'
import type { Readiness, ReadinessState } from '../http/readiness.ts'
import { openRuntime, prepareDatabase, type Runtime } from '../runtime.ts'

export interface ServeOptions {
  port?: number | undefined
  host?: string | undefined
  /** Default: read from the environment and .env. */
  config?: Config
  /** Default: pino at LOG_LEVEL, to stderr (short lines on a terminal, JSON otherwise). */
  logger?: Logger
  /** Seed the demo data when the database has no sales (default true: the first `npm start`). */
  seedIfEmpty?: boolean
  /** How long `stop()` lets running requests (answers streaming) finish before cutting them (default 30 s). */
  shutdownTimeoutMs?: number
  /** First wait before retrying a database that is down; it doubles up to 30 s (default 1 s). */
  retryDelayMs?: number
}

/**
 * How /api was guarded when the server started: keys required, open to this machine only because no key
 * exists yet, or not known yet because the database was down (keys are still checked on every request).
 */
export type ApiAccess = 'keys' | 'loopback-without-keys' | 'unchecked'

export interface RunningServer {
  runtime: Runtime
  server: Server
  url: string
  access: ApiAccess
  readiness: Readiness
  /** Stops accepting, lets running requests finish (up to the shutdown timeout), then closes the database. */
  stop(): Promise<void>
}

const defaultShutdownTimeoutMs = 30_000
const defaultRetryDelayMs = 1_000
const maxRetryDelayMs = 30_000

/** postgres.js reports a host with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError without a message. */
function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(describeError).join('; ')
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name
  return String(error)
}

interface Preparation extends Readiness {
  /** Settles when the first attempt is over: true when the database is ready. */
  readonly first: Promise<boolean>
  /** Stops retrying and waits for an attempt in progress. */
  stop(): Promise<void>
}

/**
 * Prepares the database (migrations, first-run demo data) and, while that fails, retries with a growing wait
 * instead of exiting: a database that comes up after the server (compose, a restarted server) needs no
 * restart of the analyst, and an orchestrator sees /readyz 503 with the reason instead of a crash loop.
 */
function prepareWithRetries(prepare: () => Promise<void>, logger: Logger, firstDelayMs: number): Preparation {
  let state: ReadinessState = { ready: false, reason: 'the database is being prepared' }
  let failures = 0
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let attempt: Promise<boolean>
  const run = async (): Promise<boolean> => {
    try {
      await prepare()
      state = { ready: true }
      if (failures > 0) logger.info({ attempts: failures + 1 }, 'the database is ready')
      return true
    } catch (error) {
      failures += 1
      const reason = describeError(error)
      const retryInMs = Math.min(firstDelayMs * 2 ** (failures - 1), maxRetryDelayMs)
      state = { ready: false, reason: `cannot reach or prepare the database: ${reason}` }
      logger.warn({ attempt: failures, retryInMs, reason }, 'the database is not ready; retrying')
      if (!stopped) {
        timer = setTimeout(() => {
          attempt = run()
        }, retryInMs)
      }
      return false
    }
  }
  attempt = run()
  return {
    first: attempt,
    current: () => state,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await attempt
    },
  }
}

export interface GracefulCloser {
  /** Requests being answered now. */
  inFlight(): number
  /** Stops accepting; resolves when every connection is closed, cutting what still runs after `timeoutMs`. */
  close(timeoutMs: number): Promise<{ cut: number }>
}

/**
 * `server.close()` stops accepting and waits for open connections, but a keep-alive connection that goes idle
 * after it was called stays open until its timeout: responses that start or end while closing therefore
 * close their connection, so the server is closed as soon as the last running answer has finished.
 */
export function gracefulCloser(server: Server): GracefulCloser {
  let inFlight = 0
  let closing = false
  server.prependListener('request', (_request, response) => {
    inFlight += 1
    if (closing) response.setHeader('connection', 'close')
    response.once('close', () => {
      inFlight -= 1
      if (closing) server.closeIdleConnections()
    })
  })
  return {
    inFlight: () => inFlight,
    async close(timeoutMs) {
      closing = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<true>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs)
      })
      const outcome = await Promise.race([closed.then(() => false as const), timedOut])
      clearTimeout(timer)
      if (!outcome) return { cut: 0 }
      const cut = inFlight
      server.closeAllConnections()
      await closed
      return { cut }
    },
  }
}

function refusal(host: string): Error {
  return new Error(
    [
      `No API key exists, so the analyst will not listen on ${host}: anyone who can reach that address could read the business data.`,
      'Create a key first:  luxx-analyst keys create --name NAME --role analyst',
      'or keep HOST at 127.0.0.1 (this machine only, no key needed).',
    ].join('\n'),
  )
}

/** The entry point of `npm start`: opens (and on first run seeds) the database, then listens. */
export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const base = options.config ?? loadConfig()
  const host = options.host ?? base.HOST
  const port = options.port ?? base.PORT
  // The app reads HOST to decide whether /api may answer without keys, so it must be the address actually bound.
  const config: Config = { ...base, HOST: host, PORT: port }
  // Short lines for a person at a terminal; JSON for a service manager or a pipe.
  const logger = options.logger ?? pino({ level: config.LOG_LEVEL }, process.stderr.isTTY ? consoleLogStream() : destination(2))
  // Opening does not touch a PostgreSQL server yet (connections are made on first use), so a server that is down
  // is found by the preparation below, which retries; a broken embedded data directory fails here, at once.
  const runtime = await openRuntime({ config, migrate: false })
  const preparation = prepareWithRetries(
    () => prepareDatabase(runtime.database, runtime.config, { seedIfEmpty: options.seedIfEmpty ?? true, log: (message) => logger.info(message) }),
    logger,
    options.retryDelayMs ?? defaultRetryDelayMs,
  )

  let access: ApiAccess = 'unchecked'
  try {
    if (await preparation.first) {
      const keys = await apiKeysConfigured(runtime.database.sql)
      if (!keys && !isLoopbackHost(host)) throw refusal(host)
      access = keys ? 'keys' : 'loopback-without-keys'
    }
  } catch (error) {
    await preparation.stop()
    await runtime.close()
    throw error
  }

  // Start-up never widens exposure: without keys confirmed to exist, only this machine may connect.
  let boundHost = host
  if (access === 'unchecked' && !isLoopbackHost(host)) {
    boundHost = '127.0.0.1'
    logger.warn({ requested: host, bound: boundHost }, 'the database is down, so no API key could be confirmed: listening on 127.0.0.1 only; restart once the database is up to listen on the requested address')
  }

  const app = createApp({ runtime: { ...runtime, config: { ...config, HOST: boundHost } }, logger, readiness: preparation })
  let server: Server
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(port, boundHost, (error?: Error) => (error ? reject(error) : resolve(listening)))
    })
  } catch (error) {
    await preparation.stop()
    await runtime.close()
    throw error
  }
  const closer = gracefulCloser(server)
  // The weekly digest e-mail (DIGEST_CRON); it skips its runs while the database is not ready.
  const digest = startDigestScheduler({ runtime, logger, isReady: () => preparation.current().ready })
  if (digest.disabled) logger.info({ reason: digest.disabled }, 'weekly digest e-mail not scheduled')
  else logger.info({ nextRun: digest.nextRun(), cron: config.DIGEST_CRON, timeZone: config.LUXX_TIME_ZONE }, 'weekly digest e-mail scheduled')
  // Saved alerts (ALERTS_CRON), judged once as soon as the data is ready too: a first run has just seeded it.
  const alerts = startAlertScheduler({ runtime, logger, isReady: () => preparation.current().ready })
  logger.info({ nextRun: alerts.nextRun(), cron: config.ALERTS_CRON, timeZone: config.LUXX_TIME_ZONE }, 'saved alerts scheduled')
  void preparation.first
    .then((ready) => (ready ? alerts.runNow() : undefined))
    .catch((error: unknown) => logger.error({ err: error }, 'the first alert run failed'))
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  const url = `http://${boundHost.includes(':') ? `[${boundHost}]` : boundHost}:${actualPort}`
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? defaultShutdownTimeoutMs

  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      const running = closer.inFlight()
      if (running > 0) logger.info({ inFlight: running, timeoutMs: shutdownTimeoutMs }, 'stopping: letting running requests finish')
      const { cut } = await closer.close(shutdownTimeoutMs)
      if (cut > 0) logger.warn({ cut, timeoutMs: shutdownTimeoutMs }, 'stopped requests still running at the shutdown timeout')
      await digest.stop()
      await alerts.stop()
      await preparation.stop()
      // Last: the embedded engine flushes to disk on close, and running answers were still storing until now.
      await runtime.close()
    })()
    return stopping
  }
  return { runtime, server, url, access, readiness: preparation, stop }
}
