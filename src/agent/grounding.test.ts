import { describe, expect, it } from 'vitest'
import type { Envelope } from '../tools/envelope.ts'
import { extractFigures } from './figures.ts'
import { checkGrounding, evidenceFrom } from './grounding.ts'
import type { ToolRun } from './tool-runner.ts'

function run(envelope: Partial<Envelope>, args: unknown = {}): ToolRun {
  const full: Envelope = {
    tool: 'test_tool',
    title: 'Test',
    parameters: {},
    window: { from: '2025-01-01', to: '2025-03-31', label: 'Q1', asOf: '2025-03-31' },
    rows: [],
    rowCount: 0,
    totalRows: 0,
    truncated: false,
    narration: '',
    assumptions: [],
    metrics: [],
    chart: null,
    sql: '',
    durationMs: 1,
    ...envelope,
  }
  return {
    record: { id: '1', name: full.tool, arguments: args, ok: true, error: null, durationMs: 1, rowCount: full.rowCount, sql: '' },
    result: { callId: '1', name: full.tool, content: '', isError: false },
    envelope: full,
  }
}

const evidence = evidenceFrom(
  [
    run(
      {
        rows: [
          { brand: 'Chanel', revenue: 412_300, margin: 0.78, aov: 1234.5, roas: 3.2, change: -1200, units: 1_900 },
          { brand: 'Gucci', revenue: 58_250.4, share_percent: 58.5, label: 'Top tier (12 items)' },
        ],
        rowCount: 2,
        totalRows: 2,
        narration: 'Chanel leads with $412,300; together the brands sold 31 units.',
      },
      { limit: 7 },
    ),
  ],
  'How did we do over $50,000?',
)

describe('grounding', () => {
  it('passes figures the tools returned, in the formats answers use', () => {
    const text =
      'Chanel brought $412,300 (412.3k, about $0.4M or $412k), a 78% margin and an AOV of $1,234.50. ' +
      'ROAS was 3.2x, revenue fell by $1,200, Gucci made $58,250.40, 58.5% of the total, and 1,900 units sold.'
    const report = checkGrounding(text, evidence)
    expect(report).toEqual({ ok: true, checked: 11, ungrounded: [] })
  })

  it('flags planted wrong numbers and lists them', () => {
    const text = 'Chanel brought $9,999 (412.9k), an 81% margin, a $1,234.51 AOV and $2,000 from 1,900 units.'
    const report = checkGrounding(text, evidence)
    expect(report.ok).toBe(false)
    expect(report.checked).toBe(6)
    expect(report.ungrounded).toEqual([
      { text: '$9,999', value: 9999 },
      { text: '412.9k', value: 412_900 },
      { text: '81%', value: 81 },
      { text: '$1,234.51', value: 1234.51 },
      { text: '$2,000', value: 2000 },
    ])
  })

  it('reads rounding from the shown precision: whole numbers ending in zeros keep two significant digits', () => {
    expect(checkGrounding('$412,000', evidence).ok).toBe(true)
    expect(checkGrounding('$410,000', evidence).ok).toBe(true)
    expect(checkGrounding('$400,000', evidence).ok).toBe(false)
    expect(checkGrounding('$58,250', evidence).ok).toBe(true)
    expect(checkGrounding('$58,251', evidence).ok).toBe(false)
  })

  it('grounds numbers in narrations, text cells, row counts, arguments and the question', () => {
    expect(checkGrounding('31 units in 2 rows, 12 items, limit 7, over $50,000.', evidence)).toEqual({ ok: true, checked: 5, ungrounded: [] })
  })

  it('does not treat dates, years, ranks, periods, list markers, identifiers or code as figures', () => {
    const text = [
      '1. The top 5 brands over the last 30 days (2025-03-01 to 2025-03-31, i.e. March 2025, Q1) per sales_by_weekday.',
      '2. Shows at 14:00 and 3 pm on March 3 beat 3 March; the 80/20 rule holds; ask gpt-4.1 in 2024.',
      'Run `select 9999 from sales` for the next 90 days, or ask "Who were our 12 biggest buyers in 2023?"',
    ].join('\n')
    expect(extractFigures(text)).toEqual([])
    expect(checkGrounding(text, [])).toEqual({ ok: true, checked: 0, ungrounded: [] })
  })

  it('reads values and precision from every notation', () => {
    const read = (text: string) => extractFigures(text).map(({ value, tolerance, percent }) => ({ value, tolerance, percent }))
    expect(read('$412,300')).toEqual([{ value: 412_300, tolerance: 50, percent: false }])
    expect(read('412.3k')).toEqual([{ value: 412_300, tolerance: 50, percent: false }])
    expect(read('$1.2M')).toEqual([{ value: 1_200_000, tolerance: 50_000, percent: false }])
    expect(read('78%')).toEqual([{ value: 78, tolerance: 0.5, percent: true }])
    expect(read('1,234.50')).toEqual([{ value: 1234.5, tolerance: 0.005, percent: false }])
    expect(read('-12.5%')).toEqual([{ value: -12.5, tolerance: 0.05, percent: true }])
    expect(read('2 million')).toEqual([{ value: 2_000_000, tolerance: 500_000, percent: false }])
  })
})
