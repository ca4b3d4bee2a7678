import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config.ts'
import type { Readiness } from '../http/readiness.ts'
import type { Runtime } from '../runtime.ts'
import { openSharedTestDatabase, type SharedTestDatabase } from '../security/shared-database.ts'
import type { RunningServer } from '../server/serve.ts'
import { runCli } from '../server/testing/cli-process.ts'
import { Fixture } from '../testing/fixtures.ts'
import { cliCommand, startMessage } from './commands/serve.ts'
import { pseudonymOf } from '../testing/pseudonym.ts'

/** Issue #19, finding 10: the operator at their own terminal is the machine's owner; the banner says what holds. */
describe('the local operator', () => {
  let shared: SharedTestDatabase
  beforeAll(async () => {
    shared = await openSharedTestDatabase('pglite')
    const fixture = new Fixture(shared.database)
    await fixture.customer({ name: 'Bea Quiet', email: 'bea.quiet@example.com', phone: '+1 555 010 0042' })
    await fixture.item('D', { brand: 'Hermès', cost: 3000, added: '2024-05-01' })
    await fixture.sale({ item: 'D', buyer: 'Bea Quiet', price: 5000, date: '2024-06-01' })
  })
  afterAll(() => shared?.database.close())

  const churn = (environment: Record<string, string>, ...extra: string[]) =>
    runCli(['tools', 'run', 'churn_risk', '--period', 'all_time', ...extra], { ...shared.environment, LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-03-12', ...environment })

  it('sees the contact details of "contact these customers" lists as an admin, unless LUXX_CLI_ROLE or --role says otherwise', async () => {
    const owner = await churn({})
    expect(owner.code, owner.stderr).toBe(0)
    expect(owner.stdout).toContain('bea.quiet@example.com')
    // A viewer sees no name and no contact, not even initials or fragments: a pseudonym from the customer's id.
    const [bea] = await shared.database.sql<{ id: string }[]>`select id::text from users where full_name = 'Bea Quiet'`
    for (const viewer of [await churn({ LUXX_CLI_ROLE: 'viewer' }), await churn({}, '--role', 'viewer')]) {
      expect(viewer.code, viewer.stderr).toBe(0)
      expect(viewer.stdout).toContain(pseudonymOf(bea!.id))
      expect(viewer.stdout).not.toMatch(/Bea|B\. Q\.|b\*\*\*|example\.com|\*\*42/)
    }
    const analyst = await churn({}, '--role', 'analyst')
    expect(analyst.stdout).toContain('Bea Quiet')
    expect(analyst.stdout).not.toContain('bea.quiet@example.com')
  })
})

describe('the start banner', () => {
  const running = (access: RunningServer['access'], environment: Record<string, string> = {}) =>
    ({
      runtime: { config: loadConfig(environment), database: { location: '.data' } } as unknown as Runtime,
      url: 'http://127.0.0.1:3000',
      access,
      readiness: { current: () => ({ ready: true }) } as Readiness,
    }) as RunningServer

  it('names commands as they run where the server was started: npm run cli -- in a clone, luxx-analyst installed', () => {
    expect(cliCommand({ npm_lifecycle_event: 'start' })).toBe('npm run cli --')
    expect(cliCommand({})).toBe('luxx-analyst')
    expect(startMessage(running('loopback-without-keys'), 'luxx-analyst')).toContain('create one: luxx-analyst keys create --name NAME --role analyst')
  })

  it('says /mcp needs a key even while the web chat and /api need none, unless LUXX_ALLOW_NO_AUTH is set', () => {
    const banner = startMessage(running('loopback-without-keys'), 'npm run cli --')
    expect(banner).toContain('the web chat and /api need no key (role analyst)')
    expect(banner).toContain('  MCP:      http://127.0.0.1:3000/mcp (needs an API key: npm run cli -- keys create --name NAME --role analyst)')
    expect(startMessage(running('loopback-without-keys', { LUXX_ALLOW_NO_AUTH: '1' }), 'npm run cli --')).toContain('/mcp (no key needed: LUXX_ALLOW_NO_AUTH is set)')
    expect(banner).toContain('(acts as admin; LUXX_CLI_ROLE or --role changes it)')
  })
})
