import type { AnyTool } from '../../tools/define-tool.ts'
import { inputJsonSchema } from '../../tools/registry.ts'

/**
 * What the planner may pass to a tool, read at runtime from the tool's input JSON Schema: the field names,
 * their enums and number bounds. The planner only ever sets fields a tool has, with values it accepts,
 * because tool inputs are strict and reject anything else.
 */
export interface FieldSpec {
  name: string
  type: 'string' | 'number' | 'integer' | 'boolean' | 'other'
  values?: string[]
  minimum?: number
  maximum?: number
  defaultValue?: unknown
}

export interface PlannerTool {
  name: string
  title: string
  area: string
  description: string
  examples: string[]
  fields: Map<string, FieldSpec>
  /** The glossary metrics the rows report. */
  metrics: string[]
  /** The row columns, which say what each row is (a brand, a month, a customer…). */
  columns: string[]
  /** Whether it is the catalog's answer to a single total of a period (its cues say so). */
  answersTotals: boolean
  /** The values its data holds by nature (the storefront funnel is the website's): see `scope` in defineTool. */
  scope: Partial<Record<string, string>>
  /** Whether its envelope compares the window with other periods (the previous one, a year earlier). */
  compares: boolean
}

interface JsonProperty {
  type?: unknown
  enum?: unknown
  minimum?: unknown
  maximum?: unknown
  default?: unknown
}

function readField(name: string, property: JsonProperty): FieldSpec {
  const type =
    property.type === 'string' || property.type === 'number' || property.type === 'integer' || property.type === 'boolean'
      ? property.type
      : 'other'
  const values = Array.isArray(property.enum) ? property.enum.filter((value): value is string => typeof value === 'string') : undefined
  return {
    name,
    type,
    ...(values ? { values } : {}),
    ...(typeof property.minimum === 'number' ? { minimum: property.minimum } : {}),
    ...(typeof property.maximum === 'number' ? { maximum: property.maximum } : {}),
    ...(property.default !== undefined ? { defaultValue: property.default } : {}),
  }
}

// Reading a tool's JSON Schema costs milliseconds, and the relevance check reads every tool on every answer: once per tool.
const readTools = new WeakMap<AnyTool, PlannerTool>()

export function plannerTool(tool: AnyTool): PlannerTool {
  let read = readTools.get(tool)
  if (!read) {
    read = readTool(tool)
    readTools.set(tool, read)
  }
  return read
}

function readTool(tool: AnyTool): PlannerTool {
  const schema = inputJsonSchema(tool) as { properties?: Record<string, JsonProperty> }
  const fields = new Map(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, readField(name, property)]))
  const shape = (tool.row as { shape?: Record<string, unknown> }).shape ?? {}
  return {
    name: tool.name,
    title: tool.title,
    area: tool.area,
    description: tool.description,
    examples: tool.examples,
    fields,
    metrics: [...tool.metrics],
    columns: Object.keys(shape),
    answersTotals: tool.cues?.totals === true,
    compares: tool.comparisons !== undefined,
    scope: tool.scope ?? {},
  }
}

/** Whether a value fits a field: in its enum, within its bounds, of its type. */
export function accepts(field: FieldSpec, value: unknown): boolean {
  if (field.values) return typeof value === 'string' && field.values.includes(value)
  if (field.type === 'integer') return Number.isInteger(value) && withinBounds(field, value as number)
  if (field.type === 'number') return typeof value === 'number' && withinBounds(field, value)
  if (field.type === 'string') return typeof value === 'string'
  if (field.type === 'boolean') return typeof value === 'boolean'
  return false
}

function withinBounds(field: FieldSpec, value: number): boolean {
  return (field.minimum === undefined || value >= field.minimum) && (field.maximum === undefined || value <= field.maximum)
}

/** A number moved inside a field's bounds, so "top 500" becomes the most the tool allows. */
export function clampToField(field: FieldSpec, value: number): number {
  const low = field.minimum ?? Number.NEGATIVE_INFINITY
  const high = field.maximum ?? Number.POSITIVE_INFINITY
  return Math.min(high, Math.max(low, value))
}
