import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createConnection, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { join, resolve } from 'node:path'
import { connectionLostReason } from './connection-lost.ts'
import type { DatabaseOptions } from './database-options.ts'
import { EmbeddedTimeLimitError, startWatchedEngine } from './embedded-watchdog.ts'

export interface EmbeddedEngine {
  socketPath: string
  location: string
  /**
   * A socket to the engine: the owner's to its watched engine, once it is up (after a restart, the new one); a guest's
   * to the owner's, or, once the owner has exited, to the engine this process then runs itself (see `guestOf`).
   */
  connect(): Promise<Socket>
  /** A tar of the data directory, loadable with `loadDataDir` (owner process only). */
  dump?(): Promise<Blob>
  /**
   * Runs `work` with each of its queries limited to `limitMs` (see WatchedEngine): the owner's watchdog applies it
   * to the owner's queries, or to a guest's queries on its connection (see `guestOf`).
   */
  withTimeLimit<T>(limitMs: number, work: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

interface LockFile {
  pid: number
  socketPath: string
}

export class EmbeddedDatabaseBusyError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is held by process ${pid}, but its socket is gone. ` +
        'Stop that process, or set DATABASE_URL to use a PostgreSQL server.',
    )
    this.name = 'EmbeddedDatabaseBusyError'
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

// Unix socket paths are limited to about 100 bytes; a deep data directory gets a short one in the temp folder.
function socketPathFor(dataDir: string): string {
  const inside = join(dataDir, '.s.luxx')
  if (Buffer.byteLength(inside) < 100) return inside
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16)
  return join(tmpdir(), `luxx-${hash}.sock`)
}

function readLock(path: string): LockFile | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockFile
  } catch {
    return undefined
  }
}

/**
 * Opens the embedded PGlite engine and serves it on a private Unix socket, or, when another process
 * already holds the data directory, reuses that process's socket. Two processes never open one directory:
 * PGlite would lose writes silently. The owner runs the engine on a watched worker thread (embedded-watchdog.ts);
 * a process using the owner's socket has no watchdog of its own: it tells the owner's the time limits of its calls.
 */
export async function openEmbeddedEngine(options: DatabaseOptions): Promise<EmbeddedEngine> {
  const dataDir = options.inMemory ? mkdtempSync(join(tmpdir(), 'luxx-mem-')) : resolve(options.dataDir)
  mkdirSync(dataDir, { recursive: true })
  const lockPath = join(dataDir, 'luxx.lock')
  const socketPath = socketPathFor(dataDir)

  for (let attempt = 0; attempt < 3; attempt++) {
    let descriptor: number
    try {
      descriptor = openSync(lockPath, 'wx')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const lock = readLock(lockPath)
      if (lock && lock.pid !== process.pid && isAlive(lock.pid)) {
        if (existsSync(lock.socketPath)) return guestOf(lock, dataDir, options)
        throw new EmbeddedDatabaseBusyError(dataDir, lock.pid)
      }
      rmSync(lockPath, { force: true })
      continue
    }
    writeSync(descriptor, JSON.stringify({ pid: process.pid, socketPath } satisfies LockFile))
    closeSync(descriptor)
    try {
      return await startServer(dataDir, socketPath, lockPath, options)
    } catch (error) {
      rmSync(lockPath, { force: true })
      throw error
    }
  }
  throw new Error(`Could not take the lock ${lockPath}; remove it if no analyst process is running.`)
}

function connectTo(socketPath: string): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = createConnection(socketPath)
    socket.once('connect', () => {
      socket.off('error', reject)
      resolve(socket)
    })
    socket.once('error', reject)
  })
}

// How long a guest waits for an exiting owner to let go of the directory (it removes its socket before its lock).
const takeOverWaitMs = 10_000

/**
 * The message with which a guest tells the owner's watchdog the time limits of its calls in progress, in ms (null:
 * none); its format is described, and the message read, in embedded-guest-limits.mjs.
 */
function guestLimitsMessage(limits: ReadonlyArray<number | null>): Buffer {
  const body = Buffer.from(JSON.stringify(limits))
  const message = Buffer.alloc(5 + body.length)
  message.write('L', 0)
  message.writeInt32BE(4 + body.length, 1)
  body.copy(message, 5)
  return message
}

/**
 * A process using another's engine. When the owner exits, its socket goes and the next connection (postgres.js opens
 * one on the next query) opens the directory again: this process then becomes the owner, or the guest of whichever
 * process won the race, so an MCP server started second keeps working after the first one stops.
 *
 * The owner's watchdog cannot see a guest's calls, so the guest writes their time limits on its connection to the
 * owner, first before the startup message, then whenever a call begins or ends (between the messages postgres.js
 * writes, each of which it writes whole); the watchdog applies them to this connection's queries alone. A query
 * past its call's limit restarts the engine, which closes the connection; the call then fails as a timeout.
 */
function guestOf(lock: LockFile, dataDir: string, options: DatabaseOptions): EmbeddedEngine {
  let successor: Promise<EmbeddedEngine> | undefined
  // The engine this process uses since the owner went away, once it is up.
  let taken: EmbeddedEngine | undefined
  // The limits of this process's calls in progress, and its connection to the owner they are written on.
  const calls = new Set<{ limitMs: number }>()
  let toOwner: Socket | undefined
  const tellLimits = (socket: Socket) => {
    // A connection that is closing needs no limits, and writing on it would fail.
    if (socket.writable) socket.write(guestLimitsMessage([...calls].map((call) => (Number.isFinite(call.limitMs) ? call.limitMs : null))))
  }
  const takeOver = async (): Promise<EmbeddedEngine> => {
    const deadline = Date.now() + takeOverWaitMs
    for (;;) {
      try {
        return await openEmbeddedEngine({ ...options, dataDir })
      } catch (error) {
        if (!(error instanceof EmbeddedDatabaseBusyError) || Date.now() > deadline) throw error
        await sleep(100)
      }
    }
  }
  return {
    socketPath: lock.socketPath,
    location: `embedded PGlite in ${dataDir} (through process ${lock.pid})`,
    async connect() {
      if (!successor) {
        // An owner that is closing refuses connections for a moment before its socket goes.
        const deadline = Date.now() + takeOverWaitMs
        for (;;) {
          try {
            const socket = await connectTo(lock.socketPath)
            tellLimits(socket)
            toOwner = socket
            return socket
          } catch (error) {
            if (!isAlive(lock.pid) || !existsSync(lock.socketPath)) break
            if (Date.now() > deadline) throw new Error(`Could not reach the engine of process ${lock.pid}.`, { cause: error })
            await sleep(100)
          }
        }
        successor ??= takeOver()
        // A failed take-over is tried again by the next connection.
        successor.then(
          (engine) => (taken = engine),
          () => (successor = undefined),
        )
      }
      return (await successor).connect()
    },
    async withTimeLimit(limitMs, work) {
      if (taken) return taken.withTimeLimit(limitMs, work)
      const call = { limitMs }
      const began = Date.now()
      calls.add(call)
      if (toOwner) tellLimits(toOwner)
      try {
        return await work()
      } catch (error) {
        // The watchdog restarts the engine a moment after the limit; a lost connection before it has another cause.
        if (connectionLostReason(error) !== undefined && Date.now() - began >= limitMs) throw new EmbeddedTimeLimitError(limitMs, { cause: error })
        throw error
      } finally {
        calls.delete(call)
        if (toOwner) tellLimits(toOwner)
      }
    },
    async close() {
      const taken = await successor?.catch(() => undefined)
      await taken?.close()
    },
  }
}

// The engine-wide limit when the caller sets none: the default of LUXX_EMBEDDED_QUERY_LIMIT_MS.
const defaultQueryLimitMs = 30_000

async function startServer(
  dataDir: string,
  socketPath: string,
  lockPath: string,
  options: DatabaseOptions,
): Promise<EmbeddedEngine> {
  const engine = await startWatchedEngine({
    storage: options.inMemory ? 'memory://' : join(dataDir, 'pgdata'),
    socketPath,
    loadDataDir: options.loadDataDir,
    engineLimitMs: options.embeddedQueryLimitMs ?? defaultQueryLimitMs,
    report: options.reportEmbeddedRestart ?? ((message) => process.stderr.write(`${message}\n`)),
  })
  return {
    socketPath,
    location: options.inMemory ? 'embedded PGlite (in memory)' : `embedded PGlite in ${dataDir}`,
    connect: () => engine.connect(),
    dump: () => engine.dump(),
    withTimeLimit: (limitMs, work) => engine.withTimeLimit(limitMs, work),
    async close() {
      await engine.close()
      rmSync(socketPath, { force: true })
      rmSync(lockPath, { force: true })
      if (options.inMemory) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
