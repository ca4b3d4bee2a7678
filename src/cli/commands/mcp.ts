import type { Command } from 'commander'
import { serveStdio } from '../../mcp/serve-stdio.ts'

export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('Serve the vetted tools, resources and prompts over MCP on stdio (for Claude Desktop)')
    .addHelpText('after', '\nExample (what Claude Desktop runs):\n  luxx-analyst mcp')
    .action(async () => {
      await serveStdio()
    })
}
