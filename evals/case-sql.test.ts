import { describe, expect, it } from 'vitest'
import { seedDemoData } from '../src/demo/seed.ts'
import { areas } from '../src/tools/define-tool.ts'
import { evalData } from '../src/evals/eval-database.ts'
import { expectedFacts } from '../src/evals/expected-facts.ts'
import { fixtures } from '../src/evals/fixtures.ts'
import { loadSuites } from '../src/evals/load-suites.ts'
import { testEngines, useTestDatabase } from '../src/testing/test-database.ts'
import { catalog } from './../tools/index.ts'

// The suite files themselves: valid, naming only catalog tools, and each case's own SQL computing exactly one
// set of expected values on the seeded data. On the embedded engine offline-suites.test.ts checks the SQL on its
// own seeded database (every case's facts are computed there before it is asked): seeding a second one here
// would cost the CI budget a minute for the same check. Here it runs on the other engines (PostgreSQL in CI).
const serverEngines = testEngines().filter((engine) => engine !== 'pglite')
const loaded = loadSuites({ knownTools: catalog.map((tool) => tool.name) })

function suites() {
  if (!loaded.ok) throw new Error(`The eval suites have problems:\n${loaded.errors.join('\n')}`)
  return loaded.suites
}

describe('the eval suite files', () => {
  it('parse, have unique ids and name only catalog tools', () => {
    expect(loaded.ok ? [] : loaded.errors).toEqual([])
  })

  it('cover every area of the catalog in core with at least 80 cases, follow-ups and period comparisons', () => {
    const core = suites().find((suite) => suite.suite === 'core')!
    expect(core.cases.length).toBeGreaterThanOrEqual(80)
    expect(new Set(core.cases.map((evalCase) => evalCase.area))).toEqual(new Set(areas))
    expect(core.cases.filter((evalCase) => evalCase.conversation.length > 0).length).toBeGreaterThanOrEqual(5)
    expect(core.cases.filter((evalCase) => /\b(?:vs|compare|compared|year over year|the week before|last year)\b/i.test(evalCase.question)).length).toBeGreaterThanOrEqual(5)
    const catalogTools = new Set(catalog.map((tool) => tool.name))
    const covered = new Set(core.cases.flatMap((evalCase) => evalCase.tools))
    expect([...catalogTools].filter((tool) => !covered.has(tool))).toEqual([])
  })
})

describe.each(serverEngines)('the expected facts of every eval case on the seeded data (%s)', (engine) => {
  const database = useTestDatabase(engine, (db) => seedDemoData(db.sql, { ...evalData, endDate: '2026-10-31' }))

  it('come from one SELECT returning exactly one row with every fact', async () => {
    const problems: string[] = []
    // Suites with a fixture are computed after it, as the runner does.
    const ordered = [...suites().filter((suite) => !suite.fixture), ...suites().filter((suite) => suite.fixture)]
    const applied = new Set<string>()
    let computed = 0
    for (const suite of ordered) {
      if (suite.fixture && !applied.has(suite.fixture)) {
        await fixtures[suite.fixture](database().sql)
        applied.add(suite.fixture)
      }
      for (const evalCase of suite.cases) {
        const outcome = await expectedFacts(database().sql, evalCase)
        if (!outcome.ok) problems.push(`${suite.suite}: ${outcome.error}`)
        else if (outcome.facts.length !== Object.keys(evalCase.facts).length) problems.push(`${suite.suite}/${evalCase.id}: facts missing`)
        else computed += outcome.facts.length
      }
    }
    expect(problems).toEqual([])
    expect(computed).toBeGreaterThan(150)
  }, 180_000)
})
