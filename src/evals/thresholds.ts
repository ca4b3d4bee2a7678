import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { z } from 'zod'
import { providerNames } from '../agent/answer.ts'
import { packagePath } from '../paths.ts'
import { formatShare } from '../present/format.ts'
import type { EvalResult } from './result-file.ts'
import { checkNames } from './score.ts'

/**
 * The floor each provider's suites must reach (evals/thresholds.yaml): a pass rate, per-check rates and,
 * with --repeat, consistency. A run below any of them fails CI and makes `luxx-analyst eval` exit 1.
 */
const thresholdsPath = packagePath('evals', 'thresholds.yaml')

const rate = z.number().min(0).max(1)

const suiteThresholdsSchema = z.strictObject({
  pass_rate: rate.optional(),
  checks: z.partialRecord(z.enum(checkNames), rate).optional(),
  consistency: rate.optional(),
})

const thresholdsSchema = z.partialRecord(z.enum(providerNames), z.record(z.string(), suiteThresholdsSchema))
export type Thresholds = z.infer<typeof thresholdsSchema>

export type ThresholdsOutcome = { ok: true; thresholds: Thresholds } | { ok: false; error: string }

export function loadThresholds(path = thresholdsPath): ThresholdsOutcome {
  let raw: unknown
  try {
    raw = parse(readFileSync(path, 'utf8'))
  } catch (error) {
    return { ok: false, error: `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` }
  }
  const parsed = thresholdsSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, error: `${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` }
  }
  return { ok: true, thresholds: parsed.data }
}

/** What falls below the floor, one line each; empty when everything holds. Suites that did not run are not judged. */
export function belowThresholds(result: EvalResult, thresholds: Thresholds): string[] {
  const floors = thresholds[result.provider] ?? {}
  return result.suites.flatMap((summary) => {
    const floor = floors[summary.suite]
    if (!floor) return []
    const problems: string[] = []
    if (floor.pass_rate !== undefined && summary.passRate < floor.pass_rate) {
      problems.push(`${summary.suite}: pass rate ${formatShare(summary.passRate)} is below ${formatShare(floor.pass_rate)}`)
    }
    for (const name of checkNames) {
      const minimum = floor.checks?.[name]
      if (minimum !== undefined && summary.checks[name] < minimum) {
        problems.push(`${summary.suite}: ${name} ${formatShare(summary.checks[name])} is below ${formatShare(minimum)}`)
      }
    }
    if (floor.consistency !== undefined && summary.consistency !== null && summary.consistency < floor.consistency) {
      problems.push(`${summary.suite}: consistency ${formatShare(summary.consistency)} is below ${formatShare(floor.consistency)}`)
    }
    return problems
  })
}
