import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { createApp } from '../http/create-app.ts'
import { listen, type TestServer } from '../http/testing/app-server.ts'
import { runtimeFrom } from '../runtime.ts'
import { Fixture } from '../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'

const limitPerMinute = 6

/** Issue #19, finding 2: a JSON-RPC batch of tool calls spends one unit of the key's budget per call. */
describe.each(testEngines())('the rate limit on JSON-RPC batches over /mcp on %s', (engine) => {
  const database = useTestDatabase(engine, async (db) => {
    const fixture = new Fixture(db)
    await fixture.item('A', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
    await fixture.sale({ item: 'A', price: 2000, date: '2025-03-08' })
  })
  let server: TestServer
  beforeAll(async () => {
    // Stateless, so a batch needs no initialize first: the same limiter guards /mcp with sessions.
    const config = loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_RATE_LIMIT_PER_MINUTE: String(limitPerMinute), LUXX_MCP_STATELESS: '1' })
    server = await listen(createApp({ runtime: runtimeFrom(config, database()) }))
  })
  afterAll(() => server?.close())

  const toolCall = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'sales_by_weekday', arguments: { period: 'all_time' } } })
  const post = (token: string, body: unknown) =>
    fetch(new URL('/mcp', server.base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    })

  it('charges a batch of 4 calls as 4 requests: with a budget of 6, two more pass and the next is refused', async () => {
    const { token } = await createApiKey(database().sql, 'batcher', 'analyst')
    const batch = await post(token, [1, 2, 3, 4].map(toolCall))
    expect(batch.status).toBe(200)
    expect(batch.headers.get('ratelimit')).toMatch(/r=2\b/)
    expect((await post(token, toolCall(5))).status).toBe(200)
    expect((await post(token, toolCall(6))).status).toBe(200)
    expect((await post(token, toolCall(7))).status).toBe(429)
  })

  it('refuses a batch larger than the budget left, and one of more than 20 calls whatever the budget', async () => {
    const { token } = await createApiKey(database().sql, 'flooder', 'analyst')
    expect((await post(token, Array.from({ length: 7 }, (_, index) => toolCall(index)))).status).toBe(429)
    const { token: other } = await createApiKey(database().sql, 'big batcher', 'analyst')
    const huge = await post(other, Array.from({ length: 100 }, (_, index) => toolCall(index)))
    expect(huge.status).toBe(400)
    expect(((await huge.json()) as { error: { message: string } }).error.message).toBe(
      'A JSON-RPC batch may hold at most 20 calls; this one has 100. Send them in smaller batches.',
    )
  })
})
