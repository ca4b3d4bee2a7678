import { describe, expect, it } from 'vitest'
import type { Database } from '../db/database.ts'
import { Fixture } from '../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { defineTool, personal, toolInput, z, type AnyTool } from './define-tool.ts'
import { executeTool, type ExecutionContext } from './executor.ts'
import { createRegistry } from './registry.ts'
import { pseudonymOf } from '../testing/pseudonym.ts'

// Tools written only for these tests, to probe the executor's boundaries.
const probe = (name: string, query: AnyTool['query'], row: z.ZodObject = z.object({ value: z.number() })) =>
  defineTool({
    name,
    title: name,
    area: 'kpis',
    description: 'A probe of the executor, used in tests only.',
    input: toolInput({}),
    row,
    metrics: [],
    examples: ['a', 'b', 'c'],
    usesWindow: false,
    query,
    assumptions: () => [],
    narrate: ({ rows }) => `${rows.length} rows`,
  })

const registry = createRegistry([
  probe('counting', ({ sql }) => sql`select n::int as value from generate_series(50, 1, -1) as n order by n desc`),
  probe('reads_keys', ({ sql }) => sql`select count(*)::int as value from api_keys`),
  probe('writes', ({ sql }) => sql`with gone as (delete from brands returning 1) select count(*)::int as value from gone`),
  probe('sleeps', ({ sql }) => sql`select 1 as value from pg_sleep(2)`),
  probe(
    'settings',
    ({ sql }) => sql`select current_setting('work_mem') as work_mem, current_setting('jit') as jit, current_setting('random_page_cost') as random_page_cost`,
    z.object({ work_mem: z.string(), jit: z.string(), random_page_cost: z.string() }),
  ),
  probe(
    'contacts',
    ({ sql }) => sql`select id::text as customer_id, full_name as name, email, phone from users where user_type = 'buyer' order by username`,
    z.object({ customer_id: z.string(), name: personal.name(), email: personal.email(), phone: personal.phone() }),
  ),
])

function context(database: Database, overrides: Partial<ExecutionContext> = {}): ExecutionContext {
  return { database, timeZone: 'UTC', statementTimeoutMs: 15_000, maxRows: 1_000, role: 'analyst', surface: 'test', ...overrides }
}

describe.each(testEngines())('the executor on %s', (engine) => {
  const database = useTestDatabase(engine, async (db) => {
    const fixture = new Fixture(db)
    await fixture.customer({ name: 'Jane Doe', email: 'jane.doe@gmail.com', phone: '+1 212 555 0147' })
    await fixture.item('A', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
  })

  it('caps rows, keeps their order and counts what was cut', async () => {
    const outcome = await executeTool(registry, 'counting', {}, context(database(), { maxRows: 10 }))
    if (!outcome.ok) throw new Error(outcome.error.message)
    expect(outcome.envelope.rows.map((row) => row.value)).toEqual([50, 49, 48, 47, 46, 45, 44, 43, 42, 41])
    expect(outcome.envelope).toMatchObject({ rowCount: 10, totalRows: 50, truncated: true })
  })

  it("sets the call's work_mem on a PostgreSQL server, and leaves the embedded engine's as it is", async () => {
    const [before] = await database().sql<{ work_mem: string }[]>`select current_setting('work_mem') as work_mem`
    const outcome = await executeTool(registry, 'settings', {}, context(database(), { workMemMb: 48 }))
    if (!outcome.ok) throw new Error(outcome.error.message)
    expect(outcome.envelope.rows).toEqual([{ work_mem: engine === 'postgres' ? '48MB' : before?.work_mem, jit: 'off', random_page_cost: '1.1' }])
    // Local to the call's transaction.
    const [after] = await database().sql<{ work_mem: string }[]>`select current_setting('work_mem') as work_mem`
    expect(after?.work_mem).toBe(before?.work_mem)
  })

  it('runs analytics as the read-only analytics role, which cannot read the analyst\'s own tables', async () => {
    const outcome = await executeTool(registry, 'reads_keys', {}, context(database()))
    expect(outcome.ok ? '' : outcome.error.message).toMatch(/permission denied for table api_keys/)
  })

  it('refuses writes, even through a data-modifying CTE', async () => {
    const outcome = await executeTool(registry, 'writes', {}, context(database()))
    expect(outcome.ok ? '' : outcome.error.message).toMatch(/read-only transaction|permission denied|data-modifying statement must be at the top level/)
    const [row] = await database().sql`select count(*)::int as brands from brands`
    expect(row?.brands).toBe(1)
  })

  it('masks personal data by role: viewers see neither names nor contacts, analysts see names, admins everything', async () => {
    const rowsFor = async (role: ExecutionContext['role']) => {
      const outcome = await executeTool(registry, 'contacts', {}, context(database(), { role }))
      if (!outcome.ok) throw new Error(outcome.error.message)
      return outcome.envelope.rows[0]
    }
    const [jane] = await database().sql<{ id: string }[]>`select id::text from users where full_name = 'Jane Doe'`
    const customer_id = jane!.id
    expect(await rowsFor('viewer')).toEqual({ customer_id, name: pseudonymOf(customer_id), email: null, phone: null })
    expect(await rowsFor('analyst')).toEqual({ customer_id, name: 'Jane Doe', email: 'j***@gmail.com', phone: '***-***-**47' })
    expect(await rowsFor('admin')).toEqual({ customer_id, name: 'Jane Doe', email: 'jane.doe@gmail.com', phone: '+1 212 555 0147' })
  })

  it('records every call in the append-only audit log', async () => {
    await executeTool(registry, 'counting', {}, context(database(), { surface: 'mcp', actor: 'Claude Desktop' }))
    await executeTool(registry, 'counting', { nope: 1 }, context(database(), { surface: 'http', role: 'viewer' }))
    const entries = await database().sql`
      select surface, actor, role, tool, arguments, outcome, row_count from audit_log where tool = 'counting' order by id desc limit 2`
    expect(entries).toEqual([
      { surface: 'http', actor: 'http', role: 'viewer', tool: 'counting', arguments: { nope: 1 }, outcome: 'invalid_arguments', row_count: null },
      { surface: 'mcp', actor: 'Claude Desktop', role: 'analyst', tool: 'counting', arguments: {}, outcome: 'ok', row_count: 50 },
    ])
    await expect(database().sql`update audit_log set actor = 'someone else'`).rejects.toThrow(/append-only/)
    await expect(database().sql`delete from audit_log`).rejects.toThrow(/append-only/)
  })

  it.runIf(engine === 'postgres')('stops a query past the statement timeout with a clear message', async () => {
    const outcome = await executeTool(registry, 'sleeps', {}, context(database(), { statementTimeoutMs: 200 }))
    expect(outcome.ok ? '' : outcome.error.message).toBe('sleeps took longer than 200 ms and was stopped. Try a shorter window.')
  })
})
