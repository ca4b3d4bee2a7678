/** Exit codes of the CLI: 0 ok, 1 failure, 2 usage. */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const

/** The CLI's one error type: thrown by commands, printed without a stack, mapped to an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.failure,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'CliError'
  }
}
