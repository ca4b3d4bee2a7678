import type { Response } from 'express'
import type { Role } from '../privacy/mask.ts'

/** What authentication leaves on `response.locals` for the handlers after it. */
interface CallerLocals {
  role?: Role
  keyId?: string
  keyName?: string
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
