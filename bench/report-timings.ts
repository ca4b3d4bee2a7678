import { benchConfig } from './bench-config.ts'
import { openDatabase } from '../src/db/database.ts'
import { runtimeFrom } from '../src/runtime.ts'
import { measureReports } from './reports.ts'

/**
 * The weekly report and the weekly digest end to end (bench/reports.ts) against an already seeded database, for a
 * before/after comparison without a whole bench run:
 *
 *   DATABASE_URL=postgres://…/luxx_perf npx tsx bench/report-timings.ts
 *
 * REPORT_REPEATS timed runs of each (default 3) after REPORT_WARMUP warm-ups (default 1).
 */
const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) throw new Error('DATABASE_URL must name the seeded PostgreSQL database')
const config = benchConfig()
const database = await openDatabase({ databaseUrl, dataDir: '' })
const runtime = runtimeFrom(config, database)
const repeats = Number(process.env.REPORT_REPEATS ?? 3)
const warmup = Number(process.env.REPORT_WARMUP ?? 1)
try {
  const results = await measureReports(runtime, { warmup, repeats, minimumRepeats: repeats, budgetMs: 60 * 60_000 })
  process.stdout.write(`${JSON.stringify(results, null, 1)}\n`)
} finally {
  await database.close()
}
