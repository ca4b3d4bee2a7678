import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalog } from '../../tools/index.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { Client, StdioClientTransport } from '../testing/mcp-client.ts'
import { runTool } from '../testing/run-tool.ts'
import { pseudonymOf } from '../testing/pseudonym.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const cli = ['--import', 'tsx', 'src/cli/main.ts', 'mcp']

interface TextBlock {
  type: 'text'
  text: string
}

describe('MCP over stdio, through the SDK client spawning the real CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'luxx-mcp-'))
  const environment = { ...(process.env as Record<string, string>), LUXX_DATA_DIR: dataDir, DATABASE_URL: '', LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2026-10-31' }
  let client: Client
  let database: Database

  beforeAll(async () => {
    client = new Client({ name: 'luxx-test', version: '1.0.0' })
    await client.connect(new StdioClientTransport({ command: process.execPath, args: cli, cwd: root, env: environment, stderr: 'pipe' }))
    // initialize and tools/list are answered before the server opens its database; a resource listing waits until
    // it holds it (and has seeded it).
    await client.listResources()
    // A second process reaches the same embedded database through the server's socket, never opening it itself.
    database = await openDatabase({ dataDir })
  })

  afterAll(async () => {
    await database?.close()
    await client?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('lists every catalog tool with its input schema and read-only annotations', async () => {
    const { tools } = await client.listTools()
    expect(tools.map((tool) => tool.name).sort()).toEqual(catalog.map((tool) => tool.name).sort())
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object')
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false })
    }
  })

  it('calls every tool with its defaults and returns the same envelope as the tool itself', async () => {
    for (const tool of catalog) {
      const result = await client.callTool({ name: tool.name, arguments: {} })
      expect(result.isError, `${tool.name}: ${JSON.stringify(result.content)}`).toBeFalsy()
      const own = await runTool(database, tool.name, {}, 'analyst', 'UTC', environment.LUXX_AS_OF)
      const structured = result.structuredContent as { rows: unknown[]; narration: string }
      expect(structured.rows, tool.name).toEqual(JSON.parse(JSON.stringify(own.rows)))
      expect(structured.narration).toBe(own.narration)
      const content = result.content as Array<TextBlock | { type: 'image'; mimeType: string; data: string }>
      expect((content[0] as TextBlock).text).toContain(own.narration)
      expect((content[0] as TextBlock).text).toContain(`\`POST /api/tools/${tool.name}?format=csv\``)
      if (own.chart) {
        const image = content.find((block) => block.type === 'image')
        expect(image, `${tool.name} has a chart but no image block`).toMatchObject({ mimeType: 'image/png' })
      }
    }
  })

  it('answers bad arguments with an isError result that says what is wrong and what is allowed', async () => {
    const badDate = await client.callTool({ name: 'sales_by_weekday', arguments: { from: '2025-02-30x' } })
    expect(badDate.isError).toBe(true)
    expect((badDate.content as TextBlock[])[0]!.text).toMatch(/from: must be a date written YYYY-MM-DD/)
    const unknownField = await client.callTool({ name: 'sales_by_weekday', arguments: { colour: 'red' } })
    expect((unknownField.content as TextBlock[])[0]!.text).toMatch(/unknown field 'colour'; allowed fields: period, from, to/)
    const noRows = await client.callTool({ name: 'top_customers', arguments: { limit: 0 } })
    expect(noRows.isError).toBe(true)
    expect((noRows.content as TextBlock[])[0]!.text).toMatch(/limit: .*1 to 100/)
  })

  it('records the local user as the caller in the audit log', async () => {
    expect((await client.callTool({ name: 'sales_by_weekday', arguments: { period: 'last_90_days' } })).isError).toBeFalsy()
    const [row] = await database.sql<{ surface: string; actor: string }[]>`
      select surface, actor from audit_log where tool = 'sales_by_weekday' order by id desc limit 1`
    expect(row).toEqual({ surface: 'mcp', actor: `mcp-stdio:${userInfo().username}` })
  })

  it('rejects an unknown tool as a protocol error naming the available tools', async () => {
    await expect(client.callTool({ name: 'drop_everything', arguments: {} })).rejects.toThrow(/Unknown tool 'drop_everything'\. Available: .*sales_by_weekday/)
  })

  it('serves the data dictionary, the glossary, the tool list and the chart app as resources', async () => {
    const { resources } = await client.listResources()
    const uris = resources.map((resource) => resource.uri)
    expect(uris).toEqual(expect.arrayContaining(['luxx://data-dictionary', 'luxx://glossary', 'luxx://tools', 'ui://luxx-analyst/chart.html']))
    const texts = await Promise.all(uris.map(async (uri) => ((await client.readResource({ uri })).contents[0] as { text: string }).text))
    expect(texts[uris.indexOf('luxx://data-dictionary')]).toMatch(/\| buyer_id \| uuid \| The customer who bought/)
    expect(texts[uris.indexOf('luxx://glossary')]).toMatch(/\*\*ROAS\*\*/)
    expect(texts[uris.indexOf('luxx://tools')]).toContain('## sales_by_weekday')
    expect(texts[uris.indexOf('ui://luxx-analyst/chart.html')]).toMatch(/^<!doctype html>/)
  })

  it('runs as the role LUXX_MCP_ROLE names: a viewer sees no customer name or contact, only a pseudonym', async () => {
    const viewer = new Client({ name: 'luxx-viewer-test', version: '1.0.0' })
    await viewer.connect(new StdioClientTransport({ command: process.execPath, args: cli, cwd: root, env: { ...environment, LUXX_MCP_ROLE: 'viewer' }, stderr: 'pipe' }))
    const result = await viewer.callTool({ name: 'churn_risk', arguments: { limit: 3 } })
    await viewer.close()
    expect(result.isError).toBeFalsy()
    const rows = (result.structuredContent as { rows: Array<{ customer_id: string }> }).rows
    expect(rows.length).toBeGreaterThan(0)
    const people = await database.sql<{ full_name: string; email: string; phone: string }[]>`
      select full_name, email, phone from users where id::text in ${database.sql(rows.map((row) => row.customer_id))} and full_name is not null`
    expect(people.length).toBe(rows.length)
    const everything = JSON.stringify(result)
    // The whole name, each part of it as a word, its initials, and the e-mail and phone whole or as masked fragments.
    for (const person of people) {
      const parts = person.full_name.split(' ')
      const fragments = [
        ...parts.map((part) => new RegExp(`\\b${part}\\b`)),
        new RegExp(parts.map((part) => `${part[0]}\\.`).join(' ')),
        ...(person.email ? [person.email, `${person.email[0]}***`, person.email.slice(person.email.indexOf('@'))] : []),
        ...(person.phone ? [person.phone, `-**${person.phone.replace(/\D/g, '').slice(-2)}`] : []),
      ]
      const found = fragments.filter((fragment) => (typeof fragment === 'string' ? everything.includes(fragment) : fragment.test(everything)))
      expect(found, person.full_name).toEqual([])
    }
    for (const row of rows) expect(everything).toContain(pseudonymOf(row.customer_id))
    const [row] = await database.sql<{ role: string }[]>`select role from audit_log where tool = 'churn_risk' order by id desc limit 1`
    expect(row?.role).toBe('viewer')
  })

  it('prints nothing but protocol on stdout under `npm run -s cli -- mcp`, and warns on stderr under plain `npm run`', async () => {
    const silent = await rawSession(npm, ['run', '-s', 'cli', '--', 'mcp'], { ...environment })
    expect(silent.stdout.length).toBe(1)
    for (const line of silent.stdout) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0', id: 1 })
    expect(silent.stderr).not.toMatch(/npm printed its banner/)
    const plain = await rawSession(npm, ['run', 'cli', '--', 'mcp'], { ...environment })
    expect(plain.stdout.some((line) => line.startsWith('> luxx-analyst@'))).toBe(true)
    expect(plain.stderr).toMatch(/npm printed its banner on stdout.*npm run -s cli -- mcp/)
  })

  it('keeps a second server working when the first one exits: it takes the data directory over', async () => {
    const second = new Client({ name: 'luxx-second', version: '1.0.0' })
    await second.connect(new StdioClientTransport({ command: process.execPath, args: cli, cwd: root, env: environment, stderr: 'pipe' }))
    const before = await second.callTool({ name: 'sales_by_weekday', arguments: { period: 'all_time' } })
    expect(before.isError).toBeFalsy()
    // The first server owns the directory; the second and this test's own connection go through its socket.
    await client.close()
    client = second
    const after = await second.callTool({ name: 'sales_by_weekday', arguments: { period: 'all_time' } })
    expect(after.isError, JSON.stringify(after.content)).toBeFalsy()
    expect(after.structuredContent).toMatchObject({ rows: (before.structuredContent as { rows: unknown[] }).rows })
    const [row] = await database.sql<{ count: number }[]>`select count(*)::int as count from audit_log where tool = 'sales_by_weekday'`
    expect(row!.count).toBeGreaterThan(0)
  })

  it('offers the six prompts with their arguments filled in', async () => {
    const { prompts } = await client.listPrompts()
    expect(prompts.map((prompt) => prompt.name).sort()).toEqual([
      'brand_review',
      'customer_churn_deep_dive',
      'inventory_clearance_plan',
      'live_show_planning',
      'marketing_budget_review',
      'weekly_business_review',
    ])
    for (const prompt of prompts) {
      const result = await client.getPrompt({ name: prompt.name, arguments: {} })
      expect((result.messages[0]!.content as TextBlock).text.length).toBeGreaterThan(100)
    }
    const churn = await client.getPrompt({ name: 'customer_churn_deep_dive', arguments: { inactive_days: '120' } })
    expect((churn.messages[0]!.content as TextBlock).text).toContain('inactive_days 120')
  })
})

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** Starts a server command, sends initialize, and returns its stdout lines and stderr once it has answered and ended. */
async function rawSession(command: string, args: string[], env: Record<string, string>): Promise<{ stdout: string[]; stderr: string }> {
  const child = spawn(command, args, { cwd: root, env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  child.stdin.write(
    `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } })}\n`,
  )
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (stdout.includes('"id":1')) {
        clearInterval(check)
        resolve()
      }
    }, 50)
  })
  child.stdin.end()
  await new Promise((resolve) => child.once('exit', resolve))
  return { stdout: stdout.split('\n').filter(Boolean), stderr }
}

describe('MCP stdio server output', () => {
  it('writes nothing but JSON-RPC lines on stdout, and reports the first run\'s seeding as progress', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'luxx-mcp-raw-'))
    const child = spawn(process.execPath, cli, { cwd: root, env: { ...process.env, LUXX_DATA_DIR: dataDir, DATABASE_URL: '' } })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } })}\n`,
    )
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`)
    // An empty data directory: the call waits for the demo data, and asked for progress meanwhile.
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'sales_by_weekday', arguments: {}, _meta: { progressToken: 'first-call' } } })}\n`,
    )
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (stdout.includes('"id":2')) {
          clearInterval(check)
          resolve()
        }
      }, 50)
    })
    child.stdin.end()
    await new Promise((resolve) => child.once('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
    const messages = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { jsonrpc: string; id?: number; method?: string; params?: { progressToken: string; progress: number; message: string } })
    for (const message of messages) expect(message.jsonrpc).toBe('2.0')
    expect(messages[0]!.id).toBe(1)
    expect(messages.at(-1)!.id).toBe(2)
    const progress = messages.slice(1, -1)
    expect(progress.length).toBeGreaterThan(0)
    for (const message of progress) expect(message).toMatchObject({ method: 'notifications/progress', params: { progressToken: 'first-call' } })
    expect(progress.some((message) => /seeding the demo data/.test(message.params!.message))).toBe(true)
    const values = progress.map((message) => message.params!.progress)
    expect(values).toEqual([...values].sort((a, b) => a - b))
    expect(new Set(values).size).toBe(values.length)
  })
})
