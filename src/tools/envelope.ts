import { z } from 'zod'
import type { AnyTool } from './define-tool.ts'

export const windowSchema = z.object({
  from: z.string().describe('First day (inclusive).'),
  to: z.string().describe('Last day (inclusive).'),
  label: z.string().describe('The window in words.'),
  asOf: z.string().describe('Today on the business clock (or LUXX_AS_OF); named periods end here.'),
  kind: z
    .enum(['calendar', 'rolling', 'to_date', 'explicit', 'all_time'])
    .optional()
    .describe('calendar: whole periods; rolling: the last N days; to_date: a period in progress; explicit: other dates.'),
})

export const comparisonSchema = z.object({
  kind: z.enum(['previous_period', 'last_year']),
  from: z.string().describe('First day (inclusive).'),
  to: z.string().describe('Last day (inclusive).'),
  label: z.string().describe('The comparison period in words, e.g. "August 2026".'),
  rule: z.string().describe('Why these dates, e.g. "the previous calendar month".'),
})

const coverageStatus = z.enum(['full', 'partial', 'none'])

export const coverageSchema = z.object({
  fact: z.literal('sales'),
  first: z.string().nullable().describe('The first day with sales in the data.'),
  last: z.string().nullable().describe('The last day with sales in the data (how fresh the data is).'),
  window: coverageStatus.describe('How much of the window the data covers.'),
  comparisons: z
    .array(z.object({ kind: z.enum(['previous_period', 'last_year']), from: z.string(), to: z.string(), coverage: coverageStatus }))
    .describe('How much of each comparison period the data covers; changes against a partial or empty one are withheld.'),
})
export type EnvelopeCoverage = z.infer<typeof coverageSchema>

export const metricDefinitionSchema = z.object({ name: z.string(), label: z.string(), definition: z.string() })

/** The result envelope every tool returns, on every surface. */
export function envelopeSchemaFor<Row extends z.ZodObject>(row: Row) {
  return z.object({
    tool: z.string().describe('The tool that ran.'),
    title: z.string(),
    parameters: z.record(z.string(), z.unknown()).describe('The arguments after defaults were applied.'),
    window: windowSchema,
    rows: z.array(row).describe('Result rows, capped at the row limit.'),
    rowCount: z.number().int().describe('Rows returned.'),
    totalRows: z.number().int().describe('Rows the query produced before the cap.'),
    truncated: z.boolean().describe('Whether rows were cut at the cap.'),
    comparisons: z.array(comparisonSchema).optional().describe('The periods the window was compared with, with their dates and rule.'),
    coverage: coverageSchema.nullable().optional().describe('How far the data reaches over the window and its comparisons; null for tools without a window.'),
    narration: z.string().describe('A factual summary computed from the rows.'),
    assumptions: z.array(z.string()).describe('What the figures assume: window, time zone, definitions.'),
    metrics: z.array(metricDefinitionSchema).describe('Definitions of the metrics reported.'),
    chart: z.record(z.string(), z.unknown()).nullable().describe('A Vega-Lite spec of the result, or null.'),
    sql: z.string().describe('The vetted SQL that ran (parameters as $n).'),
    durationMs: z.number().describe('Time spent running the query.'),
  })
}

export const envelopeSchema = envelopeSchemaFor(z.object({}).catchall(z.unknown()))
export type Envelope = z.infer<typeof envelopeSchema>

export function outputJsonSchema(tool: AnyTool): Record<string, unknown> {
  return z.toJSONSchema(envelopeSchemaFor(tool.row), { io: 'output', unrepresentable: 'any', target: 'draft-7' }) as Record<string, unknown>
}
