import type { Command } from 'commander'
import { isLoopbackHost } from '../../http/access.ts'
import type { RunningServer } from '../../server/serve.ts'
import { CliError, exitCodes } from '../cli-error.ts'

/** The CLI as the operator can type it: `npm run cli --` in a clone (where `npm start` runs), else the installed command. */
export function cliCommand(environment: NodeJS.ProcessEnv = process.env): string {
  return environment.npm_lifecycle_event ? 'npm run cli --' : 'luxx-analyst'
}

/** What `npm start` prints: where to go, and how /api and /mcp are guarded right now, as the server enforces it. */
export function startMessage({ runtime, url, access, readiness }: RunningServer, cli = cliCommand()): string {
  const state = readiness.current()
  const createKey = `${cli} keys create --name NAME --role analyst`
  const lines = [`luxx-analyst is running at ${url} on ${runtime.database.location}.`, `  Web chat: ${url}/`]
  if (access === 'loopback-without-keys') {
    lines.push(
      `  No API key exists yet, so it serves this machine only (${runtime.config.HOST}): the web chat and /api need no key (role analyst).`,
      `  To require keys (and to serve other machines), create one: ${createKey}`,
    )
  } else if (access === 'keys') {
    lines.push(`  /api, the web chat and /mcp ask for an API key (${cli} keys create|list|revoke).`)
  } else {
    lines.push(`  No API key could be confirmed (the database is not ready), so it serves this machine only, and /api asks for a key once one exists.`)
  }
  if (!isLoopbackHost(runtime.config.HOST) && !runtime.config.LUXX_PUBLIC_URL) {
    // Requests naming another host are refused (DNS-rebinding protection), so others need the public name set.
    lines.push('  Set LUXX_PUBLIC_URL to the address people use to reach it: /api and /mcp refuse other host names.')
  }
  if (!state.ready) lines.push(`  The database is not ready: ${state.reason}. Retrying; ${url}/readyz says when it is.`)
  // /mcp asks for a key unless LUXX_ALLOW_NO_AUTH is set, keys or not (create-app.ts).
  const mcpAccess = runtime.config.LUXX_ALLOW_NO_AUTH ? 'no key needed: LUXX_ALLOW_NO_AUTH is set' : `needs an API key: ${createKey}`
  lines.push(
    `  Tools:    curl ${url}/api/tools`,
    `  Ask:      curl -N -X POST ${url}/api/chat -H 'content-type: application/json' -d '{"message":"What are the best days of the week to sell?"}'`,
    `  MCP:      ${url}/mcp (${mcpAccess})`,
    `  Here:     ${cli} ask "What are the best days of the week to sell?" (acts as ${runtime.config.LUXX_CLI_ROLE}; LUXX_CLI_ROLE or --role changes it)`,
    'Press Ctrl+C to stop.',
  )
  return lines.join('\n')
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the analyst: web chat, HTTP API and MCP over HTTP (/mcp) on the embedded or configured database')
    .option('--port <port>', 'port to listen on (default PORT or 3000)')
    .option('--host <host>', 'address to bind (default HOST or 127.0.0.1; another address needs an API key first, and the database up to confirm it)')
    .addHelpText('after', '\nExamples:\n  luxx-analyst serve\n  luxx-analyst serve --port 8080')
    .action(async (options: { port?: string; host?: string }) => {
      const port = options.port === undefined ? undefined : Number(options.port)
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
        throw new CliError(`--port must be a whole number 0..65535; got ${options.port}`, exitCodes.usage)
      }
      const { serve } = await import('../../server/serve.ts')
      const running = await serve({ port, host: options.host })
      console.error(startMessage(running))
      await new Promise<void>((resolve, reject) => {
        const shutdown = () => {
          console.error('Stopping: letting running answers finish (Ctrl+C again to quit at once)…')
          // A second signal gets the default behaviour back: the process ends immediately.
          process.removeListener('SIGINT', shutdown)
          process.removeListener('SIGTERM', shutdown)
          running.stop().then(resolve, reject)
        }
        process.once('SIGINT', shutdown)
        process.once('SIGTERM', shutdown)
      })
    })
}
