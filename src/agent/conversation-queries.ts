import { answerSchema, type Answer } from './answer.ts'
import { mayAccess, type Caller } from '../auth/caller.ts'
import type { Sql } from '../db/database.ts'
import { roles, type Role } from '../privacy/mask.ts'
import type { ConversationSummary } from './conversation-summary.ts'

export type { ConversationSummary }

/**
 * Reads of stored conversations beyond the conversation store, for the surfaces that list them (a list, one answer by id).
 * A conversation belongs to the key that started it (admins read everyone's), and carries the role it was held
 * with: its tool results were masked for that role, so a caller sees only conversations held with their own role
 * or a lower one, and a viewer never reads what an admin saw.
 */

/** The roles whose conversations a caller may read: their own and the ones below it. */
export function readableRoles(role: Role): Role[] {
  return roles.slice(0, roles.indexOf(role) + 1)
}

export function mayRead(caller: Role, held: Role): boolean {
  return readableRoles(caller).includes(held)
}

export async function listConversations(sql: Sql, caller: Caller, limit: number): Promise<ConversationSummary[]> {
  return sql<ConversationSummary[]>`
    select c.id, c.title, c.surface, c.role, count(a.id)::int as answers,
           c.created_at as "createdAt", c.updated_at as "updatedAt"
    from conversations c
    left join answers a on a.conversation_id = c.id
    where c.role in ${sql(readableRoles(caller.role))}
      and (${caller.role === 'admin'} or c.owner_key_id is not distinct from ${caller.keyId}::uuid)
    group by c.id
    order by c.updated_at desc, c.id
    limit ${limit}`
}

/** One conversation, when it exists and is the caller's (or the caller is an admin); someone else's reads as missing. */
export async function findConversation(sql: Sql, id: string, caller: Caller): Promise<ConversationSummary | undefined> {
  const [conversation] = await sql<Array<ConversationSummary & { ownerKeyId: string | null }>>`
    select c.id, c.title, c.surface, c.role, (select count(*)::int from answers a where a.conversation_id = c.id) as answers,
           c.created_at as "createdAt", c.updated_at as "updatedAt", c.owner_key_id as "ownerKeyId"
    from conversations c
    where c.id = ${id}`
  if (!conversation || !mayAccess(caller, conversation.ownerKeyId)) return undefined
  const { ownerKeyId: _owner, ...summary } = conversation
  return summary
}

/** One stored answer with the role its conversation was held with; undefined when there is none or it is someone else's. */
export async function findAnswer(sql: Sql, id: string, caller: Caller): Promise<{ answer: Answer; role: Role } | undefined> {
  const [row] = await sql<{ contract: unknown; role: Role; owner_key_id: string | null }[]>`
    select a.contract, c.role, c.owner_key_id
    from answers a
    join conversations c on c.id = a.conversation_id
    where a.id = ${id}`
  if (!row || !mayAccess(caller, row.owner_key_id)) return undefined
  return { answer: answerSchema.parse(row.contract), role: row.role }
}
