import type { RequestHandler } from 'express'
import { verifyApiKey } from '../auth/api-keys.ts'
import type { Runtime } from '../runtime.ts'
import { HttpError } from './http-error.ts'

export interface AuthenticateOptions {
  /**
   * Whether a request without a key is refused. A function is asked on every request, because keys can be
   * created (`luxx-analyst keys create`) while the server runs.
   */
  required: boolean | (() => Promise<boolean>)
}

/** A key check the database cannot answer is the server's trouble, not the caller's: 503, to retry shortly. */
async function checkingKeys<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check()
  } catch (error) {
    throw new HttpError(503, 'The API key cannot be checked: the database is not answering. Try again shortly.', undefined, { cause: error })
  }
}

/**
 * Bearer API keys: the key's role goes to `response.locals.role`, its id, name and prefix to `keyId`, `keyName` and
 * `keyPrefix` (request-role.ts reads them). Without a key the request is refused, unless keys are not required
 * (local development), when the caller is an analyst.
 */
export function authenticate(runtime: Runtime, options: AuthenticateOptions): RequestHandler {
  return async (request, response, next) => {
    const header = request.header('authorization') ?? ''
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
    if (!token) {
      const required = typeof options.required === 'function' ? await checkingKeys(options.required) : options.required
      if (!required) {
        response.locals.role = 'analyst'
        return next()
      }
      throw new HttpError(401, 'Missing API key: send "Authorization: Bearer <key>" (create one with: luxx-analyst keys create --name NAME --role analyst).')
    }
    const key = await checkingKeys(() => verifyApiKey(runtime.database.sql, token))
    if (!key) throw new HttpError(401, 'Unknown or revoked API key.')
    response.locals.role = key.role
    response.locals.keyId = key.id
    response.locals.keyName = key.name
    response.locals.keyPrefix = key.key_prefix
    next()
  }
}
