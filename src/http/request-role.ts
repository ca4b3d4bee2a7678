import type { Response } from 'express'
import type { Caller } from '../auth/caller.ts'
import type { Role } from '../privacy/mask.ts'

/** What authentication leaves on `response.locals` for the handlers after it. */
interface CallerLocals {
  role?: Role
  keyId?: string
  keyName?: string
  keyPrefix?: string
}

/** The caller's role, set by authentication on `response.locals`; local use without keys is an analyst. */
export function roleOf(response: Response): Role {
  const role = (response.locals as CallerLocals).role
  return role ?? 'analyst'
}

/** The id of the API key that authenticated the request; undefined when the request came without one. */
export function keyIdOf(response: Response): string | undefined {
  return (response.locals as CallerLocals).keyId
}

/** The caller as stored records see it: the role and the key (null without one: the machine's owner on loopback). */
export function callerOf(response: Response): Caller {
  return { role: roleOf(response), keyId: keyIdOf(response) ?? null }
}

/**
 * Who is calling, for the audit log: the key's name with its prefix (names need not be unique; the prefix is what
 * `keys list` shows and `keys revoke` takes), or `anonymous` on a loopback server without keys.
 */
export function actorOf(response: Response): string {
  const { keyName, keyPrefix } = response.locals as CallerLocals
  return keyName === undefined ? 'anonymous' : `api-key:${keyName} (${keyPrefix})`
}
