import { describe, expect, it } from 'vitest'
import { ValueIndex } from '../semantic/value-lookup.ts'
import { alertRuleInput, describeCondition } from './alert-rule.ts'
import { alertIntent, conditionIn, recipientsIn } from './read-alert-request.ts'
import { webhookUrlProblem } from './webhook-url.ts'

// The values a small shop's data would hold: what the value lookup reads brands and models against.
const index = new ValueIndex({ brand: ['Chanel', 'Gucci', 'Hermès', 'Louis Vuitton'], product: ['Birkin 25', 'Birkin 30', 'Classic Flap', 'Kelly 28', 'Neverfull MM'] })

describe('reading an alert request', () => {
  it('tells an alert request from a question', () => {
    expect(alertIntent('Tell me when Hermès Birkin stock falls under 2')).toBe('weak')
    expect(alertIntent('alert me if weekly revenue drops more than 20% against the previous week')).toBe('strong')
    expect(alertIntent('notify ops@example.com of any anomaly in Instagram revenue')).toBe('strong')
    expect(alertIntent('Let me know when Chanel stock is below 3')).toBe('strong')
    expect(alertIntent('How many Birkins do we have?')).toBeUndefined()
    expect(alertIntent('Tell me about our top customers')).toBeUndefined()
    expect(alertIntent('Email all our customers a 20% off coupon')).toBeUndefined()
    expect(alertIntent('How much do we sell whenever a live show runs?')).toBeUndefined()
    expect(alertIntent('Whenever Chanel stock is under 3, e-mail owner@example.com')).toBe('strong')
    // A weak request is an alert only when a condition reads: this one is a question.
    expect(alertIntent('Tell me if we sold any Birkins last week')).toBe('weak')
    expect(conditionIn('Tell me if we sold any Birkins last week', index)).toMatchObject({ problem: expect.any(String) })
  })

  it('reads the three kinds the way people write them', () => {
    expect(conditionIn('Tell me when Hermès Birkin stock falls under 2', index)).toEqual({ kind: 'stock_below', threshold: 2, brand: 'Hermès', model: 'Birkin' })
    expect(conditionIn('hermes birkin stock below 2', index)).toEqual({ kind: 'stock_below', threshold: 2, brand: 'Hermès', model: 'Birkin' })
    expect(conditionIn('alert me if weekly revenue drops more than 20% against the previous week', index)).toEqual({
      kind: 'metric_change', measure: 'revenue', grain: 'week', direction: 'drop', percent: 20,
    })
    expect(conditionIn('tell me when monthly gross profit on Instagram rises 15 percent', index)).toEqual({
      kind: 'metric_change', measure: 'gross_profit', grain: 'month', direction: 'rise', percent: 15, channel: 'instagram',
    })
    expect(conditionIn('notify ops@example.com of any anomaly in Instagram revenue', index)).toEqual({ kind: 'anomaly', measure: 'revenue', grain: 'day', channel: 'instagram' })
  })

  it('refuses a brand it cannot read with the closest, and a condition it cannot read with what it can watch', () => {
    expect(conditionIn('tell me when Hermez Birkin stock falls under 2', index)).toEqual({ problem: "No brand 'Hermez'. Did you mean Hermès?" })
    expect(conditionIn('tell me when the weather turns', index)).toMatchObject({ problem: expect.stringMatching(/^I can watch three things: stock/) })
    expect(conditionIn('tell me when weekly footfall drops 20%', index)).toMatchObject({ problem: expect.stringMatching(/^Which figure should I watch\?/) })
  })

  it('reads e-mail addresses and webhooks, Teams by its host or by name', () => {
    expect(
      recipientsIn('tell ana@example.com and https://hooks.slack.com/services/T0/B0/X when revenue drops 10%; also https://acme.webhook.office.com/webhookb2/abc'),
    ).toEqual([
      { type: 'email', address: 'ana@example.com' },
      { type: 'webhook', url: 'https://hooks.slack.com/services/T0/B0/X', format: 'slack' },
      { type: 'webhook', url: 'https://acme.webhook.office.com/webhookb2/abc', format: 'teams' },
    ])
    expect(recipientsIn('post to our Teams channel https://relay.example.com/hook when orders drop 5%')).toEqual([
      { type: 'webhook', url: 'https://relay.example.com/hook', format: 'teams' },
    ])
  })
})

describe('the rule schema', () => {
  it('names what is allowed when a rule is wrong', () => {
    const wrongKind = alertRuleInput.safeParse({ condition: { kind: 'sales_up' }, recipients: [{ type: 'email', address: 'a@example.com' }] })
    expect(wrongKind.error?.issues[0]?.message).toBe('kind: must be one of stock_below, metric_change, anomaly')
    const noOne = alertRuleInput.safeParse({ condition: { kind: 'stock_below', threshold: 2 }, recipients: [] })
    expect(noOne.error?.issues[0]?.message).toBe('must name at least one recipient (an e-mail address or a webhook)')
    const badThreshold = alertRuleInput.safeParse({ condition: { kind: 'stock_below', threshold: 0 }, recipients: [{ type: 'email', address: 'a@example.com' }] })
    expect(badThreshold.error?.issues[0]?.message).toBe('must be a whole number from 1 to 1000')
  })

  it('writes the rule in words', () => {
    expect(describeCondition({ kind: 'stock_below', brand: 'Hermès', model: 'Birkin', threshold: 2 })).toBe('Hermès Birkin stock below 2')
    expect(describeCondition({ kind: 'metric_change', measure: 'revenue', grain: 'week', direction: 'drop', percent: 20 })).toBe(
      'Weekly revenue drops 20% or more against the previous week',
    )
    expect(describeCondition({ kind: 'anomaly', measure: 'revenue', grain: 'day', channel: 'instagram' })).toBe('Unusual daily revenue on Instagram')
  })

  it('lets webhooks reach public https addresses and this machine only', () => {
    expect(webhookUrlProblem('https://hooks.slack.com/services/T0/B0/X')).toBeUndefined()
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook')).toBeUndefined()
    expect(webhookUrlProblem('http://hooks.slack.com/services/T0')).toMatch(/^must be an https URL/)
    expect(webhookUrlProblem('https://169.254.169.254/latest/meta-data')).toMatch(/^must not point at a private, link-local or reserved address/)
    expect(webhookUrlProblem('https://10.0.0.7/hook')).toMatch(/^must not point at a private/)
    expect(webhookUrlProblem('https://[fd00::1]/hook')).toMatch(/^must not point at a private/)
    expect(webhookUrlProblem('https://user:secret@hooks.example.com/x')).toBe('must not carry a user name or password')
    expect(webhookUrlProblem('not a url')).toMatch(/^must be a URL/)
  })
})
