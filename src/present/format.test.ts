import { describe, expect, it } from 'vitest'
import {
  changeSign,
  formatBetween,
  formatCostUsd,
  formatIsoDate,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatPointsChange,
  formatSeconds,
  formatShare,
  formatTimestamp,
  plural,
} from './format.ts'
import { formatChange, formatKpiValue, formatSignedMoney, formatSignedValue } from './kpi-figures.ts'

describe('the house formats', () => {
  it('writes money whole from $1,000 and with cents below', () => {
    expect(formatMoney(412300.49)).toBe('$412,300')
    expect(formatMoney(1000)).toBe('$1,000')
    expect(formatMoney(999.995)).toBe('$1,000.00')
    expect(formatMoney(84.5)).toBe('$84.50')
    expect(formatMoney(0)).toBe('$0.00')
    expect(formatMoney(-84.5)).toBe('-$84.50')
    expect(formatMoney(-1234.5)).toBe('-$1,235')
  })

  it('writes numbers with separators and at most two decimals', () => {
    expect(formatNumber(1234)).toBe('1,234')
    expect(formatNumber(1234.5678)).toBe('1,234.57')
    expect(formatNumber(0.5)).toBe('0.5')
    expect(formatNumber(-7.25)).toBe('-7.25')
    expect(formatNumber(1e9 + 0.126)).toBe('1,000,000,000.13')
  })

  it('writes percents, shares and points', () => {
    expect(formatPercent(12.5)).toBe('12.5%')
    expect(formatPercent(12.345, 2)).toBe('12.35%')
    expect(formatPercent(-3, 0)).toBe('-3%')
    expect(formatShare(0.125)).toBe('12.5%')
    expect(formatShare(1)).toBe('100.0%')
    expect(formatPointsChange(1.2)).toBe('+1.2 pts')
    expect(formatPointsChange(-0.5)).toBe('−0.5 pts')
    expect(formatPointsChange(0)).toBe('±0 pts')
    expect([changeSign(2), changeSign(-2), changeSign(0)]).toEqual(['+', '−', '±'])
  })

  it('counts things in words', () => {
    expect(plural(1, 'unit')).toBe('1 unit')
    expect(plural(1200, 'unit')).toBe('1,200 units')
    expect(plural(0, 'box', 'boxes')).toBe('0 boxes')
  })

  it('writes costs, durations, dates, timestamps and periods', () => {
    expect(formatCostUsd(0.01234)).toBe('$0.0123')
    expect(formatSeconds(2449)).toBe('2.4 s')
    expect(formatSeconds(151_700)).toBe('151.7 s')
    expect(formatIsoDate(new Date('2025-03-01T23:59:59Z'))).toBe('2025-03-01')
    expect(formatTimestamp('2025-03-01T09:30:12.345Z')).toBe('2025-03-01 09:30 UTC')
    expect(formatPeriod({ from: '2025-01-01', to: '2025-03-31' })).toBe('2025-01-01 to 2025-03-31')
    expect(formatBetween({ from: '2025-01-01', to: '2025-03-31' })).toBe('between 2025-01-01 and 2025-03-31')
  })
})

describe('KPI figures', () => {
  it('writes a value in its unit', () => {
    expect(formatKpiValue('currency', 48210.4)).toBe('$48,210')
    expect(formatKpiValue('percent', 42.25)).toBe('42.3%')
    expect(formatKpiValue('count', 1234)).toBe('1,234')
    expect(formatKpiValue('count', null)).toBe('n/a')
  })

  it('writes a change as a signed percent, or in points for percent KPIs', () => {
    expect(formatChange('currency', 1200, 12.5)).toBe('+12.5%')
    expect(formatChange('currency', -1200, -3.25)).toBe('−3.3%')
    expect(formatChange('count', 0, 0)).toBe('±0.0%')
    expect(formatChange('percent', 1.2, 5)).toBe('+1.2 pts')
    expect(formatChange('count', 5, null)).toBe('n/a')
  })

  it('writes a change in its own unit, signed', () => {
    expect(formatSignedMoney(1200)).toBe('+$1,200')
    expect(formatSignedMoney(-85.5)).toBe('−$85.50')
    expect(formatSignedValue('currency', -85.5)).toBe('−$85.50')
    expect(formatSignedValue('percent', -0.5)).toBe('−0.5 pts')
    expect(formatSignedValue('count', 12)).toBe('+12')
    expect(formatSignedValue('count', 0)).toBe('+0')
  })
})
