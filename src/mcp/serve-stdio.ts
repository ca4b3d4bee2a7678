import { localActor } from '../local-actor.ts'
import { createMcpServer } from './create-mcp-server.ts'
import { seedProgressFeed } from './progress.ts'
import { StdioServerTransport } from './sdk.ts'

/**
 * `luxx-analyst mcp`: MCP over stdio. Stdout carries protocol messages only, so every log line,
 * including first-run seeding, goes to stderr.
 */
export async function serveStdio(): Promise<void> {
  // initialize is answered at once; the runtime's modules load and the database opens (and on first run seeds)
  // meanwhile, and the first request that needs it waits for it.
  const seeding = seedProgressFeed()
  const opening = import('../runtime.ts').then(({ openRuntime }) =>
    openRuntime({ seedIfEmpty: true, log: (message) => process.stderr.write(`${message}\n`), onSeedProgress: (done, total, table) => seeding.report({ done, total, table }) }),
  )
  // The role is LUXX_MCP_ROLE (default analyst), read with the rest of the configuration once it has loaded.
  // The tool list needs the configuration and the catalog, not the database: a host's first tools/list is answered
  // while the embedded engine still starts (or seeds).
  const registry = Promise.all([import('../runtime.ts'), import('../config/config.ts')]).then(([{ registryFor }, { loadConfig }]) => registryFor(loadConfig()))
  const server = createMcpServer({ runtime: opening, actor: localActor('mcp-stdio'), seeding, registry })
  const transport = new StdioServerTransport()
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= server.close().finally(() => opening.then((runtime) => runtime.close(), () => undefined))
    return closing
  }
  await server.connect(transport)
  opening.then(
    (runtime) => process.stderr.write(`luxx-analyst MCP server ready on stdio (${runtime.database.location}).\n`),
    (error: unknown) => process.stderr.write(`luxx-analyst could not open its database: ${error instanceof Error ? error.message : String(error)}\n`),
  )
  // Claude Desktop ends the server by closing stdin or by a signal; either way the database closes cleanly.
  await new Promise<void>((resolve) => {
    const stop = () => void close().then(resolve)
    process.stdin.once('end', stop)
    process.stdin.once('close', stop)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
