import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { dirname, extname } from 'node:path'
import type { Command } from 'commander'
import { ensureIssue } from '../../digest/digest-store.ts'
import { parseIsoWeek, previousWeek, type IsoWeek } from '../../digest/iso-week.ts'
import { messageIdFor, outboxStatus } from '../../digest/outbox.ts'
import { workerOptions } from '../../digest/outbox-worker.ts'
import { formatMinute, formatPeriod } from '../../present/format.ts'
import { isIsoDate } from '../../demo/demand-plan.ts'
import { CliError, exitCodes } from '../cli-error.ts'
import { formatTable } from '../format-table.ts'
import { withRuntime } from '../with-runtime.ts'

/** How long `digest --send` keeps retrying temporary SMTP failures before leaving them to the server's scheduler. */
const cliRetryWindowMs = 2 * 60_000

/** --week, else the last complete week before today on the business clock (--as-of / LUXX_AS_OF fix today). */
function weekFrom(text: string | undefined, timeZone: string, asOf?: string): IsoWeek {
  if (text === undefined) return previousWeek(timeZone, new Date(), asOf)
  const parsed = parseIsoWeek(text)
  if (!parsed.ok) throw new CliError(`--week: ${parsed.error}`, exitCodes.usage)
  return parsed.week
}

export function registerDigestCommands(program: Command): void {
  const digest = program
    .command('digest')
    .description('The weekly insight e-mail: preview it, send it to DIGEST_RECIPIENTS over SMTP_URL, or show the outbox')
    .option('--week <week>', 'ISO week, e.g. 2025-W48 (default: the last complete week before today in LUXX_TIME_ZONE)')
    .option('--as-of <date>', 'take this day (YYYY-MM-DD) as today when choosing the week (default: LUXX_AS_OF, else the clock)')
    .option('--preview <file>', 'write the e-mail: .html (charts embedded) or .eml (the whole message)')
    .option('--send', 'send it to DIGEST_RECIPIENTS (once per recipient and week, however often this runs)')
    .addHelpText(
      'after',
      '\nExamples:\n  luxx-analyst digest --week 2025-W48 --preview digest.html\n  luxx-analyst digest --as-of 2026-12-02 --preview digest.html\n  luxx-analyst digest --week 2025-W48 --send\n  luxx-analyst digest status --week 2025-W48',
    )
    .action(async (options: { week?: string; asOf?: string; preview?: string; send?: boolean }) => {
      if (options.asOf !== undefined && !isIsoDate(options.asOf)) throw new CliError(`--as-of must be a date written YYYY-MM-DD; got ${options.asOf}`, exitCodes.usage)
      if (options.preview && !['.html', '.htm', '.eml'].includes(extname(options.preview).toLowerCase())) {
        throw new CliError(`--preview must end in .html or .eml; got ${options.preview}`, exitCodes.usage)
      }
      if (options.preview && !existsSync(dirname(options.preview))) throw new CliError(`--preview: the directory ${dirname(options.preview)} does not exist.`, exitCodes.usage)
      // MJML, nodemailer and the model SDKs load only when a digest is made.
      const { generateDigest } = await import('../../digest/generate-digest.ts')
      const { previewHtml, previewMessage } = await import('../../digest/preview.ts')
      const { runDigest } = await import('../../digest/run-digest.ts')
      const { smtpSender } = await import('../../digest/smtp-sender.ts')
      const { configuredSummaryWriter } = await import('../../reports/model-summary.ts')
      await withRuntime(async (runtime) => {
        const { config } = runtime
        const week = weekFrom(options.week, config.LUXX_TIME_ZONE, options.asOf ?? config.LUXX_AS_OF)
        if (options.send && !config.SMTP_URL) throw new CliError('--send needs SMTP_URL, e.g. SMTP_URL=smtp://user:password@mail.example.com:587', exitCodes.usage)
        if (options.send && config.DIGEST_RECIPIENTS.length === 0) throw new CliError('--send needs DIGEST_RECIPIENTS, e.g. DIGEST_RECIPIENTS=owner@example.com', exitCodes.usage)
        const summary = configuredSummaryWriter(config, runtime.registry)
        const issue = await ensureIssue(runtime.database.sql, week.period, () => generateDigest(runtime, week, { summary }))
        if (!issue.ok) throw new CliError(issue.error)
        console.error(`${issue.generated ? 'Generated' : 'Using the stored'} digest for ${week.period} (${formatPeriod(week)})${issue.issue.reportId ? `, report ${issue.issue.reportId}` : ''}.`)
        if (options.preview) {
          const recipient = config.DIGEST_RECIPIENTS[0] ?? 'preview@example.com'
          const content = options.preview.toLowerCase().endsWith('.eml')
            ? await previewMessage(issue.issue, { from: config.DIGEST_FROM, recipient, messageId: messageIdFor(week.period, recipient, config.DIGEST_FROM) })
            : previewHtml(issue.issue)
          await writeFile(options.preview, content)
          console.error(`Wrote ${options.preview}.`)
        }
        if (options.send) {
          const sender = smtpSender(config.SMTP_URL!, config.DIGEST_FROM)
          try {
            const run = await runDigest(runtime, { week, recipients: config.DIGEST_RECIPIENTS, sender, worker: workerOptions(), waitForRetriesMs: cliRetryWindowMs })
            if (!run.ok) throw new CliError(run.error)
            const rows = await outboxStatus(runtime.database.sql, week.period)
            console.log(formatTable(rows.map((row) => ({ recipient: row.recipient, status: row.status, attempts: row.attempts, error: row.lastError ?? '' })), { maxWidth: 80 }))
            if (run.waiting) console.error('Some deliveries failed temporarily and wait for a retry: the server retries them every minute, or run this again.')
            if (rows.some((row) => row.status === 'failed')) throw new CliError('Some deliveries failed permanently; see the errors above (luxx-analyst digest status).')
          } finally {
            sender.close()
          }
        }
        if (!options.preview && !options.send) process.stdout.write(issue.issue.text)
      })
    })

  digest
    .command('status')
    .description('Show the digest outbox: who was sent which week, what waits for a retry, what failed and why')
    .action(async (_options: unknown, command: Command) => {
      // `digest` defines --week and reads it before the subcommand: take it from there.
      const { week } = command.optsWithGlobals<{ week?: string }>()
      await withRuntime(async (runtime) => {
        const period = week === undefined ? undefined : weekFrom(week, runtime.config.LUXX_TIME_ZONE, runtime.config.LUXX_AS_OF).period
        const rows = await outboxStatus(runtime.database.sql, period)
        console.log(
          rows.length === 0
            ? `No digest has been queued${period ? ` for ${period}` : ''}.`
            : formatTable(
                rows.map((row) => ({
                  week: row.period,
                  recipient: row.recipient,
                  status: row.status,
                  attempts: row.attempts,
                  sent: row.sentAt ? formatMinute(row.sentAt) : '',
                  'next attempt': row.status === 'pending' ? formatMinute(row.nextAttemptAt) : '',
                  error: row.lastError ?? '',
                })),
                { maxWidth: 70 },
              ),
        )
      })
    })
}
