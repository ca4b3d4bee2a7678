import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { executeTool } from '../../src/tools/executor.ts'
import { createCatalogRegistry } from '../index.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

type Step = 'product_viewed' | 'added_to_cart' | 'checkout_started' | 'payment_completed'
const view: Step = 'product_viewed'
const cart: Step = 'added_to_cart'
const checkout: Step = 'checkout_started'
const payment: Step = 'payment_completed'

// Sessions, each with its events a minute apart from the first timestamp (UTC).
const sessions: Array<[session: string, start: string, events: Step[]]> = [
  ['s1', '2025-03-05T10:00:00Z', [view, cart, checkout, payment]],
  ['s2', '2025-03-06T10:00:00Z', [view, cart, checkout]],
  ['s3', '2025-03-07T10:00:00Z', [view, cart]],
  ['s4', '2025-03-08T10:00:00Z', [view]],
  ['s5', '2025-03-09T10:00:00Z', [view]],
  // s6 reached the cart without a product view (a direct link).
  ['s6', '2025-03-10T10:00:00Z', [cart, checkout]],
  // s7 viewed twice: one session at the step.
  ['s7', '2025-03-11T10:00:00Z', [view, view]],
  ['s10', '2025-03-12T10:00:00Z', [view, cart, checkout, payment]],
  // s8 started on 28 February: outside March although its cart event is on 1 March.
  ['s8', '2025-02-28T23:59:00Z', [view, cart]],
  // s11 started on 31 March: inside, with its cart event after midnight still counted.
  ['s11', '2025-03-31T23:59:00Z', [view, cart]],
  ['s9', '2025-04-02T10:00:00Z', [view, cart, checkout, payment]],
  // s12 started at 02:00 UTC on 1 April: still 31 March in New York (UTC−4).
  ['s12', '2025-04-01T02:00:00Z', [view]],
]

async function load(fixture: Fixture) {
  for (const [session, start, events] of sessions) {
    for (const [minute, event] of events.entries()) {
      await fixture.event(session, event, new Date(Date.parse(start) + minute * 60_000).toISOString())
    }
  }
}

const march = { from: '2025-03-01', to: '2025-03-31' }

function funnel(rows: Record<string, unknown>[]) {
  return rows.map((row) => [row.step, row.sessions, row.step_conversion_percent, row.drop_off_percent, row.overall_conversion_percent])
}

describe.each(testEngines())('conversion_funnel on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('counts sessions at each step that have the event, with conversion, drop-off and overall conversion', async () => {
    const envelope = await runTool(database(), 'conversion_funnel', march)
    // Viewed: s1 s2 s3 s4 s5 s7 s10 s11 = 8. Cart: s1 s2 s3 s6 s10 s11 = 6 → 6 / 8 = 75%, overall 75%.
    // Checkout: s1 s2 s6 s10 = 4 → 4 / 6 = 66.67%, drop 2 / 6 = 33.33%, overall 4 / 8 = 50%.
    // Payment: s1 s10 = 2 → 2 / 4 = 50%, drop 50%, overall 2 / 8 = 25%.
    expect(funnel(envelope.rows)).toEqual([
      ['product_viewed', 8, null, null, 100],
      ['added_to_cart', 6, 75, 25, 75],
      ['checkout_started', 4, 66.67, 33.33, 50],
      ['payment_completed', 2, 50, 50, 25],
    ])
    expect(envelope.rows.map((row) => row.step_number)).toEqual([1, 2, 3, 4])
    expect(envelope.narration).toBe(
      'From 2025-03-01 to 2025-03-31, 8 storefront sessions viewed a product and 2 completed payment (25.0% overall conversion). ' +
        'The weakest step is checkout_started → payment_completed: 50.0% of sessions that started checkout completed payment (50.0% dropped off).',
    )
    expect(envelope.chart).not.toBeNull()
  })

  it('requires every earlier step with require_previous_steps', async () => {
    const envelope = await runTool(database(), 'conversion_funnel', { ...march, require_previous_steps: true })
    // s6 has no product view, so it drops out everywhere. Cart: s1 s2 s3 s10 s11 = 5 → 5 / 8 = 62.5%.
    // Checkout: s1 s2 s10 = 3 → 3 / 5 = 60%, drop 40%, overall 37.5%. Payment: s1 s10 = 2 → 2 / 3 = 66.67%, overall 25%.
    expect(funnel(envelope.rows)).toEqual([
      ['product_viewed', 8, null, null, 100],
      ['added_to_cart', 5, 62.5, 37.5, 62.5],
      ['checkout_started', 3, 60, 40, 37.5],
      ['payment_completed', 2, 66.67, 33.33, 25],
    ])
    expect(envelope.narration).toContain(
      'The weakest step is added_to_cart → checkout_started: 60.0% of sessions that added to cart started checkout (40.0% dropped off).',
    )
  })

  it('dates sessions by the business day of their first event in the shop\'s time zone', async () => {
    const outcome = await executeTool(createCatalogRegistry(), 'conversion_funnel', march, {
      database: database(), timeZone: 'America/New_York', statementTimeoutMs: 15_000, maxRows: 1_000, role: 'analyst', surface: 'test',
    })
    // In New York s12 (31 March, 22:00) joins the 8 product-viewing sessions; s8 (28 February, 18:59) stays out.
    expect(outcome.ok && outcome.envelope.rows[0]).toMatchObject({ step: 'product_viewed', sessions: 9 })
  })

  it('leaves conversions empty when the step before had no sessions', async () => {
    // 10 March: only s6 (cart, checkout). Cart after 0 views → empty; checkout 1 / 1 = 100%; payment 0 / 1 = 0%, drop 100%.
    const envelope = await runTool(database(), 'conversion_funnel', { from: '2025-03-10', to: '2025-03-10' })
    expect(funnel(envelope.rows)).toEqual([
      ['product_viewed', 0, null, null, null],
      ['added_to_cart', 1, null, null, null],
      ['checkout_started', 1, 100, 0, null],
      ['payment_completed', 0, 0, 100, null],
    ])
    expect(envelope.narration).toBe(
      'From 2025-03-10 to 2025-03-10, 0 storefront sessions viewed a product and 0 completed payment (no session viewed a ' +
        'product, so there is no overall conversion). The weakest step is checkout_started → payment_completed: 0.0% of sessions ' +
        'that started checkout completed payment (100.0% dropped off).',
    )
  })

  it('says so when no session started in the window', async () => {
    const envelope = await runTool(database(), 'conversion_funnel', { from: '2025-06-01', to: '2025-06-30' })
    expect(funnel(envelope.rows)).toEqual([
      ['product_viewed', 0, null, null, null],
      ['added_to_cart', 0, null, null, null],
      ['checkout_started', 0, null, null, null],
      ['payment_completed', 0, null, null, null],
    ])
    expect(envelope.narration).toBe('No storefront sessions between 2025-06-01 and 2025-06-30.')
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const notBoolean = await tryTool(database(), 'conversion_funnel', { require_previous_steps: 'yes' })
    expect(notBoolean.ok ? '' : notBoolean.error.message).toMatch(/require_previous_steps: .*expected boolean/)
    const unknownField = await tryTool(database(), 'conversion_funnel', { steps: ['product_viewed'] })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(
      /unknown field 'steps'; allowed fields: period, from, to, require_previous_steps/,
    )
    const backwards = await tryTool(database(), 'conversion_funnel', { from: '2025-03-10', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-10\)/)
  })
})
