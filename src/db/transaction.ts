import { ConnectionLostError, connectionLostReason } from './connection-lost.ts'
import type { Sql, TransactionSql } from './database.ts'

/**
 * How long a body that saw its connection lost waits for the connection to close before it gives up and lets
 * postgres.js roll back: an error that only looks like a lost connection must not hold the transaction forever.
 */
export const closeWaitMs = 2_000

// Query methods other than the tagged template itself; json, array and the like build parameters only.
const queryMethods = new Set<PropertyKey>(['unsafe', 'file', 'savepoint'])

/** The transaction's handle, refusing to send anything once its connection is known to be gone. */
function refusingOnceLost(transaction: TransactionSql, lost: () => unknown): TransactionSql {
  const refuseIfLost = () => {
    const error = lost()
    if (error !== undefined) throw error
  }
  return new Proxy(transaction, {
    apply(target, thisArgument, argumentList) {
      refuseIfLost()
      return Reflect.apply(target, thisArgument, argumentList)
    },
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (!queryMethods.has(property) || typeof value !== 'function') return value
      return (...argumentList: unknown[]) => {
        refuseIfLost()
        return Reflect.apply(value, target, argumentList)
      }
    },
  })
}

/**
 * Runs `body` in one transaction (`mode` as in BEGIN, e.g. 'read only') and returns its result once committed.
 * A lost connection (a restart, a terminated backend) fails it with a ConnectionLostError naming `action` and
 * saying whether anything was saved; the next call reconnects.
 *
 * Why not plain `sql.begin`: postgres.js (3.4.9) answers a failed body by writing ROLLBACK, and a settled body by
 * writing COMMIT, even when the connection has closed; that write throws outside any promise and ends the
 * process (porsager/postgres#1208), and so does any query sent on it afterwards. So once the connection is lost
 * the body is left unsettled and its handle sends nothing more; begin() rejects by itself as the connection closes.
 */
export async function runTransaction<Result>(
  sql: Sql,
  action: string,
  body: (transaction: TransactionSql) => Promise<Result>,
  mode = '',
): Promise<Result> {
  let committing = false
  // What begin() rejected with: from then on the connection may be gone, and nothing more may reach it.
  let lost: unknown
  let giveUp: NodeJS.Timeout | undefined
  try {
    const result = await sql.begin(mode, async (transaction) => {
      let outcome: Result
      try {
        outcome = await body(refusingOnceLost(transaction, () => lost))
      } catch (error) {
        if (lost === undefined && connectionLostReason(error) === undefined) throw error
        // Left unsettled; should the connection stay open after all, it is rolled back after closeWaitMs.
        return new Promise<Result>((_resolve, reject) => {
          if (lost === undefined) giveUp = setTimeout(() => reject(error), closeWaitMs)
        })
      }
      // The body may finish after its connection closed (it did other work meanwhile): no COMMIT then.
      if (lost !== undefined) return new Promise<Result>(() => undefined)
      committing = true
      return outcome
    })
    return result as Result
  } catch (error) {
    // begin() rejected: the body has settled, or the connection closed under it and nothing may be sent now.
    lost = error
    clearTimeout(giveUp)
    const reason = connectionLostReason(error)
    if (reason === undefined) throw error
    throw new ConnectionLostError(action, reason, committing ? 'unknown' : 'none')
  }
}
