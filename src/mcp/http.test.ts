import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey, revokeApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { createApp } from '../http/create-app.ts'
import { runtimeFrom } from '../runtime.ts'
import { Fixture } from '../testing/fixtures.ts'
import { Client, StreamableHTTPClientTransport } from '../testing/mcp-client.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'

/** `work`, or a failure naming what did not happen once `ms` have passed (without cancelling anything). */
async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Closes the server and any connection a client left open (an event stream), so a failed test cannot hold it up. */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

describe.each(testEngines())('MCP over Streamable HTTP on %s', (engine) => {
  const database = useTestDatabase(engine, async (db) => {
    const fixture = new Fixture(db)
    await fixture.item('A', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
    await fixture.item('B', { brand: 'Gucci', cost: 200, added: '2025-02-01' })
    await fixture.sale({ item: 'A', price: 2000, date: '2025-03-08' }) // Saturday
    await fixture.sale({ item: 'B', price: 500, date: '2025-03-10' }) // Monday
  })
  let server: Server
  let endpoint: URL
  let token: string
  let prefix: string

  beforeAll(async () => {
    const created = await createApiKey(database().sql, 'test client', 'analyst')
    token = created.token
    prefix = created.key.key_prefix
    const app = createApp({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC' }), database()) })
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    endpoint = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`)
  })
  afterAll(() => closeServer(server))

  async function connect(headers: Record<string, string>): Promise<Client> {
    const client = new Client({ name: 'http-test', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } }))
    return client
  }

  it('serves the tools to a client with a valid key', async () => {
    const client = await connect({ authorization: `Bearer ${token}` })
    const { tools } = await client.listTools()
    expect(tools.map((tool) => tool.name)).toContain('sales_by_weekday')
    const result = await client.callTool({ name: 'sales_by_weekday', arguments: { period: 'all_time' } })
    const rows = (result.structuredContent as { rows: Array<{ weekday: string; revenue: number }> }).rows
    expect(rows.find((row) => row.weekday === 'Saturday')?.revenue).toBe(2000)
    await client.close()
  })

  it('records in the audit log the key that called a tool', async () => {
    const client = await connect({ authorization: `Bearer ${token}` })
    const result = await client.callTool({ name: 'top_customers', arguments: { limit: 2 } })
    expect(result.isError).toBeFalsy()
    await client.close()
    const [row] = await database().sql<{ surface: string; actor: string; role: string }[]>`
      select surface, actor, role from audit_log where tool = 'top_customers' order by id desc limit 1`
    expect(row).toEqual({ surface: 'mcp', actor: `api-key:test client (${prefix})`, role: 'analyst' })
  })

  it('refuses a client without a key (401) and with a revoked key', async () => {
    const missing = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' })
    expect(missing.status).toBe(401)
    await expect(connect({})).rejects.toThrow(/401|Missing API key/)
    const revoked = await createApiKey(database().sql, 'to revoke', 'viewer')
    await revokeApiKey(database().sql, revoked.key.id)
    await expect(connect({ authorization: `Bearer ${revoked.token}` })).rejects.toThrow(/401|revoked/)
  })

  it('answers a missing key with WWW-Authenticate naming the protected-resource metadata, which describes the bearer keys', async () => {
    const missing = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' })
    expect(missing.status).toBe(401)
    const challenge = missing.headers.get('www-authenticate') ?? ''
    const metadataUrl = /^Bearer resource_metadata="([^"]+)"$/.exec(challenge)?.[1]
    expect(metadataUrl).toBe(`${endpoint.origin}/.well-known/oauth-protected-resource/mcp`)
    expect(await missing.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000, message: expect.stringMatching(/Missing API key/), data: { status: 401 } } })
    const metadata = await (await fetch(metadataUrl!)).json()
    expect(metadata).toMatchObject({ resource: endpoint.toString(), bearer_methods_supported: ['header'], authorization_servers: [] })
    const wrong = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer luxx_wrong' }, body: '{}' })
    expect(wrong.headers.get('www-authenticate')).toMatch(/error="invalid_token"/)
  })

  it('answers every refusal with a JSON-RPC error body', async () => {
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` }
    const notJson = await fetch(endpoint, { method: 'POST', headers, body: '{"jsonrpc": ' })
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } })
    const noSession = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) })
    expect(noSession.status).toBe(400)
    expect(await noSession.json()).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringMatching(/initialize/) } })
    const unknownSession = await fetch(endpoint, { method: 'GET', headers: { ...headers, 'mcp-session-id': 'no-such-session' } })
    expect(unknownSession.status).toBe(404)
    expect(await unknownSession.json()).toMatchObject({ jsonrpc: '2.0', error: { data: { status: 404 } } })
  })

  it('keeps a session per client: its id on every request, a GET event stream, and an end on DELETE', async () => {
    const transport = new StreamableHTTPClientTransport(endpoint, { requestInit: { headers: { authorization: `Bearer ${token}` } } })
    const client = new Client({ name: 'session-test', version: '1.0.0' })
    await client.connect(transport)
    const sessionId = transport.sessionId
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)
    const stream = await fetch(endpoint, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}`, 'mcp-session-id': sessionId! } })
    // The SDK client holds the session's one GET stream already; a second one is refused as a conflict, so it exists.
    expect([200, 409]).toContain(stream.status)
    await stream.body?.cancel()
    // Another key may not use the session.
    const other = await createApiKey(database().sql, 'other client', 'analyst')
    const foreign = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${other.token}`, 'mcp-session-id': sessionId! },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    })
    expect(foreign.status).toBe(404)
    await transport.terminateSession()
    const ended = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}`, 'mcp-session-id': sessionId! },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
    })
    expect(ended.status).toBe(404)
    await client.close()
  })

  it('refuses a foreign Origin (403)', async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', origin: 'https://evil.example', authorization: `Bearer ${token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    })
    expect(response.status).toBe(403)
    await expect(connect({ authorization: `Bearer ${token}`, origin: 'https://evil.example' })).rejects.toThrow(/403|not allowed/)
    // Same host, another port: another origin.
    await expect(connect({ authorization: `Bearer ${token}`, origin: `http://127.0.0.1:${Number(endpoint.port) + 1}` })).rejects.toThrow(/403|not allowed/)
    await expect(connect({ authorization: `Bearer ${token}`, origin: `https://127.0.0.1:${endpoint.port}` })).rejects.toThrow(/403|not allowed/)
    const own = await connect({ authorization: `Bearer ${token}`, origin: endpoint.origin })
    await own.close()
  })

  it('gives two clients in parallel only their own responses', async () => {
    const [first, second] = await Promise.all([connect({ authorization: `Bearer ${token}` }), connect({ authorization: `Bearer ${token}` })])
    const calls = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        (index % 2 === 0 ? first : second).callTool({
          name: 'sales_by_weekday',
          arguments: index % 2 === 0 ? { from: '2025-03-08', to: '2025-03-08' } : { from: '2025-03-10', to: '2025-03-10' },
        }),
      ),
    )
    calls.forEach((result, index) => {
      const rows = (result.structuredContent as { rows: Array<{ weekday: string; revenue: number }> }).rows
      const withSales = rows.filter((row) => row.revenue > 0).map((row) => row.weekday)
      expect(withSales).toEqual(index % 2 === 0 ? ['Saturday'] : ['Monday'])
    })
    await Promise.all([first.close(), second.close()])
  })
})

describe('MCP over Streamable HTTP without sessions (LUXX_MCP_STATELESS)', () => {
  const database = useTestDatabase('pglite')
  let server: Server
  let endpoint: URL

  beforeAll(async () => {
    const app = createApp({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_ALLOW_NO_AUTH: '1', LUXX_MCP_STATELESS: '1' }), database()) })
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    endpoint = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`)
  })
  afterAll(() => closeServer(server))

  it('answers any request on its own, with no session id and no GET stream', async () => {
    const transport = new StreamableHTTPClientTransport(endpoint)
    const client = new Client({ name: 'stateless-test', version: '1.0.0' })
    await client.connect(transport)
    expect(transport.sessionId).toBeUndefined()
    expect((await client.listTools()).tools.length).toBeGreaterThan(20)
    await client.close()
    const stream = await fetch(endpoint, { headers: { accept: 'text/event-stream' } })
    expect(stream.status).toBe(405)
    expect(await stream.json()).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringMatching(/stateless/) } })
  })
})

describe('MCP over Streamable HTTP: open sessions and the running slots of a key', () => {
  const database = useTestDatabase('pglite', async (db) => {
    const fixture = new Fixture(db)
    await fixture.item('A', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
    await fixture.sale({ item: 'A', price: 2000, date: '2025-03-08' })
  })
  const slots = 2
  let server: Server
  let endpoint: URL

  beforeAll(async () => {
    const app = createApp({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_CONCURRENT_PER_KEY: String(slots) }), database()) })
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    endpoint = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`)
  })
  afterAll(() => closeServer(server))

  it('still runs a call of a key whose clients hold more event streams open than the key has running slots', async () => {
    const { token } = await createApiKey(database().sql, 'desktop', 'analyst')
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` }
    const streams = new AbortController()
    // Held until the end: an unreferenced response may be collected, which closes its stream and frees its slot.
    const open: Response[] = []
    // Sessions whose standing GET stream is open (its headers received) before the call is made.
    for (let session = 0; session < slots + 1; session++) {
      const initialize = await within(
        10_000,
        fetch(endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'open', version: '1' } } }),
        }),
        `session ${session + 1} was not initialized`,
      )
      expect(initialize.status).toBe(200)
      const sessionId = initialize.headers.get('mcp-session-id')!
      await initialize.body?.cancel()
      const initialized = await within(
        10_000,
        fetch(endpoint, { method: 'POST', headers: { ...headers, 'mcp-session-id': sessionId }, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) }),
        `session ${session + 1}'s initialized notification was not answered`,
      )
      expect(initialized.status).toBe(202)
      const stream = await within(
        10_000,
        fetch(endpoint, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}`, 'mcp-session-id': sessionId }, signal: streams.signal }),
        `session ${session + 1}'s event stream did not open`,
      )
      expect(stream.status).toBe(200)
      open.push(stream)
    }
    const t0 = Date.now()
    const client = new Client({ name: 'late', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { headers: { authorization: `Bearer ${token}` } } }), { timeout: 10_000 })
    console.log('connected', Date.now() - t0)
    const result = await client.callTool({ name: 'sales_by_weekday', arguments: { period: 'all_time' } }, undefined, { timeout: 10_000 })
    console.log('called', Date.now() - t0)
    const rows = (result.structuredContent as { rows: Array<{ weekday: string; revenue: number }> }).rows
    expect(rows.find((row) => row.weekday === 'Saturday')?.revenue).toBe(2000)
    await client.close()
    streams.abort()
    expect(open).toHaveLength(slots + 1)
  })
})
