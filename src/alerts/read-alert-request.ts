import type { Answer } from '../agent/answer.ts'
import type { Caller } from '../auth/caller.ts'
import type { Config } from '../config/config.ts'
import type { Database } from '../db/database.ts'
import { fold, type ValueIndex } from '../semantic/value-lookup.ts'
import { valueIndexFor } from '../tools/value-index.ts'
import { describeRecipients } from './alert-rule.ts'
import { createRule } from './alert-store.ts'
import { prepareRule } from './prepare-rule.ts'

/**
 * Reads "tell me when Hermès Birkin stock falls under 2", "alert me if weekly revenue drops more than 20%",
 * "notify ops@example.com of any anomaly in Instagram revenue" as an alert rule: the condition, its values through
 * the value lookup and whom to tell (e-mail addresses and webhook URLs named in the question). The chat, `alerts
 * create "…"` and the web page all read requests here, so a sentence means the same rule everywhere.
 */

const someone = String.raw`(?:me|us|the team|[^\s@]+@[^\s@]+\.[^\s@,;]+)`
// Asking for an alert and nothing else: "alert me", "notify ops@…", "let me know when", "set up an alert", "whenever …" at the start.
const strongRequest = new RegExp(
  String.raw`^\s*(?:please\s+)?(?:(?:alert|notify|warn|ping)\s+${someone}\b|let\s+(?:me|us)\s+know\s+(?:when|whenever|if|as\s+soon\s+as)\b|(?:set\s+up|create|add)\s+an?\s+alert\b|send\s+(?:me|us)\s+an?\s+alert\b|whenever\b)`,
  'i',
)
// "Tell me when …", "email me if …": an alert when a condition follows, else a question ("tell me if we sold any Birkins").
const weakRequest = new RegExp(String.raw`^\s*(?:please\s+)?(?:tell|email|e-mail|message)\s+${someone}\s+(?:when|whenever|if|as\s+soon\s+as|once)\b`, 'i')

/** How plainly a question asks for an alert: strong (only an alert is meant), weak (only if a condition follows), or not at all. */
export function alertIntent(question: string): 'strong' | 'weak' | undefined {
  if (strongRequest.test(question)) return 'strong'
  return weakRequest.test(question) ? 'weak' : undefined
}

export type RawRecipient = { type: 'email'; address: string } | { type: 'webhook'; url: string; format: 'slack' | 'teams' }

/** The e-mail addresses and webhook URLs a request names; a URL is Teams when its host or the words say so, else Slack. */
export function recipientsIn(text: string): RawRecipient[] {
  const urls = [...text.matchAll(/\bhttps?:\/\/[^\s<>"']+/gi)].map((match) => match[0].replace(/[.,;)]+$/, ''))
  const withoutUrls = urls.reduce((rest, url) => rest.replace(url, ' '), text)
  const emails = [...withoutUrls.matchAll(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g)].map((match) => match[0])
  const teamsWords = /\b(?:ms\s+)?teams\b/i.test(withoutUrls)
  return [
    ...emails.map((address): RawRecipient => ({ type: 'email', address })),
    ...urls.map((url): RawRecipient => {
      const host = (() => {
        try {
          return new URL(url).hostname
        } catch {
          return ''
        }
      })()
      const teams = /(?:^|\.)(?:office\.com|office365\.com|logic\.azure\.com|webhook\.office\.com)$/i.test(host) || (teamsWords && !/slack\.com$/i.test(host))
      return { type: 'webhook', url, format: teams ? 'teams' : 'slack' }
    }),
  ]
}

const changeMeasureWords: Array<[RegExp, string]> = [
  [/\b(?:gross\s+)?profit\b/, 'gross_profit'],
  [/\bmargin\b/, 'margin_percent'],
  [/\b(?:aov|average\s+order\s+value|basket\s+size)\b/, 'aov'],
  [/\bnew\s+customers?\b/, 'new_customers'],
  [/\borders?\b/, 'orders'],
  [/\bunits?\b|\bitems?\s+sold\b/, 'units'],
  [/\b(?:revenue|sales|turnover|takings)\b/, 'revenue'],
]

function measureIn(text: string, allowed: readonly string[]): string | undefined {
  return changeMeasureWords.find(([pattern, measure]) => allowed.includes(measure) && pattern.test(text))?.[1]
}

function grainIn(text: string): 'day' | 'week' | 'month' | undefined {
  if (/\b(?:daily|day|days|yesterday)\b/.test(text)) return 'day'
  if (/\b(?:monthly|month|months)\b/.test(text)) return 'month'
  if (/\b(?:weekly|week|weeks)\b/.test(text)) return 'week'
  return undefined
}

const stockWords = new Set(['stock', 'stocks', 'inventory', 'units', 'unit', 'pieces', 'piece', 'items', 'item', 'left', 'level', 'levels', 'in', 'on', 'hand'])
const fillerWords = new Set(['the', 'our', 'my', 'any', 'of', 'a', 'an', 'for', 'count', 'number', 'total', 'we', 'have', 'do', 'how', 'many', 'much', 'model', 'models', 'brand', 'brands', 'category', 'each', 'every'])

/** A stock condition: the threshold after "under/below/less than", the brand, model and category the words name. */
function stockCondition(text: string, index: ValueIndex): Record<string, unknown> | { problem: string } | undefined {
  const threshold = /\b(?:under|below|less\s+than|fewer\s+than|lower\s+than)\s+(\d+)\b/.exec(text)
  if (!threshold || !/\b(?:stock|inventory|in\s+stock|on\s+hand|left)\b/.test(text)) return undefined
  // The subject: the words before the stock word ("Hermès Birkin" in "Hermès Birkin stock falls under 2").
  const subject = /^(.*?)\s*\b(?:stock|inventory|units?|pieces?|items?)\b/i.exec(text)?.[1] ?? ''
  const brands = index.mentions('brand', subject)
  const categories = index.mentions('category', subject)
  const named = new Set([...brands, ...categories].flatMap((mention) => mention.phrase.split(' ')))
  const products = index.values('product')
  // Each word of the subject as written must name something: the brand, the category, part of a product name.
  const words = subject.split(/[\s,]+/).filter((word) => {
    const folded = fold(word)
    return folded !== '' && !named.has(folded) && !stockWords.has(folded) && !fillerWords.has(folded)
  })
  const modelWords: string[] = []
  for (const word of words) {
    // Spelt as the product names spell it: "birkin" watches Birkin.
    const product = fold(word).length >= 3 ? products.find((name) => name.toLowerCase().includes(word.toLowerCase())) : undefined
    if (product) {
      const at = product.toLowerCase().indexOf(word.toLowerCase())
      modelWords.push(product.slice(at, at + word.length))
      continue
    }
    // A word that names nothing the data holds: most likely a brand written another way ("Hermez").
    const asBrand = index.resolve('brand', word)
    return { problem: asBrand.ok ? `I could not read '${word}'.` : asBrand.message }
  }
  const each = /\bany\s+(brand|model|category)\b/.exec(text)?.[1]
  return {
    kind: 'stock_below',
    threshold: Number(threshold[1]),
    ...(brands[0] ? { brand: brands[0].value } : {}),
    ...(modelWords.length > 0 ? { model: modelWords.join(' ') } : {}),
    ...(categories[0] ? { category: categories[0].value } : {}),
    ...(each ? { group_by: each } : {}),
  }
}

/** The filters a change or an anomaly is narrowed by: a brand, a channel, a category the words name. */
function salesFiltersIn(text: string, index: ValueIndex, fields: ReadonlyArray<'brand' | 'channel' | 'category'>): Record<string, string> {
  const filters: Record<string, string> = {}
  for (const field of fields) {
    const mention = index.mentions(field, text)[0]
    if (mention) filters[field] = mention.value
  }
  return filters
}

/**
 * The condition's words: "Hermès Birkin stock falls under 2" from "tell me when Hermès Birkin stock falls under 2"
 * (and from "when Hermès Birkin stock…" or the bare condition, as `alerts create` takes it), without addresses and URLs.
 */
function conditionWords(question: string): string {
  const bare = question.replace(/\bhttps?:\/\/\S+/gi, ' ').replace(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, ' ')
  const request = alertIntent(question) ? /^.*?\b(?:when|whenever|if|as\s+soon\s+as|once|of|about)\b\s*/is : /^\s*(?:when|whenever|if)\b\s*/i
  return bare.replace(request, '').trim()
}

/** Reads the condition a request names, or why it cannot be read. */
export function conditionIn(question: string, index: ValueIndex): Record<string, unknown> | { problem: string } {
  const text = conditionWords(question)
  const lower = text.toLowerCase()
  const stock = stockCondition(text, index)
  if (stock) return stock
  if (/\b(?:anomal\w*|unusual|abnormal|outliers?|spikes?|odd|strange|weird)\b/.test(lower)) {
    return {
      kind: 'anomaly',
      measure: measureIn(lower, ['revenue', 'orders', 'units']) ?? 'revenue',
      grain: grainIn(lower) === 'week' ? 'week' : 'day',
      ...salesFiltersIn(text, index, ['channel']),
    }
  }
  const change = /\b(drops?|dropped|falls?|fell|declines?|decreases?|down|dips?|rises?|rose|grows?|increases?|up|jumps?|climbs?)\b[^%\d]*?(\d+(?:\.\d+)?)\s*(?:%|percent\b)/.exec(lower)
  if (change) {
    const measure = measureIn(lower, ['revenue', 'orders', 'units', 'aov', 'gross_profit', 'margin_percent', 'new_customers'])
    if (!measure) return { problem: 'Which figure should I watch? Name revenue, orders, units, gross profit, average order value, margin or new customers.' }
    return {
      kind: 'metric_change',
      measure,
      grain: grainIn(lower) ?? 'week',
      direction: /\b(?:rises?|rose|grows?|increases?|up|jumps?|climbs?)\b/.test(change[1]!) ? 'rise' : 'drop',
      percent: Number(change[2]),
      ...salesFiltersIn(text, index, ['brand', 'channel', 'category']),
    }
  }
  return {
    problem:
      'I can watch three things: stock ("tell me when Hermès Birkin stock falls under 2"), a change against the previous period ' +
      '("when weekly revenue drops more than 20%") and anomalies ("any anomaly in Instagram revenue").',
  }
}

export type AlertRequestOutcome = { ok: true; text: string; ruleId: string } | { ok: false; text: string }

/**
 * Saves the alert a request asks for, owned by the caller: the condition read from the words, the recipients it
 * names (else DIGEST_RECIPIENTS, the team's addresses). The reply says what was saved or what to change.
 */
export async function saveAlertRequest(
  question: string,
  context: { database: Database; config: Pick<Config, 'DIGEST_RECIPIENTS' | 'SMTP_URL'>; owner: Caller; recipients?: readonly RawRecipient[] },
): Promise<AlertRequestOutcome> {
  const index = await valueIndexFor(context.database)
  const condition = conditionIn(question, index)
  if ('problem' in condition) return { ok: false, text: `I could not save that alert. ${condition.problem}` }
  const named = [...(context.recipients ?? []), ...recipientsIn(question)]
  const recipients: RawRecipient[] = named.length > 0 ? named : context.config.DIGEST_RECIPIENTS.map((address) => ({ type: 'email', address }))
  if (recipients.length === 0) {
    return { ok: false, text: 'Whom should I tell? Name an e-mail address or a Slack or Teams webhook URL, e.g. "tell ana@example.com when Hermès Birkin stock falls under 2".' }
  }
  const prepared = await prepareRule({ condition, recipients }, context.database)
  if (!prepared.ok) return { ok: false, text: `I could not save that alert. ${prepared.message}` }
  const rule = await createRule(context.database.sql, context.owner, prepared.rule)
  const mailWaits = recipients.some((recipient) => recipient.type === 'email') && !context.config.SMTP_URL
  const text = [
    `Saved the alert **${rule.name}** (id \`${rule.id}\`). I will tell ${describeRecipients(rule.recipients)}${named.length === 0 ? ' (the digest recipients, since the question named no one)' : ''} once per period when it holds.`,
    ...prepared.rule.notes,
    ...(mailWaits ? ['E-mails wait until SMTP_URL is set.'] : []),
    `Test it now with \`luxx-analyst alerts test ${rule.id}\`; delete it with \`alerts delete ${rule.id}\`.`,
  ].join(' ')
  return { ok: true, text, ruleId: rule.id }
}

/**
 * The answer pipeline's hook: a question that asks for an alert gets its rule saved and an answer saying so, in the
 * answer contract (no tool ran, so no figure needs grounding); any other question gets undefined.
 */
export async function answerAlertRequest(
  question: string,
  context: Parameters<typeof saveAlertRequest>[1] & { ids: Pick<Answer, 'id' | 'conversationId' | 'createdAt'>; started: number },
): Promise<Answer | undefined> {
  const intent = alertIntent(question)
  if (!intent) return undefined
  // "Tell me if we sold any Birkins last week" is a question: a weak request is an alert only when a condition reads.
  if (intent === 'weak' && 'problem' in conditionIn(question, await valueIndexFor(context.database))) return undefined
  const saved = await saveAlertRequest(question, context)
  return {
    ...context.ids,
    question,
    status: 'complete',
    text: saved.text,
    toolCalls: [],
    charts: [],
    tables: [],
    assumptions: [],
    provider: 'local',
    model: 'alert reader',
    fallbackFrom: [],
    usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, estimatedCostUsd: 0 },
    grounding: { ok: true, checked: 0, ungrounded: [] },
    relevance: saved.ok ? { ok: true, status: 'answered', missing: [] } : { ok: false, status: 'unanswered', missing: [saved.text] },
    steps: 0,
    durationMs: Math.round(performance.now() - context.started),
  }
}
