import { createInterface } from 'node:readline/promises'
import { Option, type Command } from 'commander'
import { loadConfig } from '../../config/config.ts'
import type { Database } from '../../db/database.ts'
import { scales, type Scale } from '../../demo/scale-profiles.ts'
import { formatSeconds } from '../../present/format.ts'
import { CliError, exitCodes } from '../cli-error.ts'

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const { openDatabase } = await import('../../db/database.ts')
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.LUXX_DATA_DIR,
    embeddedQueryLimitMs: config.LUXX_EMBEDDED_QUERY_LIMIT_MS,
  })
  try {
    return await work(database)
  } finally {
    await database.close()
  }
}

/**
 * A data load just finished: the saved alerts are judged against the new data now rather than at the server's next
 * tick, and what fires is sent (each condition once per period, however often this runs).
 */
async function judgeAlertsAfterLoad(database: Database): Promise<void> {
  const config = loadConfig()
  const { registryFor, runtimeFrom } = await import('../../runtime.ts')
  const { runAlerts } = await import('../../alerts/firing/run-alerts.ts')
  const { configuredSenders } = await import('../../alerts/firing/alert-scheduler.ts')
  const { workerOptions } = await import('../../digest/outbox-worker.ts')
  const senders = configuredSenders(config)
  try {
    const summary = await runAlerts(runtimeFrom(config, database, await registryFor(config)), { senders, worker: workerOptions() })
    if (summary.evaluated > 0) {
      console.error(`Alerts: ${summary.evaluated} judged, ${summary.fired} fired, ${summary.delivery.sent} messages sent, ${summary.delivery.retrying + summary.delivery.failed} not (yet) delivered.`)
    }
    for (const failure of summary.failures) console.error(`Alert not judged: ${failure}`)
  } catch (error) {
    throw new CliError(`The data is loaded, but the saved alerts could not be judged: ${error instanceof Error ? error.message : String(error)}`, exitCodes.failure, { cause: error })
  } finally {
    senders.mail?.close()
  }
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false
  const prompt = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim())
  } finally {
    prompt.close()
  }
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('Create, migrate and seed the database')

  db.command('migrate')
    .description('Apply pending migrations')
    .addHelpText('after', '\nExample:\n  luxx-analyst db migrate')
    .action(async () => {
      const { migrate } = await import('../../db/migrate.ts')
      await withDatabase(async (database) => {
        const applied = await migrate(database.sql)
        console.log(applied.length === 0 ? `Up to date (${database.location}).` : `Applied ${applied.map((m) => `${m.version}_${m.name}`).join(', ')}.`)
      })
    })

  db.command('status')
    .description('Show applied and pending migrations')
    .addHelpText('after', '\nExample:\n  luxx-analyst db status')
    .action(async () => {
      const { migrationStatus } = await import('../../db/migrate.ts')
      await withDatabase(async (database) => {
        console.log(`Database: ${database.location} (${database.engine})`)
        for (const row of await migrationStatus(database.sql)) {
          console.log(`${row.state.padEnd(8)} ${row.version}_${row.name}${row.appliedAt ? `  ${row.appliedAt}` : ''}`)
        }
      })
    })

  db.command('seed')
    .description('Load the deterministic demo data (replaces the business data)')
    .addOption(new Option('--scale <scale>', 'how much data').choices(scales).default('small'))
    .option('--seed <number>', 'random seed: the same seed and end date give the same rows', '42')
    .option('--end-date <YYYY-MM-DD>', 'last day with sales (default: yesterday in LUXX_TIME_ZONE, or the day before LUXX_AS_OF)')
    .addHelpText('after', '\nExamples:\n  luxx-analyst db seed\n  luxx-analyst db seed --scale large --seed 7\n  luxx-analyst db seed --end-date 2026-10-31')
    .action(async (options: { scale: Scale; seed: string; endDate?: string }) => {
      const seed = Number(options.seed)
      if (!Number.isInteger(seed) || seed < 0) throw new CliError(`--seed must be a whole number ≥ 0; got ${options.seed}`, exitCodes.usage)
      const config = loadConfig()
      const { demoEndDate } = await import('../../demo/seed.ts')
      let endDate: string
      try {
        endDate = demoEndDate({ endDate: options.endDate, timeZone: config.LUXX_TIME_ZONE, asOf: config.LUXX_AS_OF })
      } catch {
        throw new CliError(`--end-date must be a date written YYYY-MM-DD; got ${options.endDate}`, exitCodes.usage)
      }
      const { migrate } = await import('../../db/migrate.ts')
      const { seedDemoData } = await import('../../demo/seed.ts')
      const { progressBar } = await import('../progress.ts')
      await withDatabase(async (database) => {
        await migrate(database.sql)
        const bar = progressBar(`Seeding ${options.scale}`)
        const started = performance.now()
        await seedDemoData(database.sql, { scale: options.scale, seed, endDate, onProgress: bar.update })
        bar.stop()
        console.log(`Seeded the ${options.scale} demo data (seed ${seed}, sales up to ${endDate}) in ${formatSeconds(performance.now() - started)}.`)
        await judgeAlertsAfterLoad(database)
      })
    })

  db.command('refresh-rollups')
    .description('Rebuild the daily rollups and summaries from sales (after a load that bypassed their triggers), then judge the saved alerts')
    .addHelpText('after', '\nExample (after pg_restore --disable-triggers):\n  luxx-analyst db refresh-rollups')
    .action(async () => {
      const { refreshRollups } = await import('../../db/rollups.ts')
      await withDatabase(async (database) => {
        const started = performance.now()
        await refreshRollups(database.sql)
        console.log(`Rebuilt the rollups and summaries of ${database.location} in ${formatSeconds(performance.now() - started)}.`)
        await judgeAlertsAfterLoad(database)
      })
    })

  db.command('reset')
    .description('Drop every table and migrate again (asks first)')
    .option('--yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExample:\n  luxx-analyst db reset --yes')
    .action(async (options: { yes?: boolean }) => {
      const { migrate } = await import('../../db/migrate.ts')
      await withDatabase(async (database) => {
        if (!options.yes && !(await confirm(`Drop all data in ${database.location}?`))) {
          throw new CliError('Not confirmed: nothing was changed. Pass --yes to reset without asking.', exitCodes.usage)
        }
        const { runTransaction } = await import('../../db/transaction.ts')
        await runTransaction(database.sql, 'Dropping every table', async (transaction) => {
          // Every schema the migrations create: luxx_masked (0006) as well as public, or migrating again fails on it.
          await transaction`drop schema if exists luxx_masked cascade`
          await transaction`drop schema public cascade`
          await transaction`create schema public`
        })
        await migrate(database.sql)
        console.log(`Reset ${database.location}: empty and migrated.`)
      })
    })
}
