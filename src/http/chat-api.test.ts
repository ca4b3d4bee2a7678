import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Answer } from '../agent/answer.ts'
import { createApiKey, revokeApiKey } from '../auth/api-keys.ts'
import { loadConfig, type Environment } from '../config/config.ts'
import type { Database } from '../db/database.ts'
import { runtimeFrom } from '../runtime.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { createApp } from './create-app.ts'
import type { ConversationSummary } from '../agent/conversation-queries.ts'
import { listen, parseServerEvents, type ServerEvent, type TestServer } from './testing/app-server.ts'
import { capturedLogger } from './testing/captured-logger.ts'
import { loadData, weekdayQuestion } from './testing/sales-fixture.ts'
import { pseudonymOf } from '../testing/pseudonym.ts'

function start(database: Database, environment: Environment = {}): Promise<TestServer> {
  return listen(createApp({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-03-12', ...environment }), database) }))
}

interface ErrorBody {
  error: { message: string; requestId: string; details?: Record<string, unknown> }
}

async function errorOf(response: Response): Promise<ErrorBody['error']> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await response.json()) as ErrorBody
  expect(body.error.requestId).toBe(response.headers.get('x-request-id'))
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/)
  return body.error
}

async function chat(base: string, body: unknown, headers: Record<string, string> = {}): Promise<{ response: Response; events: ServerEvent[] }> {
  const response = await fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const events = response.headers.get('content-type')?.startsWith('text/event-stream') ? parseServerEvents(await response.text()) : []
  return { response, events }
}

function finalAnswer(events: ServerEvent[]): Answer {
  const final = events.find((event) => event.name === 'final')
  if (!final) throw new Error(`No final event in ${JSON.stringify(events)}`)
  return (final.data as { answer: Answer }).answer
}

describe.each(testEngines())('chat API without API keys on %s', (engine) => {
  const database = useTestDatabase(engine, loadData)
  let server: TestServer
  beforeAll(async () => {
    server = await start(database())
  })
  afterAll(() => server?.close())

  const post = (path: string, body: string) => fetch(`${server.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  let first: Answer

  it('streams an answer as Server-Sent Events: start, the tool call, the chart, the text, then the final answer', async () => {
    const { response, events } = await chat(server.base, { message: weekdayQuestion })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform')
    expect(events.map((event) => event.name)).toEqual(['start', 'tool_call_start', 'tool_call_end', 'chart', 'text_delta', 'final'])
    expect(events[1]?.data).toMatchObject({ type: 'tool_call_start', name: 'sales_by_weekday', arguments: { period: 'all_time' } })
    expect(events[2]?.data).toMatchObject({ type: 'tool_call_end', name: 'sales_by_weekday', ok: true, rowCount: 7 })
    expect(events[3]?.data).toMatchObject({ chart: { tool: 'sales_by_weekday', spec: { mark: expect.anything() } } })
    expect((events[4]?.data as { text: string }).text).toMatch(/^Saturday is the strongest day/)
    first = finalAnswer(events)
    const start = events[0]?.data as { conversationId: string; answerId: string }
    expect(first).toMatchObject({ id: start.answerId, conversationId: start.conversationId, status: 'complete', provider: 'local', question: weekdayQuestion })
    expect(first.grounding).toMatchObject({ ok: true, ungrounded: [] })
    expect(first.toolCalls[0]?.sql).toMatch(/select/i)
    expect(first.charts).toHaveLength(1)
    expect(first.tables[0]).toMatchObject({ tool: 'sales_by_weekday', totalRows: 7 })
  })

  it('lists the conversation, continues it and reloads it with every answer', async () => {
    const { events } = await chat(server.base, { message: 'and on Instagram?', conversationId: first.conversationId })
    const second = finalAnswer(events)
    expect(second.conversationId).toBe(first.conversationId)
    expect(second.toolCalls[0]).toMatchObject({ name: 'sales_by_weekday', arguments: { period: 'all_time', channel: 'instagram' } })

    const list = (await (await fetch(`${server.base}/api/conversations`)).json()) as { conversations: ConversationSummary[] }
    expect(list.conversations[0]).toMatchObject({ id: first.conversationId, title: weekdayQuestion, surface: 'http', role: 'analyst', answers: 2 })

    const reloaded = (await (await fetch(`${server.base}/api/conversations/${first.conversationId}`)).json()) as ConversationSummary & { answers: Answer[] }
    expect(reloaded.id).toBe(first.conversationId)
    expect(reloaded.answers).toEqual([first, second])
  })

  it('serves the charts of stored answers as SVG and PNG, drawn on demand', async () => {
    const svg = await fetch(`${server.base}/api/charts/${first.id}-0.svg`)
    expect(svg.status).toBe(200)
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    const markup = await svg.text()
    expect(markup).toMatch(/^<svg/)
    expect(markup).toContain('Saturday')
    const png = await fetch(`${server.base}/api/charts/${first.id}-0.png`)
    expect(png.status).toBe(200)
    expect(png.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG')

    const missing = await fetch(`${server.base}/api/charts/${first.id}-3.svg`)
    expect(missing.status).toBe(404)
    expect((await errorOf(missing)).message).toBe(`Answer ${first.id} has charts 0 to 0; there is no chart 3.`)
    const unknown = await fetch(`${server.base}/api/charts/00000000-0000-4000-8000-000000000000-0.png`)
    expect(unknown.status).toBe(404)
    const malformed = await fetch(`${server.base}/api/charts/chart.gif`)
    expect(malformed.status).toBe(400)
    expect((await errorOf(malformed)).message).toMatch(/^Invalid chart: file: must be <answer id>-<chart index>\.svg or \.png/)
  })

  it('says what was wrong with a chat request and what is allowed', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [{}, 400, /^Invalid chat request: message: must be your question, as text\.$/],
      [{ message: '   ' }, 400, /message: must not be empty/],
      [{ message: 'x'.repeat(4_001) }, 400, /message: must be at most 4000 characters/],
      [{ message: 'hi', conversationId: 'abc' }, 400, /conversationId: must be the id \(a UUID\) of a conversation/],
      [{ message: 'hi', provider: 'openai' }, 400, /unknown field 'provider'; allowed: message, conversationId/],
      [['hi'], 400, /send a JSON object \{"message": "your question"/],
      [{ message: 'hi', conversationId: '00000000-0000-4000-8000-000000000000' }, 404, /^No conversation with id 00000000-0000-4000-8000-000000000000\./],
    ]
    for (const [body, status, message] of cases) {
      const { response } = await chat(server.base, body)
      expect(response.status, JSON.stringify(body)).toBe(status)
      expect((await errorOf(response)).message).toMatch(message)
    }
    const bad = await fetch(`${server.base}/api/conversations/not-an-id`)
    expect(bad.status).toBe(400)
    expect((await errorOf(bad)).message).toBe('Invalid conversation id: id: must be a conversation id (a UUID), as GET /api/conversations lists them.')
    const badLimit = await fetch(`${server.base}/api/conversations?limit=0`)
    expect(badLimit.status).toBe(400)
    expect((await errorOf(badLimit)).message).toMatch(/limit: must be a whole number from 1 to 200/)
  })

  it('answers malformed, oversized and mistaken requests with JSON errors and a request id', async () => {
    const malformed = await post('/api/chat', '{"message":')
    expect(malformed.status).toBe(400)
    expect((await errorOf(malformed)).message).toBe('The request body is not valid JSON.')
    const oversized = await post('/api/chat', JSON.stringify({ message: 'x'.repeat(200_000) }))
    expect(oversized.status).toBe(413)
    expect((await errorOf(oversized)).message).toBe('The request body is too large.')
    const unknownTool = await post('/api/tools/sales_by_colour', '{}')
    expect(unknownTool.status).toBe(404)
    const unknownBody = await errorOf(unknownTool)
    expect(unknownBody.message).toMatch(/^Unknown tool 'sales_by_colour'\. Available: /)
    expect(unknownBody.details?.available).toContain('churn_risk')
    const badArguments = await post('/api/tools/sales_by_weekday', '{"period":"last_century"}')
    expect(badArguments.status).toBe(400)
    expect((await errorOf(badArguments)).message).toMatch(/period/)
  })

  it('refuses a foreign origin and a foreign Host, and serves its own pages', async () => {
    const foreign = await fetch(`${server.base}/api/tools`, { headers: { origin: 'https://evil.example' } })
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
    expect((await errorOf(foreign)).message).toMatch(/^Origin https:\/\/evil\.example may not call this API\..*LUXX_CORS_ORIGINS/)
    const preflight = await fetch(`${server.base}/api/chat`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })
    expect(preflight.status).toBe(403)
    const own = await fetch(`${server.base}/api/tools`, { headers: { origin: server.base } })
    expect(own.status).toBe(200)

    // A page that re-points its own name at this server (DNS rebinding) still sends that name as Host.
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${server.base}/api/tools`, { headers: { host: 'evil.example' } }, (response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => (body += chunk.toString()))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      })
      request.on('error', reject)
      request.end()
    })
    expect(rebound.status).toBe(403)
    expect(rebound.body).toMatch(/does not answer to the host name 'evil\.example'/)
  })

  it('logs one structured line per request, without bodies or personal data', async () => {
    const { logger, lines } = capturedLogger()
    const logged = await listen(createApp({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-03-12' }), database()), logger }))
    try {
      await chat(logged.base, { message: 'Which customers are at risk of churning, all time? Ask bea.quiet@example.com' })
      await fetch(`${logged.base}/api/tools/churn_risk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"period":"all_time"}' })
      await fetch(`${logged.base}/api/conversations?limit=x`)
    } finally {
      await logged.close()
    }
    const requests = lines().filter((line) => line.msg === 'request')
    expect(requests.map((line) => [line.method, line.path, line.status])).toEqual([
      ['POST', '/api/chat', 200],
      ['POST', '/api/tools/churn_risk', 200],
      ['GET', '/api/conversations', 400],
    ])
    for (const line of requests) {
      expect(line).toMatchObject({ level: 20, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), durationMs: expect.any(Number) })
    }
    // Request ids are random hex and could spell "bea": leave them out of the search for personal data.
    const searched = JSON.stringify(lines().map(({ requestId: _requestId, ...line }) => line))
    expect(searched).not.toMatch(/bea|Quiet|example\.com|churning|limit=x/i)
  })

  it('sends security headers with a Content-Security-Policy that allows no outside origin', async () => {
    const page = await fetch(`${server.base}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<script src="/app.js" type="module"></script>')
    const policy = page.headers.get('content-security-policy') ?? ''
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("default-src 'self'")
    expect(policy).not.toMatch(/unsafe-eval|unsafe-inline|https?:/)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    const vendor = await fetch(`${server.base}/vendor/vega-embed.min.js`)
    expect(vendor.status).toBe(200)
    expect(vendor.headers.get('content-type')).toMatch(/^text\/javascript/)
    const other = await fetch(`${server.base}/vendor/package.json`)
    expect(other.status).toBe(404)
    expect((await errorOf(other)).message).toMatch(/^No vendored file package\.json\. Available: vega\.min\.js, /)
    expect((await fetch(`${server.base}/vendor/..%2F..%2Fpackage.json`)).status).toBe(404)
  })
})

describe.each(testEngines())('chat API with API keys on %s', (engine) => {
  const database = useTestDatabase(engine, loadData)
  let server: TestServer
  let limited: TestServer
  const tokens = { viewer: '', admin: '', revoked: '', second: '' }
  const prefixes = { viewer: '', admin: '' }
  beforeAll(async () => {
    const sql = database().sql
    const viewer = await createApiKey(sql, 'viewer', 'viewer')
    const admin = await createApiKey(sql, 'admin', 'admin')
    tokens.viewer = viewer.token
    tokens.admin = admin.token
    prefixes.viewer = viewer.key.key_prefix
    prefixes.admin = admin.key.key_prefix
    tokens.second = (await createApiKey(sql, 'second viewer', 'viewer')).token
    const revoked = await createApiKey(sql, 'gone', 'admin')
    await revokeApiKey(sql, revoked.key.id)
    tokens.revoked = revoked.token
    server = await start(database(), { LUXX_CORS_ORIGINS: 'https://intranet.example' })
    limited = await start(database(), { LUXX_RATE_LIMIT_PER_MINUTE: '3' })
  })
  afterAll(async () => {
    await server?.close()
    await limited?.close()
  })

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

  it('refuses /api without a key or with a revoked one (401), but not the page or the probes', async () => {
    for (const path of ['/api/tools', '/api/conversations']) {
      const missing = await fetch(`${server.base}${path}`)
      expect(missing.status).toBe(401)
      expect((await errorOf(missing)).message).toMatch(/^Missing API key: send "Authorization: Bearer <key>"/)
    }
    const { response } = await chat(server.base, { message: weekdayQuestion })
    expect(response.status).toBe(401)
    const revoked = await fetch(`${server.base}/api/tools`, { headers: bearer(tokens.revoked) })
    expect(revoked.status).toBe(401)
    expect((await errorOf(revoked)).message).toBe('Unknown or revoked API key.')
    expect((await fetch(`${server.base}/api/tools`, { headers: bearer(tokens.viewer) })).status).toBe(200)
    for (const path of ['/', '/app.js', '/healthz', '/readyz']) expect((await fetch(`${server.base}${path}`)).status, path).toBe(200)
  })

  it('records in the audit log which key ran each tool, through the tools API and the chat', async () => {
    const lastCall = async (tool: string) => {
      const [row] = await database().sql<{ surface: string; actor: string; role: string }[]>`
        select surface, actor, role from audit_log where tool = ${tool} order by id desc limit 1`
      return row
    }
    const response = await fetch(`${server.base}/api/tools/top_customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(tokens.viewer) },
      body: '{"limit":3}',
    })
    expect(response.status).toBe(200)
    expect(await lastCall('top_customers')).toEqual({ surface: 'http', actor: `api-key:viewer (${prefixes.viewer})`, role: 'viewer' })

    const { events } = await chat(server.base, { message: weekdayQuestion }, bearer(tokens.admin))
    expect(finalAnswer(events).toolCalls[0]?.name).toBe('sales_by_weekday')
    expect(await lastCall('sales_by_weekday')).toEqual({ surface: 'http', actor: `api-key:admin (${prefixes.admin})`, role: 'admin' })
  })

  it('masks personal data by the key\'s role: a viewer sees no name or contact, only a pseudonym; an admin everything', async () => {
    const run = async (token: string) => {
      const response = await fetch(`${server.base}/api/tools/churn_risk`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: '{"period":"all_time"}',
      })
      expect(response.status).toBe(200)
      return ((await response.json()) as { rows: Array<{ customer_name: string; email: string; phone: string }> }).rows
    }
    const [bea] = await database().sql<{ id: string }[]>`select id::text from users where full_name = 'Bea Quiet'`
    const viewerRows = await run(tokens.viewer)
    expect(viewerRows).toEqual([expect.objectContaining({ customer_id: bea!.id, customer_name: pseudonymOf(bea!.id), email: null, phone: null })])
    expect(JSON.stringify(viewerRows)).not.toMatch(/Bea|B\. Q\.|b\*\*\*|example\.com|\*\*42/)
    expect(await run(tokens.admin)).toEqual([expect.objectContaining({ customer_name: 'Bea Quiet', email: 'bea.quiet@example.com', phone: '+1 555 010 0042' })])
  })

  it('shows an admin\'s conversation to no viewer: it reads as missing', async () => {
    const { events } = await chat(server.base, { message: weekdayQuestion }, bearer(tokens.admin))
    const answer = finalAnswer(events)
    const listOf = async (token: string) =>
      ((await (await fetch(`${server.base}/api/conversations`, { headers: bearer(token) })).json()) as { conversations: ConversationSummary[] }).conversations
    expect((await listOf(tokens.admin)).map((conversation) => conversation.id)).toContain(answer.conversationId)
    expect((await listOf(tokens.viewer)).map((conversation) => conversation.id)).not.toContain(answer.conversationId)
    for (const path of [`/api/conversations/${answer.conversationId}`, `/api/charts/${answer.id}-0.svg`]) {
      const refused = await fetch(`${server.base}${path}`, { headers: bearer(tokens.viewer) })
      expect(refused.status, path).toBe(404)
      expect((await errorOf(refused)).message).toMatch(/^No (conversation|stored answer) with id/)
    }
    const continued = await chat(server.base, { message: 'and on Instagram?', conversationId: answer.conversationId }, bearer(tokens.viewer))
    expect(continued.response.status).toBe(404)
  })

  it('limits requests per key (429 with Retry-After), each key on its own budget', async () => {
    for (let count = 0; count < 3; count++) expect((await fetch(`${limited.base}/api/tools`, { headers: bearer(tokens.viewer) })).status).toBe(200)
    const refused = await fetch(`${limited.base}/api/tools`, { headers: bearer(tokens.viewer) })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await errorOf(refused)).message).toMatch(/^Too many requests: at most 3 a minute per API key; retry in \d+ s/)
    expect((await fetch(`${limited.base}/api/tools`, { headers: bearer(tokens.second) })).status).toBe(200)
  })

  it('answers an allowed origin with CORS headers and its preflight', async () => {
    const preflight = await fetch(`${server.base}/api/chat`, {
      method: 'OPTIONS',
      headers: { origin: 'https://intranet.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://intranet.example')
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization')
    const allowed = await fetch(`${server.base}/api/tools`, { headers: { origin: 'https://intranet.example', ...bearer(tokens.viewer) } })
    expect(allowed.status).toBe(200)
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://intranet.example')
    const foreign = await fetch(`${server.base}/api/tools`, { headers: { origin: 'https://evil.example', ...bearer(tokens.viewer) } })
    expect(foreign.status).toBe(403)
  })
})
