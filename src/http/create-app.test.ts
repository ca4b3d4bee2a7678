import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config.ts'
import { runtimeFrom } from '../runtime.ts'
import { Fixture } from '../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { createApp } from './create-app.ts'

describe.each(testEngines())('HTTP API on %s', (engine) => {
  const database = useTestDatabase(engine, async (db) => {
    const fixture = new Fixture(db)
    await fixture.item('A', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
    await fixture.sale({ item: 'A', price: 2000, date: '2025-03-08' })
  })
  let server: Server
  let base: string

  beforeAll(async () => {
    const app = createApp({ runtime: runtimeFrom(loadConfig({}), database()) })
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const post = (path: string, body: string) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

  it('reports health and readiness', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' })
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' })
  })

  it('lists the tools with their input and output schemas', async () => {
    const body = (await (await fetch(`${base}/api/tools`)).json()) as { tools: Array<{ name: string; inputSchema: unknown; outputSchema: unknown }> }
    const weekday = body.tools.find((tool) => tool.name === 'sales_by_weekday')
    expect(weekday?.inputSchema).toMatchObject({ type: 'object', properties: { period: expect.any(Object) } })
    expect(weekday?.outputSchema).toMatchObject({ type: 'object', properties: { rows: expect.any(Object) } })
  })

  it('runs a tool and returns its envelope', async () => {
    const response = await post('/api/tools/sales_by_weekday', '{"period":"all_time"}')
    expect(response.status).toBe(200)
    const envelope = (await response.json()) as { rows: Array<{ weekday: string; revenue: number }> }
    expect(envelope.rows.find((row) => row.weekday === 'Saturday')?.revenue).toBe(2000)
  })

  it('records a call made without a key (loopback, no keys created) as anonymous in the audit log', async () => {
    expect((await post('/api/tools/sales_by_weekday', '{"period":"last_30_days"}')).status).toBe(200)
    const [row] = await database().sql<{ surface: string; actor: string; role: string }[]>`
      select surface, actor, role from audit_log where tool = 'sales_by_weekday' order by id desc limit 1`
    expect(row).toEqual({ surface: 'http', actor: 'anonymous', role: 'analyst' })
  })

  it('answers errors as JSON with a message and a request id', async () => {
    const malformed = await post('/api/tools/sales_by_weekday', '{"period":')
    expect(malformed.status).toBe(400)
    const malformedBody = (await malformed.json()) as { error: { message: string; requestId: string } }
    expect(malformedBody.error.message).toBe('The request body is not valid JSON.')
    expect(malformedBody.error.requestId).toBe(malformed.headers.get('x-request-id'))

    const oversized = await post('/api/tools/sales_by_weekday', JSON.stringify({ period: 'x'.repeat(200_000) }))
    expect(oversized.status).toBe(413)

    const unknown = await post('/api/tools/sales_by_colour', '{}')
    expect(unknown.status).toBe(404)
    const unknownBody = (await unknown.json()) as { error: { message: string; details: { available: string[] } } }
    expect(unknownBody.error.message).toMatch(/^Unknown tool 'sales_by_colour'\. Available: /)
    expect(unknownBody.error.details.available).toContain('sales_by_weekday')

    const invalid = await post('/api/tools/sales_by_weekday', '{"from":"2025-03-10","to":"2025-03-01"}')
    expect(invalid.status).toBe(400)
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toMatch(/to: must be on or after from/)

    const noRoute = await fetch(`${base}/nowhere`)
    expect(noRoute.status).toBe(404)
    expect(JSON.stringify(await noRoute.json())).not.toMatch(/at .*\.ts:\d+/)
  })
})
