import { spawn, type ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))

export type CliChild = ChildProcessByStdio<null, Readable, Readable>

/**
 * `luxx-analyst <args>` as its own process, as an operator runs it: the parent's environment with the model keys
 * blanked (answers come from the offline planner and nothing leaves the machine), then `environment`. The child
 * is killed if the test process exits first, so a crashed or timed-out test leaves no server behind.
 */
export function spawnCli(args: readonly string[], environment: Record<string, string>): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', LLM_PROVIDER: 'local', LLM_FALLBACK: '', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.removeListener('exit', killOnExit))
  return child
}

export interface CliRun {
  stdout: string
  stderr: string
  code: number | null
}

/** Runs one CLI command to its end. */
export function runCli(args: readonly string[], environment: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, environment)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('error', reject)
    child.once('close', (code) => resolve({ stdout, stderr, code }))
  })
}
