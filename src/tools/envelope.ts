import { z } from 'zod'
import type { AnyTool } from './define-tool.ts'

export const windowSchema = z.object({
  from: z.string().describe('First day (inclusive).'),
  to: z.string().describe('Last day (inclusive).'),
  label: z.string().describe('The window in words.'),
  asOf: z.string().describe('The latest day in the data; named periods end here.'),
})

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
