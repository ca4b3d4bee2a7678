import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey, revokeApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { createApp } from '../http/create-app.ts'
import { listen, type TestServer } from '../http/testing/app-server.ts'
import { runtimeFrom, type Runtime } from '../runtime.ts'
import { Client, StreamableHTTPClientTransport } from '../testing/mcp-client.ts'
import { openTestDatabase } from '../testing/test-database.ts'

// Scaling out: two servers, each with its own runtime and connection pools, in front of one PostgreSQL
// database. Nothing a request needs lives in a server's memory (API keys, conversations and the MCP endpoint
// are in the database or stateless), so either can answer any request.

interface Replica {
  runtime: Runtime
  server: TestServer
}

/** One replica: its own pools, the second with analytics on a pool of their own, as ANALYTICS_DATABASE_URL sets up. */
async function startReplica(url: string, analyticsUrl: string | undefined): Promise<Replica> {
  const config = loadConfig({ LUXX_TIME_ZONE: 'UTC', DATABASE_URL: url, ANALYTICS_DATABASE_URL: analyticsUrl })
  const database = await openDatabase({ databaseUrl: url, analyticsDatabaseUrl: analyticsUrl, dataDir: '' })
  const runtime = runtimeFrom(config, database)
  return { runtime, server: await listen(createApp({ runtime })) }
}

async function callTool(replica: Replica, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${replica.server.base}/api/tools/sales_by_weekday`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ period: 'all_time' }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function connectMcp(replica: Replica, token: string): Promise<Client> {
  const client = new Client({ name: 'two-replicas-test', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL(`${replica.server.base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }))
  return client
}

describe.runIf(process.env.TEST_DATABASE_URL)('two server replicas on one PostgreSQL database', () => {
  let shared: Database
  let first: Replica
  let second: Replica

  beforeAll(async () => {
    shared = await openTestDatabase('postgres', 'demo')
    const [row] = await shared.sql<{ name: string }[]>`select current_database() as name`
    const url = new URL(process.env.TEST_DATABASE_URL!)
    url.pathname = `/${row!.name}`
    first = await startReplica(url.toString(), undefined)
    second = await startReplica(url.toString(), url.toString())
  })

  afterAll(async () => {
    for (const replica of [first, second]) {
      await replica?.server.close()
      await replica?.runtime.close()
    }
    await shared?.close()
  })

  it('answer the same tool identically', async () => {
    const { token } = await createApiKey(first.runtime.database.sql, 'replicas', 'analyst')
    const [fromFirst, fromSecond] = await Promise.all([callTool(first, token), callTool(second, token)])
    expect(fromFirst.status).toBe(200)
    expect(fromSecond.status).toBe(200)
    const { durationMs: _first, ...firstEnvelope } = fromFirst.body
    const { durationMs: _second, ...secondEnvelope } = fromSecond.body
    expect(secondEnvelope).toEqual(firstEnvelope)
    expect(firstEnvelope.rowCount).toBe(7)
  })

  it('accept an API key created through the other, and refuse it once revoked through the other', async () => {
    const created = await createApiKey(first.runtime.database.sql, 'made on the first', 'analyst')
    const client = await connectMcp(second, created.token)
    const result = await client.callTool({ name: 'sales_by_weekday', arguments: { period: 'all_time' } })
    expect(result.isError).toBeFalsy()
    expect((result.structuredContent as { rowCount: number }).rowCount).toBe(7)
    await client.close()
    expect((await callTool(second, created.token)).status).toBe(200)

    await revokeApiKey(second.runtime.database.sql, created.key.id)
    expect((await callTool(first, created.token)).status).toBe(401)
    await expect(connectMcp(first, created.token)).rejects.toThrow(/401|revoked/)
  })
})
