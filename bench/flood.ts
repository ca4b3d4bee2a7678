import { writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { benchConfig } from './bench-config.ts'
import { createApiKey } from '../src/auth/api-keys.ts'
import type { Config } from '../src/config/config.ts'
import type { Database } from '../src/db/database.ts'
import { createApp } from '../src/http/create-app.ts'
import { listen } from '../src/http/testing/app-server.ts'
import { runtimeFrom } from '../src/runtime.ts'
import { askOverHttp } from './chat-load.ts'
import { summarize, timeOnce, type Timing } from './measure.ts'

/**
 * Issue #19, "no key can starve the others", measured: key A floods the server within its rate limit (many
 * concurrent tool calls of the heaviest tools, each client sending its next as soon as the last has answered), while
 * key B asks one question through POST /api/chat again and again. B's latency is measured alone, under A's flood
 * with the per-key concurrency cap as configured (LUXX_CONCURRENT_PER_KEY, default 3), and, for contrast, under the
 * same flood with the cap lifted (100): what B would see without fair sharing. Target: B's p95 under the flood within
 * twice its p95 alone.
 *
 *   npm run bench -- --flood        (BENCH_DATABASE_URL, BENCH_FLOOD_SCALE default small, BENCH_REUSE_DATA=1)
 *
 * BENCH_FLOOD_CLIENTS A's concurrent clients (default 12, more than the pool's 10 connections); BENCH_FLOOD_SAMPLES
 * B's questions per phase (default 40). Writes bench/results-flood.md.
 */

/** The per-customer and per-item tools: the ones that hold a connection longest at every scale. */
export const floodTools: readonly string[] = [
  'repeat_purchases',
  'new_vs_returning_customers',
  'brand_performance',
  'sell_through_by_condition',
  'marketing_attribution',
  'customer_concentration',
  'fast_slow_movers',
  'cohort_retention',
]

/** B's question: a rollup tool through the whole answer pipeline, as a dashboard user asks it. */
export const quietQuestion = 'What are our best days of the week?'

/** A cap high enough that A never waits for its own lane: the server as it was before fair sharing. */
const uncappedPerKey = 100

export interface FloodOptions {
  floodClients: number
  samples: number
  warmup: number
}

export interface FloodPhase {
  name: string
  perKeyCap: number | null
  quiet: Timing
  /** A's requests answered while B's questions ran, and how many of them were refused (429) or failed. */
  flood: { requests: number; refused: number; failed: number; requestsPerSecond: number } | null
}

export interface FloodResult {
  startedAt: string
  sales: number
  cpus: number
  loadAverageAtStart: number[]
  loadAverageAtEnd: number[]
  options: FloodOptions
  rateLimitPerMinute: number
  phases: FloodPhase[]
  /** B's p95 under A's flood (the configured cap) ÷ B's p95 alone. */
  ratio: number
  met: boolean
}

/** The server as `npm start` runs it, with the bench's settings and the per-key cap given (else as configured). */
function configWith(perKeyCap: number | undefined): Config {
  return benchConfig(perKeyCap === undefined ? {} : { LUXX_CONCURRENT_PER_KEY: String(perKeyCap) })
}

async function askQuietly(base: string, token: string): Promise<void> {
  const outcome = await askOverHttp(base, quietQuestion, { token })
  if (!outcome.ok) throw new Error(`B's question failed: ${outcome.error}`)
}

async function quietSamples(base: string, token: string, options: FloodOptions): Promise<Timing> {
  for (let index = 0; index < options.warmup; index++) await askQuietly(base, token)
  const samples: number[] = []
  for (let index = 0; index < options.samples; index++) samples.push(await timeOnce(() => askQuietly(base, token)))
  return summarize(samples)
}

/** Starts A's clients; `stop()` lets each finish its request in flight and returns what they did. */
function startFlood(base: string, token: string, clients: number) {
  let running = true
  let requests = 0
  let refused = 0
  let failed = 0
  let started = 0
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let turn = client; running; turn++) {
      const tool = floodTools[turn % floodTools.length]!
      const response = await fetch(`${base}/api/tools/${tool}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{}',
      })
      await response.arrayBuffer()
      // Only requests answered while B is measured count towards A's rate.
      if (started === 0) continue
      requests += 1
      if (response.status === 429) refused += 1
      else if (response.status !== 200) failed += 1
    }
  })
  return {
    /** From now on A's requests are counted. */
    count() {
      started = performance.now()
    },
    async stop(): Promise<FloodPhase['flood']> {
      const seconds = (performance.now() - started) / 1000
      running = false
      await Promise.all(loops)
      return { requests, refused, failed, requestsPerSecond: Math.round((requests / seconds) * 10) / 10 }
    },
  }
}

async function phase(database: Database, name: string, perKeyCap: number | undefined, flood: boolean, options: FloodOptions): Promise<FloodPhase> {
  const config = configWith(perKeyCap)
  const server = await listen(createApp({ runtime: runtimeFrom(config, database) }))
  try {
    const a = await createApiKey(database.sql, `flood-a-${Date.now()}`, 'analyst')
    const b = await createApiKey(database.sql, `flood-b-${Date.now()}`, 'analyst')
    const cap = flood ? config.LUXX_CONCURRENT_PER_KEY : null
    if (!flood) return { name, perKeyCap: cap, quiet: await quietSamples(server.base, b.token, options), flood: null }
    const flooding = startFlood(server.base, a.token, options.floodClients)
    // Let A's clients fill their lane and the pool before B asks.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    flooding.count()
    const quiet = await quietSamples(server.base, b.token, options)
    return { name, perKeyCap: cap, quiet, flood: await flooding.stop() }
  } finally {
    await server.close()
    // The keys were the bench's own: revoked, so a reused database holds no live key from a run.
    await database.sql`update api_keys set revoked_at = now() where name like 'flood-%' and revoked_at is null`
  }
}

export async function measureFlood(database: Database, options: FloodOptions, log: (message: string) => void): Promise<FloodResult> {
  const [counted] = await database.sql<{ sales: number }[]>`select count(*)::int as sales from sales`
  const startedAt = new Date().toISOString()
  const loadAverageAtStart = loadavg()
  log('B alone…')
  const alone = await phase(database, 'B alone', undefined, false, options)
  log(`  p50 ${alone.quiet.p50Ms} ms, p95 ${alone.quiet.p95Ms} ms`)
  log(`B under A's flood (${options.floodClients} clients), per-key cap as configured…`)
  const capped = await phase(database, "B under A's flood", undefined, true, options)
  log(`  p50 ${capped.quiet.p50Ms} ms, p95 ${capped.quiet.p95Ms} ms; A: ${capped.flood?.requests} requests`)
  log(`B under A's flood, cap lifted to ${uncappedPerKey} (no fair sharing, for contrast)…`)
  const uncapped = await phase(database, "B under A's flood, no per-key cap", uncappedPerKey, true, options)
  log(`  p50 ${uncapped.quiet.p50Ms} ms, p95 ${uncapped.quiet.p95Ms} ms; A: ${uncapped.flood?.requests} requests`)
  const ratio = Math.round((capped.quiet.p95Ms / alone.quiet.p95Ms) * 100) / 100
  return {
    startedAt,
    sales: counted?.sales ?? 0,
    cpus: cpus().length,
    loadAverageAtStart,
    loadAverageAtEnd: loadavg(),
    options,
    rateLimitPerMinute: benchConfig().LUXX_RATE_LIMIT_PER_MINUTE,
    phases: [alone, capped, uncapped],
    ratio,
    met: ratio <= 2,
  }
}

const ms = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 })

export function floodMarkdown(result: FloodResult): string {
  const [alone, capped, uncapped] = result.phases
  const rows = result.phases.map((entry) => {
    const ratio = alone ? `${(entry.quiet.p95Ms / alone.quiet.p95Ms).toFixed(2)}×` : '–'
    const flood = entry.flood
      ? `${entry.flood.requests.toLocaleString('en-US')} (${entry.flood.requestsPerSecond} a second), ${entry.flood.refused} refused, ${entry.flood.failed} failed`
      : 'none'
    return `| ${entry.name} | ${entry.perKeyCap ?? '–'} | ${ms(entry.quiet.p50Ms)} | ${ms(entry.quiet.p95Ms)} | ${ms(entry.quiet.maxMs)} | ${entry.quiet.runs} | ${ratio} | ${flood} |`
  })
  return [
    '# Flood: one key cannot starve another (issue #19)',
    '',
    `Run ${result.startedAt}: PostgreSQL with ${result.sales.toLocaleString('en-US')} sales, ${result.cpus} cores, load average ` +
      `${result.loadAverageAtStart.map((value) => value.toFixed(1)).join(' / ')} at the start and ${result.loadAverageAtEnd.map((value) => value.toFixed(1)).join(' / ')} at the end (other work shared the machine).`,
    '',
    `Key A runs ${result.options.floodClients} clients in closed loop, each calling the next of ${floodTools.length} per-customer and per-item tools ` +
      `(${floodTools.map((tool) => `\`${tool}\``).join(', ')}) through \`POST /api/tools/:name\` as soon as its last call answered; its rate limit ` +
      `(${result.rateLimitPerMinute.toLocaleString('en-US')} a minute) refuses none of them, so only the per-key concurrency cap stands between A and the pool of 10 connections. ` +
      `Key B asks "${quietQuestion}" through \`POST /api/chat\` (the whole answer, read to the end of its stream) ${result.options.samples} times in a row after ${result.options.warmup} warm-up. ` +
      'Server and clients run in one process, as `npm run bench` runs its HTTP load. Milliseconds.',
    '',
    '| Phase | Per-key cap | B p50 | B p95 | B max | B questions | B p95 ÷ alone | A\'s requests meanwhile |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `**B's p95 under A's flood is ${result.ratio.toFixed(2)}× its p95 alone: the target (at most 2×) is ${result.met ? 'met' : 'missed'}.**` +
      (capped && uncapped ? ` Without the per-key cap the same flood makes it ${(uncapped.quiet.p95Ms / (alone?.quiet.p95Ms ?? 1)).toFixed(2)}×.` : ''),
    '',
    'Reproduce: `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/luxx_bench npm run bench -- --flood` ' +
      '(`BENCH_REUSE_DATA=1` keeps data already seeded; `BENCH_FLOOD_SCALE`, `BENCH_FLOOD_CLIENTS`, `BENCH_FLOOD_SAMPLES`).',
    '',
  ].join('\n')
}

export function writeFloodResults(result: FloodResult, directory: URL): void {
  writeFileSync(new URL('results-flood.md', directory), floodMarkdown(result))
}
