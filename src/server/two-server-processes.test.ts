import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Answer } from '../agent/answer.ts'
import { createApiKey, keyCacheMs } from '../auth/api-keys.ts'
import { connect, type Database, type Sql } from '../db/database.ts'
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from '../digest/loopback-smtp-server.ts'
import { outboxStatus } from '../digest/outbox.ts'
import { parseServerEvents } from '../http/testing/app-server.ts'
import { weekdayQuestion } from '../http/testing/sales-fixture.ts'
import { Client, StreamableHTTPClientTransport } from '../testing/mcp-client.ts'
import { openTestDatabase } from '../testing/test-database.ts'
import { runCli } from './testing/cli-process.ts'
import { startServerProcess, type ServerProcess } from './testing/server-process.ts'

// Scaling out as a deployment does: two `luxx-analyst serve` processes behind a load balancer, on one PostgreSQL
// database, the second running its analytics through the read-only login as it would on a read replica. Nothing a
// request needs lives in a process (keys, conversations, reports, the digest outbox are in the database), so
// either answers any request, and a digest both send at once reaches each recipient once.

const recipients = ['ada@example.com', 'ben@example.com']

/**
 * Holds digest_issues locked, so every digest run queues behind the lock at its first read of the table, until
 * `open()`: the test starts the runs of both processes at one instant, as two replicas' Monday 08:00 would.
 */
interface DigestGate {
  open(): Promise<void>
}

async function closeDigestGate(databaseUrl: string): Promise<DigestGate> {
  const sql = connect(databaseUrl, 1)
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  let locked!: () => void
  const isLocked = new Promise<void>((resolve) => (locked = resolve))
  const transaction = sql.begin(async (transaction) => {
    await transaction`lock table digest_issues in access exclusive mode`
    locked()
    await opened
  })
  await Promise.race([isLocked, transaction]).catch(async (error: unknown) => {
    await sql.end()
    throw error
  })
  return {
    async open() {
      open()
      await transaction
      await sql.end()
    },
  }
}

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}.`)
    await sleep(100)
  }
}

async function callTool(server: ServerProcess, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/api/tools/sales_by_weekday`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ period: 'all_time' }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>

/** Sends each request to the next server in turn, as a load balancer without sticky sessions does; counts them. */
function roundRobin(targets: readonly ServerProcess[], served: Map<string, number>): Fetch {
  let turn = 0
  return (url, init) => {
    const target = targets[turn++ % targets.length]!
    served.set(target.name, (served.get(target.name) ?? 0) + 1)
    const { pathname, search } = new URL(url)
    return fetch(new URL(`${pathname}${search}`, target.url), init)
  }
}

async function connectMcp(url: string, token: string, through?: Fetch): Promise<Client> {
  const client = new Client({ name: 'two-server-processes-test', version: '1.0.0' })
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } }, ...(through ? { fetch: through } : {}) })
  await client.connect(transport)
  return client
}

async function ask(server: ServerProcess, message: string, conversationId?: string): Promise<Answer> {
  const response = await fetch(`${server.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, ...(conversationId ? { conversationId } : {}) }),
  })
  const body = await response.text()
  const final = parseServerEvents(body).find((event) => event.name === 'final')
  if (response.status !== 200 || !final) throw new Error(`${server.name} did not answer '${message}' (${response.status}): ${body.slice(0, 500)}`)
  return (final.data as { answer: Answer }).answer
}

const digestRuns = (server: ServerProcess) => server.logLines().filter((line) => line.msg === 'weekly digest run')

describe.runIf(process.env.TEST_DATABASE_URL)('two luxx-analyst serve processes on one PostgreSQL database', () => {
  const readOnlyLogin = `luxx_e_readonly_${randomBytes(4).toString('hex')}`
  let database: Database
  let admin: Sql | undefined
  let smtp: LoopbackSmtpServer | undefined
  let gate: DigestGate | undefined
  let cliEnvironment: Record<string, string>
  const servers: ServerProcess[] = []
  let first: ServerProcess
  let second: ServerProcess

  beforeAll(async () => {
    database = await openTestDatabase('postgres', 'demo')
    const databaseUrl = new URL(process.env.TEST_DATABASE_URL!)
    databaseUrl.pathname = new URL(database.location).pathname
    cliEnvironment = { DATABASE_URL: databaseUrl.toString(), LUXX_TIME_ZONE: 'UTC', LOG_LEVEL: 'info' }

    // The read-only login of docs/security.md; roles are cluster-wide, hence the random name, dropped afterwards.
    admin = connect(process.env.TEST_DATABASE_URL!, 1)
    await admin`create role ${admin(readOnlyLogin)} login password 'test-only'`
    await admin`grant luxx_analytics to ${admin(readOnlyLogin)}`
    const analyticsUrl = new URL(databaseUrl)
    analyticsUrl.username = readOnlyLogin
    analyticsUrl.password = 'test-only'

    smtp = await startLoopbackSmtpServer()
    gate = await closeDigestGate(databaseUrl.toString())
    // The digest is due every second, so each scheduler's first run starts at once and waits at the gate.
    // LUXX_MCP_STATELESS: MCP sessions live in one process, and the balancer here has no sticky sessions.
    const environment = { ...cliEnvironment, SMTP_URL: smtp.url, DIGEST_RECIPIENTS: recipients.join(','), DIGEST_CRON: '* * * * * *', LUXX_MCP_STATELESS: '1' }
    const started = await Promise.allSettled([
      startServerProcess('the first server', environment),
      startServerProcess('the second server (analytics through the read-only login)', { ...environment, ANALYTICS_DATABASE_URL: analyticsUrl.toString() }),
    ])
    for (const outcome of started) if (outcome.status === 'fulfilled') servers.push(outcome.value)
    const failure = started.find((outcome) => outcome.status === 'rejected')
    if (failure) throw failure.reason
    ;[first, second] = servers as [ServerProcess, ServerProcess]
  })

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      for (const server of servers) console.error(`--- ${server.name}, last lines of stderr ---\n${server.stderr(40)}`)
    })
  })

  afterAll(async () => {
    // Open first: a process stopping waits for its digest run, which would otherwise wait at the gate for ever.
    await gate?.open()
    await Promise.all(servers.map((server) => server.stop()))
    await smtp?.close()
    await database?.close()
    if (admin) {
      await admin`drop role if exists ${admin(readOnlyLogin)}`
      await admin.end()
    }
  })

  // In order: until the third test creates an API key, /api serves this machine without one (as an analyst).

  it('answer the same tool call with the same envelope, the second through the read-only login', async () => {
    const [fromFirst, fromSecond] = await Promise.all([callTool(first), callTool(second)])
    expect(fromFirst.status).toBe(200)
    expect(fromSecond.status).toBe(200)
    const { durationMs: _first, ...firstEnvelope } = fromFirst.body
    const { durationMs: _second, ...secondEnvelope } = fromSecond.body
    expect(secondEnvelope).toEqual(firstEnvelope)
    expect(firstEnvelope.rowCount).toBe(7)
    const logins = await database.sql<{ login: string }[]>`
      select distinct usename as login from pg_stat_activity where datname = current_database() and usename = ${readOnlyLogin}`
    expect(logins.map((row) => row.login)).toEqual([readOnlyLogin])
  })

  it('continue on one a conversation started on the other, and read it back whole', async () => {
    const opening = await ask(first, weekdayQuestion)
    const followUp = await ask(second, 'and on Instagram?', opening.conversationId)
    expect(followUp.conversationId).toBe(opening.conversationId)
    const response = await fetch(`${first.url}/api/conversations/${opening.conversationId}`)
    expect(response.status).toBe(200)
    expect(((await response.json()) as { answers: Answer[] }).answers).toEqual([opening, followUp])
  })

  it('take an API key created with the CLI while both run, over HTTP and MCP, and refuse it on both once revoked', async () => {
    const created = await runCli(['keys', 'create', '--name', 'load balanced', '--role', 'analyst'], cliEnvironment)
    expect(created.code, created.stderr).toBe(0)
    const token = created.stdout.trim().split('\n').at(-1)!
    const prefix = /^Created key (\S+)…/m.exec(created.stdout)?.[1]
    expect(prefix, created.stdout).toBeDefined()

    for (const server of servers) {
      expect((await callTool(server)).status, `${server.name} without a key`).toBe(401)
      expect((await callTool(server, token)).status, `${server.name} with the key`).toBe(200)
    }
    // One MCP session spread over both: its requests go to each server in turn, with no session to find.
    const served = new Map<string, number>()
    const client = await connectMcp(first.url, token, roundRobin(servers, served))
    const result = await client.callTool({ name: 'sales_by_weekday', arguments: { period: 'all_time' } })
    await client.close()
    expect(result.isError).toBeFalsy()
    expect((result.structuredContent as { rowCount: number }).rowCount).toBe(7)
    expect([...served.keys()].sort()).toEqual(servers.map((server) => server.name).sort())

    const revoked = await runCli(['keys', 'revoke', prefix!], cliEnvironment)
    expect(revoked.code, revoked.stderr).toBe(0)
    for (const server of servers) {
      // Each server believes a verified key for up to keyCacheMs (5 s): the revocation holds within it.
      await waitFor(`${server.name} refuses the revoked key`, async () => (await callTool(server, token)).status === 401, 2 * keyCacheMs)
      await expect(connectMcp(server.url, token), server.name).rejects.toMatchObject({ code: 401, message: expect.stringMatching(/Unknown or revoked API key/) })
    }
  })

  it('send the weekly digest both start at the same moment once per recipient, and serve its report from either', async () => {
    const waiting = async () => {
      const [row] = await database.sql<{ count: number }[]>`
        select count(*)::int as count from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query like '%digest_issues%'`
      return row!.count
    }
    await waitFor('both processes have a digest run waiting at the gate', async () => (await waiting()) === 2)
    await gate!.open()
    gate = undefined
    // Delivered, and each process has run the digest again since, which must send nothing more.
    await waitFor('every recipient is sent the digest and each process has run it twice', async () => {
      const sent = (await outboxStatus(database.sql)).filter((row) => row.status === 'sent')
      return sent.length === recipients.length && servers.every((server) => digestRuns(server).length >= 2)
    })

    expect(smtp!.received.flatMap((message) => message.to).sort()).toEqual(recipients)
    const issues = await database.sql<{ period: string; reportId: string }[]>`select period, report_id::text as "reportId" from digest_issues`
    expect(issues).toHaveLength(1)
    const { period, reportId } = issues[0]!
    expect((await outboxStatus(database.sql)).map((row) => [row.period, row.status, row.attempts])).toEqual(recipients.map(() => [period, 'sent', 1]))

    // Both generated the issue at once; one stored it, the other dropped its copy and sent from the stored one.
    const firstRuns = servers.map((server) => digestRuns(server)[0]!)
    expect(firstRuns.map((run) => run.period)).toEqual([period, period])
    expect(firstRuns.map((run) => run.generated).sort()).toEqual([false, true])
    expect(servers.flatMap(digestRuns).reduce((sum, run) => sum + Number(run.sent), 0)).toBe(recipients.length)
    const [reports] = await database.sql<{ count: number }[]>`select count(*)::int as count from reports where surface = 'digest'`
    expect(reports!.count).toBe(1)

    const reader = servers[firstRuns.findIndex((run) => run.generated === false)]!
    // Keys exist, so a report needs one; the digest's report is every key's.
    const { token } = await createApiKey(database.sql, 'report reader', 'viewer')
    const response = await fetch(`${reader.url}/reports/${reportId}?format=json`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ id: reportId, kind: 'weekly', surface: 'digest', role: 'viewer' })
  })
})
