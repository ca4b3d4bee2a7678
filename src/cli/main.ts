#!/usr/bin/env node
import { Command, CommanderError } from 'commander'
import { ConfigError } from '../config/config.ts'
import { CliError, exitCodes } from './cli-error.ts'
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
  registerServeCommand(program)
  registerDbCommands(program)
  registerMcpCommand(program)
  registerKeyCommands(program)
  registerToolCommands(program)
  registerReportCommands(program)
  registerDigestCommands(program)
  registerAskCommands(program)
  registerEvalCommand(program)
  return program
}

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
