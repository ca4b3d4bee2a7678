import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalog, createCatalogRegistry } from '../../tools/index.ts'
import { conversationStore } from '../agent/conversation-store.ts'
import type { AgentEvent } from '../agent/events.ts'
import { answerQuestion } from '../agent/pipeline.ts'
import { createApiKey } from '../auth/api-keys.ts'
import { generateDigest } from '../digest/generate-digest.ts'
import { isoWeekOf } from '../digest/iso-week.ts'
import { previewMessage } from '../digest/preview.ts'
import { loadConfig, type Environment } from '../config/config.ts'
import type { Database } from '../db/database.ts'
import { businessTables } from '../db/business-tables.ts'
import { createApp } from '../http/create-app.ts'
import { createMcpServer } from '../mcp/create-mcp-server.ts'
import { runCli } from '../server/testing/cli-process.ts'
import type { Role } from '../privacy/mask.ts'
import { buildReport } from '../reports/build-report.ts'
import { renderHtml } from '../reports/render-html.ts'
import { renderMarkdown } from '../reports/render-markdown.ts'
import { runtimeFrom, type Runtime } from '../runtime.ts'
import { startAnthropicWireServer } from '../testing/anthropic-wire-server.ts'
import { Client, InMemoryTransport, StreamableHTTPClientTransport } from '../testing/mcp-client.ts'
import { startOpenAIWireServer } from '../testing/openai-wire-server.ts'
import { testEngines } from '../testing/test-database.ts'
import type { WireServer } from '../testing/wire-server.ts'
import { executeTool } from '../tools/executor.ts'
import { openSharedTestDatabase, type SharedTestDatabase } from './shared-database.ts'
import { loadStore } from './store-fixture.ts'
import { pseudonymOf } from '../testing/pseudonym.ts'

/**
 * Canary personal data: a customer whose name, e-mail and phone appear nowhere else, planted as the best and the
 * most at-risk customer, so top_customers and churn_risk put them first. A viewer then uses every surface, and
 * every place data can end up is searched for the raw strings: tool results, what the model providers receive,
 * streamed events, stored conversations, reports, the digest e-mail, the audit log, the HTTP server's log and the
 * CLI's stderr.
 */
const canary = { name: 'Canary Zebra', email: 'canary.zebra@luxx-canary.test', phone: '+1 555 010 9999' }

/** The canary in every spelling a sink might use. */
const rawNeedles = ['Canary', 'Zebra', 'canary.zebra', '555 010 9999', '555-010-9999', '5550109999', '0109999', '010 9999']
/** What an analyst sees of the canary (initials of old, masked contact fragments), and a viewer sees nothing of. */
const maskedForms = ['C. Z.', 'c***@', 'luxx-canary.test', '-**99']
const needles = [...rawNeedles, ...maskedForms]
const contactNeedles = rawNeedles.filter((needle) => !['Canary', 'Zebra'].includes(needle))

function hits(text: string, searched = needles): string[] {
  return searched.filter((needle) => text.includes(needle))
}

async function plantCanary(database: Database): Promise<void> {
  const fixture = await loadStore(database)
  await fixture.customer({ ...canary, city: 'Portland', region: 'OR', contactPreference: 'phone', joined: '2024-11-01' })
  // Four purchases two weeks apart, the last 114 days before the data's latest day (2025-06-20).
  for (const [index, date] of ['2025-01-15', '2025-01-29', '2025-02-12', '2025-02-26'].entries()) {
    await fixture.item(`canary-${index}`, { brand: 'Chanel', cost: 3000, added: '2024-12-15' })
    await fixture.sale({ item: `canary-${index}`, buyer: canary.name, price: 6000, date, channel: 'whatnot' })
  }
}

/** Every row of the analyst's own tables (conversations, API keys, audit log, reports, outbox) as text. */
async function ownTables(sql: Database['sql']): Promise<string> {
  const tables = await sql<{ name: string }[]>`
    select tablename as name from pg_tables where schemaname = 'public' and tablename <> all(${[...businessTables]}::text[]) order by tablename`
  const parts: string[] = []
  for (const { name } of tables) {
    const rows = await sql<{ line: string }[]>`select to_jsonb(t)::text as line from ${sql(name)} t`
    parts.push(...rows.map((row) => `${name}: ${row.line}`))
  }
  return parts.join('\n')
}

describe.each(testEngines())('canary personal data as a viewer, on %s', (engine) => {
  let shared: SharedTestDatabase
  /** What a viewer sees instead of the canary's name: written here from the id, apart from the masking function. */
  let pseudonym: string
  const registry = createCatalogRegistry()
  const runtime = (environment: Environment = {}): Runtime => runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-06-20', LUXX_RATE_LIMIT_PER_MINUTE: '10000', ...environment }), shared.database, registry)
  /** Bytes searched per sink, for the report at the end. */
  const searched: Record<string, number> = {}

  function expectClean(sink: string, text: string, searchedNeedles = needles): void {
    searched[sink] = (searched[sink] ?? 0) + text.length
    expect(hits(text, searchedNeedles), sink).toEqual([])
  }

  beforeAll(async () => {
    shared = await openSharedTestDatabase(engine)
    await plantCanary(shared.database)
    const [row] = await shared.database.sql<{ id: string }[]>`select id::text from users where full_name = ${canary.name}`
    pseudonym = pseudonymOf(row!.id)
  })
  afterAll(async () => {
    await shared?.database.close()
    console.info(`Canary search on ${engine}: characters searched per sink`, searched)
  })

  it('is really there: an admin sees it first in top_customers and churn_risk, a viewer only its pseudonym', async () => {
    const context = (role: Role) => runtime().executionContext(role, 'test')
    for (const tool of ['top_customers', 'churn_risk']) {
      const admin = await executeTool(registry, tool, {}, context('admin'))
      const viewer = await executeTool(registry, tool, {}, context('viewer'))
      if (!admin.ok || !viewer.ok) throw new Error(`${tool} failed`)
      expect(admin.envelope.rows[0]).toMatchObject({ customer_name: canary.name, email: canary.email })
      expect(viewer.envelope.rows[0]).toMatchObject({ customer_name: pseudonym, email: null })
      expect(admin.envelope.narration).toContain(canary.name)
    }
  })

  it('tool results: every tool with its defaults, through the executor and MCP', async () => {
    for (const tool of catalog) {
      const outcome = await executeTool(registry, tool.name, {}, runtime().executionContext('viewer', 'test'))
      if (!outcome.ok) throw new Error(outcome.error.message)
      expectClean('tool results (executor)', JSON.stringify(outcome.envelope))
    }
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
    await createMcpServer({ runtime: runtime(), role: 'viewer' }).connect(serverSide)
    const client = new Client({ name: 'canary-test', version: '1.0.0' })
    await client.connect(clientSide)
    try {
      for (const tool of catalog) {
        const result = await client.callTool({ name: tool.name, arguments: {} })
        expect(result.isError, tool.name).toBeFalsy()
        expectClean('tool results (MCP)', JSON.stringify(result))
      }
      const { resources } = await client.listResources()
      for (const resource of resources) expectClean('MCP resources', JSON.stringify(await client.readResource({ uri: resource.uri })))
    } finally {
      await client.close()
    }
  })

  it('the HTTP API and MCP over HTTP with a viewer key, and the server log at trace level', async () => {
    const lines: string[] = []
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const logger = pino({ level: 'trace' }, capture)
    const { token } = await createApiKey(shared.database.sql, 'canary viewer', 'viewer')
    const app = createApp({ runtime: runtime(), logger })
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    try {
      for (const tool of catalog) {
        const response = await fetch(`${base}/api/tools/${tool.name}`, { method: 'POST', headers, body: '{}' })
        expect(response.status, tool.name).toBe(200)
        expectClean('HTTP API', await response.text())
      }
      const failing = await fetch(`${base}/api/tools/top_customers`, { method: 'POST', headers, body: JSON.stringify({ limit: 'many' }) })
      expect(failing.status).toBe(400)
      const client = new Client({ name: 'canary-http', version: '1.0.0' })
      await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }))
      for (const name of ['top_customers', 'churn_risk', 'customer_lifetime_value']) {
        expectClean('MCP over HTTP', JSON.stringify(await client.callTool({ name, arguments: {} })))
      }
      await client.close()
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
    expect(lines.length).toBeGreaterThan(catalog.length)
    expectClean('server log', lines.join(''))
  })

  describe('the model providers, streamed events and stored conversations', () => {
    const servers: WireServer[] = []
    afterAll(async () => {
      await Promise.all(servers.map((server) => server.close()))
    })

    async function askAsViewer(environment: Environment, question: string, conversationId?: string) {
      const events: AgentEvent[] = []
      const outcome = await answerQuestion({
        runtime: runtime(environment),
        question,
        conversationId,
        role: 'viewer',
        surface: 'test',
        onEvent: (event) => events.push(event),
        options: { maxRetries: 0 },
      })
      if (!outcome.ok) throw new Error(outcome.error)
      expectClean('streamed events', JSON.stringify(events))
      expectClean('answers', JSON.stringify(outcome.answer))
      return outcome.answer
    }

    it('Anthropic: the model asks for top_customers and churn_risk, then a follow-up; it is sent masked rows only', async () => {
      const server = await startAnthropicWireServer([
        {
          kind: 'message',
          content: [
            { type: 'text', text: 'Checking the best and the at-risk customers.' },
            { type: 'tool_use', id: 'toolu_1', name: 'top_customers', input: {} },
            { type: 'tool_use', id: 'toolu_2', name: 'churn_risk', input: {} },
          ],
        },
        { kind: 'message', content: [{ type: 'text', text: `Your best customer, ${pseudonym}, has gone quiet.` }] },
        { kind: 'message', content: [{ type: 'tool_use', id: 'toolu_3', name: 'churn_risk', input: { sort_by: 'value' } }] },
        { kind: 'message', content: [{ type: 'text', text: `By value, ${pseudonym} again.` }] },
      ])
      servers.push(server)
      const environment = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server.url, LLM_FALLBACK: 'local' }
      const first = await askAsViewer(environment, 'Who are our best customers, and are any of them at risk?')
      expect(first.toolCalls.map((call) => [call.name, call.ok])).toEqual([['top_customers', true], ['churn_risk', true]])
      const second = await askAsViewer(environment, 'Rank the at-risk ones by value instead', first.conversationId)
      expect(second.toolCalls.map((call) => call.name)).toEqual(['churn_risk'])
      expect(server.requests).toHaveLength(4)
      // The tool results did reach the model, masked.
      expect(JSON.stringify(server.requests[1]!.body)).toContain(pseudonym)
      expectClean('model requests (Anthropic)', JSON.stringify(server.requests))
    })

    it('OpenAI: the same, through Chat Completions', async () => {
      const server = await startOpenAIWireServer([
        {
          kind: 'message',
          toolCalls: [
            { id: 'call_1', name: 'top_customers', arguments: '{}' },
            { id: 'call_2', name: 'churn_risk', arguments: '{"limit":5}' },
          ],
        },
        { kind: 'message', content: `${pseudonym} leads and has not bought for months.` },
      ])
      servers.push(server)
      const answer = await askAsViewer({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${server.url}/v1`, LLM_PROVIDER: 'openai', LLM_FALLBACK: 'local' }, 'Top customers and churn risk?')
      expect(answer.toolCalls.every((call) => call.ok)).toBe(true)
      expect(JSON.stringify(server.requests[1]!.body)).toContain(pseudonym)
      expectClean('model requests (OpenAI)', JSON.stringify(server.requests))
    })

    it('the offline planner answers from masked results', async () => {
      for (const question of ['Who are our top customers?', 'Which customers are at risk of churning?']) {
        const answer = await askAsViewer({}, question)
        expect(answer.provider).toBe('local')
        expect(answer.text).toContain(pseudonym)
      }
    })

    it('stored conversations hold what the viewer saw, and nothing more', async () => {
      const sql = shared.database.sql
      const [row] = await sql<{ id: string }[]>`select id from conversations order by created_at limit 1`
      const stored = await conversationStore(sql).answers(row!.id)
      expect(stored.length).toBeGreaterThan(0)
      expectClean('stored conversations', JSON.stringify(stored))
    })
  })

  it('reports built for a viewer, as JSON, HTML and Markdown', async () => {
    for (const kind of ['customers', 'weekly'] as const) {
      const outcome = await buildReport(runtime(), { kind, role: 'viewer', surface: 'report' })
      if (!outcome.ok) throw new Error(outcome.error)
      expectClean('reports', JSON.stringify(outcome.report))
      expectClean('reports', await renderHtml(outcome.report))
      expectClean('reports', (await renderMarkdown(outcome.report)).markdown)
    }
  })

  it('the weekly digest e-mail of the latest week, as rendered and as sent', async () => {
    const outcome = await generateDigest(runtime(), isoWeekOf('2025-06-20'))
    if (!outcome.ok) throw new Error(outcome.error)
    const { subject, html, text } = outcome.issue
    expect(html.length).toBeGreaterThan(0)
    expectClean('digest e-mail', [subject, html, text].join('\n'))
    const message = await previewMessage(outcome.issue, { from: 'analyst@luxx.test', recipient: 'owner@luxx.test', messageId: 'canary@luxx.test' })
    expectClean('digest e-mail', message.toString('utf8'))
  })

  it("the analyst's own tables after all of the above: audit log, conversations, reports, digest issues, API keys", async () => {
    const [audit] = await shared.database.sql<{ count: number }[]>`select count(*)::int as count from audit_log`
    expect(audit!.count).toBeGreaterThan(3 * catalog.length)
    expectClean('own tables (audit log, conversations, reports, digest)', await ownTables(shared.database.sql))
  })

  // Last: the CLI runs as an analyst here, and its `ask` stores an analyst's conversation, where names are shown by design.
  it('the CLI: no personal data on stderr even at LOG_LEVEL=trace; its analyst output shows names but no contact details', async () => {
    // The CLI acts as the machine's owner (admin) by default; here as an analyst.
    const environment = { ...shared.environment, LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-06-20', LOG_LEVEL: 'trace', LUXX_CLI_ROLE: 'analyst' }
    const runs = [
      await runCli(['tools', 'run', 'top_customers'], environment),
      await runCli(['tools', 'run', 'churn_risk', '--json'], environment),
      await runCli(['ask', 'Which customers are at risk of churning?'], environment),
    ]
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0)
      expectClean('CLI stderr', run.stderr)
      expectClean('CLI stdout (analyst: names allowed)', run.stdout, contactNeedles)
    }
    // The analyst role is the CLI's: the canary's name shows, which proves the runs read the planted data.
    expect(runs[0]!.stdout).toContain(canary.name)
  })
})
