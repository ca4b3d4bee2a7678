import { createConnection, type Socket } from 'node:net'
import { Worker } from 'node:worker_threads'

/** How often the main thread looks at what the engine is doing; a runaway ends at most this long after its limit. */
const checkEveryMs = 100

export interface WatchdogOptions {
  /** `memory://` or the PGlite data directory. */
  storage: string
  socketPath: string
  /** A dump to start from. An in-memory engine restarts from it too; one on disk restarts from its directory. */
  loadDataDir?: Blob | undefined
  /** Longest one query may keep the engine busy while no call has set a time limit of its own. */
  engineLimitMs: number
  /** Told why the engine was restarted, or why it could not be. */
  report: (message: string) => void
}

/** The embedded engine, watched: queries that run past their limit end with a restart instead of freezing it. */
export interface WatchedEngine {
  /** A socket to the engine once it is up; during a restart, to the new engine once that is up. */
  connect(): Promise<Socket>
  dump(): Promise<Blob>
  /** Runs `work` with its queries limited to `limitMs` each (instead of the engine-wide limit). */
  withTimeLimit<T>(limitMs: number, work: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

/**
 * The work of a call failed because one of its queries ran past the call's time limit and the watchdog restarted
 * the engine. Its code is PostgreSQL's for a statement timeout (57014, query_canceled), which it stands for here.
 */
export class EmbeddedTimeLimitError extends Error {
  readonly code = '57014'

  constructor(
    readonly limitMs: number,
    options?: ErrorOptions,
  ) {
    super(`A query ran past its time limit of ${limitMs} ms; the embedded engine was restarted to stop it.`, options)
    this.name = 'EmbeddedTimeLimitError'
  }
}

interface Deadline {
  armedAt: number
  limitMs: number
  /** The watchdog restarted the engine because of this deadline. */
  passed: boolean
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

// What the worker notes of the running message besides its start, as GuestLimits.limitOf (embedded-guest-limits.mjs)
// says: a message of this process, of a guest with no call in progress, of a guest whose calls have no limit, or the
// limit in ms of a guest's calls.
const ownersMessage = 0
const guestWithoutCall = -1
const guestWithoutLimit = -2

type Ready = { type: 'ready'; pgliteWasmModule: WebAssembly.Module }
type Reply = { id: number; dump: Blob } | { id: number; closed: true } | { id: number; error: string }

const workerUrl = new URL('./embedded-worker.mjs', import.meta.url)

// PGlite's WASM, compiled by the first worker of the process and shared with the next ones.
let pgliteWasmModule: WebAssembly.Module | undefined

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Runs PGlite and its socket server on a worker thread and watches it from this one. The worker notes in shared
 * memory when the protocol message it is executing began, and whose it is; every 100 ms this thread reads that
 * clock, and when a message has run past its limit it terminates the worker, which stops the WASM mid-query, and
 * starts a new one on the same storage and socket. Connections to the old engine fail (postgres.js reconnects on
 * the next query); the restart is reported with the limit and the time.
 *
 * A message's limit: this process's, the tightest of its calls running (withTimeLimit); a guest's (another process
 * on this engine's socket, see embedded-engine.ts), the tightest of the calls it said it is running
 * (embedded-guest-limits.mjs); with no call running, the engine-wide limit. So neither process's calls limit, or
 * lift the limits of, the other's queries.
 *
 * What a restart keeps: an engine on disk comes back with every committed write (PostgreSQL's crash recovery), an
 * in-memory engine only with the dump it started from, since its memory went with the worker: writes since are lost.
 */
export async function startWatchedEngine(options: WatchdogOptions): Promise<WatchedEngine> {
  const inMemory = options.storage.startsWith('memory://')
  // When the running message began, and its limit as a guest's (see embedded-worker.mjs).
  const busySince = new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT)
  const clock = new BigInt64Array(busySince)
  const deadlines = new Set<Deadline>()
  const pending = new Map<number, Pending>()
  const stopping = new WeakSet<Worker>()
  let nextRequest = 1
  let closing = false
  let restarting = false
  let worker: Worker
  let ready: Promise<void>

  async function spawn(loadDataDir: Blob | undefined): Promise<Worker> {
    const started = new Worker(workerUrl, {
      // Plain JavaScript: the worker starts faster without the process's loaders (tsx's, in development).
      execArgv: [],
      workerData: {
        storage: options.storage,
        socketPath: options.socketPath,
        loadDataDir,
        pgliteWasmModule,
        busySince,
      },
    })
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => reject(new Error(`The embedded database could not start: ${error.message}`))
      const exited = (code: number) => reject(new Error(`The embedded database could not start: its worker exited with code ${code}.`))
      started.once('error', failed)
      started.once('exit', exited)
      started.once('message', (ready: Ready) => {
        pgliteWasmModule ??= ready.pgliteWasmModule
        started.off('error', failed)
        started.off('exit', exited)
        resolve()
      })
    })
    started.on('message', (reply: Ready | Reply) => {
      if (!('id' in reply)) return
      const request = pending.get(reply.id)
      pending.delete(reply.id)
      if ('error' in reply) request?.reject(new Error(reply.error))
      else request?.resolve('dump' in reply ? reply.dump : undefined)
    })
    // A worker that dies on its own (an abort inside PGlite) is replaced like a stuck one.
    let failure = ''
    started.on('error', (error) => {
      failure = `: ${error.message}`
    })
    started.on('exit', (code) => {
      for (const request of pending.values()) request.reject(new Error(`The embedded database stopped (exit code ${code}${failure}).`))
      pending.clear()
      if (!stopping.has(started) && !closing) restart(`its worker stopped unexpectedly (exit code ${code}${failure})`)
    })
    return started
  }

  function restart(reason: string): void {
    restarting = true
    const previous = worker
    stopping.add(previous)
    options.report(`The embedded database was restarted: ${reason}.`)
    ready = previous
      .terminate()
      .then(async () => {
        Atomics.store(clock, 0, 0n)
        worker = await spawn(inMemory ? options.loadDataDir : undefined)
      })
      .finally(() => {
        restarting = false
      })
    ready.catch((error: unknown) => options.report(`The embedded database could not be restarted (${messageOf(error)}); restart the analyst.`))
  }

  function check(): void {
    const since = Number(Atomics.load(clock, 0))
    if (since === 0 || restarting) return
    const guestLimit = Number(Atomics.load(clock, 1))
    // The worker writes a message's limit before its start: the same start read again means the limit is its own.
    if (Number(Atomics.load(clock, 0)) !== since) return
    const now = Date.now()
    if (closing) {
      // Closing waits for the running query; one stuck past the engine-wide limit is ended, with no restart.
      if (now - since > options.engineLimitMs) {
        stopping.add(worker)
        Atomics.store(clock, 0, 0n)
        void worker.terminate()
      }
      return
    }
    if (guestLimit === guestWithoutCall) {
      if (now - since > options.engineLimitMs) {
        restart(`one query of another process kept it busy for ${now - since} ms, past the engine-wide limit of ${options.engineLimitMs} ms (LUXX_EMBEDDED_QUERY_LIMIT_MS)`)
      }
      return
    }
    if (guestLimit !== ownersMessage) {
      if (guestLimit !== guestWithoutLimit && now - since > guestLimit) {
        restart(`one query of a call of another process ran for ${now - since} ms, past the call's time limit of ${guestLimit} ms`)
      }
      return
    }
    if (deadlines.size === 0) {
      if (now - since > options.engineLimitMs) {
        restart(`one query kept it busy for ${now - since} ms, past the engine-wide limit of ${options.engineLimitMs} ms (LUXX_EMBEDDED_QUERY_LIMIT_MS)`)
      }
      return
    }
    // A call's limit counts from when the call began: time the engine spent on earlier work is not the call's.
    const passed = [...deadlines].filter((deadline) => now - Math.max(since, deadline.armedAt) > deadline.limitMs)
    if (passed.length === 0) return
    for (const deadline of passed) deadline.passed = true
    const limitMs = Math.min(...passed.map((deadline) => deadline.limitMs))
    restart(`one query of a call ran for ${now - Math.max(since, ...passed.map((deadline) => deadline.armedAt))} ms, past the call's time limit of ${limitMs} ms`)
  }

  function request(type: 'dump' | 'close'): Promise<unknown> {
    const id = nextRequest++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      worker.postMessage({ id, type })
    })
  }

  ready = spawn(options.loadDataDir).then((first) => {
    worker = first
  })
  await ready
  const timer = setInterval(check, checkEveryMs)
  timer.unref()

  return {
    async connect() {
      await ready
      return await new Promise<Socket>((resolve, reject) => {
        const socket = createConnection(options.socketPath)
        socket.once('connect', () => {
          socket.off('error', reject)
          resolve(socket)
        })
        socket.once('error', reject)
      })
    },
    async dump() {
      await ready
      return (await request('dump')) as Blob
    },
    async withTimeLimit(limitMs, work) {
      const deadline: Deadline = { armedAt: Date.now(), limitMs, passed: false }
      deadlines.add(deadline)
      try {
        return await work()
      } catch (error) {
        if (deadline.passed) throw new EmbeddedTimeLimitError(limitMs)
        throw error
      } finally {
        deadlines.delete(deadline)
      }
    },
    async close() {
      closing = true
      try {
        await ready
        await request('close')
      } catch (error) {
        // A worker already gone (ended while stuck, or never restarted) has nothing left to close.
        if (!stopping.has(worker)) throw error
      } finally {
        clearInterval(timer)
        stopping.add(worker)
        await worker.terminate()
      }
    },
  }
}
