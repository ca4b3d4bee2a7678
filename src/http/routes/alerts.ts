import { Router } from 'express'
import { z } from 'zod'
import { alertRecipient, type AlertRule } from '../../alerts/alert-rule.ts'
import { createRule, deleteRule, findRule, listRules } from '../../alerts/alert-store.ts'
import type { AlertResponse, AlertsResponse, AlertTestResponse } from '../../alerts/alert-api-types.ts'
import { deliveryStatus } from '../../alerts/firing/alert-outbox.ts'
import { testRules } from '../../alerts/firing/run-alerts.ts'
import { prepareRule } from '../../alerts/prepare-rule.ts'
import { saveAlertRequest } from '../../alerts/read-alert-request.ts'
import { HttpError } from '../http-error.ts'
import { callerOf } from '../request-role.ts'
import { validated } from '../validate.ts'
import type { RouteDependencies } from './route-dependencies.ts'

const alertParams = z.object({ id: z.uuid({ error: 'must be an alert id (a UUID), as GET /api/alerts lists them' }) })

// A sentence, as the chat reads it, with its recipients; or the rule itself (src/alerts/alert-rule.ts).
const sentenceBody = z.strictObject({
  when: z.string().trim().min(1).max(500).describe('The condition in words: "Hermès Birkin stock falls under 2".'),
  recipients: z.array(alertRecipient).max(10, 'may name at most 10 recipients').default([]).describe('As in a rule: {"type":"email","address"} or {"type":"webhook","url","format"}.'),
})

/**
 * /api/alerts: the caller's saved alerts (an admin's: everyone's). Someone else's alert reads as missing (404), as
 * conversations and reports do. POST takes a rule as JSON or {"when": "…", "recipients": […]}; POST /:id/test
 * judges one now and says whether it would fire, without recording or sending anything.
 */
export function alertRoutes({ runtime }: RouteDependencies): Router {
  const router = Router()
  const sql = runtime.database.sql
  const owned = async (id: string, response: Parameters<typeof callerOf>[0]): Promise<AlertRule> => {
    const rule = await findRule(sql, id, callerOf(response))
    if (!rule) throw new HttpError(404, `No alert ${id}.`)
    return rule
  }

  router.get('/api/alerts', async (_request, response) => {
    response.json({ alerts: await listRules(sql, callerOf(response)) } satisfies AlertsResponse)
  })

  router.post('/api/alerts', async (request, response) => {
    const body: unknown = request.body ?? {}
    const caller = callerOf(response)
    if (body && typeof body === 'object' && 'when' in body) {
      const { when, recipients } = validated(sentenceBody, body, 'alert')
      const saved = await saveAlertRequest(when, { database: runtime.database, config: runtime.config, owner: caller, recipients })
      if (!saved.ok) throw new HttpError(400, saved.text)
      const rule = await findRule(sql, saved.ruleId, caller)
      response.status(201).json({ alert: rule!, deliveries: [] } satisfies AlertResponse)
      return
    }
    const prepared = await prepareRule(body, runtime.database)
    if (!prepared.ok) throw new HttpError(400, prepared.message)
    response.status(201).json({ alert: await createRule(sql, caller, prepared.rule), deliveries: [] } satisfies AlertResponse)
  })

  router.get('/api/alerts/:id', async (request, response) => {
    const { id } = validated(alertParams, request.params, 'alert id')
    const rule = await owned(id, response)
    response.json({ alert: rule, deliveries: await deliveryStatus(sql, rule.id) } satisfies AlertResponse)
  })

  router.delete('/api/alerts/:id', async (request, response) => {
    const { id } = validated(alertParams, request.params, 'alert id')
    if (!(await deleteRule(sql, id, callerOf(response)))) throw new HttpError(404, `No alert ${id}.`)
    response.status(204).end()
  })

  router.post('/api/alerts/:id/test', async (request, response) => {
    const { id } = validated(alertParams, request.params, 'alert id')
    const rule = await owned(id, response)
    const [evaluation] = await testRules(runtime, [rule])
    if (!evaluation || evaluation.status === 'failed') throw new HttpError(500, `The alert could not be judged: ${evaluation?.status === 'failed' ? evaluation.error : 'no evaluation'}`)
    response.json({
      alert: rule,
      status: evaluation.status,
      period: evaluation.period,
      summary: evaluation.summary,
      figures: evaluation.status === 'fires' ? evaluation.figures : [],
      tool: evaluation.tool,
    } satisfies AlertTestResponse)
  })
  return router
}
