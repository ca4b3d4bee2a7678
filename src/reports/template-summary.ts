import { formatMoney, formatPercent, formatPeriod, plural } from '../present/format.ts'
import { formatKpiValue, formatSignedValue } from '../present/kpi-figures.ts'
import type { KpiTile, Report } from './report.ts'

export type ReportBody = Omit<Report, 'summary'>

function against(tile: KpiTile, percent: number | null, base: number | null, period: string, withheld: boolean): string {
  if (withheld) return `not compared with ${period}`
  if (percent === null || base === null) return `with nothing to compare in ${period}`
  const direction = percent > 0 ? `up ${formatPercent(percent)} on` : percent < 0 ? `down ${formatPercent(-percent)} on` : 'level with'
  return `${direction} ${period} (${formatKpiValue(tile.unit, base)})`
}

/**
 * The executive summary from the report's own figures, in fixed sentences: the headline KPIs, the largest
 * change and its driver, the top recommendation, and what could not be computed. Every number is copied from
 * the report, which copied it from a tool result.
 */
export function templateSummary(report: ReportBody): string {
  const sentences: string[] = []
  const coverage = report.coverage
  const withheld = (comparison: 'previous' | 'lastYear') => coverage?.withheld.includes(comparison) ?? false
  // What the data does not cover comes first: it changes how every figure after it reads.
  if (coverage?.note) sentences.push(coverage.note)
  const tile = (kpi: string) => report.kpis.find((entry) => entry.kpi === kpi)
  const revenue = tile('revenue')
  if (revenue && revenue.value !== null) {
    const to = coverage?.status === 'partial' && coverage.last ? coverage.last : report.window.to
    sentences.push(
      `Revenue was ${formatMoney(revenue.value)} from ${formatPeriod({ from: report.window.from, to })}, ` +
        `${against(revenue, revenue.changePercentVsPrevious, revenue.previous, 'the previous period', withheld('previous'))} and ` +
        `${against(revenue, revenue.changePercentVsLastYear, revenue.lastYear, 'the same period last year', withheld('lastYear'))}.`,
    )
  }
  const orders = tile('orders')
  const margin = tile('margin_percent')
  const aov = tile('aov')
  if (orders?.value && margin && aov) {
    sentences.push(
      `${plural(orders.value, 'order')} at ${formatKpiValue(aov.unit, aov.value)} on average, with a gross margin of ${formatKpiValue(margin.unit, margin.value)}.`,
    )
  }
  const change = report.changes[0]
  const driver = change?.drivers[0]
  if (change && driver) {
    sentences.push(
      `The largest move was ${change.label.toLowerCase()}, ${change.changePercent > 0 ? 'up' : 'down'} ${formatPercent(Math.abs(change.changePercent))} ` +
        `(${formatSignedValue(change.unit, change.change)}); by ${change.dimension}, ${driver.member} moved most (${formatSignedValue(change.unit, driver.change)}).`,
    )
  }
  const top = report.recommendations[0]
  if (top) {
    sentences.push(
      `${plural(report.recommendations.length, 'recommendation')}; first: ${top.title}` +
        (top.impact.amount === null ? '.' : ` (${top.impact.summary.replace(/\.$/, '')}).`),
    )
  } else {
    sentences.push('No rule found a recommendation for this period.')
  }
  const failed = report.sections.filter((section) => section.error !== null).length + report.rules.filter((rule) => rule.status === 'failed').length
  if (failed > 0) sentences.push(`${plural(failed, 'part')} could not be computed; see below.`)
  return sentences.join(' ')
}

