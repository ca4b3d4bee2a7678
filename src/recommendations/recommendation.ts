import { z } from 'zod'
import type { ChartSpec } from '../charts/spec.ts'

export const recommendationAreas = ['shows', 'inventory', 'customers', 'marketing', 'pricing'] as const
export type RecommendationArea = (typeof recommendationAreas)[number]

export const confidenceLevels = ['high', 'medium', 'low'] as const

/** A tool call a recommendation rests on: enough to re-run it, or to ask the analyst about it. */
export const evidenceSchema = z.object({
  tool: z.string().describe('The vetted tool that produced the figures.'),
  arguments: z.record(z.string(), z.unknown()).describe('Its arguments after defaults, windows as dates.'),
})
export type Evidence = z.infer<typeof evidenceSchema>

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()])

/** Rows a person acts on (the customers to call, the items to mark down), with the columns to show. */
export const recommendationDetailsSchema = z.object({
  title: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.record(z.string(), cell)),
  note: z.string().nullable().describe('What the list leaves out, or how it was masked.'),
})
export type RecommendationDetails = z.infer<typeof recommendationDetailsSchema>

/** The one shape of a recommendation, on every surface: reports, the digest, JSON. */
export const recommendationSchema = z.object({
  id: z.string().describe('Stable within a run: the rule and the subject, e.g. live_show_slots:whatnot.'),
  rule: z.string(),
  area: z.enum(recommendationAreas),
  title: z.string().describe('What to do, in a few words.'),
  action: z.string().describe('The concrete step to take.'),
  rationale: z.string().describe('Why, with the figures from the evidence.'),
  impact: z.object({
    amount: z.number().nullable().describe('Estimated effect in currency; null when it cannot be estimated honestly.'),
    currency: z.literal('USD').nullable(),
    horizonDays: z.number().int().positive().nullable().describe('The period the amount covers; null for a one-off amount.'),
    summary: z.string().describe('The estimate in words.'),
    method: z.string().describe('How the estimate was computed, with every assumption.'),
  }),
  confidence: z.object({
    level: z.enum(confidenceLevels),
    reason: z.string(),
  }),
  evidence: z.array(evidenceSchema).min(1),
  chart: z.record(z.string(), z.unknown()).nullable().describe('A Vega-Lite spec, often the evidence tool\'s own chart.'),
  details: recommendationDetailsSchema.nullable(),
})
export type Recommendation = z.infer<typeof recommendationSchema>

const confidenceWeight = { high: 3, medium: 2, low: 1 } as const

/**
 * A comparable size for ranking: recurring amounts as a 30-day equivalent, one-off amounts as they are,
 * unestimated ones last. Confidence breaks ties, then the id, so the order is stable.
 */
export function monthlyEquivalent(recommendation: Recommendation): number | null {
  const { amount, horizonDays } = recommendation.impact
  if (amount === null) return null
  return horizonDays === null ? amount : (amount * 30) / horizonDays
}

export function rankRecommendations(recommendations: readonly Recommendation[]): Recommendation[] {
  return [...recommendations].sort((left, right) => {
    const leftSize = monthlyEquivalent(left) ?? Number.NEGATIVE_INFINITY
    const rightSize = monthlyEquivalent(right) ?? Number.NEGATIVE_INFINITY
    if (leftSize !== rightSize) return rightSize - leftSize
    const byConfidence = confidenceWeight[right.confidence.level] - confidenceWeight[left.confidence.level]
    return byConfidence !== 0 ? byConfidence : left.id.localeCompare(right.id)
  })
}

/** Recommendations carry charts as plain JSON, like envelopes do. */
export function chartJson(spec: ChartSpec): Record<string, unknown> {
  return spec as unknown as Record<string, unknown>
}
