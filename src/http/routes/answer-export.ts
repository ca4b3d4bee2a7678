import { Router } from 'express'
import { z } from 'zod'
import { findAnswer, mayRead } from '../../agent/conversation-queries.ts'
import { exportFormatNames } from '../../present/export/formats.ts'
import { businessToday } from '../../semantic/clock.ts'
import { executeTool } from '../../tools/executor.ts'
import { exportResult } from '../../tools/result-export.ts'
import { sendDownload } from '../download.ts'
import { HttpError } from '../http-error.ts'
import { actorOf, callerOf } from '../request-role.ts'
import { validated } from '../validate.ts'
import type { RouteDependencies } from './route-dependencies.ts'
import { statusByCode } from './tools.ts'

const exportParams = z.object({
  id: z.uuid({ error: 'must be a conversation id (a UUID), as GET /api/conversations lists them' }),
  answerId: z.uuid({ error: 'must be an answer id (a UUID), as GET /api/conversations/:id lists them' }),
})

const allowedTable = 'must be the number of one of the answer\'s tables, from 0'
const exportQuery = z.object({
  format: z.enum(exportFormatNames, { error: `must be ${exportFormatNames.join(' or ')}` }),
  table: z.coerce.number({ error: allowedTable }).int(allowedTable).min(0, allowedTable).default(0),
})

/**
 * GET /api/conversations/:id/answers/:answerId/export?format=csv|xlsx&table=N: the whole result behind one of a
 * stored answer's tables (an answer keeps only its first rows) as a download. The answer's tool call runs again
 * through the executor, masked for the conversation's role, with "today" set to the day the answer was given, so
 * named periods ("last 90 days") cover the same dates. Someone else's conversation reads as missing, as on every
 * conversation route.
 */
export function answerExportRoutes({ runtime }: RouteDependencies): Router {
  const router = Router()
  router.get('/api/conversations/:id/answers/:answerId/export', async (request, response) => {
    const { id, answerId } = validated(exportParams, request.params, 'answer')
    const { format, table } = validated(exportQuery, request.query, 'export')
    const caller = callerOf(response)
    const stored = await findAnswer(runtime.database.sql, answerId, caller)
    if (!stored || stored.answer.conversationId !== id) throw new HttpError(404, `No stored answer with id ${answerId} in conversation ${id}.`)
    if (!mayRead(caller.role, stored.role)) {
      throw new HttpError(403, `That answer was given to the ${stored.role} role; your key is ${caller.role}.`)
    }
    // The answer's tables are its successful tool calls, in order.
    const calls = stored.answer.toolCalls.filter((call) => call.ok)
    const call = calls[table]
    if (!call) {
      throw new HttpError(404, `Answer ${answerId} has ${calls.length === 0 ? 'no tables' : `tables 0 to ${calls.length - 1}`}; there is no table ${table}.`)
    }
    const asOf = businessToday(runtime.config.LUXX_TIME_ZONE, runtime.config.LUXX_AS_OF, new Date(stored.answer.createdAt))
    // Masked for the role the conversation was held with (never above the caller's, as mayRead holds): an admin
    // reading someone's analyst conversation sees what it showed, no more.
    const context = { ...runtime.executionContext(stored.role, 'http', actorOf(response)), asOf }
    const outcome = await executeTool(runtime.registry, call.name, call.arguments ?? {}, context)
    if (!outcome.ok) throw new HttpError(statusByCode[outcome.error.code], `The answer's ${call.name} call could not run again: ${outcome.error.message}`, undefined, { cause: outcome.error })
    sendDownload(response, format, await exportResult(runtime.registry, outcome.envelope, stored.role, format), outcome.envelope)
  })
  return router
}
