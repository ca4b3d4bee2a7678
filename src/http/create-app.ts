import { randomUUID } from 'node:crypto'
import express, { type Express, type RequestHandler } from 'express'
import { pino, type Logger } from 'pino'
import { mcpErrorHandler, mcpRoutes } from '../mcp/http-route.ts'
import type { Runtime } from '../runtime.ts'
import { apiKeyRequirement, hostCheck } from './access.ts'
import { authenticate } from './authenticate.ts'
import { corsGuard } from './cors.ts'
import { errorHandler } from './error-handler.ts'
import { fairShare } from './fair-share.ts'
import { HttpError } from './http-error.ts'
import { rateLimitPerKey } from './rate-limit.ts'
import { alwaysReady, type Readiness } from './readiness.ts'
import { requestLog } from './request-log.ts'
import { alertRoutes } from './routes/alerts.ts'
import { answerExportRoutes } from './routes/answer-export.ts'
import { chartRoutes } from './routes/charts.ts'
import { chatRoutes } from './routes/chat.ts'
import { conversationRoutes } from './routes/conversations.ts'
import { dashboardRoutes } from './routes/dashboards.ts'
import { healthRoutes } from './routes/health.ts'
import { pinRoutes } from './routes/pins.ts'
import { reportRoutes } from './routes/reports.ts'
import { toolRoutes } from './routes/tools.ts'
import { webRoutes } from './routes/web.ts'
import type { RouteDependencies } from './routes/route-dependencies.ts'
import { securityHeaders } from './security-headers.ts'

export interface AppDependencies {
  runtime: Runtime
  logger?: Logger
  /** Whether the database is prepared; the entry point starts before it is when it is down. Default: ready. */
  readiness?: Readiness
}

/** Hostnames the server answers to: loopback, plus the public URL's host when one is configured. */
export function allowedHostnames(runtime: Runtime): string[] {
  const names = ['127.0.0.1', 'localhost', '[::1]', '::1']
  if (runtime.config.LUXX_PUBLIC_URL) names.push(new URL(runtime.config.LUXX_PUBLIC_URL).hostname)
  if (!['127.0.0.1', '0.0.0.0', '::'].includes(runtime.config.HOST)) names.push(runtime.config.HOST)
  return names
}

/** /api waits for the database: until it is prepared every call is a 503. */
function requireReady(readiness: Readiness): RequestHandler {
  return (_request, response, next) => {
    if (readiness.current().ready) return next()
    response.setHeader('retry-after', '5')
    // The reason names the database's host and port: it goes to the log, not to callers who may have no key.
    throw new HttpError(503, 'The database is not ready yet; the server keeps retrying. GET /readyz shows when it is.')
  }
}

/** The rate limit, then the key's share of running requests, as one handler for /api and /mcp alike. */
function perKeyBudget(rateLimit: RequestHandler, share: RequestHandler): RequestHandler {
  // Express 5 passes a rejected promise (a refused batch) to the error handler.
  return async (request, response, next) => {
    await rateLimit(request, response, (error?: unknown) => (error ? next(error) : share(request, response, next)))
  }
}

/** The HTTP application, without side effects: only the entry point listens. Tests call it in-process. */
export function createApp(dependencies: AppDependencies): Express {
  const routes: RouteDependencies = {
    runtime: dependencies.runtime,
    logger: dependencies.logger ?? pino({ level: 'silent' }),
    readiness: dependencies.readiness ?? alwaysReady,
  }
  const { runtime, logger } = routes
  const hostnames = allowedHostnames(runtime)
  const app = express()
  app.disable('x-powered-by')
  app.use((request, response, next) => {
    const incoming = request.header('x-request-id')
    response.setHeader('x-request-id', incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID())
    next()
  })
  app.use(requestLog(logger))
  app.use(securityHeaders())
  app.use(express.json({ limit: '100kb' }))
  app.use(healthRoutes(routes))
  app.use(webRoutes())
  // Order matters: foreign hosts and origins are turned away before anything touches the database; the rate
  // limit follows authentication so that it counts per key, one budget per key across /api and /mcp; a request
  // within the budget then waits for one of its key's few running slots, so no key takes the whole pool.
  const rateLimit = rateLimitPerKey(runtime.config.LUXX_RATE_LIMIT_PER_MINUTE)
  const budget = perKeyBudget(rateLimit, fairShare(runtime.config.LUXX_CONCURRENT_PER_KEY))
  app.use(
    '/api',
    hostCheck(hostnames),
    corsGuard({ allowedOrigins: runtime.config.LUXX_CORS_ORIGINS, publicUrl: runtime.config.LUXX_PUBLIC_URL }),
    requireReady(routes.readiness),
    authenticate(runtime, { required: apiKeyRequirement(runtime) }),
    budget,
  )
  app.use(toolRoutes(routes))
  app.use(chatRoutes(routes))
  app.use(conversationRoutes(routes))
  app.use(answerExportRoutes(routes))
  app.use(chartRoutes(routes))
  app.use(reportRoutes(routes))
  app.use(dashboardRoutes(routes))
  app.use(pinRoutes(routes))
  app.use(alertRoutes(routes))
  app.use(mcpRoutes({ runtime, allowedHostnames: hostnames, requireKey: !runtime.config.LUXX_ALLOW_NO_AUTH, budget, rateLimit }))
  app.use((request) => {
    throw new HttpError(404, `No route for ${request.method} ${request.path}.`)
  })
  // Errors under /mcp (a body that is not JSON included) answer as JSON-RPC error bodies.
  app.use('/mcp', mcpErrorHandler(runtime.config.LUXX_PUBLIC_URL, logger))
  app.use(errorHandler(logger))
  return app
}
