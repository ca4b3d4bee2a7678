// A restart or a terminated backend ends the connection: postgres.js's own codes, PostgreSQL's connection
// exceptions (class 08) and the shutdowns of class 57P, and the socket's errors.
const connectionLostCodes = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', '57P01', '57P02', '57P03'])

/** What is known of the writes of work whose connection went away. */
export type LostEffect = 'none' | 'unknown'

/**
 * Work on the analyst's own database that failed because the connection went away: a restart, a terminated
 * backend, a network cut. The message says what failed, why, and what became of it; the next call reconnects.
 */
export class ConnectionLostError extends Error {
  constructor(
    readonly action: string,
    readonly reason: string,
    readonly effect: LostEffect,
  ) {
    const outcome = effect === 'none' ? ' before it committed, so none of it was saved' : ', so whether it was saved is unknown'
    super(`${action} failed: the connection to the database was lost (${reason})${outcome}. Try again: the next call reconnects.`)
    this.name = 'ConnectionLostError'
  }
}

function codeOf(error: unknown): string | undefined {
  const code = error && typeof error === 'object' && 'code' in error ? (error as { code: unknown }).code : undefined
  return typeof code === 'string' ? code : undefined
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || codeOf(error) || error.name
  return String(error)
}

/** Why the connection was lost when `error` says it was (a ConnectionLostError or a driver error), else undefined. */
export function connectionLostReason(error: unknown): string | undefined {
  if (error instanceof ConnectionLostError) return error.reason
  // A host with several addresses (localhost) fails as an AggregateError holding one error per address.
  if (error instanceof AggregateError && error.errors.length > 0 && error.errors.every((each) => connectionLostReason(each) !== undefined)) {
    return error.errors.map(messageOf).join('; ')
  }
  const code = codeOf(error)
  if (code === undefined || !(connectionLostCodes.has(code) || code.startsWith('08'))) return undefined
  return messageOf(error)
}

/**
 * Runs work that commits as it goes (single statements, no transaction): a lost connection becomes a
 * ConnectionLostError naming `action`; every other error passes through unchanged.
 */
export async function reportingLostConnection<Result>(action: string, work: () => Promise<Result>): Promise<Result> {
  try {
    return await work()
  } catch (error) {
    const reason = connectionLostReason(error)
    if (reason === undefined) throw error
    throw new ConnectionLostError(action, reason, 'unknown')
  }
}
