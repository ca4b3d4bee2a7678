import { describe, expect, it } from 'vitest'
import type { Runtime } from '../runtime.ts'
import { recommend } from './engine.ts'
import type { Recommendation } from './recommendation.ts'
import { nothingToRecommend, recommended, type RecommendationRule } from './rule.ts'
import { createToolSession } from './rule-context.ts'

// Rules that never call a tool, so the session's runtime is never reached.
const unusedRuntime = {} as Pick<Runtime, 'registry' | 'executionContext'>
const session = createToolSession(unusedRuntime, 'viewer', 'test')
const window = { from: '2025-01-01', to: '2025-12-31' }

function recommendation(id: string, amount: number | null, horizonDays: number | null, level: 'high' | 'medium' | 'low' = 'medium'): Recommendation {
  return {
    id,
    rule: id.split(':')[0]!,
    area: 'inventory',
    title: id,
    action: 'Act.',
    rationale: 'Because.',
    impact: { amount, currency: amount === null ? null : 'USD', horizonDays, summary: 's', method: 'm' },
    confidence: { level, reason: 'r' },
    evidence: [{ tool: 'kpi_summary', arguments: {} }],
    chart: null,
    details: null,
  }
}

const rule = (name: string, run: RecommendationRule['run']): RecommendationRule => ({ name, area: 'inventory', description: name, run })

describe('recommend', () => {
  it('ranks by monthly equivalent impact, reports every rule, and survives a rule that throws or misbehaves', async () => {
    const rules = [
      // $1,200 a year = $100 a month; $500 over 30 days; $300 one-off; unestimated last.
      rule('yearly', async () => recommended(recommendation('yearly:a', 1200, 360))),
      rule('monthly', async () => recommended(recommendation('monthly:a', 500, 30), recommendation('monthly:b', null, null, 'high'))),
      rule('one_off', async () => recommended(recommendation('one_off:a', 300, null))),
      rule('quiet', async () => nothingToRecommend('Nothing stands out.')),
      rule('throws', async () => {
        throw new Error('boom')
      }),
      rule('malformed', async () => recommended({ ...recommendation('malformed:a', 1, 1), evidence: [] })),
    ]
    const run = await recommend(session, { window, rules })
    expect(run.recommendations.map((entry) => entry.id)).toEqual(['monthly:a', 'one_off:a', 'yearly:a', 'monthly:b'])
    expect(run.rules).toEqual([
      { rule: 'yearly', area: 'inventory', status: 'recommended', reason: null, recommendations: 1 },
      { rule: 'monthly', area: 'inventory', status: 'recommended', reason: null, recommendations: 2 },
      { rule: 'one_off', area: 'inventory', status: 'recommended', reason: null, recommendations: 1 },
      { rule: 'quiet', area: 'inventory', status: 'nothing_to_recommend', reason: 'Nothing stands out.', recommendations: 0 },
      { rule: 'throws', area: 'inventory', status: 'failed', reason: 'throws failed: boom', recommendations: 0 },
      {
        rule: 'malformed',
        area: 'inventory',
        status: 'failed',
        reason: expect.stringMatching(/^malformed produced an invalid recommendation: evidence /),
        recommendations: 0,
      },
    ])
  })

  it('runs only the rules of the areas asked for', async () => {
    const run = await recommend(session, {
      window,
      areas: ['customers'],
      rules: [rule('inventory_only', async () => nothingToRecommend('x'))],
    })
    expect(run).toEqual({ recommendations: [], rules: [] })
  })
})
