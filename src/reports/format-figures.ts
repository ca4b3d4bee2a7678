import { formatMoney, formatNumber, formatPercent } from '../tools/format.ts'
import type { KpiTile, Report } from './report.ts'

/**
 * How report figures read, on every rendering (HTML, Markdown, e-mail, plain text): the house number formats,
 * so a figure in a report is written the same way as in the tools' narrations.
 */
export function formatKpiValue(unit: string, value: number | null, coverage: Report['coverage'] = null): string {
  if (coverage?.status === 'no_data') return 'no data yet'
  if (value === null) return 'n/a'
  if (unit === 'currency') return formatMoney(value)
  if (unit === 'percent') return formatPercent(value)
  return formatNumber(value)
}

/** "+12.5%" against a base, or "+1.2 pts" for percent KPIs, whose change is in points; "n/a" without a base. */
export function formatChange(unit: string, change: number | null, changePercent: number | null): string {
  const figure = unit === 'percent' ? change : changePercent
  if (figure === null) return 'n/a'
  const sign = figure > 0 ? '+' : figure < 0 ? '−' : '±'
  return unit === 'percent' ? `${sign}${formatNumber(Math.abs(figure))} pts` : `${sign}${formatPercent(Math.abs(figure))}`
}

/**
 * A tile's change, or why it is not shown: "—" when the data does not cover the period or its base (the report's
 * coverage withholds it), "partial" when the data stops inside the period.
 */
export function formatKpiChange(tile: KpiTile, against: 'previous' | 'lastYear', coverage: Report['coverage'] = null): string {
  if (coverage?.withheld.includes(against)) return coverage.status === 'partial' ? 'partial' : '—'
  return against === 'previous'
    ? formatChange(tile.unit, tile.changeVsPrevious, tile.changePercentVsPrevious)
    : formatChange(tile.unit, tile.changeVsLastYear, tile.changePercentVsLastYear)
}

/** Whether a change is good news, bad news or neither, for colouring; every KPI here is better when higher. */
export function changeDirection(tile: KpiTile, against: 'previous' | 'lastYear'): 'up' | 'down' | 'flat' | 'unknown' {
  const change = against === 'previous' ? tile.changeVsPrevious : tile.changeVsLastYear
  if (change === null) return 'unknown'
  return change > 0 ? 'up' : change < 0 ? 'down' : 'flat'
}

/** A money change with its sign: "+$1,200", "−$85.50". */
export function formatSignedMoney(value: number): string {
  return `${value < 0 ? '−' : '+'}${formatMoney(Math.abs(value))}`
}

/** A value of a change in a KPI's own unit, signed. */
export function formatSignedValue(unit: string, value: number): string {
  if (unit === 'currency') return formatSignedMoney(value)
  const sign = value < 0 ? '−' : '+'
  return unit === 'percent' ? `${sign}${formatNumber(Math.abs(value))} pts` : `${sign}${formatNumber(Math.abs(value))}`
}

/** A table cell: numbers with separators and at most two decimals, empty for missing values. */
export function formatCell(value: string | number | boolean | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return formatNumber(Math.round(value * 100) / 100)
  return String(value)
}

/** The data's reach as a line for a report's header: "Sales recorded 2024-11-01 to 2026-10-31 · partial period". */
export function coverageLine(coverage: Report['coverage']): string | null {
  if (!coverage) return null
  const reach = coverage.first ? `Sales recorded ${coverage.first} to ${coverage.last}` : 'No sales recorded'
  const status = coverage.status === 'partial' ? ' · partial period' : coverage.status === 'no_data' ? ' · no sales in this period yet' : ''
  return `${reach}${status}`
}
