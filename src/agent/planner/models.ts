import { fold, knownValueIndex } from '../../semantic/value-lookup.ts'
import { withoutValuePhrases } from './dimensions.ts'

/**
 * The model a stock or demand question counts ("how many Birkins do we have / will we sell"), for a tool
 * with a `model` filter (a part of the product name). What the question names besides the model (a brand, a
 * category, a grade) is read by the other readers, so those words are dropped here; nothing left means no model.
 */
const countQuestion =
  /\bhow many ([a-z0-9' -]+?) (?:do we (?:still )?(?:have|hold|carry|got)|have we got|are (?:there|left|still left|in stock)|(?:still )?(?:left|in stock)|will we (?:sell|move))\b/

const notModelWords = new Set(['the', 'our', 'of', 'items', 'item', 'pieces', 'piece', 'units', 'unit', 'products', 'product', 'stock', 'inventory', 'in'])

export function readModel(remainder: string): string | undefined {
  const match = countQuestion.exec(remainder)
  if (!match) return undefined
  const words = withoutValuePhrases(match[1]!)
    .split(/\s+/)
    .filter((word) => word !== '' && !notModelWords.has(word))
  if (words.length === 0 || words.length > 3) return undefined
  // "Birkins" and "Birkin 30s" name the model in the singular, as product names hold it.
  const last = words[words.length - 1]!
  words[words.length - 1] = last.length > 3 && last.endsWith('s') && !last.endsWith('ss') ? last.slice(0, -1) : last.replace(/^(\d+)s$/, '$1')
  const model = words.join(' ')
  // Only a part of some product's name is a model ("how many champions do we have" asks about a customer segment).
  // Before any data is loaded the planner knows no product names and keeps the reading.
  const products = knownValueIndex().values('product')
  return products.length === 0 || products.some((name) => fold(name).includes(fold(model))) ? model : undefined
}
