import { changeSign, formatMoney, formatNumber, formatPercent, formatPointsChange } from './format.ts'

/** What a KPI tile (reports, the digest) holds of its changes: presentation needs no more than this. */
export interface KpiChanges {
  unit: string
  changeVsPrevious: number | null
  changePercentVsPrevious: number | null
  changeVsLastYear: number | null
  changePercentVsLastYear: number | null
}

/**
 * How KPI figures read, on every rendering of a report (HTML, Markdown, e-mail, plain text): the house number
 * formats, so a figure in a report is written the same way as in the tools' narrations.
 */
export function formatKpiValue(unit: string, value: number | null): string {
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

export function formatKpiChange(tile: KpiChanges, against: 'previous' | 'lastYear'): string {
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
