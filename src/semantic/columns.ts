import { measures, type MeasureName, type Unit } from './measures.ts'

export interface ColumnMeasure {
  measure: MeasureName
  label: string
  unit: Unit
}

// Column spellings of a measure that its name does not give: "sell_through_percent" is the sell-through measure, a
// percent; "customers_percent" is a share of customers, not the count, so a suffix must agree with the measure's unit.
const suffixes: [string, Unit][] = [['_percent', 'percent'], ['_usd', 'currency']]

/**
 * What a result column measures, read from the measure of the same name ("gross_profit", "median_days_to_sell"), or of
 * the name without a unit suffix ("sell_through_percent"). Columns that are no measure (labels, ids, ranks) have none.
 */
export function columnMeasure(column: string): ColumnMeasure | undefined {
  // Asked for every numeric cell of every answer's rows (the label check): each column is read once. Free-form SQL
  // names its own columns, so the cache is bounded.
  if (!readColumns.has(column)) {
    if (readColumns.size >= keptColumns) readColumns.clear()
    readColumns.set(column, readColumnMeasure(column))
  }
  return readColumns.get(column)
}

const readColumns = new Map<string, ColumnMeasure | undefined>()
const keptColumns = 10_000

function readColumnMeasure(column: string): ColumnMeasure | undefined {
  const declared = (name: string) => (Object.hasOwn(measures, name) ? measures[name as MeasureName] : undefined)
  const exact = declared(column)
  if (exact) return { measure: column as MeasureName, label: exact.label, unit: exact.unit }
  for (const [suffix, unit] of suffixes) {
    const name = column.endsWith(suffix) ? column.slice(0, -suffix.length) : undefined
    const measure = name === undefined ? undefined : declared(name)
    if (measure?.unit === unit) return { measure: name as MeasureName, label: measure.label, unit }
  }
  return undefined
}
