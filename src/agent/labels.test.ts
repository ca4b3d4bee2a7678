import { describe, expect, it } from 'vitest'
import { catalog } from '../../tools/index.ts'
import type { Envelope } from '../tools/envelope.ts'
import { runTool } from '../testing/run-tool.ts'
import { useDemoDatabase } from '../testing/test-database.ts'
import { checkLabels } from './labels.ts'
import type { ToolRun } from './tool-runner.ts'

const window = { from: '2026-09-01', to: '2026-09-30', label: 'September 2026', asOf: '2026-10-31' }

function run(envelope: Envelope, args: Record<string, unknown> = {}): ToolRun {
  return {
    record: { id: 'one', name: envelope.tool, arguments: args, ok: true, error: null, durationMs: 1, rowCount: envelope.rowCount, sql: envelope.sql },
    result: { callId: 'one', name: envelope.tool, content: '', isError: false, envelope },
    envelope,
  }
}

function envelope(rows: Record<string, unknown>[], narration = ''): Envelope {
  return {
    tool: 'brand_performance', title: 'Brand performance', parameters: { period: 'last_month' }, window, rows,
    rowCount: rows.length, totalRows: rows.length, truncated: false, narration, assumptions: [], metrics: [], chart: null, sql: 'select 1', durationMs: 1,
  }
}

// One brand's September, by hand: revenue 2,400, gross profit 900, 31 orders, margin 37.5%.
const chanel = envelope([{ brand: 'Chanel', revenue: 2400, gross_profit: 900, orders: 31, margin_percent: 37.5 }])

describe('the label check', () => {
  it('passes figures called what they measure', () => {
    expect(checkLabels('Chanel brought in $2,400 of revenue on 31 orders, a profit of $900 (37.5% margin).', [run(chanel)])).toEqual([])
  })

  it('flags a figure whose words name another measure', () => {
    expect(checkLabels('Chanel made a profit of $2,400 in September.', [run(chanel)])).toEqual([
      { text: '$2,400', said: 'profit', measures: ['Revenue'] },
    ])
  })

  it('flags a count shown as money and an amount shown as a percentage', () => {
    expect(checkLabels('Chanel took $31 in September.', [run(chanel)])).toEqual([{ text: '$31', said: 'an amount of money', measures: ['Orders'] }])
    expect(checkLabels('Chanel profit is up 900% this month.', [run(chanel)])).toEqual([{ text: '900%', said: 'a percentage', measures: ['Gross profit'] }])
    // Without words naming what it measures, a percentage equal to some count proves nothing.
    expect(checkLabels('Chanel is up 31% this month.', [run(chanel)])).toEqual([])
  })

  it('judges nothing it cannot prove: a figure that also matches an argument, or no measure at all, passes', () => {
    expect(checkLabels('Chanel made a profit of $31, the top 31 brands.', [run(chanel, { limit: 31 })])).toEqual([])
    expect(checkLabels('Chanel made a profit of $1,234.', [run(chanel)])).toEqual([])
  })
})

describe('every tool\'s narration on the demo data', () => {
  const database = useDemoDatabase('pglite')

  it('calls each figure what it measures', async () => {
    const problems: string[] = []
    for (const tool of catalog) {
      const result = await runTool(database(), tool.name)
      for (const figure of checkLabels(result.narration, [run(result)])) {
        problems.push(`${tool.name}: ${figure.text} is called ${figure.said} but measures ${figure.measures.join(' or ')} — "${result.narration}"`)
      }
    }
    expect(problems.join('\n')).toBe('')
  })
})
