// The time limits a guest (a process using the owner's engine through its socket; see embedded-engine.ts) sets on
// its connection. The owner's watchdog can only tell its own calls' limits (withTimeLimit); a guest's calls are
// in another process, so the guest states on its connection, whenever its calls in progress change, how long each
// of their queries may run: a message of its own, written between PostgreSQL protocol messages (the first one
// before the startup message). This file reads that message on the engine's worker thread and says which limit
// applies to the message the engine runs; embedded-engine.ts (guestLimitsMessage) writes it.
//
// The message: the byte 'L' (no frontend message of the protocol has it), the length of the rest including itself
// (int32, as in the protocol), then a JSON array with each call's limit in milliseconds, null for a call with none
// (maintenance). An empty array says the connection is a guest's with no call in progress.
//
// Plain JavaScript: the engine's worker thread (embedded-worker.mjs) loads it without TypeScript tooling.

export const guestLimitsType = 0x4c

/** What the watchdog is told of the running message: it comes from the owner (its limits are the owner's own). */
export const ownersMessage = 0
/** A guest's message while none of its calls is in progress: the engine-wide limit applies. */
export const guestWithoutCall = -1
/** A guest's message while a call of it without a limit is in progress: none applies. */
export const guestWithoutLimit = -2

/** The guest connections' limits, by socket handler (one per connection, never reused while the engine runs). */
export class GuestLimits {
  /** @type {Map<number, Array<number | null>>} */
  #limits = new Map()

  /**
   * Takes a guest's limits message; false for any other message, which goes to the engine.
   * @param {number} handlerId
   * @param {Uint8Array} message
   * @returns {boolean}
   */
  accept(handlerId, message) {
    if (message[0] !== guestLimitsType) return false
    const text = new TextDecoder().decode(message.subarray(5))
    let limits
    try {
      limits = JSON.parse(text)
    } catch (error) {
      throw new Error(`A guest's time limits are not JSON: ${text.slice(0, 100)}`, { cause: error })
    }
    const valid = (limit) => limit === null || (typeof limit === 'number' && Number.isFinite(limit) && limit > 0)
    if (!Array.isArray(limits) || !limits.every(valid)) throw new Error(`A guest's time limits must be positive milliseconds or null: ${text.slice(0, 100)}`)
    this.#limits.set(handlerId, limits)
    return true
  }

  /** @param {number} handlerId */
  forget(handlerId) {
    this.#limits.delete(handlerId)
  }

  /**
   * The limit of a message of this connection for the watchdog: ownersMessage, guestWithoutCall,
   * guestWithoutLimit, or the tightest limit of the guest's calls in progress, in whole milliseconds.
   * @param {number | null} handlerId The connection whose message runs (null: none, the engine's own work).
   * @returns {number}
   */
  limitOf(handlerId) {
    const limits = handlerId === null ? undefined : this.#limits.get(handlerId)
    if (!limits) return ownersMessage
    if (limits.length === 0) return guestWithoutCall
    const finite = limits.filter((limit) => limit !== null)
    return finite.length === 0 ? guestWithoutLimit : Math.ceil(Math.min(...finite))
  }
}
