import { writeFileSync } from 'node:fs'
import type { LoadTiming, Timing } from './measure.ts'
import { missReasons, targets, toolTargetMs } from './targets.ts'

/** What a part of the benchmark could not measure, and why. */
export interface NotMeasured {
  notMeasured: string
}

export type Measured<Result> = Result | NotMeasured

export function isMeasured<Result extends object>(result: Measured<Result>): result is Result {
  return !('notMeasured' in result)
}

export type EngineName = 'postgres' | 'pglite'

export interface EngineSetup {
  engine: EngineName
  scale: string
  location: string
  sales: number
  seeding: Measured<{ rows: number; seconds: number; rowsPerSecond: number }>
}

export interface ToolResult {
  tool: string
  engine: EngineName
  timing: Measured<Timing>
  rows: number
  /** The same tool with one filter (or a narrower window), see `filteredArguments` in bench/tools.ts. */
  filtered?: { arguments: Record<string, string>; timing: Timing }
}

/** A tool's plain-SQL reference (bench/plain-sql.ts) on PostgreSQL and on the columnar engine, once checked to match. */
export interface ReferenceResult {
  tool: string
  plainSql: Measured<Timing>
  columnar: Measured<Timing>
}

export interface NaiveResult {
  name: string
  question: string
  engine: EngineName
  tool: string
  caveat: string
  naiveRows: number
  naive: Timing
  vetted: Timing
  /** Naive p50 ÷ vetted p50. */
  ratio: number
}

export interface BenchResults {
  startedAt: string
  finishedAt: string
  machine: { cpus: number; memoryGiB: number; node: string; postgres: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] }
  settings: { repeats: number; warmup: number; minimumRepeats: number; budgetMs: number; timeZone: string }
  engines: EngineSetup[]
  toolRuns: ToolResult[]
  references: ReferenceResult[]
  /** DuckDB loaded with PostgreSQL's business tables, for the columnar reference. */
  columnar: Measured<{ engine: string; rows: number; seconds: number }>
  naive: NaiveResult[]
  mcp: Measured<{ command: string; tool: string; initialize: Timing; firstToolResult: Timing }>
  charts: Measured<{ tool: string; dataPoints: number; specBytes: number; svg: Timing; png: Timing; svgToPngP50Ms: number }>
  reports: { fullReport: Measured<{ kind: string; timing: Timing }>; weeklyDigest: Measured<{ week: string; timing: Timing }> }
  http: Measured<{ route: string; questions: string[]; note: string; results: LoadTiming[] }>
}

interface TargetCheck {
  what: string
  targetMs: number
  measuredMs: number | null
  met: boolean
  note: string
}

function targetChecks(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = []
  for (const result of results.toolRuns.filter((entry) => entry.engine === 'postgres')) {
    const targetMs = toolTargetMs()
    if (!isMeasured(result.timing)) {
      checks.push({ what: `${result.tool} p95`, targetMs, measuredMs: null, met: false, note: result.timing.notMeasured })
      continue
    }
    const met = result.timing.p95Ms < targetMs
    checks.push({ what: `${result.tool} p95`, targetMs, measuredMs: result.timing.p95Ms, met, note: met ? '' : (missReasons[result.tool] ?? 'see the tool\'s plan') })
    if (result.filtered) {
      const filteredMet = result.filtered.timing.p95Ms < targetMs
      checks.push({
        what: `${result.tool} ${JSON.stringify(result.filtered.arguments)} p95`,
        targetMs,
        measuredMs: result.filtered.timing.p95Ms,
        met: filteredMet,
        note: filteredMet ? '' : (missReasons[result.tool] ?? 'see the tool\'s plan'),
      })
    }
  }
  const add = (what: string, targetMs: number, measuredMs: number | null, note: string) =>
    checks.push({ what, targetMs, measuredMs, met: measuredMs !== null && measuredMs < targetMs, note })
  if (isMeasured(results.mcp)) {
    add(
      'stdio MCP initialize (cold start, p95)',
      targets.mcpInitializeMs,
      results.mcp.initialize.p95Ms,
      'Node\'s start and the MCP SDK\'s own modules take most of it (about 230 ms of CPU for a bare SDK server; the CLI loads each command\'s modules only when it runs): the wall clock past that is the wait for a core on a machine shared with other work (see the load average above)',
    )
  } else add('stdio MCP initialize', targets.mcpInitializeMs, null, results.mcp.notMeasured)
  if (isMeasured(results.charts)) add('largest chart as PNG (p95)', targets.pngMs, results.charts.png.p95Ms, 'vega lays out and draws the chart in JavaScript before resvg rasterises it')
  else add('largest chart as PNG', targets.pngMs, null, results.charts.notMeasured)
  const digest = results.reports.weeklyDigest
  if (isMeasured(digest)) {
    add(
      'weekly digest end to end (p95)',
      targets.weeklyDigestMs,
      digest.timing.p95Ms,
      'besides the week\'s tools, the recommendation rules run some 35 tool calls over the past year, among them per-customer and per-item tools (brand_performance, rfm_segments, sell_through_by_condition, churn_risk…) that take seconds each at this scale, sharing 2 cores',
    )
  } else add('weekly digest', targets.weeklyDigestMs, null, digest.notMeasured)
  const report = results.reports.fullReport
  if (isMeasured(report)) {
    add(
      'full report end to end (p95)',
      targets.reportMs,
      report.timing.p95Ms,
      'its sections and recommendation rules call the per-customer and per-item tools over a year, each once, two at a time on 2 cores',
    )
  } else add('full report', targets.reportMs, null, report.notMeasured)
  if (isMeasured(results.http)) {
    const atTarget = results.http.results.find((entry) => entry.concurrency === targets.httpConcurrency)
    add(
      `offline answers through HTTP at ${targets.httpConcurrency} users (p95)`,
      targets.httpAnswerMs,
      atTarget?.p95Ms ?? null,
      `${targets.httpConcurrency} clients without pause keep ${targets.httpConcurrency} answers in flight on 2 cores: the answers per second the machine sustains (see the table) set the wait`,
    )
  } else add('offline answers through HTTP', targets.httpAnswerMs, null, results.http.notMeasured)
  return checks
}

/** A reference's p95, or why there is none. */
function referenceCell(timing: Measured<Timing> | undefined): string {
  if (!timing) return 'none yet'
  return isMeasured(timing) ? milliseconds(timing.p95Ms) : `not measured: ${timing.notMeasured}`
}

const milliseconds = (value: number | null | undefined) => (value === null || value === undefined || Number.isNaN(value) ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: 1 }))

function timingCells(timing: Measured<Timing> | undefined): string[] {
  if (!timing) return ['–', '–', '–']
  if (!isMeasured(timing)) return [`not measured: ${timing.notMeasured}`, '', '']
  return [milliseconds(timing.p50Ms), milliseconds(timing.p95Ms), String(timing.runs)]
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n')
}

export function markdown(results: BenchResults): string {
  const postgres = results.engines.find((engine) => engine.engine === 'postgres')
  const pglite = results.engines.find((engine) => engine.engine === 'pglite')
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Run ${results.startedAt} to ${results.finishedAt} on ${results.machine.cpus} cores, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}, ${results.machine.postgres}. ` +
      `Load average ${results.machine.loadAverageAtStart.map((value) => value.toFixed(1)).join(' / ')} at the start and ` +
      `${results.machine.loadAverageAtEnd.map((value) => value.toFixed(1)).join(' / ')} at the end (1 / 5 / 15 min): other work shared the machine.`,
    `Each case: ${results.settings.warmup} warm-up runs, then up to ${results.settings.repeats} timed runs (at least ${results.settings.minimumRepeats}, ` +
      `fewer once a case has taken ${results.settings.budgetMs / 1000} s). Times in milliseconds; p95 is the nearest-rank 95th percentile. Business time zone ${results.settings.timeZone}.`,
    '',
    '## Data and seeding',
    '',
    table(
      ['Engine', 'Scale', 'Sales', 'Rows written', 'Seconds', 'Rows per second'],
      results.engines.map((engine) => [
        engine.engine,
        engine.scale,
        engine.sales.toLocaleString('en-US'),
        ...(isMeasured(engine.seeding)
          ? [engine.seeding.rows.toLocaleString('en-US'), engine.seeding.seconds.toFixed(1), Math.round(engine.seeding.rowsPerSecond).toLocaleString('en-US')]
          : [`not measured: ${engine.seeding.notMeasured}`, '', '']),
      ]),
    ),
    '',
    '## Vetted tools (default arguments)',
    '',
    table(
      ['Tool', 'Target p95', `PostgreSQL p50`, 'p95', 'runs', 'Filtered call', 'p95', 'Plain SQL p95', 'DuckDB p95', `PGlite p50`, 'p95', 'runs', 'Met'],
      [...new Set(results.toolRuns.map((entry) => entry.tool))].map((tool) => {
        const onPostgres = results.toolRuns.find((entry) => entry.tool === tool && entry.engine === 'postgres')
        const onPglite = results.toolRuns.find((entry) => entry.tool === tool && entry.engine === 'pglite')
        const reference = results.references.find((entry) => entry.tool === tool)
        const timing = onPostgres?.timing
        const filtered = onPostgres?.filtered
        const plain = reference && isMeasured(reference.plainSql) ? reference.plainSql.p95Ms : undefined
        // Issue #18: under the target at the defaults and at the filtered call, and at or under the plain-SQL reference.
        const met =
          timing && isMeasured(timing)
            ? timing.p95Ms < toolTargetMs() && (!filtered || filtered.timing.p95Ms < toolTargetMs()) && (plain === undefined || timing.p95Ms <= plain)
              ? 'yes'
              : 'no'
            : '–'
        return [
          tool,
          `< ${toolTargetMs()}`,
          ...timingCells(onPostgres?.timing),
          filtered ? Object.entries(filtered.arguments).map(([key, value]) => `${key} ${value}`).join(', ') : '–',
          filtered ? milliseconds(filtered.timing.p95Ms) : '–',
          referenceCell(reference?.plainSql),
          referenceCell(reference?.columnar),
          ...timingCells(onPglite?.timing),
          met,
        ]
      }),
    ),
    '',
    'Plain SQL: the query an analyst would write for the tool\'s default arguments (bench/plain-sql.ts), checked in this run to return the ' +
      'tool\'s figures, then timed on PostgreSQL; DuckDB: the same text on DuckDB in memory, loaded with the same rows ' +
      (isMeasured(results.columnar) ? `(${results.columnar.engine}, ${results.columnar.rows.toLocaleString('en-US')} rows in ${results.columnar.seconds} s)` : `(not loaded: ${results.columnar.notMeasured})`) +
      '. "none yet": the tool has no reference written. Filtered call: the same tool with one filter it takes (a brand, channel, ' +
      'category, condition or show platform), or the last 90 days when it takes none. Met (issue #18): p95 under the target at ' +
      'the defaults and at the filtered call, and at or under the plain-SQL reference.',
    '',
    `PostgreSQL: ${postgres?.sales.toLocaleString('en-US') ?? '–'} sales (${postgres?.scale ?? '–'}); PGlite: ${pglite?.sales.toLocaleString('en-US') ?? '–'} sales (${pglite?.scale ?? '–'}).`,
    '',
    '## The brief\'s example queries, run naively, against the vetted tools',
    '',
    table(
      ['Question', 'Engine', 'Naive p50', 'Rows returned', 'Tool', 'Tool p50', 'Naive ÷ tool', 'Caveat'],
      results.naive.map((entry) => [
        entry.question,
        entry.engine,
        milliseconds(entry.naive.p50Ms),
        entry.naiveRows.toLocaleString('en-US'),
        entry.tool,
        milliseconds(entry.vetted.p50Ms),
        `${entry.ratio.toFixed(1)}×`,
        entry.caveat,
      ]),
    ),
    '',
    '## Surfaces',
    '',
  ]
  const surfaceRows: string[][] = []
  if (isMeasured(results.mcp)) {
    surfaceRows.push([`stdio MCP cold start to \`initialize\` answered (\`${results.mcp.command}\`)`, ...timingCells(results.mcp.initialize)])
    surfaceRows.push([`stdio MCP cold start to the first tool result (${results.mcp.tool})`, ...timingCells(results.mcp.firstToolResult)])
  } else surfaceRows.push(['stdio MCP cold start', ...timingCells(results.mcp)])
  if (isMeasured(results.charts)) {
    surfaceRows.push([`chart spec → SVG (${results.charts.tool}, ${results.charts.dataPoints} data points, ${results.charts.specBytes.toLocaleString('en-US')} bytes of spec)`, ...timingCells(results.charts.svg)])
    surfaceRows.push([`chart spec → PNG (SVG → PNG alone: p50 ≈ ${milliseconds(results.charts.svgToPngP50Ms)})`, ...timingCells(results.charts.png)])
  } else surfaceRows.push(['chart rendering', ...timingCells(results.charts)])
  const { fullReport, weeklyDigest } = results.reports
  surfaceRows.push([isMeasured(fullReport) ? `full report (${fullReport.kind}), built end to end` : 'full report', ...timingCells(isMeasured(fullReport) ? fullReport.timing : fullReport)])
  surfaceRows.push([isMeasured(weeklyDigest) ? `weekly digest (${weeklyDigest.week}), generated end to end` : 'weekly digest', ...timingCells(isMeasured(weeklyDigest) ? weeklyDigest.timing : weeklyDigest)])
  lines.push(table(['What (PostgreSQL)', 'p50', 'p95', 'runs'], surfaceRows), '')
  if (isMeasured(results.http)) {
    lines.push(
      `### ${results.http.route}`,
      '',
      results.http.note,
      '',
      table(
        ['Concurrent clients', 'p50', 'p95', 'max', 'requests', 'answers per second', 'per core', 'CPU ms per answer'],
        results.http.results.map((entry) => [
          String(entry.concurrency),
          milliseconds(entry.p50Ms),
          milliseconds(entry.p95Ms),
          milliseconds(entry.maxMs),
          String(entry.runs),
          entry.requestsPerSecond.toFixed(1),
          entry.requestsPerSecondPerCore.toFixed(1),
          milliseconds(entry.processCpuMsPerRequest),
        ]),
      ),
      '',
      `Per core: answers per second over the machine's ${results.http.results[0]?.cores ?? '–'} cores, which other work shared (the load average above). ` +
        'CPU ms per answer: the CPU time of the bench process (the server and its clients, one Node process) over the timed answers; ' +
        'PostgreSQL\'s own time is not in it.',
      '',
    )
  } else lines.push(`HTTP: not measured: ${results.http.notMeasured}`, '')
  const checks = targetChecks(results)
  lines.push(
    '## Targets',
    '',
    `${checks.filter((check) => check.met).length} of ${checks.length} met.`,
    '',
    table(
      ['Target', 'Limit', 'Measured', 'Met', 'Reason when missed'],
      checks.map((check) => [check.what, `< ${milliseconds(check.targetMs)}`, milliseconds(check.measuredMs), check.met ? 'yes' : 'no', check.met ? '' : check.note]),
    ),
    '',
  )
  return lines.join('\n')
}

const p95 = (timing: Measured<Timing> | undefined): number | null => (timing && isMeasured(timing) ? timing.p95Ms : null)

/**
 * The figures issue #18 reads, first in results.json: sales on PostgreSQL, each tool's p50 and p95 there beside its
 * plain-SQL and columnar references (null when not measured), the report, the digest and 50 chat clients.
 */
export function headline(results: BenchResults) {
  const postgres = results.engines.find((engine) => engine.engine === 'postgres')
  const http = isMeasured(results.http) ? results.http.results.find((entry) => entry.concurrency === targets.httpConcurrency) : undefined
  return {
    sales: postgres?.sales ?? 0,
    tools: results.toolRuns
      .filter((entry) => entry.engine === 'postgres')
      .map((entry) => {
        const reference = results.references.find((candidate) => candidate.tool === entry.tool)
        return {
          name: entry.tool,
          p50Ms: isMeasured(entry.timing) ? entry.timing.p50Ms : null,
          p95Ms: p95(entry.timing),
          filteredP95Ms: entry.filtered?.timing.p95Ms ?? null,
          plainSqlP95Ms: p95(reference?.plainSql),
          columnarP95Ms: p95(reference?.columnar),
        }
      }),
    surfaces: {
      digestP95Ms: isMeasured(results.reports.weeklyDigest) ? results.reports.weeklyDigest.timing.p95Ms : null,
      reportP95Ms: isMeasured(results.reports.fullReport) ? results.reports.fullReport.timing.p95Ms : null,
      chat50P95Ms: http?.p95Ms ?? null,
      chat50AnswersPerSecondPerCore: http?.requestsPerSecondPerCore ?? null,
    },
  }
}

export function writeResults(results: BenchResults, directory: URL): void {
  writeFileSync(new URL('results.json', directory), `${JSON.stringify({ ...headline(results), ...results }, null, 2)}\n`)
  writeFileSync(new URL('results.md', directory), `${markdown(results)}\n`)
}
