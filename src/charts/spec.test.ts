import { describe, expect, it } from 'vitest'
import { barChart, columnChart } from './spec.ts'

const values = [{ brand: 'Chanel', revenue: 2000 }]
const brand = { field: 'brand', title: 'Brand' }
const revenue = { field: 'revenue', title: 'Revenue', format: '$,.0f' }

describe('bar and column charts', () => {
  it('draws horizontal bars ranked by value', () => {
    expect(JSON.stringify(barChart({ title: 'Revenue by brand', values, category: brand, value: revenue }))).toBe(
      '{"$schema":"https://vega.github.io/schema/vega-lite/v5.json","title":"Revenue by brand","width":560,"height":300,' +
        '"data":{"values":[{"brand":"Chanel","revenue":2000}]},"mark":{"type":"bar","tooltip":true},"encoding":{' +
        '"y":{"field":"brand","title":"Brand","type":"nominal","sort":"-x"},' +
        '"x":{"field":"revenue","title":"Revenue","type":"quantitative","axis":{"format":"$,.0f"}},' +
        '"tooltip":[{"field":"brand","title":"Brand","type":"nominal"},{"field":"revenue","title":"Revenue","type":"quantitative","format":"$,.0f"}]}}',
    )
    const unsorted = barChart({ title: 't', values: [], category: brand, value: revenue, sort: 'none', color: brand })
    expect((unsorted as { encoding: unknown }).encoding).toMatchObject({ y: { sort: null }, color: { field: 'brand', type: 'nominal' } })
  })

  it('draws vertical columns in a fixed order', () => {
    expect(JSON.stringify(columnChart({ title: 'By weekday', values, category: brand, value: revenue, order: ['Chanel'], extraTooltip: [brand] }))).toBe(
      '{"$schema":"https://vega.github.io/schema/vega-lite/v5.json","title":"By weekday","width":560,"height":300,' +
        '"data":{"values":[{"brand":"Chanel","revenue":2000}]},"mark":{"type":"bar","tooltip":true},"encoding":{' +
        '"x":{"field":"brand","title":"Brand","type":"ordinal","sort":["Chanel"]},' +
        '"y":{"field":"revenue","title":"Revenue","type":"quantitative","axis":{"format":"$,.0f"}},' +
        '"tooltip":[{"field":"brand","title":"Brand","type":"ordinal"},{"field":"revenue","title":"Revenue","type":"quantitative","format":"$,.0f"},' +
        // An extra field is typed by the semantic layer: brand is a dimension.
        '{"field":"brand","title":"Brand","type":"nominal"}]}}',
    )
    expect((columnChart({ title: 't', values: [], category: brand, value: revenue }) as { encoding: unknown }).encoding).toMatchObject({ x: { sort: null } })
  })
})
