import { beforeAll, describe, expect, it } from 'vitest'
import { runReadonlySql } from '../free-sql/run-readonly-sql.ts'
import { loadSqlParser } from '../free-sql/sql-guard.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { defineTool, toolInput, z } from '../tools/define-tool.ts'
import { executeTool, type ToolOutcome } from '../tools/executor.ts'
import { createRegistry } from '../tools/registry.ts'
import { statementTimeoutGraceMs } from './database.ts'

/**
 * Runaway analytics end as a statement timeout on both engines: the server stops them itself, the embedded engine
 * (which ignores statement_timeout) through its watchdog, without freezing this process.
 */
const probe = defineTool({
  name: 'probe_cross_join',
  title: 'Probe',
  area: 'kpis',
  description: 'Counts the rows of a cubic cross join: side³ of them, a runaway when the side is large.',
  input: toolInput({ side: z.number().int().min(1).max(100_000).describe('Rows in each of the three joined series.') }),
  row: z.object({ n: z.number() }),
  metrics: [],
  examples: ['A hundred cubed', 'A hundred thousand cubed', 'One cubed'],
  usesWindow: false,
  // Small series joined, not one long series: each side is materialized, and a short one costs no memory.
  query: ({ sql, input }) => sql`
    select count(*) as n
    from generate_series(1, ${input.side}::int) a cross join generate_series(1, ${input.side}::int) b cross join generate_series(1, ${input.side}::int) c`,
  assumptions: () => [],
  narrate: () => 'Counted.',
})
const registry = createRegistry([probe, runReadonlySql])
const statementTimeoutMs = 2_000

beforeAll(() => loadSqlParser())

describe.each(testEngines())('a runaway analytics call on %s', (engine) => {
  const database = useTestDatabase(engine)
  const call = (name: string, input: Record<string, unknown>): Promise<ToolOutcome> =>
    executeTool(registry, name, input, { database: database(), timeZone: 'UTC', statementTimeoutMs, maxRows: 10, role: 'analyst', surface: 'test' })

  async function lastAudit(): Promise<{ tool: string; outcome: string; durationMs: number } | undefined> {
    const [row] = await database().sql<{ tool: string; outcome: string; durationMs: number }[]>`
      select tool, outcome, duration_ms::float8 as "durationMs" from audit_log order by id desc limit 1`
    return row
  }

  it('ends as a timeout soon after its statement timeout, the process stays responsive, and the next call succeeds', async () => {
    let ticks = 0
    const ticker = setInterval(() => ticks++, 50)
    // 10^15 rows: weeks of work.
    const outcome = await call('probe_cross_join', { side: 100_000 })
    clearInterval(ticker)
    expect(outcome).toMatchObject({ ok: false, error: { code: 'timeout', message: `probe_cross_join took longer than ${statementTimeoutMs} ms and was stopped. Try a shorter window.` } })
    // The audit log times the call up to its failure: past the timeout, but not by more than the grace, the
    // watchdog's 100 ms look, and time to stop the worker.
    const audit = await lastAudit()
    expect(audit).toMatchObject({ tool: 'probe_cross_join', outcome: 'timeout' })
    expect(audit?.durationMs).toBeGreaterThanOrEqual(statementTimeoutMs)
    expect(audit?.durationMs).toBeLessThan(statementTimeoutMs + statementTimeoutGraceMs + 100 + 2_000)
    // A 50 ms timer kept firing during those 2 seconds and more (a frozen thread would let it fire once).
    expect(ticks).toBeGreaterThanOrEqual(20)
    // 100³ rows.
    expect(await call('probe_cross_join', { side: 100 })).toMatchObject({ ok: true, envelope: { rows: [{ n: 1_000_000 }] } })
  })

  it('is stopped the same way through the free-form SQL tool', async () => {
    // 10^15 rows again, as an analyst might write them.
    const side = 'generate_series(1, 100000)'
    const outcome = await call('run_readonly_sql', { sql: `select count(*) as n from ${side} a cross join ${side} b cross join ${side} c` })
    expect(outcome).toMatchObject({ ok: false, error: { code: 'timeout', message: `run_readonly_sql took longer than ${statementTimeoutMs} ms and was stopped. Try a shorter window.` } })
    expect(await call('run_readonly_sql', { sql: 'select 6 * 7 as answer' })).toMatchObject({ ok: true, envelope: { rows: [{ answer: 42 }] } })
  })

  it('never stops a call whose queries finish within the timeout', async () => {
    // 130³ rows: a fraction of a second, on either engine.
    expect(await call('probe_cross_join', { side: 130 })).toMatchObject({ ok: true, envelope: { rows: [{ n: 2_197_000 }] } })
    expect(await lastAudit()).toMatchObject({ tool: 'probe_cross_join', outcome: 'ok' })
  })
})
