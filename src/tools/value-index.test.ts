import { describe, expect, it } from 'vitest'
import { catalog } from '../../tools/index.ts'
import { inputJsonSchema } from './registry.ts'
import { runTool, tryTool } from '../testing/run-tool.ts'
import { testEngines, useDemoDatabase } from '../testing/test-database.ts'
import { forgetValueIndex, valueIndexFor } from './value-index.ts'

describe('the tools\' dimension filters', () => {
  it('name fields the tools have, free-text ones, on filterable dimensions', () => {
    const declared = catalog.flatMap((tool) => Object.entries(tool.filters ?? {}).map(([field, dimension]) => ({ tool, field, dimension })))
    expect(declared.map(({ tool, field }) => `${tool.name}.${field}`).sort()).toEqual([
      'category_performance.brand', 'category_performance.city', 'category_performance.region', 'demand_forecast.brand',
      'discount_effectiveness.brand', 'kpi_summary.brand', 'kpi_summary.city', 'kpi_summary.region',
      'sales_trend.brand', 'sales_trend.city', 'sales_trend.region', 'sku_profitability.brand', 'stock_levels.brand', 'top_products.brand',
    ])
    for (const { tool, field } of declared) {
      const property = (inputJsonSchema(tool) as { properties: Record<string, { type?: string; enum?: unknown }> }).properties[field]
      expect(property?.type, `${tool.name}.${field}`).toBe('string')
      expect(property?.enum, `${tool.name}.${field}`).toBeUndefined()
    }
  })

  it('leave no free-text brand, state or city field undeclared', () => {
    for (const tool of catalog) {
      const properties = (inputJsonSchema(tool) as { properties?: Record<string, { type?: string; enum?: unknown }> }).properties ?? {}
      for (const field of ['brand', 'region', 'city', 'country', 'campaign']) {
        if (properties[field]?.type === 'string' && !properties[field]?.enum) expect(tool.filters, `${tool.name}.${field}`).toHaveProperty(field)
      }
    }
  })
})

describe.each(testEngines())('dimension filters read through the value lookup on %s', (engine) => {
  const database = useDemoDatabase(engine)
  const window = { from: '2025-11-01', to: '2026-10-31' }

  it('reads "hermes" as Hermès: the same rows as the exact name, and says so', async () => {
    const exact = await runTool(database(), 'top_products', { ...window, brand: 'Hermès' })
    const folded = await runTool(database(), 'top_products', { ...window, brand: 'hermes' })
    expect(exact.rows.length).toBeGreaterThan(0)
    expect(folded.rows).toEqual(exact.rows)
    expect(folded.parameters.brand).toBe('Hermès')
    expect(folded.assumptions).toContain("Read 'hermes' as Hermès.")
    expect(exact.assumptions.some((assumption) => assumption.startsWith('Read '))).toBe(false)
  })

  it('reads aliases in every tool with a brand filter', async () => {
    for (const tool of ['top_products', 'sku_profitability', 'sales_trend']) {
      const alias = await runTool(database(), tool, { ...window, brand: 'LV' })
      const exact = await runTool(database(), tool, { ...window, brand: 'Louis Vuitton' })
      expect(alias.rows, tool).toEqual(exact.rows)
      expect(alias.assumptions, tool).toContain("Read 'LV' as Louis Vuitton.")
    }
  })

  it('refuses an unknown brand with the closest, never an empty result', async () => {
    const outcome = await tryTool(database(), 'top_products', { ...window, brand: 'Hermez' })
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.error.code).toBe('invalid_arguments')
    expect(outcome.error.message).toBe("Invalid arguments for top_products: No brand 'Hermez'. Did you mean Hermès?")
  })

  it('reads fixed-list values too ("handbags" → bag)', async () => {
    const words = await runTool(database(), 'top_products', { ...window, category: 'handbags' })
    const exact = await runTool(database(), 'top_products', { ...window, category: 'bag' })
    expect(words.rows).toEqual(exact.rows)
    expect(words.assumptions).toContain("Read 'handbags' as bag.")
  })

  it('filters sales_trend by the buyer\'s state, figures equal to hand-written SQL', async () => {
    const trend = await runTool(database(), 'sales_trend', { ...window, grain: 'month', region: 'Texas' })
    expect(trend.parameters.region).toBe('TX')
    expect(trend.assumptions).toContain("Read 'Texas' as TX (Texas).")
    const [expected] = await database().sql<{ revenue: number; orders: number; units: number; gross_profit: number }[]>`
      select coalesce(sum(s.gross_amount_earned), 0)::float8 as revenue, count(*)::int as orders,
             coalesce(sum(s.quantity_sold), 0)::int as units, coalesce(sum(s.net_profit_loss), 0)::float8 as gross_profit
      from sales s join users u on u.id = s.buyer_id
      where u.region = 'TX' and s.date_sold between ${window.from}::date and ${window.to}::date`
    const rows = trend.rows as Array<{ revenue: number; orders: number; units: number; gross_profit: number }>
    const sum = (key: 'revenue' | 'orders' | 'units' | 'gross_profit') => rows.reduce((total, row) => total + row[key], 0)
    expect(expected!.orders).toBeGreaterThan(0)
    expect(sum('orders')).toBe(expected!.orders)
    expect(sum('units')).toBe(expected!.units)
    expect(sum('revenue')).toBeCloseTo(expected!.revenue, 2)
    expect(sum('gross_profit')).toBeCloseTo(expected!.gross_profit, 2)
    // Texas is a part of the whole, and with a brand too the figures narrow further.
    const all = await runTool(database(), 'sales_trend', { ...window, grain: 'month' })
    const allOrders = (all.rows as Array<{ orders: number }>).reduce((total, row) => total + row.orders, 0)
    expect(allOrders).toBeGreaterThan(expected!.orders)
    const [chanel] = await database().sql<{ orders: number }[]>`
      select count(*)::int as orders from sales s join users u on u.id = s.buyer_id
      join products p on p.id = s.product_id join brands b on b.id = p.brand_id
      where u.region = 'TX' and b.name = 'Chanel' and s.date_sold between ${window.from}::date and ${window.to}::date`
    const both = await runTool(database(), 'sales_trend', { ...window, grain: 'month', region: 'tx', brand: 'chanel' })
    expect((both.rows as Array<{ orders: number }>).reduce((total, row) => total + row.orders, 0)).toBe(chanel!.orders)
  })

  it('refuses an unknown state with the closest', async () => {
    const outcome = await tryTool(database(), 'sales_trend', { ...window, region: 'Texsa' })
    expect(outcome.ok ? '' : outcome.error.message).toBe("Invalid arguments for sales_trend: No state 'Texsa'. Did you mean TX (Texas)?")
  })

  it('reads a value added since the index was loaded, without waiting for it to expire', async () => {
    await valueIndexFor(database())
    await database().sql`insert into brands (name) values ('Maison Nouvelle')`
    try {
      // The kept index is minutes from expiring, but a value it does not know makes the executor read the values
      // again before refusing it (once the index is a couple of seconds old).
      await new Promise((resolve) => setTimeout(resolve, 2_100))
      const outcome = await tryTool(database(), 'top_products', { ...window, brand: 'maison nouvelle' })
      expect(outcome.ok).toBe(true)
      if (outcome.ok) expect(outcome.envelope.parameters.brand).toBe('Maison Nouvelle')
    } finally {
      await database().sql`delete from brands where name = 'Maison Nouvelle'`
      forgetValueIndex(database())
    }
  })
})
