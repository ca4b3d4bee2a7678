import type { RequestHandler } from 'express'
import { HttpError } from './http-error.ts'

export interface CorsOptions {
  /** Other origins allowed to call /api from a browser (LUXX_CORS_ORIGINS). */
  allowedOrigins: readonly string[]
  /** The public address, whose origin counts as this server's own when a proxy rewrites the Host header. */
  publicUrl?: string | undefined
}

const allowedMethods = 'GET, POST'
const allowedHeaders = 'authorization, content-type, x-request-id'
const exposedHeaders = 'x-request-id, retry-after, ratelimit, ratelimit-policy, content-disposition, x-row-count, x-total-rows'

/**
 * Same origin by default: a browser page from anywhere else is refused (403) before it reaches a handler, so a
 * foreign site can neither read answers nor spend the rate limit of someone's key. Origins in the allow-list get
 * the CORS headers and their preflights answered. Requests without an Origin (curl, servers) are not browsers'.
 */
export function corsGuard(options: CorsOptions): RequestHandler {
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined
  return (request, response, next) => {
    response.vary('Origin')
    const origin = request.header('origin')
    if (!origin) return next()
    let host: string
    try {
      host = new URL(origin).host
    } catch {
      throw new HttpError(403, `Invalid Origin header '${origin}'.`)
    }
    if (host === request.header('host') || origin === publicOrigin) return next()
    if (!options.allowedOrigins.includes(origin)) {
      throw new HttpError(403, `Origin ${origin} may not call this API. Allowed: this server's own pages${options.allowedOrigins.length > 0 ? ` and ${options.allowedOrigins.join(', ')}` : ''} (set LUXX_CORS_ORIGINS to add origins).`)
    }
    response.setHeader('access-control-allow-origin', origin)
    response.setHeader('access-control-expose-headers', exposedHeaders)
    if (request.method === 'OPTIONS' && request.header('access-control-request-method')) {
      response.setHeader('access-control-allow-methods', allowedMethods)
      response.setHeader('access-control-allow-headers', allowedHeaders)
      response.setHeader('access-control-max-age', '600')
      response.status(204).end()
      return
    }
    next()
  }
}
