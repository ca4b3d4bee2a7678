import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { catalog } from '../../tools/index.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { openTestDatabase, testEngines, type TestEngine } from '../testing/test-database.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const prompt = 'you › '
// Starting takes longest: the CLI loads, opens the database and checks its migrations.
const startLimitMs = 90_000
const replyLimitMs = 30_000

/**
 * The real CLI's `chat`, spoken to through pipes as a person types: one line in, everything it prints until the
 * next prompt out. With no model key the offline planner answers, so the figures are the tools' own.
 */
class Repl {
  readonly child: ChildProcessWithoutNullStreams
  stdout = ''
  stderr = ''
  readonly exited: Promise<number | null>

  constructor(environment: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'chat'], { cwd: root, env: environment })
    // Decoded as a stream, so a character split across two chunks (the prompt's › is) arrives whole.
    this.child.stdout.setEncoding('utf8').on('data', (text: string) => {
      this.stdout += text
    })
    this.child.stderr.setEncoding('utf8').on('data', (text: string) => {
      this.stderr += text
    })
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)))
  }

  /** What it printed from `from` up to its next prompt. */
  async nextPrompt(from: number, limitMs = replyLimitMs): Promise<string> {
    const started = Date.now()
    for (;;) {
      const end = this.stdout.indexOf(prompt, from)
      if (end >= 0) return this.stdout.slice(from, end)
      if (this.child.exitCode !== null) throw new Error(`chat exited with ${this.child.exitCode}:\n${this.stdout}\n${this.stderr}`)
      if (Date.now() - started > limitMs) throw new Error(`No prompt after ${limitMs} ms:\n${this.stdout.slice(from)}\n${this.stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  /** Types a line and returns the reply printed before the next prompt. */
  async send(line: string): Promise<string> {
    const from = this.stdout.length
    this.child.stdin.write(`${line}\n`)
    return this.nextPrompt(from)
  }
}

/** Keys emptied (an empty variable counts as unset), so a developer's `.env` cannot bring a model in. */
const offline = { ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', LLM_PROVIDER: '', LLM_FALLBACK: '', ANALYTICS_DATABASE_URL: '', LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2026-10-31' }

/** A copy of the seeded demo database and the environment that points the CLI at it. */
async function demoDatabaseFor(engine: TestEngine, dataDir: string): Promise<{ database: Database; environment: NodeJS.ProcessEnv }> {
  if (engine === 'pglite') {
    // This process owns the data directory; the CLI reaches the same engine through its socket.
    const template = new Blob([readFileSync(inject('demoTemplatePath'))])
    const database = await openDatabase({ dataDir, loadDataDir: template })
    return { database, environment: { ...process.env, ...offline, LUXX_DATA_DIR: dataDir, DATABASE_URL: '' } }
  }
  const database = await openTestDatabase('postgres', 'demo')
  const url = new URL(process.env.TEST_DATABASE_URL!)
  url.pathname = new URL(database.location).pathname
  return { database, environment: { ...process.env, ...offline, LUXX_DATA_DIR: dataDir, DATABASE_URL: url.toString() } }
}

/** The strongest weekday of the year before the latest sale, summed straight from the sales table. */
async function strongestWeekday(database: Database, channel?: string): Promise<{ weekday: string; revenue: string; units: number }> {
  const [best] = await database.sql<{ weekday: string; revenue: number; units: number }[]>`
    with latest as (select extract(year from max(date_sold))::int - 1 as year from sales)
    select to_char(s.date_sold, 'FMDay') as weekday, sum(s.gross_amount_earned)::float8 as revenue, sum(s.quantity_sold)::int as units
    from sales s, latest
    where s.date_sold between make_date(latest.year, 1, 1) and make_date(latest.year, 12, 31)
      ${channel ? database.sql`and s.channel = ${channel}` : database.sql``}
    group by 1
    order by 2 desc
    limit 1`
  if (!best) throw new Error('The demo data has no sales in the year before its latest sale.')
  return { weekday: best.weekday, revenue: `$${Math.round(best.revenue).toLocaleString('en-US')}`, units: best.units }
}

const conversationOf = (reply: string) => /Conversation ([0-9a-f-]{36}) \(continue with --conversation/.exec(reply)?.[1]

describe.each(testEngines())('the chat REPL of the real CLI on %s, driven through stdin', (engine) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'luxx-chat-'))
  // A space in the name: /chart takes the rest of the line as the path.
  const chartPath = join(dataDir, 'weekday chart.png')
  let database: Database
  let environment: NodeJS.ProcessEnv
  let repl: Repl
  let piped: Repl | undefined
  let banner = ''
  let conversationId = ''

  beforeAll(async () => {
    const prepared = await demoDatabaseFor(engine, dataDir)
    database = prepared.database
    environment = prepared.environment
    repl = new Repl(environment)
    banner = await repl.nextPrompt(0, startLimitMs)
  })

  afterAll(async () => {
    for (const session of [repl, piped]) if (session && session.child.exitCode === null) session.child.kill()
    await database?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  // The steps below are one conversation, in order.
  it('greets with the commands it understands', () => {
    for (const command of ['/new', '/tools', '/sql', '/chart FILE', '/exit']) expect(banner).toContain(command)
  })

  it('prints the answer to a question, with the figures of the data, its table, assumptions and grounding', async () => {
    const reply = await repl.send('sales by weekday last year')
    const best = await strongestWeekday(database)
    expect(reply).toContain(`${best.weekday} is the strongest day: ${best.revenue} revenue from ${best.units} units`)
    expect(reply).toMatch(/\nSales by day of week\n/)
    expect(reply).toMatch(/Assumptions:\n {2}- Window: \d{4}-01-01 to \d{4}-12-31 \(last year\)/)
    expect(reply).toMatch(/I read this as: last year · by weekday · with sales_by_weekday\n/)
    expect(reply).toMatch(/Figures checked: all \d+ figures match the tool results\./)
    expect(reply).toContain('Question answered as read: yes.')
    expect(reply).toContain('Answered offline by the planner')
    conversationId = conversationOf(reply) ?? ''
    expect(conversationId).not.toBe('')
  })

  it('/sql prints the SQL that answered, as stored with the answer', async () => {
    const reply = await repl.send('/sql')
    const [call] = await database.sql<{ sql: string }[]>`
      select tool_calls.sql from tool_calls join answers on answers.id = tool_calls.answer_id
      where answers.conversation_id = ${conversationId}`
    expect(reply).toBe(`-- sales_by_weekday {"period":"last_year"}\n${call!.sql}\n`)
  })

  it('/chart saves the last answer\'s chart as a PNG', async () => {
    expect(await repl.send(`/chart ${chartPath}`)).toBe(`Chart saved to ${chartPath}\n`)
    const png = readFileSync(chartPath)
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR')
    expect(png.readUInt32BE(16)).toBeGreaterThan(0)
    expect(await repl.send('/chart weekday.gif')).toBe('The file must end in .svg or .png; got weekday.gif\n')
  })

  it('/tools lists every tool of the catalog under its area', async () => {
    const reply = await repl.send('/tools')
    for (const tool of catalog) expect(reply).toMatch(new RegExp(`^ {2}${tool.name} `, 'm'))
    for (const area of new Set(catalog.map((tool) => tool.area))) expect(reply).toMatch(new RegExp(`^${area}$`, 'm'))
  })

  it('answers a follow-up from the conversation so far and stores it in the same conversation', async () => {
    const reply = await repl.send('and on Instagram?')
    const best = await strongestWeekday(database, 'instagram')
    expect(reply).toContain(`${best.weekday} is the strongest day: ${best.revenue} revenue from ${best.units} units`)
    expect(conversationOf(reply)).toBe(conversationId)
    expect(await repl.send('/sql')).toMatch(/^-- sales_by_weekday \{"period":"last_year","channel":"instagram"\}\n/)
    const messages = await database.sql<{ author: string; content: string }[]>`
      select author, content from messages where conversation_id = ${conversationId} order by position`
    expect(messages.map((message) => message.author)).toEqual(['user', 'assistant', 'user', 'assistant'])
    expect([messages[0]!.content, messages[2]!.content]).toEqual(['sales by weekday last year', 'and on Instagram?'])
  })

  it('/new starts a new conversation with no last answer', async () => {
    expect(await repl.send('/new')).toBe('New conversation.\n')
    expect(await repl.send('/chart again.png')).toBe('No answer yet.\n')
    expect(await repl.send('/sql')).toMatch(/^No (?:SQL|answer) yet\b/)
    const reply = await repl.send('top 5 brands by revenue last year')
    const newConversation = conversationOf(reply)
    expect(newConversation).toBeDefined()
    expect(newConversation).not.toBe(conversationId)
    const messages = await database.sql<{ author: string; content: string }[]>`
      select author, content from messages where conversation_id = ${newConversation!} order by position`
    expect(messages.map((message) => message.author)).toEqual(['user', 'assistant'])
    expect(messages[0]!.content).toBe('top 5 brands by revenue last year')
  })

  it('leaves on /exit with exit code 0', async () => {
    repl.child.stdin.write('/exit\n')
    expect(await repl.exited).toBe(0)
  })

  // After the first session has left: two processes sharing the embedded engine at once can interleave their
  // protocol messages, which is the engine's problem, not the REPL's.
  it('answers lines piped in at once and leaves at the end of input with exit code 0', async () => {
    piped = new Repl(environment)
    piped.child.stdin.end('sales by weekday last year\n/sql\n')
    expect(await piped.exited).toBe(0)
    const best = await strongestWeekday(database)
    expect(piped.stdout).toContain(`${best.weekday} is the strongest day: ${best.revenue} revenue from ${best.units} units`)
    expect(piped.stdout).toContain('-- sales_by_weekday {"period":"last_year"}\n')
  })

  it('prints no spinner or cursor control characters when not on a terminal', () => {
    for (const output of [repl.stdout, repl.stderr, piped?.stdout ?? '', piped?.stderr ?? '']) {
      expect(output).not.toMatch(/[\r\u2800-\u28ff]/)
      expect(output).not.toContain('\u001b')
    }
  })
})
