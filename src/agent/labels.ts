import { columnMeasure, type ColumnMeasure } from '../semantic/index.ts'
import { extractFigures, extractValues, type Figure } from './figures.ts'
import { matches } from './grounding.ts'
import { readMeasures, measureLabel } from './planner/constraints.ts'
import { measureColumns } from './planner/coverage.ts'
import { normalize } from './planner/text.ts'
import type { ToolRun } from './tool-runner.ts'

/**
 * The label check, beside grounding: a figure may come from a tool and still be called what it is not ("$2,400 of
 * profit" when 2,400 is revenue; "$38" when 38 is a count of orders). Each row value of a column the semantic layer
 * declares a measure for carries that measure; a figure that matches only such values must be shown in their unit and,
 * where the words just before it name a measure, one of theirs. A figure that also matches a number with no declared
 * measure (an argument, a change, a count of rows) cannot be judged and passes: the check flags only what it can prove.
 * Narrations are no such evidence: they restate row values under their own labels, and are checked the same way.
 */
export interface MislabeledFigure {
  text: string
  /** What the answer calls it: "an amount of money", "profit". */
  said: string
  /** What the matching tool values measure: "Units", "Revenue". */
  measures: string[]
}

interface LabelledValue {
  value: number
  measure: ColumnMeasure
  column: string
}

function numbersOf(value: unknown, into: number[]): void {
  if (typeof value === 'number' && Number.isFinite(value)) into.push(value)
  else if (typeof value === 'string') into.push(...extractValues(value))
  else if (Array.isArray(value)) for (const item of value) numbersOf(item, into)
  else if (value && typeof value === 'object') for (const item of Object.values(value)) numbersOf(item, into)
}

/** The tools' numbers split in two: row values of declared measures, and every other number (which proves nothing). */
function evidenceOf(runs: readonly ToolRun[], question: string): { labelled: LabelledValue[]; unlabelled: number[] } {
  const labelled: LabelledValue[] = []
  const unlabelled: number[] = []
  numbersOf(question, unlabelled)
  for (const run of runs) {
    numbersOf(run.record.arguments, unlabelled)
    const envelope = run.envelope
    if (!envelope) continue
    for (const row of envelope.rows) {
      for (const [column, cell] of Object.entries(row)) {
        const measure = typeof cell === 'number' && Number.isFinite(cell) ? columnMeasure(column) : undefined
        if (measure && typeof cell === 'number') labelled.push({ value: cell, measure, column })
        else numbersOf(cell, unlabelled)
      }
    }
    numbersOf([envelope.parameters, envelope.rowCount, envelope.totalRows, envelope.assumptions], unlabelled)
  }
  return { labelled, unlabelled }
}

// Where a figure's label stops: a clause mark, a bracket or the next figure.
const clauseMarks = [', ', '; ', ': ', '. ', '(', ')', '\n', ' — ']

/** What the text calls a figure: the words right after it ("$900 gross profit", "38 orders", "$2,400 of revenue"), else those just before ("a profit of $900"). */
function labelWords(text: string, figure: Figure, previous: Figure | undefined, next: Figure | undefined): string {
  const end = figure.index + figure.text.length
  const stop = Math.min(next?.index ?? text.length, ...clauseMarks.map((mark) => text.indexOf(mark, end)).filter((at) => at >= 0))
  const after = text.slice(end, stop).trim().split(/\s+/).slice(0, 4).join(' ')
  // "$2,039 per unit" divides by units; it is no count of them.
  if (after && !/^(?:per|a|an|each|every)\b/i.test(after) && readMeasures(normalize(after)).length > 0) return after
  const start = Math.max(previous ? previous.index + previous.text.length : 0, ...clauseMarks.map((mark) => text.lastIndexOf(mark, figure.index - 1) + mark.length))
  return text.slice(Math.max(0, start), figure.index)
}

// Money shown for values with no currency among them is a claim that cannot hold. A percentage is checked only where
// words name its measure: small counts equal to percents (39 units, "MAPE 39.0%") are too common to prove anything.
function unitClash(figure: Figure, found: readonly LabelledValue[], named: boolean): string | undefined {
  if (figure.text.includes('$') && !found.some((item) => item.measure.unit === 'currency')) return 'an amount of money'
  if (named && figure.percent && !found.some((item) => item.measure.unit === 'percent' || item.measure.unit === 'ratio')) return 'a percentage'
  return undefined
}

export function checkLabels(text: string, runs: readonly ToolRun[], question = ''): MislabeledFigure[] {
  const { labelled, unlabelled } = evidenceOf(runs, question)
  const figures = extractFigures(text)
  return figures.flatMap((figure, index) => {
    if (unlabelled.some((value) => matches(figure, value))) return []
    // A share read as a fraction ("39%" of 0.39) is a claim about shares only; a count of 0.39 units is a coincidence.
    const found = labelled.filter((item) => matches({ ...figure, percent: figure.percent && (item.measure.unit === 'percent' || item.measure.unit === 'ratio') }, item.value))
    if (found.length === 0) return []
    const measures = [...new Set(found.map((item) => item.measure.label))]
    const named = readMeasures(normalize(labelWords(text, figure, figures[index - 1], figures[index + 1])))
    const clash = unitClash(figure, found, named.length > 0)
    if (clash) return [{ text: figure.text, said: clash, measures }]
    if (named.length === 0) return []
    const fits = named.some((measure) => {
      const columns = measureColumns(measure)
      return found.some((item) => columns.has(item.measure.measure) || columns.has(item.column))
    })
    return fits ? [] : [{ text: figure.text, said: named.map(measureLabel).join(' or '), measures }]
  })
}
