/**
 * The house formats for figures, dates and periods, for every surface: tool narrations, the CLI, the web page,
 * Markdown and HTML reports, the e-mail, chart titles and scorecards. Narrations are read back by the grounding
 * check, so these strings must not change shape.
 */
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
const moneyCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 })
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })

/** $412,300 for large amounts, $84.50 under $1,000. */
export function formatMoney(value: number): string {
  return Math.abs(value) >= 1000 ? money.format(value) : moneyCents.format(value)
}

/** 1,234 for whole numbers, 1,234.57 otherwise. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value)
}

/** A value already in percent: 12.5 → "12.5%". */
export function formatPercent(value: number, digits = 1): string {
  return `${value.toFixed(digits)}%`
}

/** A share between 0 and 1 as a percent: 0.125 → "12.5%". */
export function formatShare(ratio: number, digits = 1): string {
  return formatPercent(ratio * 100, digits)
}

/** "1 unit", "3 units". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`
}

/** The sign of a change as it is written: "+", "−" (a true minus) or "±" for no change. */
export function changeSign(value: number): '+' | '−' | '±' {
  return value > 0 ? '+' : value < 0 ? '−' : '±'
}

/** A change in percentage points, signed: "+1.2 pts", "−0.5 pts", "±0 pts". */
export function formatPointsChange(points: number): string {
  return `${changeSign(points)}${formatNumber(Math.abs(points))} pts`
}

/** An estimated model cost in dollars, to the hundredth of a cent: "$0.0123". */
export function formatCostUsd(value: number): string {
  return `$${value.toFixed(4)}`
}

/** A duration in milliseconds as seconds with one decimal: "2.4 s". */
export function formatSeconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`
}

/** A calendar date (its UTC day) as YYYY-MM-DD. */
export function formatIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** An ISO timestamp (UTC) to the minute, for table columns whose header says UTC: "2025-03-01 09:30". */
export function formatMinute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ')
}

/** An ISO timestamp to the minute, in UTC: "2025-03-01 09:30 UTC". */
export function formatTimestamp(iso: string): string {
  return `${formatMinute(iso)} UTC`
}

/** "2025-01-01 to 2025-03-31". */
export function formatPeriod(window: { from: string; to: string }): string {
  return `${window.from} to ${window.to}`
}

/** "between 2025-01-01 and 2025-03-31". */
export function formatBetween(window: { from: string; to: string }): string {
  return `between ${window.from} and ${window.to}`
}
