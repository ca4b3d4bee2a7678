#!/usr/bin/env node
import { Command, CommanderError } from 'commander'
import { ConfigError } from '../config/config.ts'
import { CliError, exitCodes } from './cli-error.ts'
import { registerAlertCommands } from './commands/alerts.ts'
import { registerAskCommands } from './commands/ask.ts'
import { registerDbCommands } from './commands/db.ts'
import { registerDigestCommands } from './commands/digest.ts'
import { registerEvalCommand } from './commands/eval.ts'
import { registerKeyCommands } from './commands/keys.ts'
import { registerMcpCommand } from './commands/mcp.ts'
import { registerReportCommands } from './commands/report.ts'
import { registerServeCommand } from './commands/serve.ts'
import { registerToolCommands } from './commands/tools.ts'

/**
 * The CLI: every command registers here, from its own file. Registering loads only what `--help` shows; each
 * command imports its heavy modules (model SDKs, MJML, express, the catalog, the database) inside its action,
 * so `luxx-analyst mcp` answers `initialize` without loading what the other commands use.
 */
export function createProgram(): Command {
  const program = new Command()
    .name('luxx-analyst')
    .description('A conversational analyst for a luxury-resale business.')
    .showHelpAfterError()
    .exitOverride()
    .option('--as-of <date>', 'fix "today" (YYYY-MM-DD) for named periods, like LUXX_AS_OF; default: the clock in LUXX_TIME_ZONE')
    .hook('preAction', (command) => {
      // Every command reads its settings from the environment, so the option is applied there, before any of them loads.
      const asOf = command.opts<{ asOf?: string }>().asOf
      if (asOf === undefined) return
      if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
        throw new CliError(`--as-of must be a date written YYYY-MM-DD, e.g. 2026-10-31; got ${asOf}`, exitCodes.usage)
      }
      process.env.LUXX_AS_OF = asOf
    })
  registerServeCommand(program)
  registerDbCommands(program)
  registerMcpCommand(program)
  registerKeyCommands(program)
  registerToolCommands(program)
  registerReportCommands(program)
  registerDigestCommands(program)
  registerAlertCommands(program)
  registerAskCommands(program)
  registerEvalCommand(program)
  program.addHelpText('after', `\n${overviewExamples}`)
  return program
}

/** One example per command, in the order `--help` lists them; each command's own --help has its options and more. */
const overviewExamples = [
  'Examples (luxx-analyst COMMAND --help shows each command\'s options and more examples):',
  '  luxx-analyst serve --port 3000',
  '  luxx-analyst db seed --scale small',
  '  luxx-analyst mcp',
  '  luxx-analyst keys create --name "Ana" --role analyst',
  '  luxx-analyst tools run sales_by_weekday --period last_90_days --chart weekday.png',
  '  luxx-analyst report weekly --format html --out weekly.html',
  '  luxx-analyst digest --week 2026-W43 --preview digest.html',
  '  luxx-analyst alerts create "Hermès Birkin stock falls under 2" --email owner@example.com',
  '  luxx-analyst ask "Who are our top 5 customers this year?"',
  '  luxx-analyst chat',
  '  luxx-analyst eval --suite core',
].join('\n')

export async function main(argv: string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv)
    return exitCodes.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
    }
    if (error instanceof CliError) {
      console.error(error.message)
      return error.exitCode
    }
    if (error instanceof ConfigError) {
      console.error(error.message)
      return exitCodes.usage
    }
    console.error(error instanceof Error ? error.message : String(error))
    return exitCodes.failure
  }
}

process.exitCode = await main(process.argv)
