import type { GroundingReport } from './answer.ts'
import { extractFigures, extractValues, type Figure } from './figures.ts'
import type { ToolRun } from './tool-runner.ts'

/**
 * The grounding check: every figure in an answer must match a number the tools returned in this answer.
 *
 * The rule:
 * - Figures are read with `extractFigures` (src/agent/figures.ts): amounts, counts, percentages and ratios.
 *   Years, dates, times, ranks and period lengths ("top 5", "last 30 days"), list markers, code and quotations
 *   (text in double quotes, such as a suggested question) are not figures.
 * - Evidence is every number the tools returned: row values (and numbers inside text cells), the parameters
 *   after defaults, row counts, and the numbers in narrations, assumptions and error messages; plus numbers
 *   the question itself stated.
 * - A figure matches when some evidence rounds to it at its shown precision: "$412.3k" matches 412,250 to
 *   412,350; "78%" matches 77.5 to 78.5 or a fraction 0.775 to 0.785; "$412,000" may round 412,300 (whole
 *   numbers ending in zeros keep at least two significant digits). Signs are ignored ("down $1,200" is -1200).
 * - Anything else is ungrounded, listed, and the answer is flagged.
 */
function collect(value: unknown, into: number[]): void {
  if (typeof value === 'number' && Number.isFinite(value)) into.push(value)
  else if (typeof value === 'string') into.push(...extractValues(value))
  else if (Array.isArray(value)) for (const item of value) collect(item, into)
  else if (value && typeof value === 'object') for (const item of Object.values(value)) collect(item, into)
}

export function evidenceFrom(runs: readonly ToolRun[], question: string): number[] {
  const numbers: number[] = []
  collect(question, numbers)
  for (const run of runs) {
    collect(run.record.arguments, numbers)
    if (run.record.error) collect(run.record.error.message, numbers)
    const envelope = run.envelope
    if (!envelope) continue
    collect(envelope.rows, numbers)
    collect(envelope.parameters, numbers)
    collect([envelope.rowCount, envelope.totalRows, envelope.narration, envelope.assumptions], numbers)
  }
  return numbers
}

export function matches(figure: Figure, evidence: number): boolean {
  const target = Math.abs(figure.value)
  const slack = figure.tolerance + 1e-9
  if (Math.abs(Math.abs(evidence) - target) <= slack) return true
  // Shares are stored as percents (58.5) or as fractions (0.585); "58.5%" grounds either.
  return figure.percent && Math.abs(Math.abs(evidence) * 100 - target) <= slack
}

export function checkGrounding(text: string, evidence: readonly number[]): GroundingReport {
  const figures = extractFigures(text)
  const ungrounded = figures
    .filter((figure) => !evidence.some((value) => matches(figure, value)))
    .map((figure) => ({ text: figure.text, value: figure.value }))
  return { ok: ungrounded.length === 0, checked: figures.length, ungrounded }
}
