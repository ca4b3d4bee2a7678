import type { Request, RequestHandler, Response } from 'express'
import { ipKeyGenerator, MemoryStore, rateLimit } from 'express-rate-limit'
import { HttpError } from './http-error.ts'
import { keyIdOf } from './request-role.ts'

/** Most JSON-RPC calls in one batch: enough for a client's start-up, far from a flood. */
export const maxBatchCalls = 20

function budgetKey(request: Request, response: Response): string {
  const keyId = keyIdOf(response)
  return keyId ? `key:${keyId}` : `address:${ipKeyGenerator(request.ip ?? '')}`
}

/**
 * Requests per minute per API key, or per address for callers without one (local use). Runs after
 * authentication so that one key is one budget wherever it is used from. A JSON-RPC batch (an array body, as
 * /mcp accepts) spends one unit per call in it, and is refused above `maxBatchCalls`: otherwise one request of
 * 100 tool calls would cost what one call costs.
 */
export function rateLimitPerKey(limitPerMinute: number): RequestHandler {
  const store = new MemoryStore()
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store,
    keyGenerator: budgetKey,
    handler: (_request, response, next) => {
      const retryAfter = response.getHeader('retry-after')
      next(
        new HttpError(
          429,
          `Too many requests: at most ${limitPerMinute} a minute per API key${retryAfter ? `; retry in ${String(retryAfter)} s` : ''} (LUXX_RATE_LIMIT_PER_MINUTE sets the limit; each call in a JSON-RPC batch counts).`,
        ),
      )
    },
  })
  return async (request, response, next) => {
    const calls = Array.isArray(request.body) ? request.body.length : 1
    if (calls > maxBatchCalls) {
      throw new HttpError(400, `A JSON-RPC batch may hold at most ${maxBatchCalls} calls; this one has ${calls}. Send them in smaller batches.`)
    }
    // The limiter counts the request itself; the batch's other calls are charged first, so that the limiter's
    // decision and its RateLimit headers already include them.
    for (let extra = 1; extra < calls; extra++) await store.increment(budgetKey(request, response))
    await limiter(request, response, next)
  }
}
