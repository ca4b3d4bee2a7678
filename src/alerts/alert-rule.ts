import { z } from 'zod'
import { dimensionEnum, measures, valueLabel } from '../semantic/index.ts'
import { salesFilterFields, describeSalesFilters, type SalesFilters } from '../tools/sales-filters.ts'
import { webhookUrlProblem } from './webhook-url.ts'

/**
 * The alert rule: what to watch (a condition of one of three kinds) and whom to tell. Every figure a rule watches
 * comes from a vetted tool (src/alerts/evaluate-rule.ts): stock from stock_levels, a change from kpi_summary, an
 * anomaly from anomalies, so the measures and their filters are the tools' own.
 */
export const alertKinds = ['stock_below', 'metric_change', 'anomaly'] as const
export type AlertKind = (typeof alertKinds)[number]

/** The KPIs kpi_summary reports with a change against the previous period, by their semantic-layer names. */
export const changeMeasures = ['revenue', 'orders', 'units', 'aov', 'gross_profit', 'margin_percent', 'new_customers'] as const
/** The figures the anomalies tool watches. */
export const anomalyMeasures = ['revenue', 'orders', 'units'] as const
export const changeGrains = ['day', 'week', 'month'] as const
export type ChangeGrain = (typeof changeGrains)[number]
export const stockGroupings = ['brand', 'model', 'category'] as const

const textFilter = (description: string) => z.string().trim().min(1).max(100).optional().describe(description)

const stockBelow = z.strictObject({
  kind: z.literal('stock_below'),
  brand: textFilter("Only stock of this brand, as the data spells it ('hermes' reads as Hermès); an unknown brand is refused with the closest."),
  model: textFilter("Only products whose name contains this text, ignoring case ('Birkin' matches Birkin 25 and Birkin 30)."),
  category: dimensionEnum('category').optional().describe('Only stock of this product category.'),
  group_by: z
    .enum(stockGroupings)
    .optional()
    .describe('Watch each brand, model or category apart. Default: category when only a category is named, else brand (so "Hermès Birkin" is one total).'),
  threshold: z
    .number({ error: 'must be a whole number from 1 to 1000' })
    .int('must be a whole number from 1 to 1000')
    .min(1, 'must be a whole number from 1 to 1000')
    .max(1000, 'must be a whole number from 1 to 1000')
    .describe('Fires when a group has fewer than this many units in stock (sold out included).'),
})

const metricChange = z.strictObject({
  kind: z.literal('metric_change'),
  measure: z.enum(changeMeasures).describe(`The KPI to watch: ${changeMeasures.join(', ')}.`),
  grain: z.enum(changeGrains).default('week').describe('Compare the last complete day, Monday–Sunday week or calendar month with the one before. Default week.'),
  direction: z.enum(['drop', 'rise']).describe('drop: fires when the KPI falls by at least percent; rise: when it grows by at least percent.'),
  percent: z
    .number({ error: 'must be a number above 0 and at most 1000' })
    .positive('must be a number above 0 and at most 1000')
    .max(1000, 'must be a number above 0 and at most 1000')
    .describe('The change against the previous period, in percent, that fires the alert.'),
  ...salesFilterFields,
})

const anomaly = z.strictObject({
  kind: z.literal('anomaly'),
  measure: z.enum(anomalyMeasures).default('revenue').describe(`The figure to watch: ${anomalyMeasures.join(', ')}. Default revenue.`),
  grain: z.enum(['day', 'week']).default('day').describe('Judge the last complete day (against the same weekday) or Monday–Sunday week. Default day.'),
  channel: dimensionEnum('channel').optional().describe('Only sales on this channel. Default: every channel.'),
})

export const alertCondition = z.discriminatedUnion('kind', [stockBelow, metricChange, anomaly], {
  error: `kind: must be one of ${alertKinds.join(', ')}`,
})
export type AlertCondition = z.output<typeof alertCondition>
export type StockBelowCondition = Extract<AlertCondition, { kind: 'stock_below' }>
export type MetricChangeCondition = Extract<AlertCondition, { kind: 'metric_change' }>
export type AnomalyCondition = Extract<AlertCondition, { kind: 'anomaly' }>

export const webhookFormats = ['slack', 'teams'] as const

const webhookUrl = z
  .string()
  .trim()
  .superRefine((value, context) => {
    const problem = webhookUrlProblem(value)
    if (problem) context.addIssue({ code: 'custom', message: problem })
  })

export const alertRecipient = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('email'),
      address: z.email('must be an e-mail address, e.g. owner@example.com').transform((address) => address.toLowerCase()).describe('Sent over SMTP_URL.'),
    }),
    z.strictObject({
      type: z.literal('webhook'),
      url: webhookUrl.describe('An incoming-webhook URL (https; http only to this machine).'),
      format: z.enum(webhookFormats).describe('slack ({text, blocks}) or teams (MessageCard).'),
    }),
  ],
  { error: 'type: must be email or webhook' },
)
export type AlertRecipient = z.output<typeof alertRecipient>

/** What `alerts create`, POST /api/alerts and the chat hand over, before values are read as the data spells them. */
export const alertRuleInput = z.strictObject({
  name: z.string().trim().min(1).max(200).optional().describe('The rule in words; default: written from the condition.'),
  condition: alertCondition.describe('What to watch.'),
  recipients: z
    .array(alertRecipient)
    .min(1, 'must name at least one recipient (an e-mail address or a webhook)')
    .max(10, 'may name at most 10 recipients')
    .describe('Who is told when it fires.'),
})
export type AlertRuleInput = z.output<typeof alertRuleInput>

/** A stored rule, as every surface shows it. */
export interface AlertRule {
  id: string
  ownerKeyId: string | null
  name: string
  condition: AlertCondition
  recipients: AlertRecipient[]
  question: string
  createdAt: string
}

const lower = (measure: keyof typeof measures) => measures[measure].label.toLowerCase()
const grainWords: Record<ChangeGrain, { adjective: string; noun: string }> = {
  day: { adjective: 'Daily', noun: 'day' },
  week: { adjective: 'Weekly', noun: 'week' },
  month: { adjective: 'Monthly', noun: 'month' },
}

/** "Hermès Birkin", "bag", "" : the stock a rule watches, in words. */
export function stockScope(condition: StockBelowCondition): string {
  return [condition.brand, condition.model, condition.category ? valueLabel('category', condition.category).toLowerCase() : undefined]
    .filter(Boolean)
    .join(' ')
}

export function stockGrouping(condition: StockBelowCondition): (typeof stockGroupings)[number] {
  return condition.group_by ?? (condition.category && !condition.brand && !condition.model ? 'category' : 'brand')
}

function salesScope(filters: SalesFilters): string {
  const described = describeSalesFilters(filters)
  return described ? ` (${described})` : ''
}

/** The rule in words, for lists and message subjects. */
export function describeCondition(condition: AlertCondition): string {
  switch (condition.kind) {
    case 'stock_below': {
      const scope = stockScope(condition)
      const each = condition.group_by ? ` (any ${condition.group_by})` : ''
      return `${scope ? `${scope} stock` : 'Stock'}${each} below ${condition.threshold}`
    }
    case 'metric_change':
      return `${grainWords[condition.grain].adjective} ${lower(condition.measure)}${salesScope(condition)} ${condition.direction === 'drop' ? 'drops' : 'rises'} ${condition.percent}% or more against the previous ${grainWords[condition.grain].noun}`
    case 'anomaly':
      return `Unusual ${condition.grain === 'day' ? 'daily' : 'weekly'} ${lower(condition.measure)}${condition.channel ? ` on ${valueLabel('channel', condition.channel)}` : ''}`
  }
}

/** The question that re-asks what the rule watches, for the link in its messages (the offline planner answers each). */
export function questionFor(condition: AlertCondition): string {
  switch (condition.kind) {
    case 'stock_below': {
      const scope = stockScope(condition)
      return scope ? `How many ${scope} do we have in stock?` : `What is low in stock by ${stockGrouping(condition)}?`
    }
    case 'metric_change': {
      const period = { day: 'yesterday', week: 'last week', month: 'last month' }[condition.grain]
      return `How did ${lower(condition.measure)}${salesScope(condition)} do ${period} against the ${grainWords[condition.grain].noun} before?`
    }
    case 'anomaly':
      return `Any unusual ${condition.grain}s in ${lower(condition.measure)}${condition.channel ? ` on ${valueLabel('channel', condition.channel)}` : ''} in the last 90 days?`
  }
}

/** "owner@example.com and a Slack webhook (hooks.slack.com)": whom a rule tells, without a webhook's secret path. */
export function describeRecipients(recipients: readonly AlertRecipient[]): string {
  const names = recipients.map((recipient) =>
    recipient.type === 'email' ? recipient.address : `a ${recipient.format === 'slack' ? 'Slack' : 'Teams'} webhook (${new URL(recipient.url).host})`,
  )
  return names.length <= 1 ? (names[0] ?? 'no one') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}
