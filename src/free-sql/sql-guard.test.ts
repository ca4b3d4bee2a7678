import { beforeAll, describe, expect, it } from 'vitest'
import { guardSql, loadSqlParser } from './sql-guard.ts'

beforeAll(() => loadSqlParser())

function reason(text: string): string {
  const verdict = guardSql(text)
  return verdict.ok ? 'accepted' : verdict.reason
}

describe('guardSql: WITH names are scoped as PostgreSQL scopes them', () => {
  it.each([
    ['a WITH inside a FROM subquery', 'select * from api_keys, (with api_keys as (select 1 as a) select * from api_keys) x', 'api_keys'],
    ['a WITH inside a scalar subquery', 'select (with audit_log as (select 1) select 1), * from audit_log', 'audit_log'],
    ['a WITH on one arm of a UNION', '(with api_keys as (select 1 as id) select id from api_keys) union all select id from api_keys', 'api_keys'],
    ['a plain WITH part naming itself', 'with api_keys as (select * from api_keys) select * from api_keys', 'api_keys'],
    ['a plain WITH part naming a later part', 'with early as (select * from audit_log), audit_log as (select 1) select * from early', 'audit_log'],
  ])('refuses a table hidden behind %s, naming the table', (_, text, table) => {
    expect(reason(text)).toMatch(new RegExp(`^table ${table} is not readable; allowed: users, `))
  })

  it.each([
    ['a WITH part used by the main query', 'with recent as (select * from sales where date_sold > now() - interval \'30 days\') select count(*) from recent'],
    ['a WITH part used by a later one', 'with asof as (select max(date_sold) as day from sales), last_day as (select s.* from sales s, asof where s.date_sold = asof.day) select count(*) from last_day'],
    ['a recursive WITH part', 'with recursive days(n) as (select 1 union all select n + 1 from days where n < 7) select sum(n) from days'],
    ['a recursive WITH part naming a later one', 'with recursive first as (select * from second), second as (select 1 as one) select * from first'],
    ['a WITH part used from a subquery of its statement', 'with big as (select id from sales where gross_amount_earned > 1000) select count(*) from sales where id in (select id from big)'],
    ['a WITH part used from a FROM subquery of its statement', 'with big as (select id from sales) select * from (select count(*) from big) counted'],
    ['a WITH part used by both arms of its UNION', 'with big as (select id from sales) select id from big union all select id from big'],
    ['an outer WITH part used inside a nested WITH', 'with outer_part as (select id from sales) select * from (with inner_part as (select id from outer_part) select id from inner_part) nested'],
  ])('accepts %s', (_, text) => {
    expect(reason(text)).toBe('accepted')
  })
})
