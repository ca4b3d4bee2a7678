import type { AnyTool } from '../tools/define-tool.ts'
import { limitField, salesFilterFields, windowFields } from '../tools/define-tool.ts'
import { namedPeriods } from '../semantic/periods.ts'
import { inputJsonSchema } from '../tools/registry.ts'

/**
 * What `tools/list` sends: a host passes it to the model with every conversation, so it is kept small (a test holds
 * it under 40 KB). What repeats across tools is said once in the server's instructions, what a model never uses is
 * left out, and the full text stays in the `luxx://tools` resource and in each result's metric definitions.
 *
 * No output schemas: hosts do not show them to the model, and the 31 envelopes' schemas took 163 KB of the 255 KB
 * list (even their row columns alone, 7.6 KB, were more than the room left). Each result carries its envelope as structured content and as JSON
 * text, the instructions name the envelope's fields, and `luxx://tools` lists every tool's columns.
 */

const windowArguments = ['period', 'from', 'to'] as const
const defaultLimit = limitField()

/** The arguments many tools share, explained once (in the server's instructions) instead of in every schema. */
export const sharedArgumentInstructions = [
  'Arguments many tools share:',
  `- period: one of ${namedPeriods.join(', ')}. ${windowFields.period.description ?? ''}`,
  `- from: ${windowFields.from.description ?? ''}`,
  `- to: ${windowFields.to.description ?? ''}`,
  `- limit: ${defaultLimit.description ?? ''}`,
  'Sales filters (kpi_summary, sales_trend and others take some of them):',
  ...Object.entries(salesFilterFields).map(([name, field]) => `- ${name}: ${field.description ?? ''}`),
].join('\n')

const sharedDescriptions = new Set([
  ...windowArguments.map((name) => windowFields[name].description),
  defaultLimit.description,
  ...Object.values(salesFilterFields).map((field) => field.description),
])

type Json = Record<string, unknown>

/**
 * Drops what only a validator needs: the JSON Schema dialect, zod's safe-integer bounds, string lengths, the closed
 * object's additionalProperties, the long calendar pattern behind `format: date` (the server checks every argument
 * and answers with what is wrong), and descriptions the instructions already give.
 */
function compact(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(compact)
  if (!schema || typeof schema !== 'object') return schema
  const entries = Object.entries(schema as Json).filter(([key, value]) => {
    if (key === '$schema') return false
    if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) return false
    if (key === 'pattern' && (schema as Json).format === 'date') return false
    if (key === 'description' && sharedDescriptions.has(value as string)) return false
    // The list of values says the type; string lengths guard the server, not the model.
    if (key === 'type' && 'enum' in (schema as Json)) return false
    if (key === 'minLength' || key === 'maxLength') return false
    // The server refuses an unknown argument and names the allowed ones; the properties already list them.
    if (key === 'additionalProperties') return false
    return true
  })
  return Object.fromEntries(entries.map(([key, value]) => [key, key === 'properties' ? compactProperties(value as Json) : compact(value)]))
}

function compactProperties(properties: Json): Json {
  return Object.fromEntries(
    Object.entries(properties).map(([name, value]) => {
      const property = compact(value) as Json
      // The named periods are listed once in the instructions; the server refuses any other with the allowed ones.
      if (name === 'period' && !('description' in property)) delete property.enum
      return [name, property]
    }),
  )
}

/** A tool's input schema as MCP lists it. */
export function listedInputSchema(tool: AnyTool): Json {
  return compact(inputJsonSchema(tool)) as Json
}

const steering = /^(Use it|For |Not for|To )/

/**
 * A tool's description as MCP lists it: what it answers (the first sentence) and which tool to use instead when it
 * is not the one (its "Use it for…" and "For … use …" sentences). The definitions in between reach the model with
 * the result (metrics, assumptions) and in `luxx://tools`.
 */
export function listedDescription(tool: AnyTool): string {
  // A sentence ends at a full stop followed by a space ("users.city" does not end one), unless it abbreviates.
  const sentences = tool.description.split(/(?<=[.!?])(?<!\b(?:e\.g|i\.e|vs|etc)\.)\s+/)
  return [sentences[0], ...sentences.slice(1).filter((sentence) => steering.test(sentence))].join(' ')
}
