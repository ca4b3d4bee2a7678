import type { AnalysisWindow, RecommendationRule, RuleOutcome } from './rule.ts'
import { ruleContext, type ToolSession } from './rule-context.ts'
import { rankRecommendations, recommendationSchema, type Recommendation, type RecommendationArea } from './recommendation.ts'
import { rules as allRules } from './rules/index.ts'

export interface RuleReport {
  rule: string
  area: RecommendationArea
  status: RuleOutcome['status']
  /** Why nothing was recommended, or what failed. */
  reason: string | null
  recommendations: number
}

export interface RecommendationRun {
  /** Ranked: the largest estimated monthly impact first. */
  recommendations: Recommendation[]
  rules: RuleReport[]
}

export interface RecommendOptions {
  window: AnalysisWindow
  /** Only rules of these areas (default: all). */
  areas?: readonly RecommendationArea[]
  rules?: readonly RecommendationRule[]
}

/**
 * Runs the rules over one tool session. A rule that throws or returns a malformed recommendation is reported as
 * failed with its message, and the others still run: one broken rule never empties a report.
 */
export async function recommend(session: ToolSession, options: RecommendOptions): Promise<RecommendationRun> {
  const chosen = (options.rules ?? allRules).filter((rule) => !options.areas || options.areas.includes(rule.area))
  const context = ruleContext(session, options.window)
  const outcomes = await Promise.all(
    chosen.map(async (rule): Promise<RuleOutcome> => {
      try {
        const outcome = await rule.run(context)
        if (outcome.status !== 'recommended') return outcome
        for (const recommendation of outcome.recommendations) {
          const checked = recommendationSchema.safeParse(recommendation)
          if (!checked.success) {
            const issue = checked.error.issues[0]
            return { status: 'failed', reason: `${rule.name} produced an invalid recommendation: ${issue?.path.join('.')} ${issue?.message}` }
          }
        }
        return outcome
      } catch (error) {
        return { status: 'failed', reason: `${rule.name} failed: ${error instanceof Error ? error.message : String(error)}` }
      }
    }),
  )
  return {
    recommendations: rankRecommendations(outcomes.flatMap((outcome) => (outcome.status === 'recommended' ? outcome.recommendations : []))),
    rules: chosen.map((rule, index) => {
      const outcome = outcomes[index]!
      return {
        rule: rule.name,
        area: rule.area,
        status: outcome.status,
        reason: outcome.status === 'recommended' ? null : outcome.reason,
        recommendations: outcome.status === 'recommended' ? outcome.recommendations.length : 0,
      }
    }),
  }
}
