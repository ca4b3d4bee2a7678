// The queue through which the embedded socket server hands protocol messages to PGlite, replacing
// pglite-socket's QueryQueueManager. PGlite has a single session that every socket connection shares. The
// library's queue runs one message at a time from whichever connection is next and stays with one connection
// only inside a transaction block, so one connection's Parse/Bind/Execute/Sync could be interleaved with
// another's, which replaces the unnamed statement and portal under it ('portal "" does not exist' as soon as a
// second process uses the owner's socket). This one serves a connection from its first message until it is back
// at a protocol boundary (its startup message, a Sync, a simple Query or Terminate has run) outside a transaction
// block; the other connections' messages wait, then the one that has waited longest goes next.
//
// A guest's time limits message (embedded-guest-limits.mjs) never reaches PGlite: the queue hands it to the
// guests' limits as it arrives (after its connection's earlier messages), and says whose message PGlite runs.
//
// Plain JavaScript: the engine's worker thread (embedded-worker.mjs) loads it without TypeScript tooling.

const syncMessage = Uint8Array.of(0x53, 0, 0, 0, 4)
const rollbackMessage = simpleQuery('ROLLBACK')

/**
 * @typedef {object} Session What the queue needs of PGlite.
 * @property {<T>(work: () => Promise<T>) => Promise<T>} runExclusive
 * @property {(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }) => Promise<void>} execProtocolRawStream
 * @property {() => boolean} isInTransaction
 */

/** @typedef {import('./embedded-guest-limits.mjs').GuestLimits} GuestLimits */

/**
 * @typedef {object} Turn A protocol message waiting to run, or (message undefined) a disconnected connection's cleanup.
 * @property {number} handlerId The socket handler (one per connection) it came from.
 * @property {Uint8Array | undefined} message
 * @property {(data: Uint8Array) => void} onData Receives the engine's replies.
 * @property {(bytes: number) => void} resolve Told how many bytes of replies were sent.
 * @property {(error: Error) => void} reject
 */

/** @param {string} text */
function simpleQuery(text) {
  const body = new TextEncoder().encode(`${text}\0`)
  const message = new Uint8Array(5 + body.length)
  message[0] = 0x51
  new DataView(message.buffer).setInt32(1, 4 + body.length)
  message.set(body, 5)
  return message
}

/**
 * Whether the engine is back at a protocol boundary once `message` has run. Typed messages begin with their
 * letter; the startup message is untyped and begins with its length, whose first byte is 0 (as PGlite tells them).
 * @param {Uint8Array} message
 */
function endsExchange(message) {
  const type = message[0] ?? 0
  return type === 0 || type === 0x53 || type === 0x51 || type === 0x58 // startup, Sync, Query, Terminate
}

/** @param {unknown} error */
function asError(error) {
  return error instanceof Error ? error : new Error(String(error))
}

/** Hands each connection's protocol messages to PGlite one exchange at a time; see the top of this file. */
export class ExclusiveQueryQueue {
  /** @type {Session} */
  #session
  /** @type {Turn[]} */
  #waiting = []
  /** @type {number | null} The connection the session is reserved for, until its exchange ends. */
  #holder = null
  /** The holder's last message left an extended-protocol batch open (no Sync yet). */
  #holderMidBatch = false
  #running = false
  /** @type {number | null} The connection whose message PGlite is running. */
  #current = null
  /** @type {GuestLimits} */
  #guests

  /**
   * @param {Session} session
   * @param {GuestLimits} guests
   */
  constructor(session, guests) {
    this.#session = session
    this.#guests = guests
  }

  /** The connection whose message PGlite is running now (null: none, or work of the engine's own). */
  get current() {
    return this.#current
  }

  /**
   * Runs one protocol message of a connection once it is that connection's turn; resolves with the bytes replied.
   * @param {number} handlerId
   * @param {Uint8Array} message
   * @param {(data: Uint8Array) => void} onData
   * @returns {Promise<number>}
   */
  enqueue(handlerId, message, onData) {
    try {
      if (this.#guests.accept(handlerId, message)) return Promise.resolve(0)
    } catch (error) {
      // The connection's handler drops the connection on this error.
      return Promise.reject(asError(error))
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({ handlerId, message, onData, resolve, reject })
      void this.#run()
    })
  }

  getQueueLength() {
    return this.#waiting.length
  }

  /**
   * Drops the waiting messages of a connection that went away, and its limits.
   * @param {number} handlerId
   */
  clearQueueForHandler(handlerId) {
    this.#guests.forget(handlerId)
    this.#waiting = this.#waiting.filter((turn) => {
      if (turn.handlerId !== handlerId || !turn.message) return true
      turn.reject(new Error('Handler disconnected'))
      return false
    })
  }

  /**
   * When a connection that went away held the session (mid-batch or in a transaction), rolls its work back and
   * releases the session to the others, after any message of it still running.
   * @param {number} handlerId
   * @returns {Promise<void>}
   */
  clearTransactionIfNeeded(handlerId) {
    if (this.#holder !== handlerId) return Promise.resolve()
    return new Promise((resolve, reject) => {
      this.#waiting.push({ handlerId, message: undefined, onData: () => undefined, resolve: () => resolve(), reject })
      void this.#run()
    })
  }

  // Never rejects: every failure goes to the turn it belongs to.
  async #run() {
    if (this.#running) return
    this.#running = true
    try {
      for (let turn = this.#next(); turn; turn = this.#next()) {
        if (turn.message) await this.#execute(turn, turn.message)
        else await this.#release(turn)
      }
    } finally {
      this.#running = false
    }
  }

  // The holder's next message, or while nobody holds the session, the one that has waited longest. Undefined
  // while the holder has nothing waiting: its next message arrives once it has read the replies.
  #next() {
    const index = this.#holder === null ? 0 : this.#waiting.findIndex((turn) => turn.handlerId === this.#holder)
    return index === -1 ? undefined : this.#waiting.splice(index, 1)[0]
  }

  /**
   * @param {Turn} turn
   * @param {Uint8Array} message
   */
  async #execute(turn, message) {
    // Held from the start, so a disconnection while the message runs cleans up after it.
    this.#holder = turn.handlerId
    let bytes = 0
    try {
      await this.#runAs(turn.handlerId, message, (data) => {
        bytes += data.length
        turn.onData(data)
      })
      const ended = endsExchange(message)
      this.#holderMidBatch = !ended
      if (ended && !this.#session.isInTransaction()) this.#holder = null
      turn.resolve(bytes)
    } catch (error) {
      // The connection's handler drops the connection on this error and then calls clearTransactionIfNeeded.
      turn.reject(asError(error))
    }
  }

  /** @param {Turn} turn */
  async #release(turn) {
    if (this.#holder !== turn.handlerId) {
      turn.resolve(0)
      return
    }
    try {
      // A rollback ends an open batch's implicit transaction, or a transaction block. After an error in the batch
      // the session ignores everything until Sync, whose reply leaves a failed block still open: roll that back.
      if (this.#holderMidBatch) {
        await this.#runOwn(rollbackMessage)
        await this.#runOwn(syncMessage)
      }
      if (this.#session.isInTransaction()) await this.#runOwn(rollbackMessage)
      turn.resolve(0)
    } catch (error) {
      turn.reject(asError(error))
    } finally {
      this.#holder = null
      this.#holderMidBatch = false
    }
  }

  /**
   * Runs a message of the queue's own for the connection being released; nobody is listening for its replies.
   * @param {Uint8Array} message
   */
  #runOwn(message) {
    return this.#runAs(this.#holder, message, () => undefined)
  }

  /**
   * @param {number | null} handlerId
   * @param {Uint8Array} message
   * @param {(data: Uint8Array) => void} onRawData
   */
  #runAs(handlerId, message, onRawData) {
    return this.#session.runExclusive(async () => {
      this.#current = handlerId
      try {
        return await this.#session.execProtocolRawStream(message, { onRawData })
      } finally {
        this.#current = null
      }
    })
  }
}
