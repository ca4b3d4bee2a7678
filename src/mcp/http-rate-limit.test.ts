import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { createApp } from '../http/create-app.ts'
import { listen, type TestServer } from '../http/testing/app-server.ts'
import { runtimeFrom } from '../runtime.ts'
import { Fixture } from '../testing/fixtures.ts'
import { Client, StreamableHTTPClientTransport } from '../testing/mcp-client.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'

const limitPerMinute = 5
const refusal = new RegExp(`Too many requests: at most ${limitPerMinute} a minute per API key; retry in \\d+ s`)

describe.each(testEngines())('the per-key rate limit on MCP over Streamable HTTP on %s', (engine) => {
  const database = useTestDatabase(engine, async (db) => {
    const fixture = new Fixture(db)
    await fixture.item('A', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
    await fixture.sale({ item: 'A', price: 2000, date: '2025-03-08' })
  })
  let server: TestServer

  beforeAll(async () => {
    const config = loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_RATE_LIMIT_PER_MINUTE: String(limitPerMinute) })
    server = await listen(createApp({ runtime: runtimeFrom(config, database()) }))
  })
  afterAll(() => server?.close())

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: 'rate-limit-test', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', server.base), { requestInit: { headers: bearer(token) } }))
    return client
  }

  it('refuses a key past its budget with 429, Retry-After and a JSON-RPC error, and leaves other keys alone', async () => {
    const { token } = await createApiKey(database().sql, 'busy client', 'analyst')
    // Connecting takes three HTTP requests (initialize, the initialized notification, the GET the client tries
    // for a server stream), so with the tool listing and one tool call the budget of five is spent.
    const client = await connect(token)
    await client.listTools()
    expect((await client.callTool({ name: 'sales_by_weekday', arguments: { period: 'all_time' } })).isError).toBeFalsy()
    await expect(client.callTool({ name: 'sales_by_weekday', arguments: { period: 'all_time' } })).rejects.toThrow(refusal)
    await client.close()

    const refused = await fetch(new URL('/mcp', server.base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...bearer(token) },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/)
    // A JSON-RPC error body, as every refusal under /mcp.
    const body = (await refused.json()) as { jsonrpc: string; error: { message: string; data: { status: number; requestId: string } } }
    expect(body.jsonrpc).toBe('2.0')
    expect(body.error.message).toMatch(refusal)
    expect(body.error.data).toEqual({ status: 429, requestId: refused.headers.get('x-request-id') })

    // One budget per key: the same key is refused on /api as well.
    expect((await fetch(new URL('/api/tools', server.base), { headers: bearer(token) })).status).toBe(429)

    const other = await createApiKey(database().sql, 'quiet client', 'analyst')
    const otherClient = await connect(other.token)
    expect((await otherClient.listTools()).tools.map((tool) => tool.name)).toContain('sales_by_weekday')
    await otherClient.close()
  })
})
