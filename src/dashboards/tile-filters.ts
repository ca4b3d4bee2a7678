import type { AnyTool } from '../tools/define-tool.ts'
import { inputJsonSchema, type ToolRegistry } from '../tools/registry.ts'
import { dashboardFilterNames, type DashboardFilterName, type DashboardListing, type FilterSupport, type TileFilters } from './dashboard-types.ts'
import { dashboards } from './definitions.ts'

interface InputProperty {
  enum?: unknown[]
}

/**
 * How a tool takes each filter of the bar, read from its input schema: a filter applies when the tool has an
 * argument of that name (the catalog names them alike, through src/tools/sales-filters.ts and windowFields), with
 * the values the argument allows when it is a fixed list. A tile may keep its own value of a filter (`keeps`).
 */
export function tileFilters(tool: AnyTool, keeps: Partial<Record<DashboardFilterName, string>> = {}): TileFilters {
  const properties = (inputJsonSchema(tool).properties ?? {}) as Record<string, InputProperty>
  const support = (name: DashboardFilterName): FilterSupport => {
    const kept = keeps[name]
    if (kept) return { applies: false, reason: kept }
    const property = properties[name]
    if (!property) {
      if (name === 'period' && tool.usesWindow === false) return { applies: false, reason: `${tool.title} describes the stock held now, not a period` }
      return { applies: false, reason: `${tool.title} cannot be narrowed by ${name}` }
    }
    const values = property.enum?.filter((value): value is string => typeof value === 'string')
    return { applies: true, argument: name, ...(values && name !== 'period' ? { values } : {}) }
  }
  return Object.fromEntries(dashboardFilterNames.map((name) => [name, support(name)])) as TileFilters
}

/** What filters an unknown tool takes: none, with the reason (a pin of a tool since removed still lists). */
export function unknownToolFilters(name: string): TileFilters {
  const reason = `the tool ${name} is no longer in the catalog`
  return Object.fromEntries(dashboardFilterNames.map((filter) => [filter, { applies: false, reason }])) as TileFilters
}

/** Every dashboard with its tiles, each with how its tool takes the filters of the bar. */
export function dashboardListings(registry: ToolRegistry): DashboardListing[] {
  return dashboards.map((dashboard) => ({
    ...dashboard,
    tiles: dashboard.tiles.map((tile) => {
      const tool = registry.find(tile.tool)
      if (tool instanceof Error) throw new Error(`Dashboard ${dashboard.id}, tile ${tile.id}: ${tool.message}`, { cause: tool })
      return { ...tile, filters: tileFilters(tool, tile.keeps) }
    }),
  }))
}
