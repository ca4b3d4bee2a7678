import { Router } from 'express'
import { z } from 'zod'
import { findAnswer } from '../../agent/conversation-queries.ts'
import { dashboards } from '../../dashboards/definitions.ts'
import { createPin, listPins, removePin, updatePin, type Pin } from '../../dashboards/pin-store.ts'
import { tileFilters, unknownToolFilters } from '../../dashboards/tile-filters.ts'
import type { ToolRegistry } from '../../tools/registry.ts'
import type { PinListing, PinsResponse } from '../api-types.ts'
import { HttpError } from '../http-error.ts'
import { callerOf } from '../request-role.ts'
import { validated } from '../validate.ts'
import type { RouteDependencies } from './route-dependencies.ts'

const dashboardIds = dashboards.map((dashboard) => dashboard.id)
const dashboardId = z.string({ error: `must be a dashboard id: ${dashboardIds.join(', ')}` }).refine((id) => dashboardIds.includes(id), {
  error: `must be a dashboard id: ${dashboardIds.join(', ')}`,
})
const titleField = z
  .string({ error: 'must be the tile title, as text' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')

const pinBody = z.strictObject(
  {
    answerId: z.uuid({ error: 'must be the id (a UUID) of one of your chat answers' }),
    dashboardId,
    title: titleField.optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}; allowed: answerId, dashboardId, title` : undefined) },
)

const changeBody = z
  .strictObject(
    {
      title: titleField.optional(),
      position: z
        .number({ error: 'must be a whole number from 1 (first)' })
        .int('must be a whole number from 1 (first)')
        .min(1, 'must be a whole number from 1 (first)')
        .optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}; allowed: title, position` : undefined) },
  )
  .refine((change) => change.title !== undefined || change.position !== undefined, { error: 'give a new title, a new position or both' })

const pinParams = z.object({ id: z.uuid({ error: 'must be a pin id (a UUID), as GET /api/pins lists them' }) })
const argumentRecord = z.record(z.string(), z.unknown())
const listQuery = z.object({ dashboard: dashboardId.optional() })

/** A pin with how each of its tools takes the dashboard's filters, as the page needs to run it again. */
function listing(pin: Pin, registry: ToolRegistry): PinListing {
  return {
    ...pin,
    toolCalls: pin.toolCalls.map((call) => {
      const tool = registry.find(call.name)
      return { ...call, filters: tool instanceof Error ? unknownToolFilters(call.name) : tileFilters(tool) }
    }),
  }
}

/**
 * Pins: chat answers kept on a dashboard, run again with its filters. GET /api/pins[?dashboard=ID] lists the caller's
 * (an admin's: everyone's); POST /api/pins pins one of the caller's answers; PATCH /api/pins/:id renames or moves one;
 * DELETE /api/pins/:id removes one. Someone else's pin or answer reads as missing (404), as conversations do.
 */
export function pinRoutes({ runtime }: RouteDependencies): Router {
  const router = Router()
  const sql = runtime.database.sql
  router.get('/api/pins', async (request, response) => {
    const { dashboard } = validated(listQuery, request.query, 'query')
    const pins = await listPins(sql, callerOf(response), dashboard)
    response.json({ pins: pins.map((pin) => listing(pin, runtime.registry)) } satisfies PinsResponse)
  })
  router.post('/api/pins', async (request, response) => {
    const body = validated(pinBody, request.body, 'pin')
    const caller = callerOf(response)
    const found = await findAnswer(sql, body.answerId, caller)
    if (!found) throw new HttpError(404, `No answer with id ${body.answerId}. Pin an answer from one of your own conversations.`)
    // A call that succeeded passed its tool's schema, an object; one sent without arguments took the defaults.
    const toolCalls = found.answer.toolCalls
      .filter((call) => call.ok)
      .map((call) => ({ name: call.name, arguments: argumentRecord.parse(call.arguments ?? {}) }))
    if (toolCalls.length === 0) throw new HttpError(400, `Answer ${body.answerId} ran no tool successfully: there is nothing to run again on a dashboard.`)
    const title = body.title ?? found.answer.question.trim().slice(0, 200)
    const pin = await createPin(sql, caller, { dashboardId: body.dashboardId, title, toolCalls, answerId: body.answerId })
    response.status(201).json(listing(pin, runtime.registry) satisfies PinListing)
  })
  router.patch('/api/pins/:id', async (request, response) => {
    const { id } = validated(pinParams, request.params, 'pin id')
    const change = validated(changeBody, request.body, 'pin change')
    const pin = await updatePin(sql, callerOf(response), id, change)
    if (!pin) throw new HttpError(404, `No pin with id ${id}.`)
    response.json(listing(pin, runtime.registry) satisfies PinListing)
  })
  router.delete('/api/pins/:id', async (request, response) => {
    const { id } = validated(pinParams, request.params, 'pin id')
    if (!(await removePin(sql, callerOf(response), id))) throw new HttpError(404, `No pin with id ${id}.`)
    response.status(204).end()
  })
  return router
}
