import type { RequestHandler } from 'express'
import { apiKeysConfigured } from '../auth/api-keys.ts'
import type { Runtime } from '../runtime.ts'
import { HttpError } from './http-error.ts'

/** Addresses only this machine can reach: the only place the API may answer without keys. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare)
}

/**
 * /api needs a key once keys exist, and always when the server listens beyond loopback (the entry point refuses
 * to start that way without keys; this holds even if the database was down when it checked).
 */
export function apiKeyRequirement(runtime: Runtime): () => Promise<boolean> {
  const loopback = isLoopbackHost(runtime.config.HOST)
  return async () => !loopback || (await apiKeysConfigured(runtime.database.sql))
}

/**
 * DNS rebinding protection: a foreign page that re-points its own name at this server still sends its own
 * name as Host, so only the names this server answers to are served.
 */
export function hostCheck(allowedHostnames: readonly string[]): RequestHandler {
  return (request, _response, next) => {
    const host = request.header('host') ?? ''
    const hostname = host.replace(/:\d+$/, '').toLowerCase()
    if (!allowedHostnames.includes(hostname)) {
      throw new HttpError(403, `This server does not answer to the host name '${hostname}'. Set LUXX_PUBLIC_URL to the address people use to reach it.`)
    }
    next()
  }
}
