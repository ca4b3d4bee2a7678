import type { Envelope } from '../../tools/envelope.ts'
import { columnMeasure, type Unit } from '../../semantic/index.ts'
import { formatMoney, formatNumber, formatPercent } from '../../present/format.ts'
import type { ToolResultMessage } from '../providers/provider.ts'
import type { NamedFilter } from './constraints.ts'
import type { Plan } from './planner.ts'

/**
 * The offline answer: the tools' own narrations (computed from the rows, so every figure is grounded),
 * what failed and why, and how the question was read. Tables, charts and assumptions travel in the
 * answer contract beside this text.
 */
function describeArguments(args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(([field, value]) => `${field.replace(/_/g, ' ')} ${String(value).replace(/_/g, ' ')}`)
  return parts.length > 0 ? parts.join(', ') : 'its defaults'
}

const unitFormats: Record<Unit, (value: number) => string> = {
  currency: formatMoney,
  count: formatNumber,
  percent: (value) => formatPercent(value),
  ratio: (value) => `${formatNumber(Math.round(value * 100) / 100)}x`,
  days: (value) => `${formatNumber(value)} days`,
}

const folded = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()

/**
 * The rows a question names but the tool breaks down rather than filters ("sell-through on grade B": the B row of a
 * table by condition): each stated with its measures, so the answer says the figure asked for, not only the leader.
 */
function namedRows(envelope: Envelope, filters: readonly NamedFilter[], args: Record<string, unknown>): string[] {
  const applied = new Set(Object.values(args).filter((value): value is string => typeof value === 'string').map(folded))
  return filters
    .filter((filter) => !applied.has(folded(filter.value)))
    .flatMap((filter) => {
      const names = new Set([folded(filter.value), folded(filter.label)])
      const row = envelope.rows.find((candidate) => Object.values(candidate).some((cell) => typeof cell === 'string' && names.has(folded(cell))))
      if (!row) return []
      const figures = Object.entries(row).flatMap(([column, cell]) => {
        const measure = typeof cell === 'number' ? columnMeasure(column) : undefined
        return measure && typeof cell === 'number' ? [`${measure.label.toLowerCase()} ${unitFormats[measure.unit](cell)}`] : []
      })
      return figures.length > 0 ? [`**${filter.label}**: ${figures.join(', ')}.`] : []
    })
}

export function composeAnswer(results: readonly ToolResultMessage[], plan: Plan | undefined): string {
  const several = results.length > 1
  const body = results.map((result) => {
    if (result.envelope) {
      const named = plan?.kind === 'tool' && result.name === plan.tool ? namedRows(result.envelope, plan.requested.filters, plan.arguments) : []
      const narration = [result.envelope.narration, ...named].join('\n\n')
      return several ? `**${result.envelope.title}**: ${narration}` : narration
    }
    return `${result.name} could not answer: ${result.error ?? 'it failed without a message.'}`
  })
  const reading =
    plan?.kind === 'tool' && results.some((result) => result.name === plan.tool)
      ? [`_How I read the question: ${plan.title} (${plan.tool}) with ${describeArguments(plan.arguments)}._`, ...plan.notes.map((note) => `_${note}_`)]
      : []
  return [...body, ...reading].join('\n\n')
}
