import { printPart } from '../print.ts'
import { localRole, roleOption } from '../role-option.ts'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Option, type Command } from 'commander'
import { formatMinute } from '../../present/format.ts'
import type { Role } from '../../privacy/mask.ts'
import { chooseFormat, reportFormats, reportOutput } from '../../reports/report-output.ts'
import { listReports, loadReport, saveReport } from '../../reports/report-store.ts'
import { reportKinds, type ReportKind } from '../../reports/report.ts'
import { CliError, exitCodes } from '../cli-error.ts'
import { formatTable } from '../format-table.ts'
import { withRuntime } from '../with-runtime.ts'

interface OutputOptions {
  format?: string
  out?: string
}

/** Checked before any work, so a mistyped path does not cost a report build. */
function checkOutput(options: OutputOptions): void {
  const chosen = chooseFormat(options.format, options.out)
  if (!chosen.ok) throw new CliError(chosen.error, exitCodes.usage)
  if (options.out && !existsSync(dirname(options.out))) throw new CliError(`--out: the directory ${dirname(options.out)} does not exist.`, exitCodes.usage)
}

async function emit(stored: Parameters<typeof reportOutput>[0], options: OutputOptions): Promise<void> {
  const chosen = chooseFormat(options.format, options.out)
  if (!chosen.ok) throw new CliError(chosen.error, exitCodes.usage)
  const output = await reportOutput(stored, chosen.format, options.out)
  if (!options.out) {
    // Markdown and HTML quote the data onto a terminal; JSON is for programs and stays as written.
    if (chosen.format === 'json') process.stdout.write(output.text)
    else printPart(output.text)
    return
  }
  await writeFile(options.out, output.text)
  for (const file of output.files) await writeFile(file.path, file.content)
  console.error(`Wrote ${options.out}${output.files.length > 0 ? ` and ${output.files.length} chart${output.files.length === 1 ? '' : 's'} beside it` : ''}.`)
}

const formatOption = () => new Option('--format <format>', 'html (self-contained page), md (charts as PNG files beside it) or json').choices(reportFormats)

export function registerReportCommands(program: Command): void {
  const report = program
    .command('report')
    .description('Build a report (weekly, customers, inventory, marketing, shows) from the tools and the recommendation rules; list and reopen stored ones')
    .argument('[kind]', `one of ${reportKinds.join(', ')}`, 'weekly')
    .option('--from <date>', 'first day (YYYY-MM-DD); default: the kind\'s usual period, ending at the latest sale')
    .option('--to <date>', 'last day (YYYY-MM-DD)')
    .addOption(formatOption())
    .option('--out <file>', 'write to this file (the format follows its extension unless --format says otherwise)')
    .addOption(roleOption())
    .addOption(new Option('--summary <source>', 'executive summary: auto (the model when one is configured, grounded) or template').choices(['auto', 'template']).default('auto'))
    .addHelpText(
      'after',
      '\nExamples:\n  luxx-analyst report weekly --out weekly.html\n  luxx-analyst report inventory --from 2026-01-01 --to 2026-06-30 --out inventory.md\n' +
        '  luxx-analyst report list\n  luxx-analyst report show 6f1c… --format html --out report.html',
    )
    .action(async (kind: string, options: OutputOptions & { from?: string; to?: string; role?: Role; summary: 'auto' | 'template' }) => {
      if (!(reportKinds as readonly string[]).includes(kind)) {
        throw new CliError(`Unknown report '${kind}'. Available: ${reportKinds.join(', ')}; or report list, report show ID.`, exitCodes.usage)
      }
      checkOutput(options)
      // Building needs the tools and, for the summary, the model SDKs: loaded only when a report is built.
      const { buildReport } = await import('../../reports/build-report.ts')
      const { configuredSummaryWriter } = await import('../../reports/model-summary.ts')
      await withRuntime(async (runtime) => {
        const request = { kind: kind as ReportKind, from: options.from, to: options.to, role: localRole(options.role, runtime.config), surface: 'cli' as const }
        const summary = options.summary === 'template' ? { unavailable: 'the template was asked for (--summary template)' } : configuredSummaryWriter(runtime.config, runtime.registry)
        const built = await buildReport(runtime, request, { summary })
        if (!built.ok) throw new CliError(built.error, exitCodes.usage)
        const id = await saveReport(runtime.database.sql, request, built.report)
        const loaded = await loadReport(runtime.database.sql, id)
        if (!loaded.ok) throw new CliError(loaded.error)
        await emit(loaded.stored, options)
        const link = runtime.config.LUXX_PUBLIC_URL ? ` or ${new URL(`/reports/${id}`, runtime.config.LUXX_PUBLIC_URL)}` : ''
        console.error(`Stored as report ${id} (${built.report.recommendations.length} recommendations, ${built.report.summary.source} summary). Reopen: luxx-analyst report show ${id}${link}`)
      })
    })

  report
    .command('list')
    .description('List stored reports, newest first')
    .option('--limit <count>', 'how many (default 20)', '20')
    .option('--json', 'print JSON')
    .action(async (options: { limit: string; json?: boolean }) => {
      const limit = Number(options.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError(`--limit must be a whole number 1..1000; got ${options.limit}`, exitCodes.usage)
      await withRuntime(async (runtime) => {
        const reports = await listReports(runtime.database.sql, { limit })
        if (options.json) {
          console.log(JSON.stringify(reports, null, 2))
          return
        }
        console.log(
          reports.length === 0
            ? 'No reports stored yet. Build one: luxx-analyst report weekly --out weekly.html'
            : formatTable(
                reports.map((entry) => ({
                  id: entry.id,
                  kind: entry.kind,
                  window: `${entry.windowFrom} to ${entry.windowTo}`,
                  role: entry.role,
                  summary: entry.summarySource,
                  created: formatMinute(entry.createdAt),
                })),
              ),
        )
      })
    })

  report
    .command('show')
    .description('Reopen a stored report exactly as it was generated')
    .argument('<id>', 'report id (from report list)')
    .addOption(formatOption())
    .option('--out <file>', 'write to this file')
    .action(async (id: string, _options: OutputOptions, command: Command) => {
      // `report` defines --format and --out too and takes them before the subcommand sees them: read both levels.
      const options = command.optsWithGlobals<OutputOptions>()
      checkOutput(options)
      await withRuntime(async (runtime) => {
        const loaded = await loadReport(runtime.database.sql, id)
        if (!loaded.ok) throw new CliError(loaded.error, loaded.status === 'not_found' ? exitCodes.usage : exitCodes.failure)
        await emit(loaded.stored, options)
      })
    })
}
