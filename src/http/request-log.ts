import type { RequestHandler } from 'express'
import type { Logger } from 'pino'
import { keyIdOf } from './request-role.ts'

// Probes call these every few seconds: below even the other requests.
const quietPaths = new Set(['/healthz', '/readyz'])

/**
 * One structured line per request at debug level (LOG_LEVEL=debug shows them; at info the console of `npm start`
 * stays quiet), once it is answered (an SSE answer when its stream ends): request id, method,
 * path, status, duration and the key id. Never bodies, query strings or addresses: they can carry personal data.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (request, response, next) => {
    const started = performance.now()
    const path = request.path
    const method = request.method
    const done = (aborted: boolean) => {
      const entry = {
        requestId: String(response.getHeader('x-request-id') ?? ''),
        method,
        path,
        status: response.statusCode,
        durationMs: Math.round(performance.now() - started),
        ...(keyIdOf(response) ? { keyId: keyIdOf(response) } : {}),
        ...(aborted ? { aborted: true } : {}),
      }
      if (quietPaths.has(path)) logger.trace(entry, 'request')
      else logger.debug(entry, 'request')
    }
    response.once('finish', () => done(false))
    response.once('close', () => {
      if (!response.writableFinished) done(true)
    })
    next()
  }
}
