import { describe, expect, it } from 'vitest'
import { catalog } from '../../tools/index.ts'
import { describeIssues } from './executor.ts'
import { inputJsonSchema } from './registry.ts'
import { isoDate } from './time-window.ts'

function problems(value: string): string[] {
  const parsed = isoDate.safeParse(value)
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message)
}

describe('a date argument', () => {
  it('accepts every calendar date from 1900-01-01 to 2999-12-31, the bounds included', () => {
    for (const value of ['1900-01-01', '2025-03-01', '2024-02-29', '2999-12-31']) expect(problems(value)).toEqual([])
  })

  it('refuses a date outside those years, saying which dates are allowed and what it got', () => {
    expect(problems('1899-12-31')).toEqual(['must be a date between 1900-01-01 and 2999-12-31; got 1899-12-31'])
    expect(problems('3000-01-01')).toEqual(['must be a date between 1900-01-01 and 2999-12-31; got 3000-01-01'])
    expect(problems('0000-01-01')).toEqual(['must be a date between 1900-01-01 and 2999-12-31; got 0000-01-01'])
    expect(problems('9999-12-31')).toEqual(['must be a date between 1900-01-01 and 2999-12-31; got 9999-12-31'])
  })

  it('refuses what is not a calendar date with the format alone, not the range too', () => {
    expect(problems('2025-02-30')).toEqual(['must be a date written YYYY-MM-DD, e.g. 2025-03-01'])
    expect(problems('2025-03-01T00:00:00Z')).toEqual(['must be a date written YYYY-MM-DD, e.g. 2025-03-01'])
    expect(problems("2025-03-01'; drop table sales; --")).toEqual(['must be a date written YYYY-MM-DD, e.g. 2025-03-01'])
  })

  it('is bounded in every tool that takes one, by its schema, so every surface gives the same reason', () => {
    const dated = catalog.flatMap((tool) => {
      const properties = (inputJsonSchema(tool) as { properties?: Record<string, { format?: string }> }).properties ?? {}
      return Object.entries(properties).flatMap(([field, property]) => (property.format === 'date' ? [{ tool, field }] : []))
    })
    expect(dated.length).toBeGreaterThan(0)
    for (const { tool, field } of dated) {
      const parsed = tool.input.safeParse({ [field]: '0001-01-01' })
      expect(parsed.success).toBe(false)
      if (parsed.success) continue
      // A field that needs a partner (compare_from with compare_to_date) adds that problem after this one.
      const expected = `Invalid arguments for ${tool.name}: ${field}: must be a date between 1900-01-01 and 2999-12-31; got 0001-01-01`
      expect(describeIssues(tool, parsed.error).slice(0, expected.length)).toBe(expected)
    }
  })
})
