import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { openDatabase, type Database, type DatabaseOptions } from './database.ts'

/** 10^15 rows to count: weeks of work, i.e. a query that never ends by itself (and short series cost no memory). */
const runaway = 'select count(*) from generate_series(1, 100000) a, generate_series(1, 100000) b, generate_series(1, 100000) c'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

describe('the watchdog of the embedded engine', () => {
  const opened: Database[] = []
  const directories: string[] = []
  const reports: string[] = []
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((database) => database.close()))
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
    reports.length = 0
  })

  async function open(options: Partial<DatabaseOptions> = {}): Promise<Database> {
    const template = new Blob([readFileSync(inject('templatePath'))])
    const database = await openDatabase({
      dataDir: '',
      inMemory: true,
      loadDataDir: template,
      reportEmbeddedRestart: (message) => reports.push(message),
      ...options,
    })
    opened.push(database)
    return database
  }

  it('ends a query that keeps the engine busy past the engine-wide limit, and the next query works', async () => {
    const database = await open({ embeddedQueryLimitMs: 1_000 })
    let ticks = 0
    const ticker = setInterval(() => ticks++, 50)
    const started = performance.now()
    const error = await database.sql.unsafe(runaway).then(() => undefined, (failure: unknown) => failure)
    const elapsed = performance.now() - started
    clearInterval(ticker)
    expect(error).toMatchObject({ code: 'CONNECTION_CLOSED' })
    // The limit, plus at most one 100 ms look of the watchdog, plus the time to terminate the worker.
    expect(elapsed).toBeGreaterThanOrEqual(1_000)
    expect(elapsed).toBeLessThan(5_000)
    // A 50 ms timer kept firing meanwhile (20 times a second at best; a frozen thread would let it fire once).
    expect(ticks).toBeGreaterThanOrEqual(10)
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(/^The embedded database was restarted: one query kept it busy for \d+ ms, past the engine-wide limit of 1000 ms \(LUXX_EMBEDDED_QUERY_LIMIT_MS\)\.$/)
    const [row] = await database.sql<{ answer: number }[]>`select 6 * 7 as answer`
    expect(row?.answer).toBe(42)
  })

  it('brings an in-memory engine back from the dump it started with: writes since are gone', async () => {
    const database = await open({ embeddedQueryLimitMs: 1_000 })
    await database.sql`create table scratch (note text)`
    await expect(database.sql.unsafe(runaway)).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' })
    const [scratch] = await database.sql<{ present: boolean }[]>`select to_regclass('scratch') is not null as present`
    expect(scratch?.present).toBe(false)
    // The migrated template itself is back.
    const [sales] = await database.sql<{ present: boolean }[]>`select to_regclass('sales') is not null as present`
    expect(sales?.present).toBe(true)
  })

  it('brings an engine on disk back with every committed write', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'luxx-watchdog-'))
    directories.push(dataDir)
    const database = await open({ inMemory: false, dataDir, embeddedQueryLimitMs: 1_000 })
    await database.sql`create table kept (note text)`
    await database.sql`insert into kept values ('committed before the runaway')`
    await expect(database.sql.unsafe(runaway)).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' })
    expect(reports).toHaveLength(1)
    const rows = await database.sql<{ note: string }[]>`select note from kept`
    expect(rows.map((row) => row.note)).toEqual(['committed before the runaway'])
    // Still the one data directory, still dumpable.
    expect((await database.dumpEmbedded?.())?.size).toBeGreaterThan(0)
  })

  it('gives a time-limited call its own, tighter limit, and reports it as a statement timeout', async () => {
    const database = await open()
    const started = performance.now()
    const error = await database.withTimeLimit?.(800, () => database.sql.unsafe(runaway)).then(() => undefined, (failure: unknown) => failure)
    const elapsed = performance.now() - started
    expect(error).toMatchObject({ code: '57014', message: 'A query ran past its time limit of 800 ms; the embedded engine was restarted to stop it.' })
    // Not the engine-wide 30 s.
    expect(elapsed).toBeGreaterThanOrEqual(800)
    expect(elapsed).toBeLessThan(5_000)
    expect(reports[0]).toMatch(/^The embedded database was restarted: one query of a call ran for \d+ ms, past the call's time limit of 800 ms\.$/)
    const [row] = await database.sql<{ answer: number }[]>`select 6 * 7 as answer`
    expect(row?.answer).toBe(42)
  })

  it('never interrupts a call whose queries finish in time, however long the call waits between them', async () => {
    const database = await open()
    const limited = database.withTimeLimit
    if (!limited) throw new Error('The embedded engine offers no time limit.')
    const counts = await limited(300, async () => {
      const first = await database.sql<{ n: number }[]>`select count(*)::int as n from generate_series(1, 1000)`
      // Time the engine sits idle is not query time.
      await sleep(600)
      const second = await database.sql<{ n: number }[]>`select count(*)::int as n from generate_series(1, 2000)`
      return [first[0]?.n, second[0]?.n]
    })
    expect(counts).toEqual([1_000, 2_000])
    expect(reports).toEqual([])
  })

  it('lets a long query run when it stays within the engine-wide limit', async () => {
    const database = await open({ embeddedQueryLimitMs: 60_000 })
    // 3 million rows: a second or so on PGlite, well within a minute.
    const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from generate_series(1, 3000000)`
    expect(row?.n).toBe(3_000_000)
    expect(reports).toEqual([])
  })
})
