import type { Runtime } from '../runtime.ts'

export interface CommandRuntimeOptions {
  /** Seed the demo data when the database has none, saying so on stderr (default true: the first run just works). */
  seedIfEmpty?: boolean
}

/**
 * Opens the runtime for one command, runs the work, and closes the runtime however the work ends. The runtime
 * module loads here rather than when the command registers, so a command that needs no database does not pay for it.
 */
export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>, options: CommandRuntimeOptions = {}): Promise<T> {
  const { openRuntime } = await import('../runtime.ts')
  const runtime = await openRuntime({ seedIfEmpty: options.seedIfEmpty ?? true, log: (message) => console.error(message) })
  try {
    return await work(runtime)
  } finally {
    await runtime.close()
  }
}
