import { setTimeout as sleep } from 'node:timers/promises'
import { spawnCli, type CliOptions } from './cli-process.ts'

/** A `luxx-analyst serve` process on a port of the system's choosing. */
export interface ServerProcess {
  /** Its name in failure messages. */
  name: string
  /** http://127.0.0.1:<port> */
  url: string
  /** What it wrote on stderr (the start message and its JSON log), the last `lines` lines when given. */
  stderr(lines?: number): string
  /** Its JSON log lines so far, parsed. */
  logLines(): Array<Record<string, unknown>>
  /** SIGTERM, as an orchestrator stops a replica; SIGKILL when it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

const startMessage = /is running at (http:\/\/\S+) on /

/**
 * Starts `serve --port 0` (or `args`, which then choose the port themselves, PORT=0 for one of the system's choosing)
 * with `environment` and resolves once its /readyz answers 200; kills it when it does not.
 */
export async function startServerProcess(
  name: string,
  environment: Record<string, string>,
  timeoutMs = 90_000,
  options: Pick<CliOptions, 'cwd'> & { args?: readonly string[] } = {},
): Promise<ServerProcess> {
  const child = spawnCli(options.args ?? ['serve', '--port', '0', '--host', '127.0.0.1'], environment, { cwd: options.cwd })
  let output = ''
  child.stdout.resume()
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)))
  let exit: string | undefined
  void exited.then((how) => (exit = how))

  const stderr = (lines?: number) => (lines === undefined ? output : output.split('\n').slice(-lines - 1).join('\n'))
  const stop = async (graceMs = 10_000) => {
    if (exit !== undefined) return
    child.kill('SIGTERM')
    if ((await Promise.race([exited, sleep(graceMs, 'timeout' as const, { ref: false })])) === 'timeout') {
      child.kill('SIGKILL')
      await exited
    }
  }
  const fail = async (problem: string): Promise<never> => {
    await stop(0)
    throw new Error(`${name} ${problem}. Its stderr:\n${stderr(60)}`)
  }

  const deadline = Date.now() + timeoutMs
  let url: string | undefined
  let readiness = 'no answer yet'
  for (;;) {
    if (exit !== undefined) return fail(`exited (${exit}) before it was ready`)
    if (Date.now() > deadline) return fail(`was not ready after ${timeoutMs} ms (/readyz: ${readiness})`)
    url ??= startMessage.exec(output)?.[1]
    if (url) {
      const probe = await fetch(`${url}/readyz`).then(
        async (response) => ({ ready: response.status === 200, said: `${response.status} ${await response.text()}` }),
        (error: unknown) => ({ ready: false, said: error instanceof Error ? error.message : String(error) }),
      )
      readiness = probe.said
      if (probe.ready) break
    }
    await sleep(100)
  }
  return {
    name,
    url,
    stderr,
    logLines: () =>
      // Complete lines only: the last may still be being written.
      output
        .slice(0, output.lastIndexOf('\n'))
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop,
  }
}
