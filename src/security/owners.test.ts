import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Answer } from '../agent/answer.ts'
import type { ConversationSummary } from '../agent/conversation-queries.ts'
import { createApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { createApp } from '../http/create-app.ts'
import { listen, parseServerEvents, type TestServer } from '../http/testing/app-server.ts'
import { loadData, weekdayQuestion } from '../http/testing/sales-fixture.ts'
import { buildReport } from '../reports/build-report.ts'
import { saveReport } from '../reports/report-store.ts'
import { runtimeFrom, type Runtime } from '../runtime.ts'
import { Client, StreamableHTTPClientTransport } from '../testing/mcp-client.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'

/** Issue #19, finding 1: two keys of one role on one server each see only their own conversations and reports. */
describe.each(testEngines())('owners of conversations and reports on %s', (engine) => {
  const database = useTestDatabase(engine, loadData)
  let runtime: Runtime
  let server: TestServer
  const tokens = { ana: '', ben: '', admin: '' }
  let anaKeyId = ''

  beforeAll(async () => {
    const sql = database().sql
    const ana = await createApiKey(sql, 'Ana', 'analyst')
    anaKeyId = ana.key.id
    tokens.ana = ana.token
    tokens.ben = (await createApiKey(sql, 'Ben', 'analyst')).token
    tokens.admin = (await createApiKey(sql, 'Owner', 'admin')).token
    runtime = runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-03-12' }), database())
    server = await listen(createApp({ runtime }))
  })
  afterAll(() => server?.close())

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

  async function ask(token: string, body: Record<string, unknown>): Promise<{ status: number; answer?: Answer }> {
    const response = await fetch(`${server.base}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify(body),
    })
    if (response.status !== 200) return { status: response.status }
    const final = parseServerEvents(await response.text()).find((event) => event.name === 'final')
    return { status: 200, answer: (final?.data as { answer: Answer }).answer }
  }

  const listed = async (token: string) =>
    ((await (await fetch(`${server.base}/api/conversations`, { headers: bearer(token) })).json()) as { conversations: ConversationSummary[] }).conversations.map(
      (conversation) => conversation.id,
    )

  it("keeps one analyst's conversation from another analyst: not listed, not readable, not continued; an admin sees it", async () => {
    const { answer } = await ask(tokens.ana, { message: weekdayQuestion })
    if (!answer) throw new Error('Ana got no answer')
    expect(await listed(tokens.ana)).toEqual([answer.conversationId])
    expect(await listed(tokens.ben)).toEqual([])
    expect(await listed(tokens.admin)).toEqual([answer.conversationId])

    for (const path of [`/api/conversations/${answer.conversationId}`, `/api/charts/${answer.id}-0.svg`]) {
      expect((await fetch(`${server.base}${path}`, { headers: bearer(tokens.ben) })).status, path).toBe(404)
      expect((await fetch(`${server.base}${path}`, { headers: bearer(tokens.ana) })).status, path).toBe(200)
      expect((await fetch(`${server.base}${path}`, { headers: bearer(tokens.admin) })).status, path).toBe(200)
    }
    expect((await ask(tokens.ben, { message: 'and on Instagram?', conversationId: answer.conversationId })).status).toBe(404)
    // Ben's refused follow-up left nothing in Ana's conversation: still one question and one answer.
    const [{ count }] = await database().sql<[{ count: number }]>`
      select count(*)::int as count from messages where conversation_id = ${answer.conversationId}`
    expect(count).toBe(2)
  })

  it("lists and opens a key's report for that key and admins only, over /reports and MCP; the digest's for every key", async () => {
    const request = { kind: 'weekly' as const, from: '2025-03-10', to: '2025-03-12', role: 'analyst' as const, surface: 'test' as const }
    const built = await buildReport(runtime, request)
    if (!built.ok) throw new Error(built.error)
    const anasReport = await saveReport(database().sql, request, built.report)
    await database().sql`update reports set owner_key_id = ${anaKeyId} where id = ${anasReport}`
    const digestReport = await saveReport(database().sql, { ...request, role: 'viewer', surface: 'digest' }, { ...built.report, role: 'viewer' })

    expect((await fetch(`${server.base}/reports/${anasReport}`, { headers: bearer(tokens.ben) })).status).toBe(404)
    expect((await fetch(`${server.base}/reports/${anasReport}`, { headers: bearer(tokens.ana) })).status).toBe(200)
    expect((await fetch(`${server.base}/reports/${anasReport}`, { headers: bearer(tokens.admin) })).status).toBe(200)
    expect((await fetch(`${server.base}/reports/${digestReport}`, { headers: bearer(tokens.ben) })).status).toBe(200)

    const mcpOf = async (token: string) => {
      const client = new Client({ name: 'owners-test', version: '1.0.0' })
      await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', server.base), { requestInit: { headers: bearer(token) } }))
      return client
    }
    const ben = await mcpOf(tokens.ben)
    const ana = await mcpOf(tokens.ana)
    try {
      const bensUris = (await ben.listResources()).resources.map((resource) => resource.uri)
      expect(bensUris).toContain(`report://${digestReport}`)
      expect(bensUris).not.toContain(`report://${anasReport}`)
      await expect(ben.readResource({ uri: `report://${anasReport}` })).rejects.toThrow(`No report ${anasReport}.`)
      expect((await ana.listResources()).resources.map((resource) => resource.uri)).toContain(`report://${anasReport}`)
      expect((await ana.readResource({ uri: `report://${anasReport}` })).contents).toHaveLength(2)
    } finally {
      await ben.close()
      await ana.close()
    }
  })
})
