import { dimensions, measures } from '../semantic/index.ts'

// Abbreviations written in capitals when a column name is turned into words.
const capitals: Readonly<Record<string, string>> = { id: 'ID', sku: 'SKU', cpa: 'CPA', ctr: 'CTR', roas: 'ROAS', clv: 'CLV', aov: 'AOV', rfm: 'RFM' }

/**
 * The heading of a result column for people (exports, spreadsheets): a column named after a measure or a dimension
 * of the semantic layer takes its label ("margin_percent" → "Gross margin %", "brand" → "Brand"); any other
 * snake_case name is read out in words ("share_of_revenue_percent" → "Share of revenue %", "customer_id" → "Customer ID").
 */
export function columnLabel(column: string): string {
  if (Object.hasOwn(measures, column)) return measures[column as keyof typeof measures].label
  if (Object.hasOwn(dimensions, column)) return dimensions[column as keyof typeof dimensions].label
  const words = column
    .split('_')
    .filter(Boolean)
    .map((word) => (word === 'percent' ? '%' : (capitals[word] ?? word)))
  if (words.length === 0) return column
  const [first, ...rest] = words
  return [first!.charAt(0).toUpperCase() + first!.slice(1), ...rest].join(' ')
}
