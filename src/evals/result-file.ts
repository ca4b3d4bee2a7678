import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { providerNames } from '../agent/answer.ts'
import { behaviours, caseAreas } from './case-schema.ts'
import { checkNames } from './score.ts'

/**
 * The JSON result of an eval run: every case with each run's tools, facts, checks, steps, latency, tokens and
 * cost, plus the summary. Validated when read back, so `--compare` never trusts a file blindly.
 */
const checksSchema = z.record(z.enum(checkNames), z.boolean())

const runRecordSchema = z.object({
  passed: z.boolean(),
  reasons: z.array(z.string()).describe('"check: reason" for each failed check.'),
  checks: checksSchema,
  tools: z.array(z.object({ name: z.string(), arguments: z.unknown(), ok: z.boolean() })),
  facts: z.record(z.string(), z.boolean()),
  steps: z.number().int(),
  latencyMs: z.number().describe('Wall-clock time of the case, follow-up turns included.'),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number().nullable(),
  text: z.string().describe('The answer text of the case question.'),
})
export type RunRecord = z.infer<typeof runRecordSchema>

const expectedFactRecordSchema = z.object({ name: z.string(), value: z.union([z.string(), z.number()]), tolerance: z.number().optional() })

const caseStatuses = ['passed', 'failed', 'skipped', 'error'] as const

const caseResultSchema = z.object({
  suite: z.string(),
  id: z.string(),
  area: z.enum(caseAreas),
  /** The earlier questions of the conversation, when the case is a follow-up. */
  conversation: z.array(z.string()),
  question: z.string(),
  behaviour: z.enum(behaviours),
  status: z.enum(caseStatuses),
  /** Why it failed, was skipped or could not run. */
  reasons: z.array(z.string()),
  /** A check passes for the case when it passed in every run. */
  checks: checksSchema,
  expected: z.array(expectedFactRecordSchema),
  runs: z.array(runRecordSchema),
  /** Whether every run stated the same facts with the same tools and checks; null with a single run. */
  consistent: z.boolean().nullable(),
})
export type CaseResult = z.infer<typeof caseResultSchema>

const groupSummarySchema = z.object({
  cases: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
  /** Passed ÷ (cases − skipped); errors count as failures. */
  passRate: z.number(),
})
export type GroupSummary = z.infer<typeof groupSummarySchema>

const suiteSummarySchema = groupSummarySchema.extend({
  suite: z.string(),
  /** Per check: the share of scored cases (not skipped, no error) where it passed. */
  checks: z.record(z.enum(checkNames), z.number()),
  /** Share of repeated cases that were consistent; null without --repeat. */
  consistency: z.number().nullable(),
  areas: z.record(z.string(), groupSummarySchema),
  latencyMs: z.object({ median: z.number(), p95: z.number() }),
  averageSteps: z.number(),
  tokens: z.number().int(),
  costUsd: z.number().nullable(),
})
export type SuiteSummary = z.infer<typeof suiteSummarySchema>

const evalResultSchema = z.object({
  version: z.literal(1),
  provider: z.enum(providerNames),
  model: z.string(),
  engine: z.string(),
  scale: z.string(),
  seed: z.number().int(),
  repeat: z.number().int(),
  filter: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
  suites: z.array(suiteSummarySchema),
  cases: z.array(caseResultSchema),
})
export type EvalResult = z.infer<typeof evalResultSchema>

export function writeResultFile(path: string, result: EvalResult): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`)
}

export type ResultFileOutcome = { ok: true; result: EvalResult } | { ok: false; error: string }

export function readResultFile(path: string): ResultFileOutcome {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    return { ok: false, error: `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` }
  }
  const parsed = evalResultSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, error: `${path} is not an eval result file: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` }
  }
  return { ok: true, result: parsed.data }
}
