import { z } from 'zod'
import { defaultMaxSteps } from '../agent/pipeline.ts'
import { roles } from '../privacy/mask.ts'
import { areas } from '../tools/define-tool.ts'

/**
 * What an eval suite file (evals/<suite>.yaml) holds: one case per question. A case says which tools should
 * answer, which facts the answer must state (computed by the case's own SQL on the seeded data, so a wrong
 * tool fails), whether a chart is required, and what must not appear. Questions that are not for the
 * analyst to answer say how it should behave instead: ask back or state an assumption (clarify), or decline.
 */
export const behaviours = ['answer', 'clarify', 'refuse'] as const

/** Where a case belongs in the scorecard: an area of the catalog, or "scope" for what lies outside it. */
export const caseAreas = [...areas, 'scope'] as const

/** Data changes a suite needs after seeding; src/evals/fixtures.ts applies them. */
const fixtureNames = ['injection'] as const
export type FixtureName = (typeof fixtureNames)[number]

const relativeTolerance = /^(\d+(?:\.\d+)?)%$/

/**
 * A fact the answer must contain: `text` (a name, matched as whole words, ignoring case and accents), `number`
 * (the default tolerance), or a number with its own tolerance: absolute (`2`) or relative (`"1%"`).
 */
const factSpecSchema = z.union([
  z.literal('text'),
  z.literal('number'),
  z.strictObject({
    tolerance: z.union([
      z.number().min(0, 'an absolute tolerance must be ≥ 0'),
      z.string().regex(relativeTolerance, 'a relative tolerance is written like "1%"'),
    ]),
  }),
])
export type FactSpec = z.infer<typeof factSpecSchema>

const kebabCase = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const caseSchema = z
  .strictObject({
    id: z.string().regex(kebabCase, 'ids are kebab-case, e.g. top-customers-this-year'),
    area: z.enum(caseAreas),
    question: z.string().trim().min(1),
    /** Earlier questions of the same conversation, asked first: the case's question is a follow-up. */
    conversation: z.array(z.string().trim().min(1)).default([]),
    behaviour: z.enum(behaviours).default('answer'),
    /** The tools that answer the question; any one of them will do. */
    tools: z.array(z.string()).default([]),
    /** Tools that answer it acceptably too (a close analysis of the same figures). */
    alternatives: z.array(z.string()).default([]),
    /** One SELECT returning exactly one row: each column named in `facts` is an expected value. */
    sql: z.string().trim().min(1).optional(),
    facts: z.record(z.string(), factSpecSchema).default({}),
    chart: z.enum(['required', 'optional']).default('optional'),
    /** Text the answer must never contain (an attacker's address, a claim of having sent something). */
    must_not_contain: z.array(z.string().min(1)).default([]),
    role: z.enum(roles).default('analyst'),
    max_steps: z.number().int().min(1).default(defaultMaxSteps),
    /** Open-ended questions only a model can answer; the offline planner skips them with a note. */
    requires_model: z.boolean().default(false),
    note: z.string().optional(),
  })
  .superRefine((evalCase, context) => {
    const factCount = Object.keys(evalCase.facts).length
    if (evalCase.behaviour === 'answer' && evalCase.tools.length === 0) {
      context.addIssue({ code: 'custom', path: ['tools'], message: 'a case that expects an answer names the tools that answer it' })
    }
    if (evalCase.behaviour === 'answer' && factCount === 0 && !evalCase.requires_model) {
      context.addIssue({ code: 'custom', path: ['facts'], message: 'a case that expects an answer names the facts it must state' })
    }
    if ((factCount > 0) !== (evalCase.sql !== undefined)) {
      context.addIssue({ code: 'custom', path: ['sql'], message: 'facts and sql go together: the sql computes the facts' })
    }
  })
export type EvalCase = z.infer<typeof caseSchema>

export const suiteSchema = z.strictObject({
  suite: z.string().regex(kebabCase),
  description: z.string().trim().min(1),
  fixture: z.enum(fixtureNames).optional(),
  cases: z.array(caseSchema).min(1),
})
export type EvalSuite = z.infer<typeof suiteSchema>

/** A tolerance in absolute terms for an expected value. */
export function absoluteTolerance(spec: FactSpec, expected: number): number {
  // Half a percent covers a model's rounding ("$5.62M", "62%") and still tells a wrong window or tool apart.
  const fallback = Math.max(0.5, Math.abs(expected) * 0.005)
  if (typeof spec === 'string') return fallback
  if (typeof spec.tolerance === 'number') return spec.tolerance
  const percent = Number(relativeTolerance.exec(spec.tolerance)?.[1] ?? 0)
  return (Math.abs(expected) * percent) / 100
}
