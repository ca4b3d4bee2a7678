import { packageRoot } from '../src/paths.ts'
import { Client, StdioClientTransport } from '../src/testing/mcp-client.ts'
import { summarize, type MeasureOptions, type Timing } from './measure.ts'

/** How the server is started: from the TypeScript sources through tsx, or from the build (`npm run build` first). */
export const coldStartCommands = {
  tsx: ['--import', 'tsx', 'src/cli/main.ts', 'mcp'],
  dist: ['dist/src/cli/main.js', 'mcp'],
} as const

export type ColdStartCommand = keyof typeof coldStartCommands

const firstTool = 'sales_by_weekday'

interface ColdStart {
  initializeMs: number
  firstToolResultMs: number
}

/** One cold start: spawn the real CLI, answer `initialize`, return the first tool result, stop. */
async function coldStart(databaseUrl: string, cliArguments: readonly string[]): Promise<ColdStart> {
  const environment = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined))
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...cliArguments],
    cwd: packageRoot,
    env: { ...environment, DATABASE_URL: databaseUrl, ANALYTICS_DATABASE_URL: '', LOG_LEVEL: 'silent' },
    stderr: 'ignore',
  })
  const client = new Client({ name: 'luxx-bench', version: '1.0.0' })
  const started = performance.now()
  try {
    // connect() resolves once the server has answered `initialize`.
    await client.connect(transport)
    const initializeMs = performance.now() - started
    const result = await client.callTool({ name: firstTool, arguments: {} })
    if (result.isError) throw new Error(`${firstTool} failed over MCP: ${JSON.stringify(result.content)}`)
    return { initializeMs, firstToolResultMs: performance.now() - started }
  } finally {
    await client.close()
  }
}

/** Cold starts of `luxx-analyst mcp` against the PostgreSQL bench database, after one untimed start. */
export async function measureMcpColdStart(
  databaseUrl: string,
  options: MeasureOptions,
  command: ColdStartCommand = 'tsx',
): Promise<{ command: string; tool: string; initialize: Timing; firstToolResult: Timing }> {
  const cliArguments = coldStartCommands[command]
  for (let index = 0; index < options.warmup; index++) await coldStart(databaseUrl, cliArguments)
  const starts: ColdStart[] = []
  let spent = 0
  while (starts.length < options.repeats && (starts.length < options.minimumRepeats || spent < options.budgetMs)) {
    const start = await coldStart(databaseUrl, cliArguments)
    starts.push(start)
    spent += start.firstToolResultMs
  }
  return {
    command: `node ${cliArguments.join(' ')}`,
    tool: firstTool,
    initialize: summarize(starts.map((start) => start.initializeMs)),
    firstToolResult: summarize(starts.map((start) => start.firstToolResultMs)),
  }
}
