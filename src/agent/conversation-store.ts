import { randomUUID } from 'node:crypto'
import type { Sql } from '../db/database.ts'
import { storableJsonText, storableText } from '../db/storable-text.ts'
import { runTransaction } from '../db/transaction.ts'
import type { Role } from '../privacy/mask.ts'
import type { Surface } from '../tools/executor.ts'
import { answerSchema, type Answer } from './answer.ts'
import type { PriorTurn } from './providers/provider.ts'

/**
 * Conversations in the analyst's own database (migrations/0002_conversations.sql). An answer is written with
 * its question in one transaction once it is finished, so a crash mid-answer leaves nothing half-stored, and a
 * restart continues a conversation from exactly what was shown. Text PostgreSQL cannot hold (NUL, a lone
 * surrogate) is stored in a visible stand-in rather than failing the save.
 */
export type HistoryOutcome = { ok: true; turns: PriorTurn[] } | { ok: false; error: string }

export interface ConversationStore {
  /** The latest finished turns of a conversation, oldest first (failed answers are left out). */
  history(conversationId: string, maxTurns?: number): Promise<HistoryOutcome>
  /** Every stored answer of a conversation, oldest first, exactly as returned to the surface. */
  answers(conversationId: string): Promise<Answer[]>
  /** Stores an answer with its question; a lost connection fails it with a ConnectionLostError, nothing half-stored. */
  save(answer: Answer, caller: { role: Role; surface: Surface; ownerKeyId: string | null }): Promise<void>
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const titleLength = 80
const defaultHistoryTurns = 10

function titleOf(question: string): string {
  const line = question.trim().replace(/\s+/g, ' ')
  return line.length > titleLength ? `${line.slice(0, titleLength - 1)}…` : line
}

export function conversationStore(sql: Sql): ConversationStore {
  return {
    async history(conversationId, maxTurns = defaultHistoryTurns) {
      if (!uuidPattern.test(conversationId)) return { ok: false, error: `'${conversationId}' is not a conversation id (a UUID).` }
      const [conversation] = await sql<{ id: string }[]>`select id from conversations where id = ${conversationId}`
      if (!conversation) return { ok: false, error: `No conversation with id ${conversationId}.` }
      // Only the tool calls of each stored contract: the rest of it (tables, charts) is not history.
      const rows = await sql<{ question: string; answer: string; tool_calls: unknown }[]>`
        select question.content as question, reply.content as answer, a.contract -> 'toolCalls' as tool_calls
        from answers a
        join messages question on question.id = a.question_message_id
        join messages reply on reply.id = a.answer_message_id
        where a.conversation_id = ${conversationId} and a.status <> 'failed'
        order by question.position desc
        limit ${maxTurns}`
      const turns = rows.reverse().map((row) => {
        const parsed = answerSchema.shape.toolCalls.safeParse(row.tool_calls ?? [])
        const toolCalls = parsed.success ? parsed.data.map((call) => ({ name: call.name, arguments: call.arguments, ok: call.ok })) : []
        return { question: row.question, answer: row.answer, toolCalls }
      })
      return { ok: true, turns }
    },

    async answers(conversationId) {
      if (!uuidPattern.test(conversationId)) return []
      const rows = await sql<{ contract: unknown }[]>`
        select a.contract from answers a
        join messages question on question.id = a.question_message_id
        where a.conversation_id = ${conversationId}
        order by question.position`
      return rows.flatMap((row) => {
        const parsed = answerSchema.safeParse(row.contract)
        return parsed.success ? [parsed.data] : []
      })
    },

    async save(answer, caller) {
      const questionId = randomUUID()
      const replyId = randomUUID()
      await runTransaction(sql, 'Saving the answer', (transaction) =>
        // Sent together, one round trip between BEGIN and COMMIT: PostgreSQL still runs them one after another, each
        // seeing what the ones before it did, and a failure fails the ones after it and the transaction. JSON goes as
        // the text storableJsonText made (::text, or postgres.js would encode the text as a JSON string), then jsonb.
        Promise.all([
          // Creates the conversation or, when it exists, locks its row (ON CONFLICT DO UPDATE takes the lock), which
          // orders concurrent answers to one conversation so positions never collide; updated_at is the transaction's
          // now() either way, as the latest answer stored.
          transaction`
            insert into conversations (id, title, surface, role, owner_key_id)
            values (${answer.conversationId}, ${storableText(titleOf(answer.question))}, ${caller.surface}, ${caller.role}, ${caller.ownerKeyId})
            on conflict (id) do update set updated_at = now()`,
          // Both rows read the same latest position: a statement sees the messages as they were when it began.
          transaction`
            with latest as (select coalesce(max(position), 0)::int as position from messages where conversation_id = ${answer.conversationId})
            insert into messages (id, conversation_id, position, author, content, created_at)
            values (${questionId}, ${answer.conversationId}, (select position from latest) + 1, 'user', ${storableText(answer.question)}, ${answer.createdAt}),
                   (${replyId}, ${answer.conversationId}, (select position from latest) + 2, 'assistant', ${storableText(answer.text)}, default)`,
          transaction`
            insert into answers (id, conversation_id, question_message_id, answer_message_id, status, provider, model,
                                 grounded, grounding, estimated_cost_usd, duration_ms, contract)
            values (${answer.id}, ${answer.conversationId}, ${questionId}, ${replyId}, ${answer.status}, ${answer.provider},
                    ${answer.model}, ${answer.grounding.ok}, ${storableJsonText(answer.grounding)}::text::jsonb,
                    ${answer.usage.estimatedCostUsd}, ${Math.round(answer.durationMs)}, ${storableJsonText(answer)}::text::jsonb)`,
          ...answer.toolCalls.map(
            (call, index) => transaction`
              insert into tool_calls (answer_id, position, tool_name, arguments, ok, error, row_count, duration_ms, sql)
              values (${answer.id}, ${index + 1}, ${storableText(call.name)}, ${storableJsonText(call.arguments ?? {})}::text::jsonb, ${call.ok},
                      ${call.error ? storableJsonText(call.error) : null}::text::jsonb, ${call.rowCount}, ${call.durationMs}, ${call.sql})`,
          ),
        ]),
      )
    },
  }
}
