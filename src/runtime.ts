import { catalog } from '../tools/index.ts'
import { loadConfig, type Config } from './config/config.ts'
import { openDatabase, type Database } from './db/database.ts'
import { migrate } from './db/migrate.ts'
import { hasDemoData, seedDemoData } from './demo/seed.ts'
import { localActor } from './local-actor.ts'
import type { Role } from './privacy/mask.ts'
import type { ExecutionContext, Surface } from './tools/executor.ts'
import { createRegistry, type ToolRegistry } from './tools/registry.ts'
import { forgetValueIndex, valueIndexFor } from './tools/value-index.ts'
import { loadSqlParser } from './free-sql/sql-guard.ts'
import { runReadonlySql } from './free-sql/run-readonly-sql.ts'

/** What a surface needs: configuration, the database, the tool registry. Opened once per process. */
export interface Runtime {
  config: Config
  database: Database
  registry: ToolRegistry
  /**
   * The context a tool call runs in. `actor` is who is calling, for the audit log (`api-key:<name> (<prefix>)`,
   * `mcp-stdio:<user>`); without it the CLI records `cli:<operating-system user>` and other surfaces their name.
   */
  executionContext(role: Role, surface: Surface, actor?: string): ExecutionContext
  close(): Promise<void>
}

export interface RuntimeOptions {
  config?: Config
  /** Apply pending migrations (default true). */
  migrate?: boolean
  /** Seed the demo data when the database has no sales (the first `npm start`). */
  seedIfEmpty?: boolean
  log?: (message: string) => void
  /** Rows written so far while seeding, for a progress report (the MCP server's first requests wait for it). */
  onSeedProgress?: (done: number, total: number, table: string) => void
}

/** The vetted catalog, plus the guarded free-form SQL tool when it is switched on (its parser loaded first). */
export async function registryFor(config: Config): Promise<ToolRegistry> {
  if (!config.LUXX_ENABLE_SQL_TOOL) return createRegistry(catalog)
  await loadSqlParser()
  return createRegistry([...catalog, runReadonlySql])
}

export function runtimeFrom(config: Config, database: Database, registry = createRegistry(catalog)): Runtime {
  return {
    config,
    database,
    registry,
    executionContext: (role, surface, actor) => ({
      database,
      role,
      surface,
      actor: actor ?? (surface === 'cli' ? localActor('cli') : surface),
      timeZone: config.LUXX_TIME_ZONE,
      // Unset: the business clock in LUXX_TIME_ZONE (the executor reads it per call).
      ...(config.LUXX_AS_OF ? { asOf: config.LUXX_AS_OF } : {}),
      statementTimeoutMs: config.LUXX_STATEMENT_TIMEOUT_MS,
      workMemMb: config.LUXX_ANALYTICS_WORK_MEM_MB,
      maxRows: config.LUXX_MAX_ROWS,
    }),
    close: () => database.close(),
  }
}

/**
 * Migrations, then the demo data on a first run. Safe to repeat: the server retries it while the
 * database is down at start (src/server/serve.ts).
 */
export async function prepareDatabase(
  database: Database,
  config: Pick<Config, 'LUXX_TIME_ZONE' | 'LUXX_AS_OF'>,
  options: Pick<RuntimeOptions, 'migrate' | 'seedIfEmpty' | 'log' | 'onSeedProgress'> = {},
): Promise<void> {
  if (options.migrate !== false) await migrate(database.sql)
  if (options.seedIfEmpty && !(await hasDemoData(database.sql))) {
    options.log?.('First run: seeding the demo data (small scale), ending yesterday…')
    // Ends the day before today on the business clock, so "last month" and "this week" have data.
    await seedDemoData(database.sql, {
      scale: 'small',
      seed: 42,
      timeZone: config.LUXX_TIME_ZONE,
      ...(config.LUXX_AS_OF ? { asOf: config.LUXX_AS_OF } : {}),
      ...(options.onSeedProgress ? { onProgress: options.onSeedProgress } : {}),
    })
    forgetValueIndex(database)
  }
}

export async function openRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const config = options.config ?? loadConfig()
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    analyticsDatabaseUrl: config.ANALYTICS_DATABASE_URL,
    dataDir: config.LUXX_DATA_DIR,
    embeddedQueryLimitMs: config.LUXX_EMBEDDED_QUERY_LIMIT_MS,
  })
  try {
    await prepareDatabase(database, config, options)
  } catch (error) {
    await database.close()
    throw error
  }
  // The brands, states and cities the data holds, read once up front: the offline planner has no database at hand
  // and reads the values last loaded. A failure here only leaves it the declared ones; tool calls read them again.
  await valueIndexFor(database).catch(() => undefined)
  return runtimeFrom(config, database, await registryFor(config))
}
