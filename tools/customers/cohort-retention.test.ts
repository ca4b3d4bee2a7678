import { describe, expect, it } from 'vitest'
import { Fixture } from '../../src/testing/fixtures.ts'
import { Purchases } from '../../src/testing/customer-fixtures.ts'
import { runTool, tryTool } from '../../src/testing/run-tool.ts'
import { testEngines, useTestDatabase } from '../../src/testing/test-database.ts'

// The latest sale is 2025-04-30, so the last month with data is April 2025 (month 3 for January, 2 for February, 1 for March).
// Cohorts: December 2024 = {Hal}; January 2025 = {Ann, Bob, Cal, Dot}; February = {Eli, Flo}; March = {Gus}; April = {Ivy}.
async function load(fixture: Fixture) {
  const purchases = new Purchases(fixture)
  for (const name of ['Ann', 'Bob', 'Cal', 'Dot', 'Eli', 'Flo', 'Gus', 'Hal', 'Ivy']) await fixture.customer({ name: `${name} Cohort` })
  await purchases.buy({ buyer: 'Hal Cohort', price: 100, date: '2024-12-15' })
  await purchases.buy({ buyer: 'Hal Cohort', price: 100, date: '2025-01-15' })
  // January: Ann returns in February and March; Bob twice in February (counted once); Cal in April; Dot never.
  await purchases.buy({ buyer: 'Ann Cohort', price: 100, date: '2025-01-05' })
  await purchases.buy({ buyer: 'Ann Cohort', price: 100, date: '2025-02-10' })
  await purchases.buy({ buyer: 'Ann Cohort', price: 100, date: '2025-03-03' })
  await purchases.buy({ buyer: 'Bob Cohort', price: 100, date: '2025-01-20' })
  await purchases.buy({ buyer: 'Bob Cohort', price: 100, date: '2025-02-01' })
  await purchases.buy({ buyer: 'Bob Cohort', price: 100, date: '2025-02-25' })
  await purchases.buy({ buyer: 'Cal Cohort', price: 100, date: '2025-01-31' })
  await purchases.buy({ buyer: 'Cal Cohort', price: 100, date: '2025-04-02' })
  await purchases.buy({ buyer: 'Dot Cohort', price: 100, date: '2025-01-10' })
  // February: Eli returns in March; Flo in April.
  await purchases.buy({ buyer: 'Eli Cohort', price: 100, date: '2025-02-14' })
  await purchases.buy({ buyer: 'Eli Cohort', price: 100, date: '2025-03-15' })
  await purchases.buy({ buyer: 'Flo Cohort', price: 100, date: '2025-02-28' })
  await purchases.buy({ buyer: 'Flo Cohort', price: 100, date: '2025-04-30' })
  // March: Gus never returns. April: Ivy, in the latest month.
  await purchases.buy({ buyer: 'Gus Cohort', price: 100, date: '2025-03-03' })
  await purchases.buy({ buyer: 'Ivy Cohort', price: 100, date: '2025-04-10' })
  // No known buyer: no cohort.
  await purchases.buy({ price: 100, date: '2025-01-02' })
}

const firstQuarter = { from: '2025-01-01', to: '2025-03-31' }

describe.each(testEngines())('cohort_retention on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => load(new Fixture(db)))

  it('stops at the last recorded sale when today is later: months after the data are unknown, not 0%', async () => {
    // Today 2025-07-15, sales recorded up to 2025-04-30: the March cohort (Gus) has months 0 (March) and 1 (April) only;
    // May, June and July have no data yet and are left out rather than shown as 0% retention.
    const envelope = await runTool(database(), 'cohort_retention', { from: '2025-03-01', to: '2025-03-31' }, 'analyst', 'UTC', '2025-07-15')
    expect(envelope.rows.map((row) => [row.cohort_month, row.month_number, row.active_customers])).toEqual([
      ['2025-03', 0, 1],
      ['2025-03', 1, 0],
    ])
  })

  it('follows each cohort month by month up to the latest month in the data', async () => {
    const envelope = await runTool(database(), 'cohort_retention', firstQuarter)
    expect(envelope.rows.map((row) => [row.cohort_month, row.month_number, row.cohort_size, row.active_customers, row.retention_percent])).toEqual([
      // January (4): month 0 all 4; month 1 Ann and Bob = 2/4 = 50%; month 2 Ann = 25%; month 3 (April) Cal = 25%.
      ['2025-01', 0, 4, 4, 100],
      ['2025-01', 1, 4, 2, 50],
      ['2025-01', 2, 4, 1, 25],
      ['2025-01', 3, 4, 1, 25],
      // February (2): month 1 Eli = 50%; month 2 (April) Flo = 50%.
      ['2025-02', 0, 2, 2, 100],
      ['2025-02', 1, 2, 1, 50],
      ['2025-02', 2, 2, 1, 50],
      // March (1): month 1 (April) nobody.
      ['2025-03', 0, 1, 1, 100],
      ['2025-03', 1, 1, 0, 0],
    ])
    // Month 1: (2 + 1 + 0) of (4 + 2 + 1) = 3/7 = 42.86 → 42.9%. January and February tie at 50%: the larger January wins.
    expect(envelope.narration).toBe(
      '3 cohorts (2025-01 to 2025-03) of 7 new customers. In month 1, 3 of 7 customers came back (42.9%); ' +
        'the best cohort was 2025-01 at 50.0% (2 of 4).',
    )
    expect(envelope.chart).toMatchObject({ mark: { type: 'rect' }, encoding: { color: { field: 'retention_percent' } } })
  })

  it('stops at max_months', async () => {
    const envelope = await runTool(database(), 'cohort_retention', { ...firstQuarter, max_months: 1 })
    expect(envelope.rows.map((row) => `${row.cohort_month}/${row.month_number}`)).toEqual([
      '2025-01/0',
      '2025-01/1',
      '2025-02/0',
      '2025-02/1',
      '2025-03/0',
      '2025-03/1',
    ])
  })

  it('starts cohorts only from first purchases in the window', async () => {
    const envelope = await runTool(database(), 'cohort_retention', { from: '2024-12-01', to: '2024-12-31' })
    // Hal alone: back in January (month 1, 100%), then nothing through April (month 4).
    expect(envelope.rows.map((row) => [row.cohort_month, row.month_number, row.active_customers, row.retention_percent])).toEqual([
      ['2024-12', 0, 1, 100],
      ['2024-12', 1, 1, 100],
      ['2024-12', 2, 0, 0],
      ['2024-12', 3, 0, 0],
      ['2024-12', 4, 0, 0],
    ])
    expect(envelope.narration).toBe(
      '1 cohort (2024-12) of 1 new customer. In month 1, 1 of 1 customers came back (100.0%); the best cohort was 2024-12 at 100.0% (1 of 1).',
    )
  })

  it('says when no cohort has reached month 1, when nobody came back, and when there are no cohorts', async () => {
    const april = await runTool(database(), 'cohort_retention', { from: '2025-04-01', to: '2025-04-30' })
    // Ivy's cohort is in the latest month: only month 0 has started.
    expect(april.rows).toEqual([{ cohort_month: '2025-04', month_number: 0, cohort_size: 1, active_customers: 1, retention_percent: 100 }])
    expect(april.narration).toBe('1 cohort (2025-04) of 1 new customer. No cohort has reached its second month yet.')
    // Gus alone in March, not back in April.
    const march = await runTool(database(), 'cohort_retention', { from: '2025-03-01', to: '2025-03-31' })
    expect(march.narration).toBe('1 cohort (2025-03) of 1 new customer. Nobody came back in month 1 (0 of 1).')
    const empty = await runTool(database(), 'cohort_retention', { from: '2024-01-01', to: '2024-11-30' })
    expect(empty.rows).toEqual([])
    expect(empty.narration).toBe('No customers made their first purchase between 2024-01-01 and 2024-11-30.')
    expect(empty.chart).toBeNull()
  })

  it('rejects bad input with what was wrong and what is allowed', async () => {
    const tooFew = await tryTool(database(), 'cohort_retention', { max_months: 0 })
    expect(tooFew.ok ? '' : tooFew.error.message).toMatch(/max_months: .*>=1/)
    const tooMany = await tryTool(database(), 'cohort_retention', { max_months: 25 })
    expect(tooMany.ok ? '' : tooMany.error.message).toMatch(/max_months: .*<=24/)
    const unknownField = await tryTool(database(), 'cohort_retention', { grain: 'week' })
    expect(unknownField.ok ? '' : unknownField.error.message).toMatch(/unknown field 'grain'; allowed fields: period, from, to, max_months/)
  })
})
