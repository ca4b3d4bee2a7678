import type { Command } from 'commander'

export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('Serve the vetted tools, resources and prompts over MCP on stdio (for Claude Desktop)')
    .addHelpText('after', '\nExample (what Claude Desktop runs):\n  luxx-analyst mcp')
    .action(async () => {
      const { serveStdio } = await import('../../mcp/serve-stdio.ts')
      await serveStdio()
    })
}
