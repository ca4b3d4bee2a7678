import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { packagePath } from '../paths.ts'
import { ConfigError, configurationTable, loadConfig, settings } from './config.ts'

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadConfig(environment)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('configuration', () => {
  it('starts with defaults on an empty environment: embedded database, offline planner', () => {
    const config = loadConfig({})
    expect(config.DATABASE_URL).toBeUndefined()
    expect(config.LUXX_DATA_DIR).toBe('./.data')
    expect(config.PORT).toBe(3000)
    expect(config.HOST).toBe('127.0.0.1')
    expect(config.LUXX_TIME_ZONE).toBe('America/New_York')
    expect(config.DIGEST_RECIPIENTS).toEqual([])
    expect(config.LUXX_ENABLE_SQL_TOOL).toBe(false)
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000)
  })

  it('names the variable, the problem and a good example for each bad value', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LUXX_TIME_ZONE: 'Mars/Olympus', DIGEST_RECIPIENTS: 'a@b.com,nobody' })
    expect(problems).toHaveLength(4)
    expect(problems.find((line) => line.startsWith('PORT='))).toMatch(/^PORT="eighty" .*number.* Example: PORT=3000$/)
    expect(problems.find((line) => line.startsWith('DATABASE_URL='))).toMatch(/must be a PostgreSQL connection URL\. Example: DATABASE_URL=postgres:\/\//)
    expect(problems.find((line) => line.startsWith('LUXX_TIME_ZONE='))).toMatch(/must be an IANA time zone name/)
    expect(problems.find((line) => line.startsWith('DIGEST_RECIPIENTS='))).toMatch(/each recipient must be an e-mail address/)
  })

  it('stops the start on a digest schedule croner cannot read, or one that never fires', () => {
    expect(problemsOf({ DIGEST_CRON: 'every monday' })).toEqual([
      'DIGEST_CRON="every monday" must be a cron expression (minute hour day-of-month month weekday, seconds first if six fields): invalid configuration format (\'every monday\'), exactly five or six space separated parts are required. Example: DIGEST_CRON=0 8 * * 1',
    ])
    expect(problemsOf({ DIGEST_CRON: '0 8 * * 8' })).toEqual([
      'DIGEST_CRON="0 8 * * 8" must be a cron expression (minute hour day-of-month month weekday, seconds first if six fields): Invalid value for dayOfWeek: 8. Example: DIGEST_CRON=0 8 * * 1',
    ])
    // 30 February: a pattern croner reads, but no date matches it.
    expect(problemsOf({ DIGEST_CRON: '0 8 30 2 *' })).toEqual([
      'DIGEST_CRON="0 8 30 2 *" must be a cron expression that fires; this one matches no date. Example: DIGEST_CRON=0 8 * * 1',
    ])
    expect(loadConfig({ DIGEST_CRON: '30 7 * * 1-5' }).DIGEST_CRON).toBe('30 7 * * 1-5')
    expect(loadConfig({}).DIGEST_CRON).toBe('0 8 * * 1')
  })

  it('stops the start on a fallback list naming a provider it does not know, naming the allowed ones', () => {
    expect(problemsOf({ LLM_FALLBACK: 'openai,gemini' })).toEqual([
      "LLM_FALLBACK=\"openai,gemini\" each provider must be one of anthropic, openai, local; got 'gemini'. Example: LLM_FALLBACK=anthropic,openai,local",
    ])
    expect(loadConfig({ LLM_FALLBACK: ' OpenAI , local' }).LLM_FALLBACK).toEqual(['openai', 'local'])
    expect(loadConfig({}).LLM_FALLBACK).toEqual(['local'])
  })

  it('parses lists, numbers and flags', () => {
    const config = loadConfig({ DIGEST_RECIPIENTS: ' owner@luxx.com , team@luxx.com ', PORT: '8080', LUXX_ENABLE_SQL_TOOL: '1' })
    expect(config.DIGEST_RECIPIENTS).toEqual(['owner@luxx.com', 'team@luxx.com'])
    expect(config.PORT).toBe(8080)
    expect(config.LUXX_ENABLE_SQL_TOOL).toBe(true)
  })

  it('documents every setting in the README table', () => {
    const table = configurationTable()
    for (const name of Object.keys(settings)) expect(table).toContain(`\`${name}\``)
    // The README shows the table generated from these definitions, row for row.
    expect(readFileSync(packagePath('README.md'), 'utf8')).toContain(table)
  })

  it('limits a query on the embedded engine to 30 s unless told otherwise, and to at least a second', () => {
    expect(loadConfig({}).LUXX_EMBEDDED_QUERY_LIMIT_MS).toBe(30_000)
    expect(loadConfig({ LUXX_EMBEDDED_QUERY_LIMIT_MS: '5000' }).LUXX_EMBEDDED_QUERY_LIMIT_MS).toBe(5_000)
    expect(problemsOf({ LUXX_EMBEDDED_QUERY_LIMIT_MS: '10' })).toEqual(['LUXX_EMBEDDED_QUERY_LIMIT_MS="10" must be at least 1000. Example: LUXX_EMBEDDED_QUERY_LIMIT_MS=30000'])
  })
})
