import type { Runtime } from '../src/runtime.ts'
import type { Envelope } from '../src/tools/envelope.ts'
import { executeTool } from '../src/tools/executor.ts'
import { measure, type MeasureOptions } from './measure.ts'
import { naiveQueries } from './naive-queries.ts'
import type { EngineName, NaiveResult, ToolResult } from './report.ts'

/** Runs a tool the way every surface does (validation, read-only transaction, masking, audit), as an analyst. */
async function runTool(runtime: Runtime, name: string, args: Record<string, unknown>): Promise<Envelope> {
  const outcome = await executeTool(runtime.registry, name, args, runtime.executionContext('analyst', 'cli'))
  if (!outcome.ok) throw new Error(`${name}: ${outcome.error.message}`)
  return outcome.envelope
}

/**
 * The filtered call of issue #18 for a tool: the first filter it takes, with a value the demo data holds (a brand
 * before a channel, a category, a condition, a show platform); a tool that takes none is asked for a narrower window
 * (the last 90 days), or, without a window, is not called twice.
 */
export function filteredArguments(inputKeys: readonly string[]): Record<string, string> | undefined {
  const filters: [string, string][] = [['brand', 'Chanel'], ['channel', 'whatnot'], ['category', 'bag'], ['condition', 'A'], ['platform', 'whatnot']]
  const filter = filters.find(([key]) => inputKeys.includes(key))
  if (filter) return { [filter[0]]: filter[1] }
  return inputKeys.includes('period') ? { period: 'last_90_days' } : undefined
}

/** Every vetted tool with its default arguments, then with its filtered call; the envelopes come back too (the charts are drawn from them). */
export async function measureTools(
  runtime: Runtime,
  engine: EngineName,
  options: MeasureOptions,
  log: (message: string) => void,
): Promise<{ results: ToolResult[]; envelopes: Envelope[] }> {
  const results: ToolResult[] = []
  const envelopes: Envelope[] = []
  for (const tool of runtime.registry.list()) {
    try {
      const envelope = await runTool(runtime, tool.name, {})
      envelopes.push(envelope)
      const timing = await measure(() => runTool(runtime, tool.name, {}), options)
      const filterArguments = filteredArguments(Object.keys(tool.input.shape))
      const filtered = filterArguments ? { arguments: filterArguments, timing: await measure(() => runTool(runtime, tool.name, filterArguments), options) } : undefined
      results.push({ tool: tool.name, engine, timing, rows: envelope.rowCount, ...(filtered ? { filtered } : {}) })
      const filteredNote = filtered ? `; ${JSON.stringify(filtered.arguments)} p95 ${filtered.timing.p95Ms} ms` : ''
      log(`  ${tool.name}: p50 ${timing.p50Ms} ms, p95 ${timing.p95Ms} ms (${timing.runs} runs)${filteredNote}`)
    } catch (error) {
      results.push({ tool: tool.name, engine, timing: { notMeasured: error instanceof Error ? error.message : String(error) }, rows: 0 })
      log(`  ${tool.name}: failed: ${String(error)}`)
    }
  }
  return { results, envelopes }
}

/** The brief's example queries as written, each against the vetted tool answering the same question. */
export async function measureNaiveQueries(
  runtime: Runtime,
  engine: EngineName,
  options: MeasureOptions,
  log: (message: string) => void,
): Promise<NaiveResult[]> {
  const results: NaiveResult[] = []
  for (const query of naiveQueries) {
    // Run where the tools run: the analytics connection (a replica when configured).
    const naiveRows = (await query.run(runtime.database.analytics)).length
    const naive = await measure(() => query.run(runtime.database.analytics), options)
    const vetted = await measure(() => runTool(runtime, query.tool, query.toolArguments), options)
    results.push({
      name: query.name,
      question: query.question,
      engine,
      tool: query.tool,
      caveat: query.caveat,
      naiveRows,
      naive,
      vetted,
      ratio: naive.p50Ms / vetted.p50Ms,
    })
    log(`  ${query.name}: naive p50 ${naive.p50Ms} ms (${naiveRows} rows), ${query.tool} p50 ${vetted.p50Ms} ms`)
  }
  return results
}
