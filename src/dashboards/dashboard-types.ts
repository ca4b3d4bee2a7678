/**
 * Dashboards as the HTTP API sends them and the dashboard page reads them (src/http/api-types.ts re-exports these).
 * Types only, free of server code: the page's typecheck (web/tsconfig.json) loads this file without Node's types.
 */

/** The filters of a dashboard's filter bar, which every tile follows when its tool can. */
export const dashboardFilterNames = ['period', 'channel', 'category', 'brand'] as const
export type DashboardFilterName = (typeof dashboardFilterNames)[number]

/**
 * How one tool takes one filter of the bar: the argument it goes into (with the values that argument allows, when it
 * is a fixed list narrower than the bar's), or why it cannot take it, which the tile then says.
 */
export type FilterSupport = { applies: true; argument: string; values?: string[] } | { applies: false; reason: string }

export type TileFilters = Record<DashboardFilterName, FilterSupport>

/** kpis: figures with their change from kpi_summary; chart: the tool's Vega-Lite chart; table: its rows. */
export type TileKind = 'kpis' | 'chart' | 'table'

/** One tile as a dashboard defines it: a vetted tool, its arguments, and how to show the result. */
export interface TileDefinition {
  /** Unique within the dashboard: the tile's anchor and test handle. */
  id: string
  title: string
  kind: TileKind
  tool: string
  /** The tool's arguments before the filter bar's are applied. */
  arguments: Record<string, unknown>
  /** kpis tiles: the KPIs shown, by their glossary names (kpi_summary's `kpi` column), in this order. */
  kpis?: string[]
  /** table tiles: the columns shown, in this order; every column when left out. */
  columns?: string[]
  /** Filters this tile keeps its own value for, each with the reason shown on the tile. */
  keeps?: Partial<Record<DashboardFilterName, string>>
  /** The question "explain this" asks in the chat (the filters in force are added to it). */
  question: string
  /** Wide tiles span the whole row on a wide screen. */
  wide?: boolean
}

export interface DashboardDefinition {
  id: string
  title: string
  description: string
  tiles: TileDefinition[]
}

/** A tile as GET /api/dashboards lists it: its definition and how its tool takes each filter of the bar. */
export interface DashboardTile extends TileDefinition {
  filters: TileFilters
}

export interface DashboardListing extends Omit<DashboardDefinition, 'tiles'> {
  tiles: DashboardTile[]
}
