import { describe, expect, it } from 'vitest'
import { formatTable } from '../cli/format-table.ts'
import { markdownTable } from './markdown-table.ts'
import { formatCell } from './table-cell.ts'

describe('a table cell', () => {
  it('writes numbers with separators and at most two decimals, half away from zero', () => {
    expect(formatCell(1234.5678)).toBe('1,234.57')
    expect(formatCell(1234)).toBe('1,234')
    expect(formatCell(1.005)).toBe('1.01')
    expect(formatCell(-1.125)).toBe('-1.13')
    expect(formatCell(0.1)).toBe('0.1')
  })

  it('takes another number of decimals', () => {
    expect(formatCell(1234.5678, 3)).toBe('1,234.568')
    expect(formatCell(2.5, 0)).toBe('3')
  })

  it('leaves missing values empty and writes anything else as text', () => {
    expect(formatCell(null)).toBe('')
    expect(formatCell(undefined)).toBe('')
    expect(formatCell('2025-03-01')).toBe('2025-03-01')
    expect(formatCell(true)).toBe('true')
  })
})

describe('the tables built on it', () => {
  const rows = [
    { brand: 'Chanel | Paris', revenue: 1234.5678, units: 3 },
    { brand: 'Hermès', revenue: null, units: 12 },
  ]

  it('writes a Markdown table', () => {
    expect(markdownTable(rows)).toBe(
      ['| brand | revenue | units |', '| --- | ---: | ---: |', '| Chanel \\| Paris | 1,234.57 | 3 |', '| Hermès |  | 12 |'].join('\n'),
    )
  })

  it('writes a terminal table, with three decimals', () => {
    expect(formatTable(rows)).toBe(
      ['brand             revenue  units', '--------------  ---------  -----', 'Chanel | Paris  1,234.568      3', 'Hermès' + ' '.repeat(24) + '12'].join('\n'),
    )
  })
})
