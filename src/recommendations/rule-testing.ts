import { loadConfig } from '../config/config.ts'
import type { Database } from '../db/database.ts'
import type { Role } from '../privacy/mask.ts'
import { runtimeFrom } from '../runtime.ts'
import { testToday } from '../testing/run-tool.ts'
import { recommendationSchema, type Recommendation } from './recommendation.ts'
import type { AnalysisWindow, RecommendationRule, RuleOutcome } from './rule.ts'
import { createToolSession, ruleContext } from './rule-context.ts'

/** Runs one rule the way reports do, in UTC so hand-built fixtures read plainly, with today at the fixture's last sale; checks every recommendation's shape. */
export async function runRule(database: Database, rule: RecommendationRule, window: AnalysisWindow, role: Role = 'analyst'): Promise<RuleOutcome> {
  const runtime = runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: await testToday(database) }), database)
  const outcome = await rule.run(ruleContext(createToolSession(runtime, role, 'test'), window))
  if (outcome.status === 'recommended') for (const recommendation of outcome.recommendations) recommendationSchema.parse(recommendation)
  return outcome
}

/** The recommendations of an outcome that must have some, failing with the rule's own reason otherwise. */
export function recommendationsOf(outcome: RuleOutcome): Recommendation[] {
  if (outcome.status !== 'recommended') throw new Error(`Expected recommendations, got ${outcome.status}: ${outcome.reason}`)
  return outcome.recommendations
}
