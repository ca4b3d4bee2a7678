import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { destination, pino } from 'pino'
import { createApiKey, revokeApiKey } from '../src/auth/api-keys.ts'
import { loadConfig, readEnvironment } from '../src/config/config.ts'
import type { Database } from '../src/db/database.ts'
import { serve } from '../src/server/serve.ts'
import { plannerQuestions, runChatLoad, type ChatLoadResult } from './chat-load.ts'

/**
 * `npm run load`: starts the real server in-process (as `npm start` does) on the demo data, keeps 50 chats
 * going against it for 60 seconds with the offline planner answering, prints the figures and records them in
 * bench/results-load.md (one row per engine, replaced by the next run on that engine).
 *
 *   npm run load                      the embedded engine, in a fresh temporary data directory seeded with the demo data
 *   DATABASE_URL=postgres://… npm run load    that database (migrated, and seeded when it has no sales)
 *   npm run load -- --users 20 --seconds 10
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
  },
})

function positive(name: string, raw: string): number {
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number; got ${raw}`)
  return value
}

const users = positive('users', values.users)
const seconds = positive('seconds', values.seconds)
const resultsPath = join(import.meta.dirname, 'results-load.md')
const log = (message: string) => process.stderr.write(`${message}\n`)

async function engineLabel(database: Database): Promise<string> {
  if (database.engine === 'pglite') return 'embedded PGlite'
  const [row] = await database.sql<{ version: string }[]>`select current_setting('server_version') as version`
  return `PostgreSQL ${row?.version ?? 'unknown'}`
}

async function salesRows(database: Database): Promise<number> {
  const [row] = await database.sql<{ count: number }[]>`select count(*)::int as count from sales`
  return row?.count ?? 0
}

const header = [
  '# Chat load test',
  '',
  '`npm run load` (bench/run-chat-load.ts) starts the real server in-process on the demo data and keeps concurrent chats going',
  'against POST /api/chat, the offline planner answering. Each chat asks the next of these questions as soon as its previous',
  `answer's stream has ended, continuing its conversation for five questions before starting a new one: ${plannerQuestions.map((question) => `"${question}"`).join(', ')}.`,
  'Latency runs from the request until the stream ended; an error is anything but a stream ending with a complete answer.',
  'The load and the server share the machine.',
  '',
  '| Engine | Sales rows | Chats | Seconds | Answers | Errors | p50 ms | p95 ms | Max ms | Answers/s | Run at | Machine |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
]

/** The results file with this engine's row replaced (the other engines' rows kept). */
function withRow(engine: string, row: string): string {
  const existing = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8').split('\n') : []
  const rows = existing.filter((line) => line.startsWith('| ') && !line.startsWith('| Engine') && !line.startsWith('| ---') && !line.startsWith(`| ${engine} |`))
  return [...header, ...[...rows, row].sort(), ''].join('\n')
}

function rowOf(engine: string, sales: number, result: ChatLoadResult): string {
  const cells = [
    engine,
    sales.toLocaleString('en-US'),
    result.users,
    result.seconds,
    result.requests.toLocaleString('en-US'),
    result.errors,
    result.p50Ms,
    result.p95Ms,
    result.maxMs,
    result.answersPerSecond,
    new Date().toISOString().slice(0, 16).replace('T', ' '),
    `${cpus().length} CPUs, Node ${process.version}`,
  ]
  return `| ${cells.join(' | ')} |`
}

const environment = readEnvironment()
const dataDir = environment.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'luxx-load-'))
const config = loadConfig({
  ...environment,
  ...(dataDir ? { LUXX_DATA_DIR: dataDir } : {}),
  LLM_PROVIDER: 'local',
  LLM_FALLBACK: '',
  LUXX_RATE_LIMIT_PER_MINUTE: '100000',
  SMTP_URL: '',
  LOG_LEVEL: 'warn',
})
log(`Starting the server on ${dataDir ? 'the embedded engine (a fresh data directory, seeding the demo data)' : 'DATABASE_URL'}…`)
const running = await serve({ config, port: 0, host: '127.0.0.1', seedIfEmpty: true, logger: pino({ level: 'warn' }, destination(2)) })
let key: string | undefined
try {
  const state = running.readiness.current()
  if (!state.ready) throw new Error(`The database is not ready: ${state.reason}`)
  const database = running.runtime.database
  const engine = await engineLabel(database)
  const sales = await salesRows(database)
  // A server with API keys answers only to one: the run brings its own and revokes it after.
  const token = running.access === 'keys' ? await createApiKey(database.sql, 'chat load test', 'analyst') : undefined
  key = token?.key.id
  const auth = token ? { token: token.token } : {}
  log(`${database.location}, ${sales} sales; ${running.url}. Warming up, then ${users} chats for ${seconds} s…`)
  await runChatLoad({ baseUrl: running.url, users: 1, seconds: 1, questions: plannerQuestions, ...auth })
  const result = await runChatLoad({ baseUrl: running.url, users, seconds, questions: plannerQuestions, ...auth })
  console.log(
    `${engine}: ${result.users} chats for ${result.seconds} s: ${result.requests} answers (${result.answersPerSecond}/s), ${result.errors} errors; ` +
      `latency p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms`,
  )
  for (const sample of result.errorSamples) console.log(`  error: ${sample}`)
  writeFileSync(resultsPath, withRow(engine, rowOf(engine, sales, result)))
  log(`Recorded in ${resultsPath}.`)
  if (result.errors > 0) process.exitCode = 1
} finally {
  if (key) await revokeApiKey(running.runtime.database.sql, key)
  await running.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}
