import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { packagePath } from '../paths.ts'
import { suiteSchema, type EvalSuite } from './case-schema.ts'

/** The suites ship beside the code, one YAML file each. */
const suitesDirectory = packagePath('evals')

export type SuitesOutcome = { ok: true; suites: EvalSuite[] } | { ok: false; errors: string[] }

export interface LoadOptions {
  directory?: string
  /** Only these suites (by name); every suite when unset. */
  names?: readonly string[]
  /** Tool names the registry knows: a case naming another tool is an error, not a silent failure later. */
  knownTools?: readonly string[]
}

function suiteFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter((file) => /\.ya?ml$/.test(file) && file !== 'thresholds.yaml')
    .sort()
}

function checkSuite(suite: EvalSuite, file: string, knownTools: readonly string[] | undefined): string[] {
  const errors: string[] = []
  const seen = new Set<string>()
  for (const evalCase of suite.cases) {
    if (seen.has(evalCase.id)) errors.push(`${file}: case id '${evalCase.id}' appears twice.`)
    seen.add(evalCase.id)
    if (!knownTools) continue
    for (const tool of [...evalCase.tools, ...evalCase.alternatives]) {
      if (!knownTools.includes(tool)) errors.push(`${file}: case '${evalCase.id}' names unknown tool '${tool}'.`)
    }
  }
  return errors
}

/** Reads and validates the suite files; every problem is reported with its file and path, not only the first. */
export function loadSuites(options: LoadOptions = {}): SuitesOutcome {
  const directory = options.directory ?? suitesDirectory
  const errors: string[] = []
  const suites: EvalSuite[] = []
  for (const file of suiteFiles(directory)) {
    let raw: unknown
    try {
      raw = parse(readFileSync(join(directory, file), 'utf8'))
    } catch (error) {
      errors.push(`${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`)
      continue
    }
    const parsed = suiteSchema.safeParse(raw)
    if (!parsed.success) {
      errors.push(...parsed.error.issues.map((issue) => `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`))
      continue
    }
    if (`${parsed.data.suite}.yaml` !== file && `${parsed.data.suite}.yml` !== file) {
      errors.push(`${file}: names suite '${parsed.data.suite}'; a suite file is named after its suite.`)
    }
    errors.push(...checkSuite(parsed.data, file, options.knownTools))
    suites.push(parsed.data)
  }
  if (options.names) {
    const unknown = options.names.filter((name) => !suites.some((suite) => suite.suite === name))
    if (unknown.length > 0) {
      errors.push(`Unknown suite${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; available: ${suites.map((suite) => suite.suite).join(', ')}.`)
    }
  }
  if (errors.length > 0) return { ok: false, errors }
  const names = options.names
  const chosen = names ? suites.filter((suite) => names.includes(suite.suite)) : suites
  return { ok: true, suites: chosen }
}
