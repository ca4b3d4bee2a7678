import { resolve } from 'node:path'
import type { Command } from 'commander'
import { providerNames } from '../../agent/answer.ts'
import type { EvalResult } from '../../evals/result-file.ts'
import { formatShare } from '../../present/format.ts'
import { CliError, exitCodes } from '../cli-error.ts'

interface EvalOptions {
  suite?: string[]
  provider?: string
  repeat: string
  concurrency: string
  filter?: string
  out: string
  compare?: string
  asOf?: string
}

function wholeNumber(option: string, value: string, minimum: number, maximum: number): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < minimum || number > maximum) {
    throw new CliError(`${option} must be a whole number from ${minimum} to ${maximum}; got ${value}`, exitCodes.usage)
  }
  return number
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
}

function summaryLines(result: EvalResult): string[] {
  return result.suites.map(
    (summary) =>
      `${summary.suite.padEnd(12)} ${formatShare(summary.passRate).padStart(6)}  ${summary.passed}/${summary.cases - summary.skipped} passed` +
      `${summary.skipped > 0 ? `, ${summary.skipped} skipped` : ''}${summary.errors > 0 ? `, ${summary.errors} errors` : ''}` +
      `${summary.consistency === null ? '' : `, consistency ${formatShare(summary.consistency)}`}`,
  )
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('Run the eval suites against the seeded demo data and score the answers')
    .option('--suite <name...>', 'only these suites (core, robustness, safety)')
    .option('--provider <name>', `answer with this provider: ${providerNames.join(', ')}, or all (those with a key)`)
    .option('--repeat <n>', 'ask each case n times and report consistency', '1')
    .option('--concurrency <n>', 'cases in flight at once', '1')
    .option('--filter <text>', 'only cases whose suite/id, area or question contains this text')
    .option('--out <dir>', 'where the JSON result and the Markdown and HTML scorecards go', 'test-artifacts/evals')
    .option('--compare <file>', 'a previous JSON result: list regressions against it')
    .option('--as-of <date>', 'today for the run (YYYY-MM-DD); default LUXX_AS_OF, else the eval data\'s latest sale, which the suites\' gold figures assume')
    .addHelpText(
      'after',
      '\nExamples:\n  luxx-analyst eval\n  luxx-analyst eval --suite core --filter churn\n' +
        '  luxx-analyst eval --provider anthropic --repeat 3 --concurrency 4 --compare test-artifacts/evals/local-20260101T000000Z.json\n' +
        '\nThe database is a fresh in-memory one (or a scratch database on the DATABASE_URL server), seeded with the fixed demo data.\n' +
        'Exits 1 when a suite falls below evals/thresholds.yaml (not checked with --filter).',
    )
    .action(async (options: EvalOptions) => {
      const repeat = wholeNumber('--repeat', options.repeat, 1, 20)
      const concurrency = wholeNumber('--concurrency', options.concurrency, 1, 32)
      const { runtimeFrom, registryFor } = await import('../../runtime.ts')
      const { compareResults } = await import('../../evals/compare.ts')
      const { evalConfig } = await import('../../evals/eval-config.ts')
      const { dataAsOf, evalData, openEvalDatabase } = await import('../../evals/eval-database.ts')
      const { evalProviders, parseProviderRequest } = await import('../../evals/eval-providers.ts')
      const { loadSuites } = await import('../../evals/load-suites.ts')
      const { readResultFile, writeResultFile } = await import('../../evals/result-file.ts')
      const { runEvals } = await import('../../evals/runner.ts')
      const { writeScorecards } = await import('../../evals/scorecard-files.ts')
      const { belowThresholds, loadThresholds } = await import('../../evals/thresholds.ts')
      const { progressBar } = await import('../progress.ts')
      const request = parseProviderRequest(options.provider)
      if (!request.ok) throw new CliError(request.error, exitCodes.usage)
      const previous = options.compare ? readResultFile(options.compare) : undefined
      if (previous && !previous.ok) throw new CliError(previous.error, exitCodes.usage)
      const thresholds = loadThresholds()
      if (!thresholds.ok) throw new CliError(thresholds.error, exitCodes.usage)

      const config = evalConfig()
      const registry = await registryFor(config)
      const suites = loadSuites({ ...(options.suite ? { names: options.suite } : {}), knownTools: registry.names() })
      if (!suites.ok) throw new CliError(`The eval suites have problems:\n${suites.errors.map((error) => `  - ${error}`).join('\n')}`, exitCodes.usage)

      const seeding = progressBar('Seeding')
      const opened = await openEvalDatabase({ serverUrl: config.DATABASE_URL, onProgress: seeding.update })
      seeding.stop()
      const problems: string[] = []
      try {
        // Gold figures are fixed for one day: runs pin today rather than follow the clock.
        const asOf = options.asOf ?? config.LUXX_AS_OF ?? (await dataAsOf(opened.database)).toISOString().slice(0, 10)
        if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new CliError(`--as-of must be a date written YYYY-MM-DD; got ${asOf}`, exitCodes.usage)
        const runConfig = { ...config, LUXX_AS_OF: asOf }
        const today = new Date(`${asOf}T12:00:00Z`)
        const providers = evalProviders(runConfig, registry, request.request, { today: () => today })
        if (!providers.ok) throw new CliError(providers.error, exitCodes.usage)
        for (const skipped of providers.skipped) console.error(`Skipping ${skipped.name}: ${skipped.reason}`)
        for (const provider of providers.providers) {
          const bar = progressBar(`Evaluating ${provider.name}`)
          const result = await runEvals({
            runtime: runtimeFrom(runConfig, opened.database, registry),
            provider,
            suites: suites.suites,
            repeat,
            concurrency,
            ...(options.filter ? { filter: options.filter } : {}),
            onProgress: bar.update,
            data: { engine: opened.database.engine, ...evalData },
          })
          bar.stop()
          const below = options.filter ? undefined : belowThresholds(result, thresholds.thresholds)
          const comparison = previous?.ok ? compareResults(previous.result, result) : undefined
          const base = resolve(options.out, `${provider.name}-${stamp(new Date(result.startedAt))}`)
          writeResultFile(`${base}.json`, result)
          const scorecards = writeScorecards(base, result, {
            ...(comparison ? { comparison, comparedWith: options.compare } : {}),
            ...(below ? { thresholdProblems: below } : {}),
          })
          console.log(`${provider.name} (${provider.model}):`)
          for (const line of summaryLines(result)) console.log(`  ${line}`)
          if (comparison) console.log(`  ${comparison.regressions.length} regression(s), ${comparison.fixed.length} fixed against ${options.compare}`)
          console.log(`  Result ${base}.json, scorecards ${scorecards.markdown} and ${scorecards.html}`)
          problems.push(...(below ?? []).map((problem) => `${provider.name}: ${problem}`))
        }
      } finally {
        await opened.close()
      }
      if (problems.length > 0) throw new CliError(`Below the thresholds of evals/thresholds.yaml:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`, exitCodes.failure)
    })
}
