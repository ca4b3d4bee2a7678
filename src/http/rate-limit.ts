import type { RequestHandler } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import { HttpError } from './http-error.ts'
import { keyIdOf } from './request-role.ts'

/**
 * Requests per minute per API key, or per address for callers without one (local use). Runs after
 * authentication so that one key is one budget wherever it is used from.
 */
export function rateLimitPerKey(limitPerMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (request, response) => {
      const keyId = keyIdOf(response)
      return keyId ? `key:${keyId}` : `address:${ipKeyGenerator(request.ip ?? '')}`
    },
    handler: (_request, response, next) => {
      const retryAfter = response.getHeader('retry-after')
      next(
        new HttpError(
          429,
          `Too many requests: at most ${limitPerMinute} a minute per API key${retryAfter ? `; retry in ${String(retryAfter)} s` : ''} (LUXX_RATE_LIMIT_PER_MINUTE sets the limit).`,
        ),
      )
    },
  })
}
