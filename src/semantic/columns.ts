import { measures, type MeasureName, type Unit } from './measures.ts'

export interface ColumnMeasure {
  measure: MeasureName
  label: string
  unit: Unit
}

// Column spellings of a measure that its name does not give: "sell_through_percent" is the sell-through measure.
const suffixes = ['_percent', '_usd']

/**
 * What a result column measures, read from the measure of the same name ("gross_profit", "median_days_to_sell"), or of
 * the name without a unit suffix ("sell_through_percent"). Columns that are no measure (labels, ids, ranks) have none.
 */
export function columnMeasure(column: string): ColumnMeasure | undefined {
  const candidates = [column, ...suffixes.filter((suffix) => column.endsWith(suffix)).map((suffix) => column.slice(0, -suffix.length))]
  for (const name of candidates) {
    if (Object.hasOwn(measures, name)) {
      const declared = measures[name as MeasureName]
      return { measure: name as MeasureName, label: declared.label, unit: declared.unit }
    }
  }
  return undefined
}
