// The embedded PGlite engine and its socket server, on a worker thread of their own. PGlite's WASM runs
// synchronously and ignores statement_timeout, so a runaway query would freeze the thread it runs on; here that
// thread is not the analyst's, and the watchdog (embedded-watchdog.ts) can end it with worker.terminate().
//
// Plain JavaScript importing only npm packages and its siblings embedded-query-queue.mjs and
// embedded-guest-limits.mjs: worker threads load it without tsx's or vitest's transform, from src/ and from dist/ alike.
//
// workerData: { storage, socketPath, loadDataDir?: Blob, pgliteWasmModule?: WebAssembly.Module, busySince: SharedArrayBuffer }
// busySince holds two int64: when the running protocol message began (ms since the epoch, 0 while none runs), and
// what limit it has as a guest's (GuestLimits.limitOf).
// Messages in: { id, type: 'dump' | 'close' }. Messages out: { type: 'ready', pgliteWasmModule }, { id, dump: Blob },
// { id, closed: true }, { id, error: string }.
import { rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import { GuestLimits } from './embedded-guest-limits.mjs'
import { ExclusiveQueryQueue } from './embedded-query-queue.mjs'

const { storage, socketPath, loadDataDir, busySince } = workerData
const clock = new BigInt64Array(busySince)

// The first worker of a process compiles PGlite's WASM while the packages load, and hands the compiled module
// back: the next workers (a restart, another test database) skip the compile.
const compiling =
  workerData.pgliteWasmModule ??
  readFile(new URL('./pglite.wasm', import.meta.resolve('@electric-sql/pglite'))).then((bytes) => WebAssembly.compile(bytes))
const [{ PGlite }, { PGLiteSocketServer }, pgliteWasmModule] = await Promise.all([
  import('@electric-sql/pglite'),
  import('@electric-sql/pglite-socket'),
  compiling,
])

const database = await PGlite.create(storage, { pgliteWasmModule, ...(loadDataDir ? { loadDataDir } : {}) })

const guests = new GuestLimits()
// The library's queue interleaves the protocol messages of different connections (see embedded-query-queue.mjs).
const queue = new ExclusiveQueryQueue(database, guests)

// Every protocol message the socket server hands to PGlite goes through this method. The time it started and, when
// it is a guest's, the guest's limit sit in shared memory, where the main thread reads them even while this thread
// is stuck inside the WASM. The limit is written first: the watchdog reads the start, the limit, and the start again.
const execute = database.execProtocolRawStream.bind(database)
database.execProtocolRawStream = async (message, options) => {
  Atomics.store(clock, 1, BigInt(guests.limitOf(queue.current)))
  Atomics.store(clock, 0, BigInt(Date.now()))
  try {
    return await execute(message, options)
  } finally {
    Atomics.store(clock, 0, 0n)
  }
}

// A predecessor that was terminated, or a process that crashed, leaves its socket file behind.
rmSync(socketPath, { force: true })
const server = new PGLiteSocketServer({ db: database, path: socketPath, maxConnections: 16 })
server.queryQueue = queue
await server.start()

parentPort.on('message', async (request) => {
  try {
    if (request.type === 'dump') {
      parentPort.postMessage({ id: request.id, dump: await database.dumpDataDir('none') })
    } else if (request.type === 'close') {
      await server.stop()
      await database.close()
      rmSync(socketPath, { force: true })
      parentPort.postMessage({ id: request.id, closed: true })
      parentPort.close()
    }
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) })
  }
})
parentPort.postMessage({ type: 'ready', pgliteWasmModule })
