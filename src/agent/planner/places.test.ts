import { describe, expect, it } from 'vitest'
import { ValueIndex, rememberValueIndex } from '../../semantic/value-lookup.ts'
import { catalog } from '../../../tools/index.ts'
import { stubTools } from '../testing/stub-catalog.ts'
import { createPlanner, type Plan } from './planner.ts'

const today = new Date('2025-06-15T12:00:00Z')
const planner = createPlanner(stubTools)

function toolPlan(question: string): Extract<Plan, { kind: 'tool' }> {
  const result = planner.plan(question, [], today)
  if (result.kind !== 'tool') throw new Error(`Expected a tool for "${question}", got a decline: ${result.text}`)
  return result
}

describe('the planner reads places and brands from the semantic layer', () => {
  it('filters by a US state named in the question', () => {
    expect(toolPlan('sales in Texas this year')).toMatchObject({ tool: 'sales_trend', arguments: { period: 'this_year', region: 'TX' } })
    expect(toolPlan('monthly revenue in California')).toMatchObject({ tool: 'sales_trend', arguments: { grain: 'month', region: 'CA' } })
  })

  it('leaves two-letter words alone, and reads state codes that are no word', () => {
    expect(toolPlan('how are sales trending in us stores this year').arguments).not.toHaveProperty('region')
    expect(toolPlan('sales trend in 2024 or 2025').arguments).not.toHaveProperty('region')
    expect(toolPlan('is revenue ok in me or pa this year').arguments).not.toHaveProperty('region')
    expect(toolPlan('sales trend for tx buyers').arguments).toMatchObject({ region: 'TX' })
  })

  it('says so when the chosen tool cannot filter by state', () => {
    const result = toolPlan('top customers in Texas')
    expect(result.tool).toBe('top_customers')
    expect(result.arguments).not.toHaveProperty('region')
    expect(result.notes).toContain('Top customers cannot filter by state, so texas is not singled out.')
  })

  it('knows the cities and brands the value lookup loaded', () => {
    try {
      rememberValueIndex(new ValueIndex({ brand: ['Chanel', 'Maison Nouvelle'], region: ['TX', 'NY'], city: ['Houston', 'New York'] }))
      expect(toolPlan('weekly sales trend for Maison Nouvelle')).toMatchObject({ tool: 'sales_trend', arguments: { grain: 'week', brand: 'Maison Nouvelle' } })
      expect(toolPlan('sales trend for Houston buyers')).toMatchObject({ tool: 'sales_trend', arguments: { city: 'Houston' } })
      // New York is a state and a city: the city, unless the question says state.
      expect(toolPlan('sales trend in New York').arguments).toMatchObject({ city: 'New York' })
      expect(toolPlan('sales trend in New York state').arguments).toMatchObject({ region: 'NY' })
    } finally {
      rememberValueIndex(new ValueIndex())
    }
  })

  it('never spells a loaded value into another ("miami" is not "Miu Miu") and switches to a tool that applies the place', () => {
    try {
      rememberValueIndex(new ValueIndex({ brand: ['Chanel', 'Miu Miu'], city: ['Miami'] }))
      const result = createPlanner(catalog).plan('What did customers in Miami spend in the past 90 days?', [], today)
      if (result.kind !== 'tool') throw new Error(`Expected a tool, got ${result.kind}`)
      expect(result.arguments).toMatchObject({ city: 'Miami' })
      expect(result.arguments).not.toHaveProperty('brand')
      expect(result.unapplied).toEqual([])
    } finally {
      rememberValueIndex(new ValueIndex())
    }
  })

  it('reads the declared aliases without any data loaded', () => {
    expect(toolPlan('monthly revenue for YSL').arguments).toMatchObject({ brand: 'Saint Laurent' })
    expect(toolPlan('sales trend for hermes').arguments).toMatchObject({ brand: 'Hermès' })
  })
})
