import type { z } from 'zod'
import type { Role } from '../privacy/mask.ts'
import type { Envelope } from '../tools/envelope.ts'
import type { Evidence, Recommendation, RecommendationArea } from './recommendation.ts'

/** The inclusive dates a rule reads; rules pass them to every windowed tool. */
export interface AnalysisWindow {
  from: string
  to: string
}

/** One tool result read through a row schema, with the evidence that re-runs it. */
export type ToolRead<Row> =
  | { ok: true; rows: Row[]; envelope: Envelope; evidence: Evidence }
  | { ok: false; outcome: RuleOutcome }

export interface RuleContext {
  window: AnalysisWindow
  /** The caller's role: tools mask personal data for it, and lists say so. */
  role: Role
  /** Runs a vetted tool through the executor (never SQL) and checks the columns the rule reads. */
  read<Schema extends z.ZodType>(tool: string, args: Record<string, unknown>, row: Schema): Promise<ToolRead<z.output<Schema>>>
}

export type RuleOutcome =
  | { status: 'recommended'; recommendations: Recommendation[] }
  | { status: 'nothing_to_recommend'; reason: string }
  | { status: 'failed'; reason: string }

/** A deterministic, data-driven rule: one file under rules/, registered in rules/index.ts. */
export interface RecommendationRule {
  name: string
  area: RecommendationArea
  /** What the rule looks for, for lists and reports. */
  description: string
  run(context: RuleContext): Promise<RuleOutcome>
}

export const recommended = (...recommendations: Recommendation[]): RuleOutcome => ({ status: 'recommended', recommendations })
export const nothingToRecommend = (reason: string): RuleOutcome => ({ status: 'nothing_to_recommend', reason })
