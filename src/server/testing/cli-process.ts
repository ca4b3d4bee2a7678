import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { createRequire } from 'node:module'
import type { Readable, Writable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
/** The CLI's entry, as `npm run cli` (`tsx src/cli/main.ts`) and `npm start` run it. */
export const cliEntry = fileURLToPath(new URL('../../cli/main.ts', import.meta.url))
/** tsx's loader by its full address, so a child started in another directory (which has no node_modules) finds it. */
export const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
/** node's arguments that run `luxx-analyst <args>` from source. */
export const cliArguments = (args: readonly string[]): string[] => ['--import', tsxLoader, cliEntry, ...args]

export type CliChild = ChildProcessByStdio<Writable, Readable, Readable>

export interface CliOptions {
  /** Working directory (default: the package root), where relative paths such as `--out weekly.html` land. */
  cwd?: string
  /** Typed on stdin, which then ends; without it stdin ends at once. */
  input?: string
}

/**
 * `luxx-analyst <args>` as its own process, as an operator runs it: the parent's environment with the model keys
 * blanked (answers come from the offline planner and nothing leaves the machine), then `environment`. The child
 * is killed if the test process exits first, so a crashed or timed-out test leaves no server behind.
 */
export function spawnCli(args: readonly string[], environment: Record<string, string>, options: CliOptions = {}): CliChild {
  const child = spawn(process.execPath, cliArguments(args), {
    cwd: options.cwd ?? root,
    env: { ...process.env, ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', LLM_PROVIDER: 'local', LLM_FALLBACK: '', ...environment },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.removeListener('exit', killOnExit))
  // A child that ends before reading its input is no error of the test's.
  child.stdin.on('error', () => undefined)
  child.stdin.end(options.input ?? '')
  return child
}

export interface CliRun {
  stdout: string
  stderr: string
  code: number | null
}

/** Runs one CLI command to its end. */
export function runCli(args: readonly string[], environment: Record<string, string>, options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, environment, options)
    let stdout = ''
    let stderr = ''
    // Decoded as streams, so a character split across two chunks arrives whole.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (code) => resolve({ stdout, stderr, code }))
  })
}
