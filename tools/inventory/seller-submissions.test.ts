import { describe, expect, it } from 'vitest'
import type { Database } from '../../src/db/database.ts'
import { Fixture } from '../../src/testing/fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// A sale on 2025-03-31 sets the as-of date. Submissions (days to decision = decided − submitted):
//   #  brand    category  status     submitted  decided  days
//   1  Chanel   bag       listed     03-01      03-03       2
//   2  Chanel   wallet    accepted   03-02      03-06       4
//   3  Chanel   bag       rejected   03-04      03-05       1
//   4  LV       bag       rejected   03-05      03-15      10
//   5  LV       wallet    submitted  03-20      —
//   6  Gucci    wallet    listed     03-10      03-13       3
//   7  Gucci    bag       accepted   2025-02-20 02-27       7   (before March)
//   8  LV       backpack  submitted  2025-04-02 —              (after the as-of date)
//   9  no brand backpack  submitted  03-25      —
async function load(database: Database) {
  const fixture = new Fixture(database)
  await fixture.item('Neverfull', { brand: 'Louis Vuitton', cost: 500, added: '2025-01-01' })
  await fixture.sale({ item: 'Neverfull', price: 800, date: '2025-03-31' })
  const consignor = 'Mia Lane'
  await fixture.consignor(consignor)
  await fixture.submission({ consignor, brand: 'Chanel', status: 'listed', submitted: '2025-03-01', decided: '2025-03-03', listed: '2025-03-10' })
  await fixture.submission({ consignor, brand: 'Chanel', category: 'wallet', status: 'accepted', submitted: '2025-03-02', decided: '2025-03-06' })
  await fixture.submission({ consignor, brand: 'Chanel', status: 'rejected', submitted: '2025-03-04', decided: '2025-03-05' })
  await fixture.submission({ consignor, brand: 'Louis Vuitton', status: 'rejected', submitted: '2025-03-05', decided: '2025-03-15' })
  await fixture.submission({ consignor, brand: 'Louis Vuitton', category: 'wallet', status: 'submitted', submitted: '2025-03-20' })
  await fixture.submission({ consignor, brand: 'Gucci', category: 'wallet', status: 'listed', submitted: '2025-03-10', decided: '2025-03-13', listed: '2025-03-20' })
  await fixture.submission({ consignor, brand: 'Gucci', status: 'accepted', submitted: '2025-02-20', decided: '2025-02-27' })
  await fixture.submission({ consignor, brand: 'Louis Vuitton', category: 'backpack', status: 'submitted', submitted: '2025-04-02' })
  // The fixture always names a brand; a seller may not.
  await database.sql`
    insert into seller_submissions (seller_id, category, status, submitted_at)
    values (${fixture.userId(consignor)}, 'backpack', 'submitted', '2025-03-25T12:00:00Z')`
}

const march = { from: '2025-03-01', to: '2025-03-31' }

describe.each(testEngines())('seller_submissions on %s', (engine) => {
  const database = useTestDatabase(engine, load)

  it('counts submissions by status with acceptance rate, listing rate and median days to decision', async () => {
    const envelope = await runTool(database(), 'seller_submissions', march)
    // March: #1–#6 and #9 = 7. Accepted 1 (#2), rejected 2 (#3, #4), listed 2 (#1, #6), pending 2 (#5, #9).
    // Acceptance (1 + 2) / (1 + 2 + 2) = 60%; listing 2 / 3 = 66.67%; days 1, 2, 3, 4, 10 → median 3.
    expect(envelope.rows).toEqual([
      {
        label: 'All submissions',
        submitted: 7,
        pending: 2,
        accepted: 1,
        rejected: 2,
        listed: 2,
        median_days_to_decision: 3,
        acceptance_rate_percent: 60,
        listing_rate_percent: 66.67,
      },
    ])
    expect(envelope.narration).toBe(
      '7 seller submissions between 2025-03-01 and 2025-03-31: 3 accepted (2 of them listed), 2 rejected, 2 pending. ' +
        'Acceptance rate 60.0%, listing rate 66.7%. Median 3 days to a decision.',
    )
    expect(envelope.chart).not.toBeNull()
  })

  it('takes the window by submission day', async () => {
    const lastYear = await runTool(database(), 'seller_submissions', {})
    // Default window 2024-04-01 to 2025-03-31 adds #7 (accepted, 7 days) but not #8 (04-02).
    // Acceptance (2 + 2) / 6 = 66.67%; listing 2 / 4 = 50%; days 1, 2, 3, 4, 7, 10 → median (3 + 4) / 2 = 3.5.
    expect(lastYear.rows[0]).toMatchObject({ submitted: 8, accepted: 2, acceptance_rate_percent: 66.67, listing_rate_percent: 50, median_days_to_decision: 3.5 })
    const lateMarch = await runTool(database(), 'seller_submissions', { from: '2025-03-20', to: '2025-03-31' })
    // Only #5 and #9, both pending: no rates, no median.
    expect(lateMarch.rows[0]).toMatchObject({ submitted: 2, pending: 2, acceptance_rate_percent: null, listing_rate_percent: null, median_days_to_decision: null })
    expect(lateMarch.narration).toBe(
      '2 seller submissions between 2025-03-20 and 2025-03-31: 0 accepted (0 of them listed), 0 rejected, 2 pending. None is decided yet.',
    )
  })

  it('breaks down by brand and by category, most submitted first, ties by name', async () => {
    const byBrand = await runTool(database(), 'seller_submissions', { ...march, group_by: 'brand' })
    expect(byBrand.rows).toEqual([
      // Chanel: #1 listed, #2 accepted, #3 rejected → 2 / 3 = 66.67%; listing 1 / 2 = 50%; days 2, 4, 1 → median 2.
      { label: 'Chanel', submitted: 3, pending: 0, accepted: 1, rejected: 1, listed: 1, median_days_to_decision: 2, acceptance_rate_percent: 66.67, listing_rate_percent: 50 },
      // LV: #4 rejected (10 days), #5 pending → 0 / 1 = 0%; nothing accepted, so no listing rate.
      { label: 'Louis Vuitton', submitted: 2, pending: 1, accepted: 0, rejected: 1, listed: 0, median_days_to_decision: 10, acceptance_rate_percent: 0, listing_rate_percent: null },
      // Gucci and the brandless #9 tie at 1: by name.
      { label: 'Gucci', submitted: 1, pending: 0, accepted: 0, rejected: 0, listed: 1, median_days_to_decision: 3, acceptance_rate_percent: 100, listing_rate_percent: 100 },
      { label: 'Unknown brand', submitted: 1, pending: 1, accepted: 0, rejected: 0, listed: 0, median_days_to_decision: null, acceptance_rate_percent: null, listing_rate_percent: null },
    ])
    expect(byBrand.narration).toMatch(/^7 seller submissions between 2025-03-01 and 2025-03-31 across the 4 brands shown: .* Most submitted: Chanel \(3 submissions\)\.$/)
    const byCategory = await runTool(database(), 'seller_submissions', { ...march, group_by: 'category' })
    // bag #1 #3 #4 and wallet #2 #5 #6 tie at 3 → by name; bag: 1 / 3 = 33.33%, days 2, 1, 10 → 2; wallet: 2 / 2, days 4, 3 → 3.5.
    expect(byCategory.rows.map((row) => [row.label, row.submitted, row.acceptance_rate_percent, row.listing_rate_percent, row.median_days_to_decision])).toEqual([
      ['bag', 3, 33.33, 100, 2],
      ['wallet', 3, 100, 50, 3.5],
      ['backpack', 1, null, null, null],
    ])
    const top = await runTool(database(), 'seller_submissions', { ...march, group_by: 'brand', limit: 1 })
    expect(top.narration).toBe(
      '3 seller submissions between 2025-03-01 and 2025-03-31 across the 1 brand shown: 2 accepted (1 of them listed), 1 rejected, 0 pending. ' +
        'Acceptance rate 66.7%, listing rate 50.0%. Most submitted: Chanel (3 submissions).',
    )
  })

  it('says so when there are no submissions in the window', async () => {
    const empty = await runTool(database(), 'seller_submissions', { from: '2025-05-01', to: '2025-05-31' })
    expect(empty.rows).toEqual([])
    expect(empty.narration).toBe('No seller submissions between 2025-05-01 and 2025-05-31.')
    expect(empty.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const badGroup = await tryTool(database(), 'seller_submissions', { group_by: 'seller' })
    expect(badGroup.ok ? '' : badGroup.error.message).toMatch(/group_by: .*"none"\|"brand"\|"category"/)
    const unknownField = await tryTool(database(), 'seller_submissions', { status: 'listed' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'status'; allowed fields: period, from, to, group_by, limit/)
    const backwards = await tryTool(database(), 'seller_submissions', { from: '2025-03-31', to: '2025-03-01' })
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/to: must be on or after from \(2025-03-31\)/)
  })
})
