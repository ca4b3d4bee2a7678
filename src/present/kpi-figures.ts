import { changeSign, formatMoney, formatNumber, formatPercent, formatPointsChange } from './format.ts'

/** What a KPI tile (reports, the digest) holds of its changes: presentation needs no more than this. */
export interface KpiChanges {
  unit: string
  changeVsPrevious: number | null
  changePercentVsPrevious: number | null
  changeVsLastYear: number | null
  changePercentVsLastYear: number | null
}

/** How far the data covers a report's period (src/reports/coverage.ts): what presentation needs of it. */
export interface KpiCoverage {
  first: string | null
  last: string | null
  status: 'complete' | 'partial' | 'no_data'
  withheld: readonly ('previous' | 'lastYear')[]
}

/**
 * How KPI figures read, on every rendering of a report (HTML, Markdown, e-mail, plain text): the house number
 * formats, so a figure in a report is written the same way as in the tools' narrations.
 */
export function formatKpiValue(unit: string, value: number | null, coverage: KpiCoverage | null = null): string {
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
  return unit === 'percent' ? formatPointsChange(figure) : `${changeSign(figure)}${formatPercent(Math.abs(figure))}`
}

/**
 * A tile's change, or why it is not shown: "—" when the data does not cover the period or its base (the report's
 * coverage withholds it), "partial" when the data stops inside the period.
 */
export function formatKpiChange(tile: KpiChanges, against: 'previous' | 'lastYear', coverage: KpiCoverage | null = null): string {
  if (coverage?.withheld.includes(against)) return coverage.status === 'partial' ? 'partial' : '—'
  return against === 'previous'
    ? formatChange(tile.unit, tile.changeVsPrevious, tile.changePercentVsPrevious)
    : formatChange(tile.unit, tile.changeVsLastYear, tile.changePercentVsLastYear)
}

/** Whether a change is good news, bad news or neither, for colouring; every KPI here is better when higher. */
export function changeDirection(tile: KpiChanges, against: 'previous' | 'lastYear'): 'up' | 'down' | 'flat' | 'unknown' {
  const change = against === 'previous' ? tile.changeVsPrevious : tile.changeVsLastYear
  if (change === null) return 'unknown'
  return change > 0 ? 'up' : change < 0 ? 'down' : 'flat'
}

/** A money change with its sign: "+$1,200", "−$85.50" (no change reads "+$0.00"). */
export function formatSignedMoney(value: number): string {
  return `${value < 0 ? '−' : '+'}${formatMoney(Math.abs(value))}`
}

/** A value of a change in a KPI's own unit, signed (no change reads "+0", or "+0 pts"). */
export function formatSignedValue(unit: string, value: number): string {
  if (unit === 'currency') return formatSignedMoney(value)
  const sign = value < 0 ? '−' : '+'
  return unit === 'percent' ? `${sign}${formatNumber(Math.abs(value))} pts` : `${sign}${formatNumber(Math.abs(value))}`
}

/** The data's reach as a line for a report's header: "Sales recorded 2024-11-01 to 2026-10-31 · partial period". */
export function coverageLine(coverage: KpiCoverage | null): string | null {
  if (!coverage) return null
  const reach = coverage.first ? `Sales recorded ${coverage.first} to ${coverage.last}` : 'No sales recorded'
  const status = coverage.status === 'partial' ? ' · partial period' : coverage.status === 'no_data' ? ' · no sales in this period yet' : ''
  return `${reach}${status}`
}
