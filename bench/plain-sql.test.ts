import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config/config.ts'
import { runtimeFrom } from '../src/runtime.ts'
import { testEngines, useDemoDatabase } from '../src/testing/test-database.ts'
import { plainReferences } from './plain-sql.ts'
import { compareOnPostgres } from './references.ts'

// The bench times each tool beside its plain-SQL reference only when the reference returns the tool's figures; this
// keeps that true between bench runs. The business clock sits in New York, as the demo data's days do, so the
// references' $zone is exercised; today is the demo data's last day. The bench times references on PostgreSQL, so they
// are checked on the server when the run has one (the embedded engine otherwise): one engine keeps CI's time in bounds.
describe.each(testEngines().slice(-1))('plain-SQL references on %s', (engine) => {
  const database = useDemoDatabase(engine)
  const runtime = () => runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'America/New_York', LUXX_AS_OF: '2026-10-31' }), database())

  it('has one reference per tool, each naming a catalog tool', () => {
    const tools = plainReferences.map((reference) => reference.tool)
    expect(new Set(tools).size).toBe(tools.length)
    const catalog = new Set(runtime().registry.list().map((tool) => tool.name))
    expect(tools.filter((tool) => !catalog.has(tool))).toEqual([])
  })

  it.each(plainReferences.map((reference) => [reference.tool, reference] as const))('%s returns the tool\'s figures at its defaults', async (_, reference) => {
    const compared = await compareOnPostgres(runtime(), reference)
    if (!compared.ok) throw new Error(`${reference.tool} failed: ${compared.error}`)
    expect(compared.difference).toBeUndefined()
  })
})
