import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { benchConfig } from './bench-config.ts'
import type { Database } from '../src/db/database.ts'
import { packageRoot } from '../src/paths.ts'
import { scales, type Scale } from '../src/demo/seed.ts'
import { runtimeFrom, type Runtime } from '../src/runtime.ts'
import { measureLargestChart } from './charts.ts'
import { preparePglite, preparePostgres, type PreparedEngine } from './engines.ts'
import { measureHttpAnswers } from './http-load.ts'
import { measureMcpColdStart } from './mcp-cold-start.ts'
import type { MeasureOptions } from './measure.ts'
import { loadColumnar, type ColumnarEngine } from './columnar.ts'
import { measureFlood, writeFloodResults } from './flood.ts'
import { measureReports } from './reports.ts'
import { measureReferences } from './references.ts'
import { writeResults, type BenchResults, type Measured } from './report.ts'
import { targets } from './targets.ts'
import { measureNaiveQueries, measureTools } from './tools.ts'

/**
 * `npm run bench`: seeds the small demo data (a few thousand sales: a quick run) into PostgreSQL
 * (BENCH_DATABASE_URL, a scratch database created when missing) and into a temporary embedded PGlite, measures
 * the tools beside their plain-SQL and columnar (DuckDB) references, the brief's naive queries, the MCP cold
 * start, chart rendering, the weekly report and digest, and answers over HTTP, then writes bench/results.json
 * and bench/results.md. `npm run bench -- --scale large` (about a million sales on PostgreSQL, the medium data on
 * PGlite) is the heavy run.
 *
 *   BENCH_DATABASE_URL   default postgres://postgres@127.0.0.1:5432/luxx_bench
 *   BENCH_REPEATS        timed runs per case at most (default 20); BENCH_WARMUP untimed runs first (default 1)
 *   BENCH_BUDGET_MS      a case stops repeating after this long, with at least 3 runs (default 10000)
 *   BENCH_POSTGRES_SCALE, BENCH_PGLITE_SCALE   default small and small (large and medium with --scale large)
 *   BENCH_REUSE_DATA=1   keep the PostgreSQL data when it is there (seeding is then not measured)
 *
 * `npm run bench -- --flood` instead measures one key's question under another key's flood (bench/flood.ts) and
 * writes bench/results-flood.md.
 */

function numberSetting(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number; got ${raw}`)
  return value
}

function scaleSetting(name: string, fallback: Scale): Scale {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  if (!(scales as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${scales.join(', ')}; got ${raw}`)
  return raw as Scale
}

const log = (message: string) => process.stderr.write(`${message}\n`)

/** `--scale large|medium|small` sets PostgreSQL's scale (and PGlite's: medium below large); small by default, for a quick run. */
function scaleFlag(): Scale {
  const index = process.argv.indexOf('--scale')
  if (index < 0) return 'small'
  const value = process.argv[index + 1] ?? ''
  if (!(scales as readonly string[]).includes(value)) throw new Error(`--scale must be one of ${scales.join(', ')}; got ${value || 'nothing'}`)
  return value as Scale
}

/** DuckDB loaded with PostgreSQL's rows, or why it could not be. */
async function columnarReference(database: Database): Promise<Measured<ColumnarEngine>> {
  try {
    log('Loading the same rows into DuckDB for the columnar reference…')
    return await loadColumnar(database.analytics)
  } catch (error) {
    return { notMeasured: `DuckDB could not be loaded: ${error instanceof Error ? error.message : String(error)}` }
  }
}

async function postgresVersion(database: Database): Promise<string> {
  const [row] = await database.sql<{ version: string }[]>`select current_setting('server_version') as version`
  return `PostgreSQL ${row?.version ?? 'unknown'}`
}

/**
 * The runtime a surface opens for this database, with the vetted catalog only (not the optional free-form SQL
 * tool), the offline planner, no rate limit in the way, and room for the slowest tools to finish.
 */
function runtimeFor(database: Database): Runtime {
  const config = benchConfig()
  return runtimeFrom(config, database)
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/luxx_bench'
  const options: MeasureOptions = {
    warmup: numberSetting('BENCH_WARMUP', 1),
    repeats: numberSetting('BENCH_REPEATS', 20),
    minimumRepeats: 3,
    budgetMs: numberSetting('BENCH_BUDGET_MS', 10_000),
  }
  const startedAt = new Date().toISOString()
  const loadAverageAtStart = loadavg()
  const engines: PreparedEngine[] = []
  try {
    const scale = scaleFlag()
    const postgres = await preparePostgres(databaseUrl, scaleSetting('BENCH_POSTGRES_SCALE', scale), process.env.BENCH_REUSE_DATA === '1', log)
    engines.push(postgres)
    const pglite = await preparePglite(scaleSetting('BENCH_PGLITE_SCALE', scale === 'large' ? 'medium' : scale), log)
    engines.push(pglite)
    const postgresRuntime = runtimeFor(postgres.database)
    const pgliteRuntime = runtimeFor(pglite.database)

    log('Tools on PostgreSQL…')
    const onPostgres = await measureTools(postgresRuntime, 'postgres', options, log)
    const columnar = await columnarReference(postgres.database)
    log('Plain-SQL and columnar references…')
    const references = await measureReferences(postgresRuntime, columnar, options, log).finally(() => {
      if (!('notMeasured' in columnar)) columnar.close()
    })
    log('Tools on PGlite…')
    const onPglite = await measureTools(pgliteRuntime, 'pglite', options, log)
    log('Naive queries…')
    const naive = [
      ...(await measureNaiveQueries(postgresRuntime, 'postgres', options, log)),
      ...(await measureNaiveQueries(pgliteRuntime, 'pglite', options, log)),
    ]
    // Claude Desktop runs the built command, so the cold start is measured from dist/ (tsx adds its own start-up).
    log('Building dist/ for the MCP cold start…')
    execFileSync(process.execPath, [join(packageRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: packageRoot, stdio: 'inherit' })
    log('MCP cold start…')
    const mcp = await measureMcpColdStart(databaseUrl, { ...options, repeats: Math.min(options.repeats, 10) }, 'dist')
    log('Charts…')
    const charts = await measureLargestChart(onPostgres.envelopes, options)
    log('Weekly report and digest…')
    const reports = await measureReports(postgresRuntime, { ...options, repeats: Math.min(options.repeats, 5), minimumRepeats: 2 })
    log('Answers over HTTP…')
    const http = await measureHttpAnswers(postgresRuntime, [1, targets.httpConcurrency], 4)

    const results: BenchResults = {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.versions.node,
        postgres: await postgresVersion(postgres.database),
        loadAverageAtStart,
        loadAverageAtEnd: loadavg(),
      },
      settings: { ...options, timeZone: postgresRuntime.config.LUXX_TIME_ZONE },
      engines: engines.map((engine) => engine.setup),
      toolRuns: [...onPostgres.results, ...onPglite.results],
      references,
      columnar: 'notMeasured' in columnar ? columnar : { engine: 'DuckDB (@duckdb/node-api, in memory)', ...columnar.loaded },
      naive,
      mcp,
      charts,
      reports,
      http,
    }
    writeResults(results, new URL('./', import.meta.url))
    log('Wrote bench/results.json and bench/results.md.')
  } finally {
    for (const engine of engines) await engine.close()
  }
}

/** `--flood`: key B's question alone and under key A's flood, on PostgreSQL at the small demo scale by default. */
async function flood(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/luxx_bench'
  const engine = await preparePostgres(databaseUrl, scaleSetting('BENCH_FLOOD_SCALE', 'small'), process.env.BENCH_REUSE_DATA === '1', log)
  try {
    const result = await measureFlood(
      engine.database,
      { floodClients: numberSetting('BENCH_FLOOD_CLIENTS', 12), samples: numberSetting('BENCH_FLOOD_SAMPLES', 40), warmup: numberSetting('BENCH_WARMUP', 3) },
      log,
    )
    writeFloodResults(result, new URL('./', import.meta.url))
    log(`B's p95 under the flood ÷ alone: ${result.ratio} (target at most 2). Wrote bench/results-flood.md.`)
  } finally {
    await engine.close()
  }
}

await (process.argv.includes('--flood') ? flood() : main())
