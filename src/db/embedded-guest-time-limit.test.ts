import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { spawnCli, type CliRun } from '../server/testing/cli-process.ts'
import { openDatabase, statementTimeoutGraceMs, withoutTimeLimit, type Database } from './database.ts'

/**
 * Issue #19, finding 8: a second process on the embedded engine (a guest: the CLI while this process holds the data
 * directory, as while `npm start` runs) reaches it through the owner's socket. Its tool calls stop at their statement
 * timeout as the owner's do, whatever the owner is doing meanwhile, and the engine goes on serving both.
 */
const statementTimeoutMs = 2_000
// 10^15 rows: weeks of work.
const side = 'generate_series(1, 100000)'
const runaway = `select count(*) as n from ${side} a cross join ${side} b cross join ${side} c`
// Past the owner's engine-wide limit (30 s by default), which is all that stopped a guest's query before.
const guestGivenUpAfterMs = 20_000

/** `luxx-analyst tools run run_readonly_sql --sql <sql>` as a guest; killed when still running after `withinMs`. */
function runGuest(sql: string, environment: Record<string, string>, withinMs = guestGivenUpAfterMs): Promise<CliRun & { killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(['tools', 'run', 'run_readonly_sql', '--sql', sql], {
      ...environment,
      LUXX_ENABLE_SQL_TOOL: '1',
      LUXX_STATEMENT_TIMEOUT_MS: String(statementTimeoutMs),
    })
    let stdout = ''
    let stderr = ''
    let killed = false
    const timer = setTimeout(() => {
      killed = true
      child.kill('SIGKILL')
    }, withinMs)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ stdout, stderr, code, killed })
    })
  })
}

/** Fails instead of hanging the file when the engine stops answering. */
function within<T>(milliseconds: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${milliseconds} ms.`)), milliseconds)
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

describe('a runaway tool call of a second process on the embedded engine', () => {
  // This process owns the engine, on disk so that the CLI finds it; the demo data spares the CLI its first-run seed.
  const dataDir = mkdtempSync(join(tmpdir(), 'luxx-guest-'))
  const environment = { LUXX_DATA_DIR: dataDir, DATABASE_URL: '' }
  const restarts: string[] = []
  let owner: Database
  beforeAll(async () => {
    owner = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(inject('demoTemplatePath'))]), reportEmbeddedRestart: (message) => restarts.push(message) })
  })
  afterAll(async () => {
    await within(60_000, 'Closing the owner', owner.close())
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function lastAudit(): Promise<{ tool: string; outcome: string; durationMs: number } | undefined> {
    const [row] = await owner.sql<{ tool: string; outcome: string; durationMs: number }[]>`
      select tool, outcome, duration_ms::float8 as "durationMs" from audit_log order by id desc limit 1`
    return row
  }

  async function expectStoppedInTime(guest: CliRun & { killed: boolean }): Promise<void> {
    expect(guest.killed, `the guest's call was still running after ${guestGivenUpAfterMs} ms`).toBe(false)
    expect(guest.stderr).toContain(`run_readonly_sql took longer than ${statementTimeoutMs} ms and was stopped. Try a shorter window.`)
    expect(guest.code).toBe(1)
    // The guest's audit row times the call: past the timeout, but not by more than the grace, the watchdog's
    // 100 ms look, and time to stop and restart the engine's worker.
    const audit = await within(10_000, 'Reading the audit log', lastAudit())
    expect(audit).toMatchObject({ tool: 'run_readonly_sql', outcome: 'timeout' })
    expect(audit?.durationMs).toBeGreaterThanOrEqual(statementTimeoutMs)
    expect(audit?.durationMs).toBeLessThan(statementTimeoutMs + statementTimeoutGraceMs + 100 + 2_000)
    // The owner's watchdog stopped it at the guest's limit, not at its engine-wide one.
    expect(restarts.splice(0)).toEqual([
      expect.stringMatching(new RegExp(`^The embedded database was restarted: one query of a call of another process ran for \\d+ ms, past the call's time limit of ${statementTimeoutMs + statementTimeoutGraceMs} ms\\.$`)),
    ])
  }

  it('ends as a timeout soon after its statement timeout, and the owner and the next guest go on', async () => {
    await expectStoppedInTime(await runGuest(runaway, environment))
    // The owner reconnects to the restarted engine.
    const [row] = await within(10_000, "The owner's query", owner.sql<{ answer: number }[]>`select 6 * 7 as answer`)
    expect(row?.answer).toBe(42)
    const next = await runGuest('select 6 * 7 as answer', environment)
    expect(next.code, next.stderr).toBe(0)
    expect(next.stdout).toMatch(/\b42\b/)
  })

  it("is stopped at its own limit while the owner's work runs without one", async () => {
    // Maintenance in the owner (a migration, the rollup rebuild) lifts the owner's limits, not the guest's.
    const guest = await withoutTimeLimit(owner.sql, () => runGuest(runaway, environment))
    await expectStoppedInTime(guest)
    const [row] = await within(10_000, "The owner's query", owner.sql<{ answer: number }[]>`select 6 * 7 as answer`)
    expect(row?.answer).toBe(42)
  })
})
