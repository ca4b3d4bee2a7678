import { Router } from 'express'
import { z } from 'zod'
import { answerQuestion } from '../../agent/pipeline.ts'
import type { RouteDependencies } from './route-dependencies.ts'
import type { ChatErrorEvent } from '../api-types.ts'
import { findConversation, mayRead } from '../../agent/conversation-queries.ts'
import { openEventStream } from '../event-stream.ts'
import { HttpError } from '../http-error.ts'
import { actorOf, callerOf } from '../request-role.ts'
import { validated } from '../validate.ts'

const maxQuestionLength = 4_000

const chatBody = z.strictObject(
  {
    message: z
      .string({ error: 'must be your question, as text' })
      .trim()
      .min(1, 'must not be empty')
      .max(maxQuestionLength, `must be at most ${maxQuestionLength} characters`),
    conversationId: z
      .uuid({ error: 'must be the id (a UUID) of a conversation from GET /api/conversations; leave it out to start a new one' })
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map((key) => `'${key}'`).join(', ')}; allowed: message, conversationId`
        : 'send a JSON object {"message": "your question", "conversationId": "optional UUID"} with content-type application/json',
  },
)

/**
 * POST /api/chat: asks the analyst and streams the answer as Server-Sent Events, one per pipeline event (named by
 * its type, the event as JSON data): start, text_delta, tool_call_start, tool_call_end, chart, provider_fallback,
 * then final with the whole answer (grounding, tool calls with their SQL, charts, tables). A failure after the
 * stream opened is an `error` event; one found before (bad body, unknown conversation) is a JSON error.
 * Streamed charts are previews: parallel tool calls may finish out of order, so a chart's id
 * (`<answer id>-<index>`, for /api/charts) is its index in the final answer's `charts`, stored by then.
 */
export function chatRoutes({ runtime, logger }: RouteDependencies): Router {
  const router = Router()
  router.post('/api/chat', async (request, response) => {
    const body = validated(chatBody, request.body, 'chat request')
    const caller = callerOf(response)
    let role = caller.role
    if (body.conversationId) {
      const conversation = await findConversation(runtime.database.sql, body.conversationId, caller)
      if (!conversation) throw new HttpError(404, `No conversation with id ${body.conversationId}. GET /api/conversations lists the ones you can read.`)
      if (!mayRead(role, conversation.role)) {
        throw new HttpError(403, `Conversation ${body.conversationId} was held with the ${conversation.role} role; your key is ${role}.`)
      }
      // A conversation keeps the masking it started with: a higher role continuing it still gets the lower
      // role's view, so whoever may read the conversation may read every answer in it.
      role = conversation.role
    }

    const stream = openEventStream(response)
    try {
      const outcome = await answerQuestion({
        runtime,
        question: body.message,
        conversationId: body.conversationId,
        role,
        ownerKeyId: caller.keyId,
        surface: 'http',
        actor: actorOf(response),
        onEvent: (event) => stream.send(event.type, event),
      })
      if (!outcome.ok) stream.send('error', { message: outcome.error } satisfies ChatErrorEvent)
    } catch (error) {
      const requestId = String(response.getHeader('x-request-id') ?? '')
      logger.error({ err: error, requestId, path: request.path }, 'answer failed')
      stream.send('error', { message: 'Internal error while answering; the request id identifies it in the server log.', requestId } satisfies ChatErrorEvent)
    } finally {
      stream.end()
    }
  })
  return router
}

