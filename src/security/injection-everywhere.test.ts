import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalog, createCatalogRegistry } from '../../tools/index.ts'
import { createApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { createApp } from '../http/create-app.ts'
import { createMcpServer } from '../mcp/create-mcp-server.ts'
import { runtimeFrom } from '../runtime.ts'
import type { Answer } from '../agent/answer.ts'
import { parseServerEvents, type ServerEvent } from '../http/testing/app-server.ts'
import { Client, InMemoryTransport } from '../testing/mcp-client.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import type { Envelope } from '../tools/envelope.ts'
import { executeTool } from '../tools/executor.ts'
import { attackStrings, sampleAttempts, stringArguments, type Attempt } from './attack-strings.ts'
import { loadStore, storeBrands } from './store-fixture.ts'
import { latestAuditId, tableChecksums } from './table-checksums.ts'

/**
 * Every string, enum and date argument of every catalog tool receives the free-SQL attack corpus and text
 * attacks (quotes, comment tricks, odd Unicode, 10,000-character values) through the three ways in: the
 * executor, the HTTP API and MCP. Each call is rejected with a reason naming the argument, or answered
 * harmlessly (a weird brand reads exactly like a brand nobody sells); no call writes, and none runs into the
 * statement timeout. Every attack string is also sent as a chat message, answered by the offline planner.
 */
const statementTimeoutMs = 5_000
const targets = stringArguments(catalog)

interface Observation {
  attempt: Attempt
  ok: boolean
  /** The error code; over HTTP a 400 reads as invalid_arguments and any other status as itself. */
  code: string | null
  message: string
  /** The rows of an answered call, as JSON. */
  rows: unknown
  durationMs: number
}

const brandNames = new Set(storeBrands.map((brand) => brand.toLowerCase()))

/** Rows as they travel in JSON, so envelopes from every surface compare alike. */
function plain(rows: unknown): unknown {
  return JSON.parse(JSON.stringify(rows)) as unknown
}

/**
 * Why an observation is not acceptable, or undefined when it is. `unmatched` holds, per tool, the rows it
 * returns for a brand nobody sells: a free-text filter is a bound parameter, so an attack string must read
 * exactly like that (unless it names a real brand in another letter case).
 */
function problemWith(observation: Observation, unmatched: ReadonlyMap<string, unknown>): string | undefined {
  const { attempt } = observation
  if (observation.durationMs >= statementTimeoutMs) return `took ${observation.durationMs} ms`
  if (observation.ok) {
    if (attempt.kind !== 'text' || brandNames.has(attempt.value.trim().toLowerCase())) return undefined
    return JSON.stringify(observation.rows) === JSON.stringify(unmatched.get(attempt.tool)) ? undefined : 'matched rows'
  }
  if (observation.code !== 'invalid_arguments') return `${observation.code}: ${observation.message}`
  if (!observation.message.startsWith(`Invalid arguments for ${attempt.tool}: `)) return `unclear reason: ${observation.message}`
  return undefined
}

/** The analyst's own tables a chat writes by design: each answer is stored with its question and tool calls. */
const conversationTables = ['conversations', 'messages', 'answers', 'tool_calls']
const chatConcurrency = 6

interface ChatObservation {
  message: string
  status: number
  /** The final answer of a streamed chat; null when refused, or when the stream ended without one. */
  answer: Answer | null
  events: ServerEvent[]
  /** The reason of a refused chat (a JSON error). */
  error: string | null
  durationMs: number
}

/** One chat, its Server-Sent Events read to the end of the stream. */
async function chat(base: string, token: string, message: string): Promise<Omit<ChatObservation, 'message' | 'durationMs'>> {
  const response = await fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ message }),
  })
  const body = await response.text()
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const parsed = JSON.parse(body) as { error?: { message?: string } }
    return { status: response.status, answer: null, events: [], error: parsed.error?.message ?? body }
  }
  const events = parseServerEvents(body)
  const final = events.at(-1)?.name === 'final' ? (events.at(-1)!.data as { answer: Answer }).answer : null
  return { status: response.status, answer: final, events, error: null }
}

// Shorter attack strings ("'", "%", "$1") occur in any SQL; from this length on, one found in a statement was put there.
const echoLength = 6

/**
 * Why a chat is not acceptable, or undefined when it is: refused with a 400 that names the message field, or
 * streamed to a final answer with no error event, and the attack text in no SQL statement the tools ran.
 */
function chatProblem(observation: ChatObservation, statements: readonly string[]): string | undefined {
  if (observation.status >= 500) return `HTTP ${observation.status}`
  if (observation.status !== 200) {
    return observation.status === 400 && observation.error?.startsWith('Invalid chat request: message: ') ? undefined : `HTTP ${observation.status}: ${observation.error}`
  }
  const failed = observation.events.find((event) => event.name === 'error')
  if (failed) return `error event: ${JSON.stringify(failed.data)}`
  if (!observation.answer) return `the stream ended without a final answer (${observation.events.map((event) => event.name).join(', ')})`
  if (observation.answer.text.trim() === '') return 'an empty answer'
  const attack = observation.message.trim()
  if (attack.length >= echoLength && statements.some((statement) => statement.includes(attack))) return 'the attack text is in a SQL statement'
  return undefined
}

interface Tally {
  sent: number
  rejected: number
  answered: number
  slowestMs: number
  problems: string[]
}

function tally(observations: readonly Observation[], unmatched: ReadonlyMap<string, unknown>): Tally {
  return {
    sent: observations.length,
    rejected: observations.filter((observation) => !observation.ok).length,
    answered: observations.filter((observation) => observation.ok).length,
    slowestMs: Math.max(...observations.map((observation) => observation.durationMs)),
    problems: observations.flatMap((observation) => {
      const problem = problemWith(observation, unmatched)
      const { tool, argument, value } = observation.attempt
      return problem ? [`${tool}.${argument} = ${JSON.stringify(value.slice(0, 60))}: ${problem}`] : []
    }),
  }
}

describe.each(testEngines())('injection through every tool argument on %s', (engine) => {
  const database = useTestDatabase(engine, async (db) => {
    await loadStore(db)
  })
  const registry = createCatalogRegistry()
  // Hundreds of calls a minute on one key: the HTTP rate limit is raised so every one reaches the tool.
  const config = loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_STATEMENT_TIMEOUT_MS: String(statementTimeoutMs), LUXX_RATE_LIMIT_PER_MINUTE: '100000' })
  const runtime = () => runtimeFrom(config, database(), registry)
  const figures: Record<string, Record<string, number>> = {}
  const unmatched = new Map<string, unknown>()

  beforeAll(async () => {
    // A text filter is read through the value lookup: a value the data does not hold is refused with the closest
    // ones, so no attack string can reach SQL as a brand, and none may be answered (unmatched stays empty).
    for (const { tool } of targets.filter((target) => target.kind === 'text')) {
      const outcome = await executeTool(registry, tool, { brand: 'No Such Brand' }, runtime().executionContext('admin', 'test'))
      if (outcome.ok || outcome.error.code !== 'invalid_arguments') throw new Error(`${tool} did not refuse an unknown brand`)
    }
  })

  /** Runs the attempts through one surface and checks the outcome, the database and the audit log. */
  async function attack(surface: string, attempts: readonly Attempt[], send: (attempt: Attempt) => Promise<Omit<Observation, 'attempt' | 'durationMs'>>) {
    const sql = database().sql
    const auditBefore = await latestAuditId(sql)
    const before = await tableChecksums(sql, { auditUpTo: auditBefore })
    const observations: Observation[] = []
    for (const attempt of attempts) {
      const started = performance.now()
      const observed = await send(attempt)
      observations.push({ attempt, ...observed, durationMs: Math.round(performance.now() - started) })
    }
    const result = tally(observations, unmatched)
    expect(result.problems).toEqual([])
    expect(await tableChecksums(sql, { auditUpTo: auditBefore })).toEqual(before)
    // One audit row per call, none of them a timeout or a failed query.
    const outcomes = await sql<{ outcome: string; count: number }[]>`
      select outcome, count(*)::int as count from audit_log where id > ${auditBefore} group by outcome order by outcome`
    expect(Object.fromEntries(outcomes.map((row) => [row.outcome, row.count]))).toEqual({
      ...(result.rejected > 0 ? { invalid_arguments: result.rejected } : {}),
      ...(result.answered > 0 ? { ok: result.answered } : {}),
    })
    expect(result.sent).toBeGreaterThanOrEqual(200)
    const { problems: _problems, ...counts } = result
    figures[surface] = counts
  }

  afterAll(() => {
    console.info(`Injection on ${engine}: ${attackStrings.length} attack strings, ${targets.length} string/enum/date arguments of ${catalog.length} tools`, figures)
  })

  it('through the executor: every attack string in three arguments, and in a free-text argument', async () => {
    await attack('executor', sampleAttempts(targets, 3, 1), async (attempt) => {
      const outcome = await executeTool(registry, attempt.tool, { [attempt.argument]: attempt.value }, runtime().executionContext('admin', 'test'))
      return outcome.ok
        ? { ok: true, code: null, message: '', rows: plain(outcome.envelope.rows) }
        : { ok: false, code: outcome.error.code, message: outcome.error.message, rows: null }
    })
  })

  describe('through the HTTP API', () => {
    let server: Server
    let base: string
    let token: string

    beforeAll(async () => {
      token = (await createApiKey(database().sql, 'injection test', 'analyst')).token
      const app = createApp({ runtime: runtime() })
      server = await new Promise<Server>((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
      })
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    it('POST /api/tools/:name with every attack string in one argument, and every other one in a free-text argument', async () => {
      await attack('http', sampleAttempts(targets, 1, 2), async (attempt) => {
        const response = await fetch(`${base}/api/tools/${attempt.tool}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ [attempt.argument]: attempt.value }),
        })
        const body = (await response.json()) as Envelope | { error: { message: string } }
        if (response.status === 200) return { ok: true, code: null, message: '', rows: (body as Envelope).rows }
        const message = 'error' in body ? body.error.message : JSON.stringify(body)
        return { ok: false, code: response.status === 400 ? 'invalid_arguments' : `HTTP ${response.status}`, message, rows: null }
      })
    })
  })

  describe('through MCP', () => {
    let client: Client

    beforeAll(async () => {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
      await createMcpServer({ runtime: runtime(), role: 'viewer' }).connect(serverSide)
      client = new Client({ name: 'injection-test', version: '1.0.0' })
      await client.connect(clientSide)
    })
    afterAll(() => client?.close())

    it('tools/call with every attack string in one argument, and every fourth in a free-text argument', async () => {
      await attack('mcp', sampleAttempts(targets, 1, 4), async (attempt) => {
        const result = await client.callTool({ name: attempt.tool, arguments: { [attempt.argument]: attempt.value } })
        if (!result.isError) return { ok: true, code: null, message: '', rows: (result.structuredContent as unknown as Envelope).rows }
        const text = (result.content as Array<{ type: string; text?: string }>)[0]?.text ?? ''
        // MCP carries the executor's message; the code is read back from the audit log in the checks above.
        return { ok: false, code: text.startsWith('Invalid arguments for ') ? 'invalid_arguments' : 'other', message: text, rows: null }
      })
    })
  })

  describe('through the chat endpoint', () => {
    let server: Server
    let base: string
    let token: string

    beforeAll(async () => {
      token = (await createApiKey(database().sql, 'chat injection test', 'analyst')).token
      const app = createApp({ runtime: runtime() })
      server = await new Promise<Server>((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
      })
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    it('POST /api/chat with every attack string as the message: each answered in full or refused with a reason, nothing written, no attack run as SQL', async () => {
      const sql = database().sql
      const auditBefore = await latestAuditId(sql)
      const before = await tableChecksums(sql, { auditUpTo: auditBefore, leaveOut: conversationTables })
      const chats: ChatObservation[] = []
      let next = 0
      // A few chats at once keep the run short; the planner and the tools answer each one on its own.
      await Promise.all(
        Array.from({ length: chatConcurrency }, async () => {
          while (next < attackStrings.length) {
            const message = attackStrings[next++]!
            const started = performance.now()
            const observed = await chat(base, token, message)
            chats.push({ message, ...observed, durationMs: Math.round(performance.now() - started) })
          }
        }),
      )

      const answers = chats.flatMap((observation) => (observation.answer ? [observation.answer] : []))
      const storedStatements = await sql<{ answer: string; sql: string | null }[]>`
        select answer_id::text as answer, sql from tool_calls where answer_id = any(${answers.map((answer) => answer.id)}::uuid[])`
      const problems = chats.flatMap((observation) => {
        const statements = [
          ...(observation.answer?.toolCalls.map((call) => call.sql ?? '') ?? []),
          ...storedStatements.filter((row) => row.answer === observation.answer?.id).map((row) => row.sql ?? ''),
        ]
        const problem = chatProblem(observation, statements)
        return problem ? [`${JSON.stringify(observation.message.slice(0, 60))}: ${problem}`] : []
      })
      expect(problems).toEqual([])
      expect(await tableChecksums(sql, { auditUpTo: auditBefore, leaveOut: conversationTables })).toEqual(before)
      // Each answer is stored once with its conversation; nothing else reached the conversation tables.
      const [stored] = await sql<{ answers: number; conversations: number }[]>`
        select (select count(*)::int from answers where id = any(${answers.map((answer) => answer.id)}::uuid[])) as answers,
               (select count(*)::int from conversations where id = any(${answers.map((answer) => answer.conversationId)}::uuid[])) as conversations`
      expect(stored).toEqual({ answers: answers.length, conversations: answers.length })
      // The tools the planner chose ran, or refused their arguments with a reason; none failed or timed out.
      const outcomes = await sql<{ outcome: string }[]>`select distinct outcome from audit_log where id > ${auditBefore} order by outcome`
      expect(outcomes.map((row) => row.outcome).filter((outcome) => outcome !== 'ok' && outcome !== 'invalid_arguments')).toEqual([])
      expect(chats.length).toBe(attackStrings.length)
      figures.chat = {
        sent: chats.length,
        rejected: chats.filter((observation) => !observation.answer).length,
        answered: answers.length,
        slowestMs: Math.max(...chats.map((observation) => observation.durationMs)),
        toolCalls: answers.reduce((sum, answer) => sum + answer.toolCalls.length, 0),
        ...Object.fromEntries(['complete', 'stopped', 'failed'].map((status) => [`${status}Answers`, answers.filter((answer) => answer.status === status).length])),
      }
    })
  })
})
