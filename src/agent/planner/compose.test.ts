import { describe, expect, it } from 'vitest'
import type { Envelope } from '../../tools/envelope.ts'
import type { ToolResultMessage } from '../providers/provider.ts'
import { composeAnswer } from './compose.ts'
import type { Plan } from './planner.ts'

const window = { from: '2025-11-01', to: '2026-10-31', label: 'the last 12 months', asOf: '2026-10-31' }

function result(rows: Record<string, unknown>[]): ToolResultMessage {
  const envelope: Envelope = {
    tool: 'sell_through_by_condition', title: 'Sell-through by condition', parameters: {}, window, rows,
    rowCount: rows.length, totalRows: rows.length, truncated: false, narration: 'S sells through best: 86.9%.',
    assumptions: [], metrics: [], chart: null, sql: 'select 1', durationMs: 1,
  }
  return { callId: 'one', name: envelope.tool, content: '', isError: false, envelope }
}

function plan(filters: { dimension: 'condition' | 'brand'; value: string; label: string }[], args: Record<string, unknown>): Plan {
  return {
    kind: 'tool', tool: 'sell_through_by_condition', title: 'Sell-through by condition', arguments: args, notes: [], followUp: false,
    requested: { measures: [], filters, shape: 'other' }, unapplied: [], alternatives: [],
  }
}

const rows = [
  { label: 'S', items_added: 899, sell_through_percent: 86.87, median_days_to_sell: 17 },
  { label: 'B', items_added: 953, sell_through_percent: 55.51, median_days_to_sell: 42 },
]

describe('the offline answer', () => {
  it('states the row a question names when the tool breaks it down rather than filtering to it', () => {
    const text = composeAnswer([result(rows)], plan([{ dimension: 'condition', value: 'B', label: 'B (visibly used)' }], { group_by: 'condition' }))
    // The measures of the B row, labelled and formatted by the semantic layer; not the leader's.
    expect(text).toContain('**B (visibly used)**: sell-through rate 55.5%, median days to sell 42 days.')
    // items_added is no measure: it is not restated as one.
    expect(text).not.toContain('953')
  })

  it('adds nothing when the filter was applied as an argument, or no row carries the value', () => {
    const applied = composeAnswer([result(rows)], plan([{ dimension: 'condition', value: 'B', label: 'B (visibly used)' }], { condition: 'B' }))
    expect(applied).not.toContain('**B (visibly used)**')
    const absent = composeAnswer([result(rows)], plan([{ dimension: 'brand', value: 'Chanel', label: 'Chanel' }], {}))
    expect(absent).not.toContain('**Chanel**')
  })
})
