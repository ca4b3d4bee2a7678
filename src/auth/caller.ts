import type { Role } from '../privacy/mask.ts'

/**
 * Who asks: a role and the API key that authenticated the request. A null key is the machine's owner: the local
 * CLI, MCP over stdio, a loopback server without keys and scheduled jobs.
 */
export interface Caller {
  role: Role
  keyId: string | null
}

/** The machine's owner at their own terminal, as the local surfaces act unless told otherwise. */
export const localOwner: Caller = { role: 'admin', keyId: null }

/** A stored conversation or report is its owner's: others with a key of the same role must not read or extend it. */
export function mayAccess(caller: Caller, ownerKeyId: string | null): boolean {
  return caller.role === 'admin' || caller.keyId === ownerKeyId
}
