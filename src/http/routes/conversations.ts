import { Router } from 'express'
import { z } from 'zod'
import { conversationStore } from '../../agent/conversation-store.ts'
import type { RouteDependencies } from './route-dependencies.ts'
import type { ConversationResponse, ConversationsResponse } from '../api-types.ts'
import { findConversation, listConversations, mayRead } from '../../agent/conversation-queries.ts'
import { HttpError } from '../http-error.ts'
import { callerOf } from '../request-role.ts'
import { validated } from '../validate.ts'

const listQuery = z.object({
  limit: z.coerce
    .number({ error: 'must be a whole number from 1 to 200' })
    .int('must be a whole number from 1 to 200')
    .min(1, 'must be a whole number from 1 to 200')
    .max(200, 'must be a whole number from 1 to 200')
    .default(50),
})

export const conversationParams = z.object({
  id: z.uuid({ error: 'must be a conversation id (a UUID), as GET /api/conversations lists them' }),
})

/**
 * GET /api/conversations: the latest of the caller's own conversations (an admin: everyone's), newest first.
 * GET /api/conversations/:id: one of them with every stored answer, oldest first, exactly as streamed.
 */
export function conversationRoutes({ runtime }: RouteDependencies): Router {
  const router = Router()
  router.get('/api/conversations', async (request, response) => {
    const { limit } = validated(listQuery, request.query, 'query')
    response.json({ conversations: await listConversations(runtime.database.sql, callerOf(response), limit) } satisfies ConversationsResponse)
  })
  router.get('/api/conversations/:id', async (request, response) => {
    const { id } = validated(conversationParams, request.params, 'conversation id')
    const caller = callerOf(response)
    const conversation = await findConversation(runtime.database.sql, id, caller)
    if (!conversation) throw new HttpError(404, `No conversation with id ${id}.`)
    const role = caller.role
    if (!mayRead(role, conversation.role)) {
      throw new HttpError(403, `Conversation ${id} was held with the ${conversation.role} role and shows what that role may see; your key is ${role}.`)
    }
    response.json({ ...conversation, answers: await conversationStore(runtime.database.sql).answers(id) } satisfies ConversationResponse)
  })
  return router
}
