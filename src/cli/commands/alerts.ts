import { Option, type Command } from 'commander'
import { localOwner } from '../../auth/caller.ts'
import { describeRecipients, webhookFormats, type AlertRule } from '../../alerts/alert-rule.ts'
import type { RawRecipient } from '../../alerts/read-alert-request.ts'
import { CliError, exitCodes } from '../cli-error.ts'
import { formatTable } from '../format-table.ts'
import { withRuntime } from '../with-runtime.ts'

const collect = (value: string, previous: string[] = []) => [...previous, value]

interface CreateOptions {
  email?: string[]
  webhook?: string[]
  format: (typeof webhookFormats)[number]
  rule?: string
}

function recipientsFrom(options: CreateOptions): RawRecipient[] {
  return [
    ...(options.email ?? []).map((address): RawRecipient => ({ type: 'email', address })),
    ...(options.webhook ?? []).map((url): RawRecipient => ({ type: 'webhook', url, format: options.format })),
  ]
}

function ruleRow(rule: AlertRule): Record<string, unknown> {
  return { id: rule.id, name: rule.name, kind: rule.condition.kind, recipients: describeRecipients(rule.recipients) }
}

/**
 * `alerts create|list|test|status|delete`: saved alert rules, as the machine's owner (the local CLI acts as it, an
 * admin: it sees every rule). Rules are judged by the server's scheduler and after `db seed` / `db refresh-rollups`.
 */
export function registerAlertCommands(program: Command): void {
  const alerts = program.command('alerts').description('Saved alerts: be told by e-mail, Slack or Teams when stock runs low, a KPI moves or an anomaly appears')

  alerts
    .command('create')
    .description('Save an alert from a sentence ("Hermès Birkin stock falls under 2") or a rule as JSON (--rule)')
    .argument('[condition]', 'what to watch, in words: stock under N, a KPI dropping or rising N% against the previous day/week/month, or an anomaly')
    .option('--email <address>', 'e-mail this address when it fires (repeatable; sent over SMTP_URL)', collect)
    .option('--webhook <url>', 'POST to this incoming-webhook URL when it fires (repeatable)', collect)
    .addOption(new Option('--format <format>', 'the webhooks\' format').choices(webhookFormats).default('slack'))
    .option('--rule <json>', 'the whole rule as JSON: {"condition": {...}, "recipients": [...]} (POST /api/alerts takes the same)')
    .addHelpText(
      'after',
      '\nExamples:\n  luxx-analyst alerts create "Hermès Birkin stock falls under 2" --email owner@example.com\n' +
        '  luxx-analyst alerts create "weekly revenue drops more than 20%" --webhook https://hooks.slack.com/services/T0/B0/XYZ --format slack\n' +
        '  luxx-analyst alerts create "any anomaly in Instagram revenue" --email owner@example.com\n' +
        '  luxx-analyst alerts create --rule \'{"condition":{"kind":"stock_below","brand":"Chanel","threshold":3},"recipients":[{"type":"email","address":"owner@example.com"}]}\'',
    )
    .action(async (condition: string | undefined, options: CreateOptions) => {
      if ((condition === undefined) === (options.rule === undefined)) throw new CliError('Give the condition in words or --rule JSON (one of them).', exitCodes.usage)
      let rawRule: unknown
      if (options.rule !== undefined) {
        try {
          rawRule = JSON.parse(options.rule)
        } catch (error) {
          throw new CliError(`--rule must be JSON: ${error instanceof Error ? error.message : String(error)}`, exitCodes.usage)
        }
      }
      const { createRule } = await import('../../alerts/alert-store.ts')
      const { prepareRule } = await import('../../alerts/prepare-rule.ts')
      const { saveAlertRequest } = await import('../../alerts/read-alert-request.ts')
      await withRuntime(async (runtime) => {
        if (condition !== undefined) {
          const saved = await saveAlertRequest(condition, { database: runtime.database, config: runtime.config, owner: localOwner, recipients: recipientsFrom(options) })
          if (!saved.ok) throw new CliError(saved.text, exitCodes.usage)
          console.log(saved.text.replace(/\*\*|`/g, ''))
          return
        }
        const prepared = await prepareRule(rawRule, runtime.database)
        if (!prepared.ok) throw new CliError(prepared.message, exitCodes.usage)
        const rule = await createRule(runtime.database.sql, localOwner, prepared.rule)
        console.log([`Saved the alert ${rule.name} (id ${rule.id}). I will tell ${describeRecipients(rule.recipients)} once per period when it holds.`, ...prepared.rule.notes].join(' '))
      })
    })

  alerts
    .command('list')
    .description('List the saved alerts')
    .addHelpText('after', '\nExample:\n  luxx-analyst alerts list')
    .action(async () => {
      const { listRules } = await import('../../alerts/alert-store.ts')
      const rules = await withRuntime((runtime) => listRules(runtime.database.sql, localOwner), { seedIfEmpty: false })
      console.log(rules.length === 0 ? 'No alerts saved. Create one: luxx-analyst alerts create "Hermès Birkin stock falls under 2" --email owner@example.com' : formatTable(rules.map(ruleRow), { maxWidth: 70 }))
    })

  alerts
    .command('test')
    .description('Judge an alert now and show whether it would fire, with its figures; nothing is recorded or sent')
    .argument('<id>', 'the alert id (alerts list)')
    .addHelpText('after', '\nExample:\n  luxx-analyst alerts test 3f2a…')
    .action(async (id: string) => {
      const { findRule } = await import('../../alerts/alert-store.ts')
      const { testRules } = await import('../../alerts/firing/run-alerts.ts')
      await withRuntime(async (runtime) => {
        const rule = await findRule(runtime.database.sql, id, localOwner)
        if (!rule) throw new CliError(`No alert ${id}. See luxx-analyst alerts list.`, exitCodes.usage)
        const [evaluation] = await testRules(runtime, [rule])
        if (!evaluation || evaluation.status === 'failed') throw new CliError(`Could not judge the alert: ${evaluation?.status === 'failed' ? evaluation.error : 'no evaluation'}`)
        console.log(`${rule.name}: ${evaluation.status === 'fires' ? `WOULD FIRE for ${evaluation.period}` : `would not fire for ${evaluation.period}`} (${evaluation.tool.name} ${JSON.stringify(evaluation.tool.arguments)})`)
        console.log(evaluation.summary)
        if (evaluation.status === 'fires') for (const figure of evaluation.figures) console.log(`  ${figure.label}: ${figure.value}`)
      })
    })

  alerts
    .command('status')
    .description('Show what an alert sent: each firing\'s deliveries, their status, attempts and last error')
    .argument('<id>', 'the alert id (alerts list)')
    .addHelpText('after', '\nExample:\n  luxx-analyst alerts status 3f2a…')
    .action(async (id: string) => {
      const { findRule } = await import('../../alerts/alert-store.ts')
      const { deliveryStatus } = await import('../../alerts/firing/alert-outbox.ts')
      await withRuntime(async (runtime) => {
        const rule = await findRule(runtime.database.sql, id, localOwner)
        if (!rule) throw new CliError(`No alert ${id}. See luxx-analyst alerts list.`, exitCodes.usage)
        const rows = await deliveryStatus(runtime.database.sql, rule.id)
        console.log(
          rows.length === 0
            ? `${rule.name} has not fired yet.`
            : formatTable(rows.map((row) => ({ period: row.period, channel: row.channel, recipient: row.channel === 'email' ? row.recipient : new URL(row.recipient).host, status: row.status, attempts: row.attempts, error: row.lastError ?? '' })), { maxWidth: 70 }),
        )
      }, { seedIfEmpty: false })
    })

  alerts
    .command('delete')
    .description('Delete an alert, with what it fired and sent')
    .argument('<id>', 'the alert id (alerts list)')
    .addHelpText('after', '\nExample:\n  luxx-analyst alerts delete 3f2a…')
    .action(async (id: string) => {
      const { deleteRule } = await import('../../alerts/alert-store.ts')
      const deleted = await withRuntime((runtime) => deleteRule(runtime.database.sql, id, localOwner), { seedIfEmpty: false })
      if (!deleted) throw new CliError(`No alert ${id}. See luxx-analyst alerts list.`, exitCodes.usage)
      console.log(`Deleted alert ${id}.`)
    })
}
