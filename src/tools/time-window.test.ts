import { describe, expect, it } from 'vitest'
import { catalog } from '../../tools/index.ts'
import { Fixture } from '../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { defineTool, inWindow, toolInput, windowFields, z } from './define-tool.ts'
import { describeIssues, executeTool } from './executor.ts'
import { createRegistry, inputJsonSchema } from './registry.ts'
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

// A tool written for these tests: how many sales fall in its window.
const counting = defineTool({
  name: 'sales_in_window',
  title: 'Sales in the window',
  area: 'sales',
  description: 'Counts the sales in the window; used in tests only.',
  input: toolInput(windowFields),
  row: z.object({ sales: z.number() }),
  metrics: [],
  examples: ['a', 'b', 'c'],
  query: ({ sql, window }) => sql`select count(*)::int as sales from sales where ${inWindow(sql, sql`date_sold`, window)}`,
  assumptions: () => [],
  narrate: ({ rows }) => `${rows[0]?.sales} sales`,
})
const registry = createRegistry([counting])

describe.each(testEngines())('a window given by from alone on %s', (engine) => {
  // Sales on 2020-03-20, 2025-03-03 and 2025-04-02; today (as of) is 2025-04-02, where a window without `to` ends.
  // Five years is 5 × 366 = 1,830 days. 2020-04-02 to 2025-04-02 is 5 × 365 + 1 (2024-02-29) = 1,826 days, so
  // from 2020-03-29 the window spans 1,826 + 4 = 1,830 days (allowed) and from 2020-03-28 it spans 1,831 (refused).
  const database = useTestDatabase(engine, async (db) => {
    const fixture = new Fixture(db)
    await fixture.customer({ name: 'Ada Stone' })
    for (const [key, date] of [['A', '2020-03-20'], ['B', '2025-03-03'], ['C', '2025-04-02']] as const) {
      await fixture.item(key, { brand: 'Chanel', cost: 100, added: '2020-01-01' })
      await fixture.sale({ item: key, buyer: 'Ada Stone', price: 200, date })
    }
  })
  const run = (input: Record<string, unknown>) =>
    executeTool(registry, 'sales_in_window', input, { database: database(), timeZone: 'UTC', statementTimeoutMs: 15_000, maxRows: 1_000, role: 'analyst', surface: 'test', asOf: '2025-04-02' })

  it('refuses a from after the latest sale, naming the date the window would end on', async () => {
    const outcome = await run({ from: '2025-04-03' })
    expect(outcome.ok ? 'ran' : outcome.error.toJSON()).toEqual({
      code: 'invalid_arguments',
      message: 'Invalid arguments for sales_in_window: from: must be on or before 2025-04-02, today, where a window without to ends; got 2025-04-03.',
      tool: 'sales_in_window',
    })
  })

  it('refuses a from more than 5 years before the latest sale, naming the window it would give', async () => {
    const outcome = await run({ from: '2020-03-28' })
    expect(outcome.ok ? 'ran' : outcome.error.toJSON()).toEqual({
      code: 'invalid_arguments',
      message: 'Invalid arguments for sales_in_window: from: the window may span at most 5 years; without to it would run from 2020-03-28 to 2025-04-02, today.',
      tool: 'sales_in_window',
    })
  })

  it('runs a from within 5 years of the latest sale up to that sale', async () => {
    const longest = await run({ from: '2020-03-29' })
    if (!longest.ok) throw new Error(longest.error.message)
    expect(longest.envelope.window).toMatchObject({ from: '2020-03-29', to: '2025-04-02' })
    expect(longest.envelope.rows).toEqual([{ sales: 2 }])
    const lastDay = await run({ from: '2025-04-02' })
    if (!lastDay.ok) throw new Error(lastDay.error.message)
    expect(lastDay.envelope.rows).toEqual([{ sales: 1 }])
  })
})
