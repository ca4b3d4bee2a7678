import type { Command } from 'commander'

/**
 * `npm run cli -- mcp` lets npm print its "> luxx-analyst@… cli" banner on stdout before the server starts, and a host
 * reads those lines as broken protocol messages. npm passes its log level to the script: only `-s` (silent) keeps
 * stdout clean, so any other run under npm says so on stderr, where the host's log shows it.
 */
function warnAboutNpmBanner(): void {
  if (!process.env.npm_lifecycle_event || process.env.npm_config_loglevel === 'silent') return
  process.stderr.write(
    'luxx-analyst: npm printed its banner on stdout, which an MCP host reads as protocol. Run `npm run -s cli -- mcp`, ' +
      '`npx luxx-analyst mcp` or `node dist/src/cli/main.js mcp` instead.\n',
  )
}

export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('Serve the vetted tools, resources and prompts over MCP on stdio (for Claude Desktop); LUXX_MCP_ROLE sets the role')
    .addHelpText('after', '\nExamples (stdout carries protocol only):\n  luxx-analyst mcp\n  npm run -s cli -- mcp\n  LUXX_MCP_ROLE=viewer luxx-analyst mcp')
    .action(async () => {
      warnAboutNpmBanner()
      const { serveStdio } = await import('../../mcp/serve-stdio.ts')
      await serveStdio()
    })
}
