import type { Config } from '../../config/config.ts'
import type { Runtime } from '../../runtime.ts'
import type { WorkerOptions } from '../../digest/outbox-worker.ts'
import { allRules } from '../alert-store.ts'
import type { AlertRule } from '../alert-rule.ts'
import { askLink, subjectOf } from './alert-messages.ts'
import { recordFiring } from './alert-outbox.ts'
import { deliverAlerts, type AlertSenders, type DeliverySummary } from './deliver-alerts.ts'
import { evaluateRule, type Evaluation } from './evaluate-rule.ts'

export type AlertRuntime = Pick<Runtime, 'config' | 'database' | 'registry' | 'executionContext'>

export interface AlertRunSummary {
  evaluated: number
  /** Rules whose condition held for a period that had not fired yet: recorded and queued. */
  fired: number
  /** Rules whose condition held for a period that had fired already: nothing queued. */
  alreadyFired: number
  quiet: number
  /** Rules that could not be judged, each with the reason. */
  failures: string[]
  delivery: DeliverySummary
}

/** Where "ask again" links point: LUXX_PUBLIC_URL, or this server on loopback. */
export function publicBase(config: Pick<Config, 'LUXX_PUBLIC_URL' | 'PORT'>): string {
  return config.LUXX_PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`
}

/** Judges rules without recording or sending anything: what `alerts test` shows. */
export function testRules(runtime: AlertRuntime, rules: readonly AlertRule[]): Promise<Evaluation[]> {
  return Promise.all(rules.map((rule) => evaluateRule(runtime, rule)))
}

/**
 * One alert run, safe to repeat and to race (schedulers on every replica, a data load finishing): every rule is
 * judged through its tool; a condition that holds records a firing for its period unless one exists, with one
 * delivery per recipient; then the due deliveries are sent. However often it runs, a period fires once.
 */
export async function runAlerts(runtime: AlertRuntime, options: { senders: AlertSenders; worker: WorkerOptions }): Promise<AlertRunSummary> {
  const sql = runtime.database.sql
  const summary: AlertRunSummary = { evaluated: 0, fired: 0, alreadyFired: 0, quiet: 0, failures: [], delivery: { sent: 0, retrying: 0, failed: 0 } }
  // One rule at a time: each is a tool call on the shared pool, and a scheduler must leave room for questions.
  for (const rule of await allRules(sql)) {
    const evaluation = await evaluateRule(runtime, rule)
    summary.evaluated += 1
    if (evaluation.status === 'failed') {
      summary.failures.push(evaluation.error)
      continue
    }
    if (evaluation.status === 'quiet') {
      summary.quiet += 1
      continue
    }
    const message = {
      ruleName: rule.name,
      period: evaluation.period,
      subject: subjectOf(rule.name, evaluation.period),
      summary: evaluation.summary,
      figures: evaluation.figures,
      link: askLink(publicBase(runtime.config), rule.question),
    }
    const firing = await recordFiring(sql, rule.id, message, rule.recipients)
    if (firing === null) summary.alreadyFired += 1
    else summary.fired += 1
  }
  summary.delivery = await deliverAlerts(sql, options.senders, options.worker)
  return summary
}
