import { Marked } from 'marked'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { createApp } from '../http/create-app.ts'
import { listen, type TestServer } from '../http/testing/app-server.ts'
import { hostileTexts, terminalControlPattern } from '../present/hostile-text.ts'
import { buildReport } from '../reports/build-report.ts'
import { renderMarkdown } from '../reports/render-markdown.ts'
import { runtimeFrom, type Runtime } from '../runtime.ts'
import { runCli } from '../server/testing/cli-process.ts'
import { Fixture } from '../testing/fixtures.ts'
import { Client, StreamableHTTPClientTransport } from '../testing/mcp-client.ts'
import { testEngines } from '../testing/test-database.ts'
import { openSharedTestDatabase, type SharedTestDatabase } from './shared-database.ts'

// As a chat host or the web page renders Markdown: GitHub's extensions on, raw HTML passed through.
const marked = new Marked({ gfm: true })

/** Markup the data made: tags that load, link or run something, and any address attribute. */
function markupFromData(html: string): string[] {
  return [...html.matchAll(/<(script|img|a|iframe|del)\b[^>]*>|<[^>]*\b(href|src)=/gi)].map((match) => match[0])
}

/** Table lines whose count of unescaped pipes differs from their header's: a value that split a row or a cell. */
function brokenTableLines(markdown: string): string[] {
  const pipes = (line: string) => line.replace(/\\./g, '').split('|').length
  const broken: string[] = []
  let header: number | undefined
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined
      continue
    }
    header ??= pipes(line)
    if (pipes(line) !== header) broken.push(line)
  }
  return broken
}

/** Issue #19, finding 5: names from the data reach Markdown, MCP text and the terminal as text, never as markup. */
describe.each(testEngines())('hostile names from the data on %s', (engine) => {
  let shared: SharedTestDatabase
  let runtime: Runtime
  let server: TestServer
  let token = ''

  beforeAll(async () => {
    shared = await openSharedTestDatabase(engine)
    const fixture = new Fixture(shared.database)
    for (const [index, text] of hostileTexts.entries()) {
      await fixture.customer({ name: text, email: `buyer${index}@example.com` })
      await fixture.item(`I${index}`, { brand: `Brand ${index} ${text}`, name: text, cost: 100, added: '2025-02-01' })
      await fixture.sale({ item: `I${index}`, buyer: text, price: 200 + index, date: '2025-03-11' })
    }
    runtime = runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-03-12' }), shared.database)
    token = (await createApiKey(shared.database.sql, 'admin', 'admin')).token
    server = await listen(createApp({ runtime }))
  })
  afterAll(async () => {
    await server?.close()
    await shared?.database.close()
  })

  it('MCP tool text renders every name as text: no tag, link or image, no extra table row', async () => {
    const client = new Client({ name: 'hostile-test', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', server.base), { requestInit: { headers: { authorization: `Bearer ${token}` } } }))
    try {
      const result = await client.callTool({ name: 'top_customers', arguments: { period: 'all_time', limit: 50 } })
      const text = (result.content as Array<{ type: string; text?: string }>).find((part) => part.type === 'text')?.text ?? ''
      expect(brokenTableLines(text)).toEqual([])
      expect(text).toContain('Pipe \\| Split New row')
      const html = await marked.parse(text)
      expect(markupFromData(html)).toEqual([])
      expect(html).toContain('<td>Pipe | Split New row</td>')
    } finally {
      await client.close()
    }
  })

  it('a stored report as Markdown renders every name as text', async () => {
    const built = await buildReport(runtime, { kind: 'weekly', from: '2025-03-10', to: '2025-03-16', role: 'admin', surface: 'test' })
    if (!built.ok) throw new Error(built.error)
    const { markdown } = await renderMarkdown(built.report)
    // The best-selling brands are the best-paid sales, the last of the corpus, named in the summary.
    expect(markdown).toContain('Brand 17 Noir')
    expect(brokenTableLines(markdown)).toEqual([])
    expect(markupFromData(await marked.parse(markdown))).toEqual([])
  })

  it('the CLI shows control characters from the data instead of sending them to the terminal', async () => {
    const run = await runCli(['tools', 'run', 'top_customers', '--period', 'all_time', '--limit', '50'], {
      ...shared.environment,
      LUXX_TIME_ZONE: 'UTC',
      LUXX_AS_OF: '2025-03-12',
    })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).not.toMatch(terminalControlPattern)
    expect(run.stdout).toContain('\\u{1b}[31mRED\\u{1b}[0m Bag')
    expect(run.stdout).toContain('Noir \\u{202e}gnp.exe')
  })
})
