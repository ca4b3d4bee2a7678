import { answerSchema, type Answer } from './answer.ts'
import type { Sql } from '../db/database.ts'
import { roles, type Role } from '../privacy/mask.ts'
import type { ConversationSummary } from './conversation-summary.ts'

export type { ConversationSummary }

/**
 * Reads of stored conversations beyond the conversation store, for the surfaces that list them (a list, one answer by id).
 * A conversation carries the role it was held with, and its tool results were masked for that role: a caller
 * sees only conversations held with their own role or a lower one, so a viewer never reads what an admin saw.
 */

/** The roles whose conversations a caller may read: their own and the ones below it. */
export function readableRoles(role: Role): Role[] {
  return roles.slice(0, roles.indexOf(role) + 1)
}

export function mayRead(caller: Role, held: Role): boolean {
  return readableRoles(caller).includes(held)
}

export async function listConversations(sql: Sql, caller: Role, limit: number): Promise<ConversationSummary[]> {
  return sql<ConversationSummary[]>`
    select c.id, c.title, c.surface, c.role, count(a.id)::int as answers,
           c.created_at as "createdAt", c.updated_at as "updatedAt"
    from conversations c
    left join answers a on a.conversation_id = c.id
    where c.role in ${sql(readableRoles(caller))}
    group by c.id
    order by c.updated_at desc, c.id
    limit ${limit}`
}

export async function findConversation(sql: Sql, id: string): Promise<ConversationSummary | undefined> {
  const [conversation] = await sql<ConversationSummary[]>`
    select c.id, c.title, c.surface, c.role, (select count(*)::int from answers a where a.conversation_id = c.id) as answers,
           c.created_at as "createdAt", c.updated_at as "updatedAt"
    from conversations c
    where c.id = ${id}`
  return conversation
}

/** One stored answer with the role its conversation was held with; undefined when there is none. */
export async function findAnswer(sql: Sql, id: string): Promise<{ answer: Answer; role: Role } | undefined> {
  const [row] = await sql<{ contract: unknown; role: Role }[]>`
    select a.contract, c.role
    from answers a
    join conversations c on c.id = a.conversation_id
    where a.id = ${id}`
  if (!row) return undefined
  return { answer: answerSchema.parse(row.contract), role: row.role }
}
