import type { TopLevelSpec } from 'vega-lite'
import { dimensions } from '../semantic/dimensions.ts'

/** A Vega-Lite v5+ spec with its data inline; the house theme is applied when it is rendered or sent. */
export type ChartSpec = TopLevelSpec

export type FieldType = 'quantitative' | 'nominal' | 'ordinal' | 'temporal'

export interface Field {
  field: string
  title: string
  type?: FieldType
  format?: string
}

const schema = 'https://vega.github.io/schema/vega-lite/v5.json'
const defaultSize = { width: 560, height: 300 }

function encodeField(field: Field, fallback: FieldType) {
  return {
    field: field.field,
    title: field.title,
    type: field.type ?? fallback,
    ...(field.format ? { axis: { format: field.format } } : {}),
  }
}

/** A field the tooltip shows beside the encoded ones: typed by the tool, else as the semantic layer declares it. */
function extraType(field: Field): FieldType {
  if (field.type) return field.type
  if (field.field in dimensions) return 'nominal'
  // A measure, or a figure the tool computed from measures (a count of sales, a share): a quantity.
  return 'quantitative'
}

/**
 * Tooltip entries typed like the encoding they describe (a category read as a number shows NaN, a date as a number
 * epoch milliseconds), extras by what the semantic layer says they are.
 */
function tooltip(encoded: Array<[Field, FieldType]>, extra: Field[] = []) {
  return [...encoded.map(([field, fallback]) => ({ field, type: field.type ?? fallback })), ...extra.map((field) => ({ field, type: extraType(field) }))].map(
    ({ field, type }) => ({ field: field.field, title: field.title, type, ...(field.format ? { format: field.format } : {}) }),
  )
}

type Values = ReadonlyArray<Record<string, unknown>>

/** What every built chart starts with, in this key order: schema, title, size, inline data. */
function frame(title: string, values: Values) {
  return { $schema: schema, title, ...defaultSize, data: { values: values as Record<string, unknown>[] } }
}

interface CategoryChartOptions {
  title: string
  values: Values
  category: Field
  value: Field
  color?: Field
  extraTooltip?: Field[]
}

/** Bars of one value per category: horizontal bars (category on y) or vertical columns (category on x). */
function categoryBars(orientation: 'horizontal' | 'vertical', options: CategoryChartOptions, sort: string | string[] | null): ChartSpec {
  const categoryType = orientation === 'horizontal' ? 'nominal' : 'ordinal'
  const category = { ...encodeField(options.category, categoryType), sort }
  const value = encodeField(options.value, 'quantitative')
  return {
    ...frame(options.title, options.values),
    mark: { type: 'bar', tooltip: true },
    encoding: {
      ...(orientation === 'horizontal' ? { y: category, x: value } : { x: category, y: value }),
      ...(options.color ? { color: encodeField(options.color, 'nominal') } : {}),
      tooltip: tooltip([[options.category, categoryType], [options.value, 'quantitative']], options.extraTooltip),
    },
  } as ChartSpec
}

/** Horizontal bars ranked by value: top lists, breakdowns by brand or channel. */
export function barChart(options: CategoryChartOptions & { sort?: 'value' | 'none' }): ChartSpec {
  return categoryBars('horizontal', options, options.sort === 'none' ? null : '-x')
}

/** Vertical columns in a fixed order: weekdays, hours, months, funnel steps. */
export function columnChart(options: CategoryChartOptions & { order?: string[] }): ChartSpec {
  return categoryBars('vertical', options, options.order ?? null)
}

/** A line over time, optionally one line per series. */
export function lineChart(options: {
  title: string
  values: Values
  time: Field
  value: Field
  series?: Field
  extraTooltip?: Field[]
}): ChartSpec {
  return {
    ...frame(options.title, options.values),
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: encodeField(options.time, 'temporal'),
      y: encodeField(options.value, 'quantitative'),
      ...(options.series ? { color: encodeField(options.series, 'nominal') } : {}),
      tooltip: tooltip(
        [[options.time, 'temporal'], [options.value, 'quantitative'], ...(options.series ? [[options.series, 'nominal'] as [Field, FieldType]] : [])],
        options.extraTooltip,
      ),
    },
  } as ChartSpec
}

/** A weekday × hour (or any two-ordinal) heat map. */
export function heatmapChart(options: {
  title: string
  values: Values
  x: Field
  y: Field
  value: Field
  xOrder?: Array<string | number>
  yOrder?: Array<string | number>
}): ChartSpec {
  return {
    ...frame(options.title, options.values),
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { ...encodeField(options.x, 'ordinal'), sort: options.xOrder ?? null },
      y: { ...encodeField(options.y, 'ordinal'), sort: options.yOrder ?? null },
      color: { ...encodeField(options.value, 'quantitative'), scale: { scheme: 'goldred' } },
      tooltip: tooltip([[options.x, 'ordinal'], [options.y, 'ordinal'], [options.value, 'quantitative']]),
    },
  } as ChartSpec
}

/** Any other layout a tool needs, written as Vega-Lite; the schema and size defaults are filled in. */
export function customChart(spec: Record<string, unknown> & { title: string }): ChartSpec {
  return { $schema: schema, ...defaultSize, ...spec } as ChartSpec
}

/** An envelope carries its chart as plain JSON; this names it as a spec again for the renderer. */
export function asChartSpec(value: Record<string, unknown>): ChartSpec {
  return value as unknown as ChartSpec
}
