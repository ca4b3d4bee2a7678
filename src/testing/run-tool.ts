import { createCatalogRegistry } from '../../tools/index.ts'
import type { Database } from '../db/database.ts'
import type { Envelope } from '../tools/envelope.ts'
import { executeTool, type ToolOutcome } from '../tools/executor.ts'
import type { Role } from '../privacy/mask.ts'

const registry = createCatalogRegistry()

/**
 * "Today" in tests: the day given, else the latest sale of the test database (2026-10-31 on the small demo data,
 * seed 42; a fixture's last sale otherwise), so expectations written against that day keep holding whatever the clock says.
 */
export async function testToday(database: Database, asOf?: string): Promise<string> {
  if (asOf) return asOf
  const [row] = await database.sql<{ latest: string | null }[]>`select max(date_sold)::text as latest from sales`
  return row?.latest ?? '2026-10-31'
}

/** Runs a catalog tool the way every surface does, with test defaults (UTC, analyst role, today pinned). */
export async function tryTool(
  database: Database,
  name: string,
  args: unknown = {},
  role: Role = 'analyst',
  timeZone = 'UTC',
  asOf?: string,
): Promise<ToolOutcome> {
  return executeTool(registry, name, args, {
    database,
    timeZone,
    statementTimeoutMs: 15_000,
    maxRows: 1_000,
    role,
    surface: 'test',
    asOf: await testToday(database, asOf),
  })
}

/** Runs a tool and returns its envelope, failing the test with the tool's own message otherwise. */
export async function runTool(
  database: Database,
  name: string,
  args: unknown = {},
  role: Role = 'analyst',
  timeZone = 'UTC',
  asOf?: string,
): Promise<Envelope> {
  const outcome = await tryTool(database, name, args, role, timeZone, asOf)
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`)
  return outcome.envelope
}
