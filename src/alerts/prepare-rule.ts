import type { Database } from '../db/database.ts'
import type { DimensionName } from '../semantic/index.ts'
import { modelProblem, type ValueIndex } from '../semantic/value-lookup.ts'
import { valueIndexFor } from '../tools/value-index.ts'
import { alertRuleInput, describeCondition, questionFor, type AlertCondition, type AlertRecipient } from './alert-rule.ts'

/** A rule ready to store: its values as the data spells them, its name and its question written. */
export interface PreparedRule {
  name: string
  condition: AlertCondition
  recipients: AlertRecipient[]
  question: string
  /** How values were read ("Read 'hermes' as Hermès."). */
  notes: string[]
}

export type Preparation = { ok: true; rule: PreparedRule } | { ok: false; message: string }

/** The condition fields read through the value lookup, by the dimension whose values they take. */
const valueFields: Record<string, DimensionName> = {
  brand: 'brand',
  category: 'category',
  channel: 'channel',
  condition: 'condition',
  region: 'region',
  city: 'city',
}

/**
 * Reads a rule as every surface hands it over: its filter values through the value lookup ("hermes" → Hermès,
 * "Instagram" → instagram; "Hermez" refused with "Did you mean Hermès?"), then the rule's schema, whose messages
 * name what is allowed. Unknown values never become a rule that silently watches nothing.
 */
export async function prepareRule(raw: unknown, database: Database): Promise<Preparation> {
  let index: ValueIndex | undefined
  const notes: string[] = []
  const given = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined
  const condition = given?.condition && typeof given.condition === 'object' && !Array.isArray(given.condition) ? { ...(given.condition as Record<string, unknown>) } : undefined
  if (condition) {
    for (const [field, dimension] of Object.entries(valueFields)) {
      const written = condition[field]
      if (typeof written !== 'string' || written.trim() === '') continue
      index ??= await valueIndexFor(database)
      let resolution = index.resolve(dimension, written.trim())
      // A brand or city added since the values were read: read them again once before refusing.
      if (!resolution.ok) resolution = (index = await valueIndexFor(database, 0)).resolve(dimension, written.trim())
      if (!resolution.ok) return { ok: false, message: `condition.${field}: ${resolution.message}` }
      condition[field] = resolution.value
      if (resolution.reading !== 'exact') notes.push(`Read '${written.trim()}' as ${resolution.value}.`)
    }
    if (typeof condition.model === 'string' && condition.model.trim() !== '') {
      index ??= await valueIndexFor(database)
      const problem = modelProblem(index, condition.model.trim()) ?? modelProblem((index = await valueIndexFor(database, 0)), condition.model.trim())
      if (problem) return { ok: false, message: `condition.model: ${problem}` }
    }
  }
  const parsed = alertRuleInput.safeParse(given ? { ...given, ...(condition ? { condition } : {}) } : raw)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.')
      return field ? `${field}: ${issue.message}` : issue.message
    })
    return { ok: false, message: `Invalid alert: ${problems.join('; ')}.` }
  }
  const rule = parsed.data
  return {
    ok: true,
    rule: { name: rule.name ?? describeCondition(rule.condition), condition: rule.condition, recipients: rule.recipients, question: questionFor(rule.condition), notes },
  }
}

