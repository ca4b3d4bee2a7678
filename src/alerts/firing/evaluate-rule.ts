import type { AlertFigure } from '../alert-api-types.ts'
import { formatMoney, formatNumber, formatPercent, formatPeriod, plural } from '../../present/format.ts'
import type { Runtime } from '../../runtime.ts'
import { businessToday } from '../../semantic/clock.ts'
import { measures, valueLabel } from '../../semantic/index.ts'
import type { Envelope } from '../../tools/envelope.ts'
import { executeTool } from '../../tools/executor.ts'
import { stockGrouping, stockScope, type AlertCondition, type AlertRule, type AnomalyCondition, type MetricChangeCondition, type StockBelowCondition } from '../alert-rule.ts'
import { lastCompletePeriod, periodKeyOf } from './alert-periods.ts'

export type { AlertFigure }

export type Evaluation =
  | {
      status: 'fires'
      rule: AlertRule
      /** The condition's period: with the rule, the firing's unique key. */
      period: string
      /** What fired, in one sentence with its figures. */
      summary: string
      figures: AlertFigure[]
      /** The tool call the figures came from. */
      tool: { name: string; arguments: Record<string, unknown> }
    }
  | { status: 'quiet'; rule: AlertRule; period: string; summary: string; tool: { name: string; arguments: Record<string, unknown> } }
  | { status: 'failed'; rule: AlertRule; error: string }

export type EvaluationRuntime = Pick<Runtime, 'config' | 'registry' | 'executionContext'>

interface Check {
  tool: string
  arguments: Record<string, unknown>
  judge(envelope: Envelope): { fires: true; period: string; summary: string; figures: AlertFigure[] } | { fires: false; period: string; summary: string }
}

function format(unit: string, value: number): string {
  if (unit === 'currency') return formatMoney(value)
  if (unit === 'percent') return formatPercent(value)
  return formatNumber(value)
}

const labelOf = (measure: keyof typeof measures) => measures[measure].label

function stockCheck(condition: StockBelowCondition, today: string): Check {
  const groupBy = stockGrouping(condition)
  const scope = stockScope(condition)
  const filters = { ...(condition.brand ? { brand: condition.brand } : {}), ...(condition.model ? { model: condition.model } : {}), ...(condition.category ? { category: condition.category } : {}) }
  return {
    tool: 'stock_levels',
    arguments: { group_by: groupBy, below: condition.threshold, limit: 100, ...filters },
    judge(envelope) {
      // The tool returns only the groups below the threshold, fewest first.
      const rows = envelope.rows as Array<Record<string, unknown> & { in_stock: number }>
      const name = (row: Record<string, unknown>) => {
        const label = String(row[groupBy] ?? '')
        return groupBy === 'category' ? valueLabel('category', label) : label
      }
      const what = scope ? `${scope} stock` : 'stock'
      if (rows.length === 0) return { fires: false, period: today, summary: `No ${groupBy} of ${what} is below ${plural(condition.threshold, 'unit')} (as of ${today}).` }
      const figures = rows.map((row) => ({ label: name(row), value: plural(row.in_stock, 'unit') }))
      const listed = figures.map((figure) => `${figure.label} has ${figure.value}`).join('; ')
      return { fires: true, period: today, summary: `${what[0]!.toUpperCase()}${what.slice(1)} is below ${plural(condition.threshold, 'unit')} as of ${today}: ${listed}.`, figures }
    },
  }
}

function changeCheck(condition: MetricChangeCondition, today: string): Check {
  const period = lastCompletePeriod(condition.grain, today)
  const { kind: _kind, measure, grain, direction, percent, ...filters } = condition
  const grainNoun = { day: 'day', week: 'week', month: 'month' }[grain]
  return {
    tool: 'kpi_summary',
    arguments: { from: period.from, to: period.to, ...filters },
    judge(envelope) {
      const row = (envelope.rows as Array<{ kpi: string; unit: string; value: number | null; previous: number | null; change_percent_vs_previous: number | null }>).find(
        (candidate) => candidate.kpi === measure,
      )
      const previous = envelope.comparisons?.find((comparison) => comparison.kind === 'previous_period')
      const label = labelOf(measure)
      const dates = `${period.key} (${formatPeriod(period)})`
      if (!row || row.value === null || row.previous === null || row.change_percent_vs_previous === null) {
        return { fires: false, period: period.key, summary: `${label} in ${dates} has no change against the previous ${grainNoun} to judge: the data does not cover both, or the previous was 0.` }
      }
      const change = row.change_percent_vs_previous
      const holds = direction === 'drop' ? change <= -percent : change >= percent
      const moved = `${change < 0 ? 'fell' : 'rose'} ${formatPercent(Math.abs(change))}`
      const summary =
        `${label} ${moved} against the previous ${grainNoun}: ${format(row.unit, row.value)} in ${dates} against ` +
        `${format(row.unit, row.previous)}${previous ? ` in ${formatPeriod(previous)}` : ''}.`
      if (!holds) return { fires: false, period: period.key, summary: `${summary} The alert needs a ${direction} of ${formatPercent(percent)} or more.` }
      return {
        fires: true,
        period: period.key,
        summary,
        figures: [
          { label, value: format(row.unit, row.value) },
          { label: `Previous ${grainNoun}`, value: format(row.unit, row.previous) },
          { label: 'Change', value: `${change < 0 ? '−' : '+'}${formatPercent(Math.abs(change))}` },
        ],
      }
    },
  }
}

function anomalyCheck(condition: AnomalyCondition, today: string): Check {
  const period = lastCompletePeriod(condition.grain, today)
  const label = labelOf(condition.measure)
  const on = condition.channel ? ` on ${valueLabel('channel', condition.channel)}` : ''
  const value = (amount: number) => (condition.measure === 'revenue' ? formatMoney(amount) : formatNumber(amount))
  return {
    tool: 'anomalies',
    arguments: { from: period.from, to: period.to, grain: condition.grain, metric: condition.measure, only_anomalies: true, ...(condition.channel ? { channel: condition.channel } : {}) },
    judge(envelope) {
      const rows = envelope.rows as Array<{ date: string; actual: number; expected: number | null; lower: number | null; upper: number | null; direction: 'high' | 'low' | null }>
      const found = rows.find((row) => row.direction !== null)
      if (!found) return { fires: false, period: period.key, summary: `${label}${on} in ${period.key} (${formatPeriod(period)}) was within its expected band, or had too little history to judge.` }
      const key = periodKeyOf(condition.grain, found.date)
      return {
        fires: true,
        period: key,
        summary:
          `Unusually ${found.direction} ${label.toLowerCase()}${on} in ${key}: ${value(found.actual)} against an expected ${value(found.expected ?? 0)} ` +
          `(band ${value(found.lower ?? 0)} to ${value(found.upper ?? 0)}).`,
        figures: [
          { label, value: value(found.actual) },
          { label: 'Expected', value: value(found.expected ?? 0) },
          { label: 'Expected band', value: `${value(found.lower ?? 0)} to ${value(found.upper ?? 0)}` },
        ],
      }
    },
  }
}

function checkFor(condition: AlertCondition, today: string): Check {
  switch (condition.kind) {
    case 'stock_below':
      return stockCheck(condition, today)
    case 'metric_change':
      return changeCheck(condition, today)
    case 'anomaly':
      return anomalyCheck(condition, today)
  }
}

/**
 * Judges one rule now, through the vetted tool that holds its figures (run by the executor as a viewer: the figures
 * are totals, and messages leave the building). Reads only: recording and sending a firing is run-alerts.ts's.
 */
export async function evaluateRule(runtime: EvaluationRuntime, rule: AlertRule): Promise<Evaluation> {
  const today = businessToday(runtime.config.LUXX_TIME_ZONE, runtime.config.LUXX_AS_OF)
  const check = checkFor(rule.condition, today)
  const outcome = await executeTool(runtime.registry, check.tool, check.arguments, runtime.executionContext('viewer', 'alert', `alert:${rule.id}`))
  if (!outcome.ok) return { status: 'failed', rule, error: `${rule.name}: ${outcome.error.message}` }
  const judged = check.judge(outcome.envelope)
  const tool = { name: check.tool, arguments: check.arguments }
  return judged.fires
    ? { status: 'fires', rule, period: judged.period, summary: judged.summary, figures: judged.figures, tool }
    : { status: 'quiet', rule, period: judged.period, summary: judged.summary, tool }
}
