import { Router } from 'express'
import { z } from 'zod'
import { renderPng, renderSvg } from '../../charts/render.ts'
import { asChartSpec } from '../../charts/spec.ts'
import type { RouteDependencies } from './route-dependencies.ts'
import { findAnswer, mayRead } from '../../agent/conversation-queries.ts'
import { HttpError } from '../http-error.ts'
import { callerOf } from '../request-role.ts'
import { validated } from '../validate.ts'

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const chartFile = new RegExp(`^(${uuid})-(\\d{1,3})\\.(svg|png)$`, 'i')

const chartParams = z.object({
  file: z
    .string()
    .regex(chartFile, 'must be <answer id>-<chart index>.svg or .png, e.g. 0b6f7f0e-4c1a-4d5e-9b7a-2f3c4d5e6f70-0.svg (answer ids come with each answer)'),
})

/**
 * GET /api/charts/<answer id>-<index>.svg|png: a chart of a stored answer, drawn on demand with the house theme
 * (the same renderer as the CLI, MCP and e-mail). Stored answers never change, so the browser may keep it.
 */
export function chartRoutes({ runtime }: RouteDependencies): Router {
  const router = Router()
  router.get('/api/charts/:file', async (request, response) => {
    const { file } = validated(chartParams, request.params, 'chart')
    const [, answerId = '', index = '0', format] = chartFile.exec(file) ?? []
    const caller = callerOf(response)
    const stored = await findAnswer(runtime.database.sql, answerId.toLowerCase(), caller)
    if (!stored) throw new HttpError(404, `No stored answer with id ${answerId}.`)
    if (!mayRead(caller.role, stored.role)) {
      throw new HttpError(403, `That answer was given to the ${stored.role} role; your key is ${caller.role}.`)
    }
    const chart = stored.answer.charts[Number(index)]
    if (!chart) {
      const count = stored.answer.charts.length
      throw new HttpError(404, `Answer ${answerId} has ${count === 0 ? 'no charts' : `charts 0 to ${count - 1}`}; there is no chart ${index}.`)
    }
    const spec = asChartSpec(chart.spec)
    response.setHeader('cache-control', 'private, max-age=86400, immutable')
    if (format?.toLowerCase() === 'png') response.type('png').send(await renderPng(spec))
    else response.type('image/svg+xml').send(await renderSvg(spec))
  })
  return router
}
