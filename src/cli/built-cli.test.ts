import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase, type Database } from '../db/database.ts'
import { packageRoot } from '../paths.ts'

const run = promisify(execFile)
// Compiling the whole project takes most of this on a loaded 2-core machine.
const buildLimitMs = 240_000

/**
 * The published bin is `dist/src/cli/main.js`, which Claude Desktop and a global install run: files that ship beside
 * the code (prompts, migrations) must be found from there too, not only from `src/` under tsx. The build goes to a
 * scratch package (the sources' package.json, migrations, prompts and node_modules linked in), so the checkout's own
 * dist/ is left alone. It is also the check that the published build compiles: `npm test` does not compile it again.
 */
describe('the built CLI, run with node from dist/', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'luxx-built-'))
  const dataDir = join(scratch, 'data')
  let database: Database

  beforeAll(async () => {
    for (const entry of ['package.json', 'migrations', 'prompts', 'evals', 'node_modules']) {
      symlinkSync(join(packageRoot, entry), join(scratch, entry))
    }
    const compiler = join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc')
    await run(process.execPath, [compiler, '-p', join(packageRoot, 'tsconfig.build.json'), '--outDir', join(scratch, 'dist')], {
      cwd: packageRoot,
    }).catch((error: Error & { stdout?: string }) => {
      // tsc prints its errors on stdout, which the rejection's message leaves out.
      throw new Error(`The build failed: ${error.stdout || error.message}`)
    })
    mkdirSync(dataDir)
    // This process owns the embedded demo database; the CLI reaches it through its socket.
    database = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(inject('demoTemplatePath'))]) })
  }, buildLimitMs)

  afterAll(async () => {
    await database?.close()
    rmSync(scratch, { recursive: true, force: true })
  })

  it('answers a question with the offline planner, reading its system prompt from the package', async () => {
    const answer = await run(process.execPath, [join(scratch, 'dist', 'src', 'cli', 'main.js'), 'ask', 'Which weekday sells best?'], {
      cwd: scratch,
      env: {
        ...process.env,
        ANTHROPIC_API_KEY: '',
        OPENAI_API_KEY: '',
        LLM_PROVIDER: '',
        LLM_FALLBACK: '',
        DATABASE_URL: '',
        ANALYTICS_DATABASE_URL: '',
        LUXX_DATA_DIR: dataDir,
        LUXX_TIME_ZONE: 'UTC',
      },
    })
    expect(answer.stdout).toMatch(/Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday/)
    expect(answer.stdout).toContain('sales_by_weekday')
  })
})
