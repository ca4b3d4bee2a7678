import { createCatalogRegistry } from '../../tools/index.ts'
import type { Database } from '../db/database.ts'
import type { Envelope } from '../tools/envelope.ts'
import { executeTool, type ToolOutcome } from '../tools/executor.ts'
import type { Role } from '../privacy/mask.ts'

const registry = createCatalogRegistry()

/** Runs a catalog tool the way every surface does, with test defaults (UTC, analyst role). */
export function tryTool(database: Database, name: string, args: unknown = {}, role: Role = 'analyst', timeZone = 'UTC'): Promise<ToolOutcome> {
  return executeTool(registry, name, args, {
    database,
    timeZone,
    statementTimeoutMs: 15_000,
    maxRows: 1_000,
    role,
    surface: 'test',
  })
}

/** Runs a tool and returns its envelope, failing the test with the tool's own message otherwise. */
export async function runTool(database: Database, name: string, args: unknown = {}, role: Role = 'analyst', timeZone = 'UTC'): Promise<Envelope> {
  const outcome = await tryTool(database, name, args, role, timeZone)
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`)
  return outcome.envelope
}
