import type { Database, TransactionSql } from '../db/database.ts'
import { runTransaction } from '../db/transaction.ts'
import { dimensions, type DimensionDeclaration, type DimensionName } from '../semantic/dimensions.ts'
import { dataDimensions, declaredValueIndex, modelProblem, rememberValueIndex, ValueIndex, type DataDimension, type FilterDimension } from '../semantic/value-lookup.ts'
import type { AnyTool } from './define-tool.ts'

/**
 * The value lookup of one database: the distinct values of each data dimension that can filter (brands, states,
 * cities, countries, campaigns, shows) and of the product models, read once and kept for `valueIndexMaxAgeMs` (completions and the planner
 * read the kept values). A value the kept index does not know makes the executor read the values again before
 * refusing it, so a brand added since is never refused; seeding in this process forgets the index (`forgetValueIndex`).
 */
export const valueIndexMaxAgeMs = 5 * 60_000
/** More distinct values than this are not offered: the column is not a dimension of a few values. */
const maximumValues = 5_000

interface Kept {
  index?: ValueIndex
  loading?: Promise<ValueIndex>
}

const kept = new WeakMap<Database, Kept>()

// The dimensions that filter, and the product models, which no tool filters by but MCP prompt arguments complete to.
const filterableData = dataDimensions.filter((name) => (dimensions[name] as DimensionDeclaration).filter || name === 'product')

async function readValues(sql: TransactionSql): Promise<ValueIndex> {
  const loaded: Partial<Record<DataDimension, string[]>> = {}
  for (const name of filterableData) {
    const source = (dimensions[name] as DimensionDeclaration).dataSource!
    const rows = await sql<{ value: string }[]>`
      select distinct ${sql(source.column)}::text as value
      from ${sql(source.table)}
      where ${sql(source.column)} is not null and ${sql(source.column)} <> ''
      order by 1
      limit ${maximumValues}`
    loaded[name] = rows.map((row) => row.value)
  }
  return new ValueIndex(loaded)
}

/** The database's value index, read again when older than `maxAgeMs`. */
export async function valueIndexFor(database: Database, maxAgeMs = valueIndexMaxAgeMs): Promise<ValueIndex> {
  const entry = kept.get(database) ?? {}
  kept.set(database, entry)
  if (entry.index && Date.now() - entry.index.loadedAt <= maxAgeMs) return entry.index
  entry.loading ??= runTransaction(database.analytics, 'Reading the dimension values', readValues, 'read only')
    .then((index) => {
      entry.index = index
      rememberValueIndex(index)
      return index
    })
    .finally(() => {
      entry.loading = undefined
    })
  return entry.loading
}

/** Forgets the database's values, after seeding or loading data, so the next lookup reads them again. */
export function forgetValueIndex(database: Database): void {
  kept.delete(database)
}

// Fixed-list dimensions whose input fields are read by name, without a `filters` declaration.
const filtersByName: readonly FilterDimension[] = ['channel', 'category', 'condition', 'platform']

/** The input fields of a tool that filter on a dimension: its declared `filters`, and fields named like a fixed-list one. */
export function toolFilters(tool: AnyTool, fields: readonly string[]): Array<[field: string, dimension: FilterDimension]> {
  const declared = Object.entries((tool.filters ?? {}) as Record<string, FilterDimension>)
  const byName = filtersByName.filter((name) => fields.includes(name) && !(name in (tool.filters ?? {}))).map((name) => [name, name] as [string, FilterDimension])
  return [...declared, ...byName]
}

export type FilterReading =
  | { ok: true; arguments: unknown; notes: string[] }
  | { ok: false; message: string }

/**
 * Reads a call's filter values as the data holds them, before the arguments are validated: "LV" becomes
 * "Louis Vuitton" with the note "Read 'LV' as Louis Vuitton.", "Hermez" is refused with the closest values.
 * Values that are not strings are left for the tool's schema to refuse.
 */
export async function readFilterValues(tool: AnyTool, fields: readonly string[], rawArguments: unknown, database: Database): Promise<FilterReading> {
  if (!rawArguments || typeof rawArguments !== 'object' || Array.isArray(rawArguments)) return { ok: true, arguments: rawArguments, notes: [] }
  const given = rawArguments as Record<string, unknown>
  const filters = toolFilters(tool, fields).filter(([field]) => typeof given[field] === 'string' && (given[field] as string).trim() !== '')
  // A model is part of a product name: one that no product holds is refused with the closest names.
  const model = fields.includes('model') && typeof given.model === 'string' ? given.model.trim() : ''
  if (model !== '') {
    const problem = modelProblem(await valueIndexFor(database), model) ?? modelProblem(await valueIndexFor(database, 0), model)
    if (problem) return { ok: false, message: `model: ${problem}` }
  }
  if (filters.length === 0) return { ok: true, arguments: rawArguments, notes: [] }
  const isData = (dimension: FilterDimension) => (dimensions[dimension] as DimensionDeclaration).values === 'data'
  const needsData = filters.some(([, dimension]) => isData(dimension))
  const started = Date.now()
  let index = needsData ? await valueIndexFor(database) : declaredValueIndex
  const read = { ...given }
  const notes: string[] = []
  for (const [field, dimension] of filters) {
    const written = (given[field] as string).trim()
    let resolution = index.resolve(dimension as DimensionName, written)
    if (!resolution.ok && isData(dimension) && index.loadedAt < started) {
      // Perhaps the value is new: read the values again once before refusing it.
      index = await valueIndexFor(database, 0)
      resolution = index.resolve(dimension as DimensionName, written)
    }
    if (!resolution.ok) {
      // A fixed list's value the lookup cannot read is left for the tool's schema, whose message lists them all.
      if (!isData(dimension)) continue
      return { ok: false, message: resolution.message }
    }
    read[field] = resolution.value
    if (resolution.reading !== 'exact') notes.push(`Read '${written}' as ${index.describe(dimension, resolution.value)}.`)
  }
  return { ok: true, arguments: read, notes }
}
