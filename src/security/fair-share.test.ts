import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApiKey, keyCacheMs } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { connect } from '../db/database.ts'
import { createApp } from '../http/create-app.ts'
import { listen, type TestServer } from '../http/testing/app-server.ts'
import { registryFor, runtimeFrom } from '../runtime.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'

const environment = { LUXX_TIME_ZONE: 'UTC', LUXX_ENABLE_SQL_TOOL: '1', LUXX_RATE_LIMIT_PER_MINUTE: '1000', LUXX_CONCURRENT_PER_KEY: '2' }

/** Issue #19, finding 3: one key flooding within its rate limit cannot hold the database from another key. */
describe.each(testEngines())('fair sharing between API keys on %s', (engine) => {
  const database = useTestDatabase(engine)
  let server: TestServer
  beforeAll(async () => {
    const config = loadConfig(environment)
    server = await listen(createApp({ runtime: runtimeFrom(config, database(), await registryFor(config)) }))
  })
  afterAll(() => server?.close())
  afterEach(() => {
    vi.useRealTimers()
  })

  const runSql = (token: string, sql: string) =>
    fetch(`${server.base}/api/tools/run_readonly_sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ sql }),
    })

  it("answers B's question while A's flood of 14 slow queries (more than the 10 connections) waits in A's own queue", async () => {
    const a = await createApiKey(database().sql, 'flooder', 'analyst')
    const b = await createApiKey(database().sql, 'quiet', 'analyst')
    const finished: string[] = []
    const slow = 'select count(*) as n from generate_series(1, 200000)'
    const flood = Array.from({ length: 14 }, (_, index) =>
      runSql(a.token, slow).then(async (response) => {
        expect(response.status).toBe(200)
        await response.arrayBuffer()
        finished.push(`A${index}`)
      }),
    )
    // Let A's requests reach the server first.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const question = await runSql(b.token, 'select 1 as one')
    expect(((await question.json()) as { rows: unknown[] }).rows).toEqual([{ one: 1 }])
    finished.push('B')
    await Promise.all(flood)
    // A runs two at a time, so B waits for at most A's first two (plus any that end meanwhile), never for most of them.
    expect(finished.indexOf('B')).toBeLessThan(5)
  })

  it('writes last_used_at at most once a minute per key, not on every request', async () => {
    const { token, key } = await createApiKey(database().sql, 'busy', 'analyst')
    const lastUsed = async () => (await database().sql<[{ at: string | null }]>`select last_used_at as at from api_keys where id = ${key.id}`)[0].at
    expect((await fetch(`${server.base}/api/tools`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    const first = await lastUsed()
    expect(first).not.toBeNull()
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + keyCacheMs + 1_000 })
    expect((await fetch(`${server.base}/api/tools`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    expect(await lastUsed()).toBe(first)
  })

  it('refuses a key revoked by another process within seconds', async () => {
    const { token, key } = await createApiKey(database().sql, 'leaving', 'analyst')
    expect((await fetch(`${server.base}/api/tools`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    // As `luxx-analyst keys revoke` does from its own process: this server's cache is not told.
    await database().sql`update api_keys set revoked_at = now() where id = ${key.id}`
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + keyCacheMs + 1 })
    expect((await fetch(`${server.base}/api/tools`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
  })

  it("answers a free-form query's own SQL error with 400 and PostgreSQL's message, not 500 (finding 7)", async () => {
    const { token } = await createApiKey(database().sql, 'typo', 'analyst')
    const response = await runSql(token, 'select no_such_column from sales')
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('PostgreSQL refused the query: column "no_such_column" does not exist')
  })

  it('refuses SQL nested 700 subqueries deep with 400 and records it in the audit log (finding 6)', async () => {
    const { token, key } = await createApiKey(database().sql, 'deep', 'analyst')
    const deep = `select*from${'(select*from'.repeat(700)} sales${')a'.repeat(700)}`
    const response = await runSql(token, deep)
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/refused: it nests more than 32 SELECTs in one another/)
    const [row] = await database().sql<[{ outcome: string }]>`
      select outcome from audit_log where actor = ${`api-key:deep (${key.key_prefix})`} order by id desc limit 1`
    expect(row).toEqual({ outcome: 'invalid_arguments' })
  })

  it('refuses casts that reach catalog objects: a catalog row type, oid, regclass (finding 8)', async () => {
    const { token } = await createApiKey(database().sql, 'caster', 'analyst')
    for (const sql of ['select (null::pg_catalog.pg_authid).rolpassword as x', 'select 1259::oid as x', "select 'pg_authid'::regclass as x"]) {
      const response = await runSql(token, sql)
      expect(response.status, sql).toBe(400)
      expect(((await response.json()) as { error: { message: string } }).error.message, sql).toMatch(/refused: casts to \S+ are not allowed/)
    }
    expect((await runSql(token, "select '2025-03-01'::date as day, 1.5::numeric(10, 2) as amount")).status).toBe(200)
  })

  it('refuses SAVEPOINT, RELEASE and ROLLBACK TO, alone or stacked, over HTTP and MCP (finding 8)', async () => {
    const { token } = await createApiKey(database().sql, 'savepointer', 'analyst')
    const attempts = [
      'SAVEPOINT s', 'savepoint "s"', 'RELEASE SAVEPOINT s', 'RELEASE s', 'ROLLBACK TO SAVEPOINT s', 'ROLLBACK TO s',
      '/* a read */ SAVEPOINT s', 'select 1 as one; savepoint s', 'savepoint s; select 1 as one', 'select 1 as one; release savepoint s; select 2',
    ]
    const refusal = /refused: (only SELECT is allowed; found Transaction|exactly one statement is allowed; found [23])/
    for (const sql of attempts) {
      const response = await runSql(token, sql)
      expect(response.status, sql).toBe(400)
      expect(((await response.json()) as { error: { message: string } }).error.message, sql).toMatch(refusal)
    }
    // MCP over HTTP reaches the same tool through its own route (stateless: no session needed for a call).
    const config = loadConfig({ ...environment, LUXX_MCP_STATELESS: '1' })
    const mcp = await listen(createApp({ runtime: runtimeFrom(config, database(), await registryFor(config)) }))
    try {
      for (const [id, sql] of attempts.entries()) {
        const response = await fetch(`${mcp.base}/mcp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
          body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'run_readonly_sql', arguments: { sql } } }),
        })
        expect(response.status, sql).toBe(200)
        const body = await response.text()
        const message = JSON.parse(body.startsWith('{') ? body : body.slice(body.indexOf('{'))) as { result: { isError: boolean; content: Array<{ text: string }> } }
        expect(message.result.isError, sql).toBe(true)
        expect(message.result.content[0]!.text, sql).toMatch(refusal)
      }
    } finally {
      await mcp.close()
    }
    // The same key still reads: the refusals were the guard's, not a broken connection's.
    expect((await runSql(token, 'select 1 as one')).status).toBe(200)
  })

  it('answers 503, not 500, when the database cannot check a key (finding 7)', async () => {
    // A PostgreSQL client aimed at a port nothing listens on: every query fails to connect.
    const unreachable = connect('postgres://luxx@127.0.0.1:9/none', 1)
    const down = await listen(createApp({ runtime: runtimeFrom(loadConfig(environment), { ...database(), sql: unreachable }) }))
    try {
      const response = await fetch(`${down.base}/api/tools`, { headers: { authorization: 'Bearer luxx_not-checked-yet' } })
      expect(response.status).toBe(503)
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
        'The API key cannot be checked: the database is not answering. Try again shortly.',
      )
    } finally {
      await down.close()
      await unreachable.end()
    }
  })
})
