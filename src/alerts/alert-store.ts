import { randomUUID } from 'node:crypto'
import { mayAccess, type Caller } from '../auth/caller.ts'
import type { Sql } from '../db/database.ts'
import { alertCondition, alertRecipient, type AlertRule } from './alert-rule.ts'
import type { PreparedRule } from './prepare-rule.ts'

/**
 * Stored alert rules. A rule belongs to the key that created it (null: the machine's owner, as conversations and
 * reports in migration 0013): only its owner and admins list, read, test or delete it; someone else's reads as missing.
 */
interface RuleRow {
  id: string
  owner_key_id: string | null
  name: string
  condition: unknown
  recipients: unknown
  question: string
  created_at: Date | string
}

/** Read back through the schemas, so a row written by an older version is refused loudly rather than misread. */
function fromRow(row: RuleRow): AlertRule {
  return {
    id: row.id,
    ownerKeyId: row.owner_key_id,
    name: row.name,
    condition: alertCondition.parse(row.condition),
    recipients: alertRecipient.array().parse(row.recipients),
    question: row.question,
    createdAt: new Date(row.created_at).toISOString(),
  }
}

export async function createRule(sql: Sql, owner: Caller, rule: PreparedRule): Promise<AlertRule> {
  const [row] = await sql<RuleRow[]>`
    insert into alert_rules (id, owner_key_id, name, kind, condition, recipients, question)
    values (${randomUUID()}, ${owner.keyId}, ${rule.name}, ${rule.condition.kind}, ${sql.json(rule.condition)},
            ${sql.json(rule.recipients)}, ${rule.question})
    returning id, owner_key_id, name, condition, recipients, question, created_at`
  return fromRow(row!)
}

/** The caller's rules (an admin's: everyone's), oldest first. */
export async function listRules(sql: Sql, caller: Caller): Promise<AlertRule[]> {
  const rows = await sql<RuleRow[]>`
    select id, owner_key_id, name, condition, recipients, question, created_at
    from alert_rules
    where ${caller.role === 'admin'} or owner_key_id is not distinct from ${caller.keyId}::uuid
    order by created_at, id`
  return rows.map(fromRow)
}

/**
 * The rules the scheduler judges: every rule whose owner may still act, the machine owner's and those of keys not
 * revoked. A revoked key's rules stay (an admin may read or delete them) but send nothing more.
 */
export async function allRules(sql: Sql): Promise<AlertRule[]> {
  const rows = await sql<RuleRow[]>`
    select r.id, r.owner_key_id, r.name, r.condition, r.recipients, r.question, r.created_at
    from alert_rules r
    left join api_keys k on k.id = r.owner_key_id
    where r.owner_key_id is null or k.revoked_at is null
    order by r.created_at, r.id`
  return rows.map(fromRow)
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** One rule, when it exists and the caller may see it; undefined otherwise (someone else's reads as missing). */
export async function findRule(sql: Sql, id: string, caller: Caller): Promise<AlertRule | undefined> {
  if (!uuidPattern.test(id)) return undefined
  const [row] = await sql<RuleRow[]>`
    select id, owner_key_id, name, condition, recipients, question, created_at from alert_rules where id = ${id}`
  if (!row || !mayAccess(caller, row.owner_key_id)) return undefined
  return fromRow(row)
}

/** Deletes a rule with its firings and deliveries; false when the caller has no such rule. */
export async function deleteRule(sql: Sql, id: string, caller: Caller): Promise<boolean> {
  if (!uuidPattern.test(id)) return false
  const deleted = await sql`
    delete from alert_rules
    where id = ${id} and (${caller.role === 'admin'} or owner_key_id is not distinct from ${caller.keyId}::uuid)
    returning id`
  return deleted.length > 0
}
