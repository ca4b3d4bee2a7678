import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerQuestion } from '../agent/pipeline.ts'
import { createApiKey, revokeApiKey } from '../auth/api-keys.ts'
import { localOwner } from '../auth/caller.ts'
import { loadConfig } from '../config/config.ts'
import type { Database } from '../db/database.ts'
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from '../digest/loopback-smtp-server.ts'
import { workerOptions } from '../digest/outbox-worker.ts'
import { createApp } from '../http/create-app.ts'
import { listen, type TestServer } from '../http/testing/app-server.ts'
import { runtimeFrom, type Runtime } from '../runtime.ts'
import { Fixture } from '../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { smtpMailSender } from '../digest/smtp-sender.ts'
import { allRules, createRule, listRules } from './alert-store.ts'
import { deliveryStatus } from './firing/alert-outbox.ts'
import { startAlertScheduler } from './firing/alert-scheduler.ts'
import { runAlerts, testRules } from './firing/run-alerts.ts'
import { prepareRule } from './prepare-rule.ts'

/**
 * Today is Wednesday 2025-04-02 (UTC). The data, with every figure an alert reports worked out by hand:
 *   - Instagram, on Tuesdays: 02-04 $100, 02-11 $110, 02-18 $90, 02-25 $100, 03-04 $105, 03-11 $95, 03-18 $100,
 *     03-25 $100, and 04-01 (yesterday) $400. The eight Tuesdays before yesterday: median $100; distances from it
 *     10, 5, 0, 0, 0, 0, 5, 10 → median absolute deviation 2.5 → robust deviation 1.4826 × 2.5 = 3.7065; band
 *     100 ± 3 × 3.7065 = $88.88 to $111.12. $400 is far above it: an anomaly on 2025-04-01.
 *   - The website: 03-19 $1,000 (week 2025-W12, 03-17 to 03-23) and 03-26 $700 (2025-W13, 03-24 to 03-30, the last
 *     complete week): website revenue fell (700 − 1000) ÷ 1000 = −30.0 % (money of $1,000 and over is shown without cents). Website Tuesdays are all $0: no anomaly.
 *   - Stock now: Hermès Birkin 25 (1 piece), Birkin 30 (2), Kelly 28 (3); every sold piece counts 0.
 *     Hermès pieces whose name holds "Birkin": 1 + 2 = 3 units, under 4 but not under 3.
 */
const today = '2025-04-02'

async function load(database: Database): Promise<void> {
  const fixture = new Fixture(database)
  const instagram: Array<[string, number]> = [
    ['2025-02-04', 100], ['2025-02-11', 110], ['2025-02-18', 90], ['2025-02-25', 100], ['2025-03-04', 105],
    ['2025-03-11', 95], ['2025-03-18', 100], ['2025-03-25', 100], ['2025-04-01', 400],
  ]
  const website: Array<[string, number]> = [['2025-03-19', 1000], ['2025-03-26', 700]]
  const sales = [...instagram.map(([date, price]) => ({ date, price, channel: 'instagram' as const })), ...website.map(([date, price]) => ({ date, price, channel: 'website' as const }))]
  for (const [index, sale] of sales.entries()) {
    await fixture.item(`sold ${index}`, { brand: 'Gucci', cost: 10, added: '2025-01-02' })
    await fixture.sale({ item: `sold ${index}`, ...sale })
  }
  const stock: Array<[string, string]> = [
    ['Birkin 25', 'b25'], ['Birkin 30', 'b30-1'], ['Birkin 30', 'b30-2'], ['Kelly 28', 'k1'], ['Kelly 28', 'k2'], ['Kelly 28', 'k3'],
  ]
  for (const [name, key] of stock) await fixture.item(key, { brand: 'Hermès', name, cost: 5000, added: '2025-01-10' })
}

/** A local receiver of webhooks, recording every POST by path. */
async function startWebhookReceiver(): Promise<{ base: string; received: Array<{ path: string; body: unknown }>; close(): Promise<void> }> {
  const received: Array<{ path: string; body: unknown }> = []
  const readBody = async (request: IncomingMessage) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  }
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      received.push({ path: request.url ?? '', body })
      // A removed Slack hook answers 404 no_service: a permanent failure.
      if (request.url === '/gone') response.writeHead(404, { 'content-type': 'text/plain' }).end('no_service')
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe.each(testEngines())('alerts on %s', (engine) => {
  const database = useTestDatabase(engine, load)
  let runtime: Runtime
  let smtp: LoopbackSmtpServer
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>
  beforeAll(async () => {
    runtime = runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: today, LUXX_PUBLIC_URL: 'https://analyst.example.com' }), database())
    smtp = await startLoopbackSmtpServer()
    hooks = await startWebhookReceiver()
  })
  afterAll(async () => {
    await smtp?.close()
    await hooks?.close()
  })

  const save = async (rule: unknown) => {
    const prepared = await prepareRule(rule, database())
    if (!prepared.ok) throw new Error(prepared.message)
    return createRule(database().sql, localOwner, prepared.rule)
  }
  const email = (address: string) => ({ type: 'email', address })

  it('reads values as the data spells them and refuses unknown ones with the closest', async () => {
    const read = await prepareRule({ condition: { kind: 'stock_below', brand: 'hermes', model: 'Birkin', threshold: 2 }, recipients: [email('Ada@Example.com')] }, database())
    expect(read).toMatchObject({ ok: true, rule: { name: 'Hermès Birkin stock below 2', condition: { brand: 'Hermès' }, recipients: [email('ada@example.com')], notes: ["Read 'hermes' as Hermès."] } })
    expect(await prepareRule({ condition: { kind: 'stock_below', brand: 'Hermez', threshold: 2 }, recipients: [email('a@example.com')] }, database())).toEqual({
      ok: false,
      message: "condition.brand: No brand 'Hermez'. Did you mean Hermès?",
    })
    expect(await prepareRule({ condition: { kind: 'stock_below', model: 'Birkn', threshold: 2 }, recipients: [email('a@example.com')] }, database())).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^condition\.model: No product name contains 'Birkn'\. Did you mean Birkin/),
    })
    expect(await prepareRule({ condition: { kind: 'anomaly', channel: 'Instagrm' }, recipients: [email('a@example.com')] }, database())).toMatchObject({
      ok: false,
      message: "condition.channel: No channel 'Instagrm'. Did you mean instagram?",
    })
  })

  it('fires each kind on the figures worked out above, and stays quiet when the condition does not hold', async () => {
    const rules = {
      birkinUnder4: await save({ condition: { kind: 'stock_below', brand: 'Hermès', model: 'Birkin', threshold: 4 }, recipients: [email('ada@example.com')] }),
      birkinUnder3: await save({ condition: { kind: 'stock_below', brand: 'Hermès', model: 'Birkin', threshold: 3 }, recipients: [email('ada@example.com')] }),
      websiteDrop20: await save({
        condition: { kind: 'metric_change', measure: 'revenue', grain: 'week', direction: 'drop', percent: 20, channel: 'website' },
        recipients: [{ type: 'webhook', url: `${hooks.base}/slack`, format: 'slack' }],
      }),
      websiteDrop40: await save({ condition: { kind: 'metric_change', measure: 'revenue', grain: 'week', direction: 'drop', percent: 40, channel: 'website' }, recipients: [email('ada@example.com')] }),
      websiteRise10: await save({ condition: { kind: 'metric_change', measure: 'revenue', grain: 'week', direction: 'rise', percent: 10, channel: 'website' }, recipients: [email('ada@example.com')] }),
      instagramAnomaly: await save({
        condition: { kind: 'anomaly', measure: 'revenue', channel: 'instagram' },
        recipients: [{ type: 'webhook', url: `${hooks.base}/teams`, format: 'teams' }, email('ben@example.com')],
      }),
      websiteAnomaly: await save({ condition: { kind: 'anomaly', measure: 'revenue', channel: 'website' }, recipients: [email('ada@example.com')] }),
    }
    const judged = new Map((await testRules(runtime, Object.values(rules))).map((evaluation) => [evaluation.rule.id, evaluation]))
    const of = (rule: { id: string }) => judged.get(rule.id)!

    expect(of(rules.birkinUnder4)).toMatchObject({
      status: 'fires',
      period: today,
      summary: 'Hermès Birkin stock is below 4 units as of 2025-04-02: Hermès has 3 units.',
      figures: [{ label: 'Hermès', value: '3 units' }],
      tool: { name: 'stock_levels' },
    })
    expect(of(rules.birkinUnder3)).toMatchObject({ status: 'quiet', period: today })

    expect(of(rules.websiteDrop20)).toMatchObject({
      status: 'fires',
      period: '2025-W13',
      figures: [
        { label: 'Revenue', value: '$700.00' },
        { label: 'Previous week', value: '$1,000' },
        { label: 'Change', value: '−30.0%' },
      ],
      tool: { name: 'kpi_summary', arguments: { from: '2025-03-24', to: '2025-03-30', channel: 'website' } },
    })
    expect(of(rules.websiteDrop20)).toMatchObject({
      summary: expect.stringMatching(/^Revenue fell 30\.0% against the previous week: \$700\.00 in 2025-W13 .* against \$1,000 in 2025-03-17/),
    })
    expect(of(rules.websiteDrop40)).toMatchObject({ status: 'quiet', period: '2025-W13' })
    expect(of(rules.websiteRise10)).toMatchObject({ status: 'quiet', period: '2025-W13' })

    expect(of(rules.instagramAnomaly)).toMatchObject({
      status: 'fires',
      period: '2025-04-01',
      figures: [
        { label: 'Revenue', value: '$400.00' },
        { label: 'Expected', value: '$100.00' },
        { label: 'Expected band', value: '$88.88 to $111.12' },
      ],
      tool: { name: 'anomalies', arguments: { from: '2025-04-01', to: '2025-04-01', channel: 'instagram' } },
    })
    expect(of(rules.websiteAnomaly)).toMatchObject({ status: 'quiet', period: '2025-04-01' })
  })

  it('sends each firing once per recipient, however often it runs: e-mail over SMTP, Slack and Teams webhooks', async () => {
    const senders = { mail: smtpMailSender(smtp.url), from: 'analyst@example.com', webhookTimeoutMs: 5_000 }
    try {
      const first = await runAlerts(runtime, { senders, worker: workerOptions() })
      // Firing: Birkin under 4 (to ada), the website drop (Slack), the Instagram anomaly (Teams and ben).
      expect(first).toMatchObject({ evaluated: 7, fired: 3, alreadyFired: 0, quiet: 4, failures: [], delivery: { sent: 4, retrying: 0, failed: 0 } })
      const again = await runAlerts(runtime, { senders, worker: workerOptions() })
      expect(again).toMatchObject({ evaluated: 7, fired: 0, alreadyFired: 3, quiet: 4, delivery: { sent: 0 } })
    } finally {
      senders.mail.close()
    }
    expect(smtp.received.map((message) => message.to).sort()).toEqual([['ada@example.com'], ['ben@example.com']])
    // The text part, quoted-printable decoded: what fired, the figures, the period and the link that asks again.
    const raw = smtp.received.find((message) => message.to[0] === 'ada@example.com')!.raw.toString('latin1')
    const mail = Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
    expect(mail).toContain('X-Luxx-Alert: 2025-04-02')
    expect(mail).toContain('Hermès Birkin stock is below 4 units as of 2025-04-02: Hermès has 3 units.')
    expect(mail).toContain('- Hermès: 3 units')
    expect(mail).toContain('Period: 2025-04-02')
    expect(mail).toContain('Ask again: https://analyst.example.com/?ask=How%20many%20Herm%C3%A8s%20Birkin%20do%20we%20have%20in%20stock%3F')

    expect(hooks.received.map((post) => post.path).sort()).toEqual(['/slack', '/teams'])
    const slack = hooks.received.find((post) => post.path === '/slack')!.body as { text: string; blocks: Array<{ type: string }> }
    expect(slack.text).toMatch(/^Alert: Weekly revenue \(channel website\) drops 20% or more against the previous week \(2025-W13\): Revenue fell 30\.0%/)
    expect(slack.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'context', 'actions'])
    expect(JSON.stringify(slack.blocks[2])).toContain('$700.00')
    const teams = hooks.received.find((post) => post.path === '/teams')!.body as Record<string, unknown>
    expect(teams).toMatchObject({
      '@type': 'MessageCard',
      title: 'Alert: Unusual daily revenue on Instagram (2025-04-01)',
      sections: [{ facts: [{ name: 'Revenue', value: '$400.00' }, { name: 'Expected', value: '$100.00' }, { name: 'Expected band', value: '$88.88 to $111.12' }, { name: 'Period', value: '2025-04-01' }] }],
      potentialAction: [{ '@type': 'OpenUri', targets: [{ uri: expect.stringMatching(/^https:\/\/analyst\.example\.com\/\?ask=Any%20unusual%20days/) }] }],
    })

    // The server's scheduler runs the same job: at its cron, and at once when asked (the server does so at start).
    const scheduler = startAlertScheduler({ runtime, logger: pino({ level: 'silent' }), senders: { from: 'analyst@example.com', webhookTimeoutMs: 5_000 } })
    expect(scheduler.nextRun()).toBeInstanceOf(Date)
    expect(await scheduler.runNow()).toMatchObject({ evaluated: 7, fired: 0, alreadyFired: 3, delivery: { sent: 0 } })
    await scheduler.stop()
    expect(hooks.received).toHaveLength(2)

    const anomaly = (await listRules(database().sql, localOwner)).find((rule) => rule.name === 'Unusual daily revenue on Instagram')!
    expect((await deliveryStatus(database().sql, anomaly.id)).map((row) => [row.period, row.channel, row.status, row.attempts])).toEqual([
      ['2025-04-01', 'teams', 'sent', 1],
      ['2025-04-01', 'email', 'sent', 1],
    ])
  })

  it('retries a webhook that fails for a moment, and records one that refuses for good', async () => {
    // Kelly 28: 3 units, under 5. Port 9 refuses connections (temporary); /gone answers 404 (permanent).
    const failing = await save({
      condition: { kind: 'stock_below', brand: 'Hermès', model: 'Kelly', threshold: 5 },
      recipients: [{ type: 'webhook', url: 'http://127.0.0.1:9/closed', format: 'slack' }, { type: 'webhook', url: `${hooks.base}/gone`, format: 'slack' }],
    })
    const senders = { from: 'analyst@example.com', webhookTimeoutMs: 2_000 }
    const run = await runAlerts(runtime, { senders, worker: workerOptions() })
    expect(run).toMatchObject({ fired: 1, delivery: { sent: 0, retrying: 1, failed: 1 } })
    expect((await deliveryStatus(database().sql, failing.id)).map((row) => [new URL(row.recipient).pathname, row.status, row.attempts, row.lastError?.slice(0, 24)])).toEqual([
      ['/closed', 'pending', 1, expect.any(String)],
      ['/gone', 'failed', 1, 'HTTP 404: no_service'],
    ])
  })

  describe('over HTTP, with two keys', () => {
    let server: TestServer
    const tokens = { ana: '', ben: '' }
    beforeAll(async () => {
      tokens.ana = (await createApiKey(database().sql, 'ana', 'analyst')).token
      tokens.ben = (await createApiKey(database().sql, 'ben', 'analyst')).token
      server = await listen(createApp({ runtime }))
    })
    afterAll(async () => {
      await server?.close()
    })
    const call = (token: string, method: string, path: string, body?: unknown) =>
      fetch(`${server.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })

    it('creates, lists, tests and deletes the caller\'s own alerts; another key\'s alert is 404', async () => {
      const created = await call(tokens.ana, 'POST', '/api/alerts', { when: 'Hermès Birkin stock falls under 4', recipients: [email('ana@example.com')] })
      expect(created.status).toBe(201)
      const { alert } = (await created.json()) as { alert: { id: string; name: string } }
      expect(alert.name).toBe('Hermès Birkin stock below 4')

      const misspelt = await call(tokens.ana, 'POST', '/api/alerts', { condition: { kind: 'stock_below', brand: 'Hermez', threshold: 2 }, recipients: [email('ana@example.com')] })
      expect(misspelt.status).toBe(400)
      expect(((await misspelt.json()) as { error: { message: string } }).error.message).toContain("No brand 'Hermez'. Did you mean Hermès?")

      const tested = await call(tokens.ana, 'POST', `/api/alerts/${alert.id}/test`)
      expect(tested.status).toBe(200)
      expect(await tested.json()).toMatchObject({ status: 'fires', period: today, figures: [{ label: 'Hermès', value: '3 units' }] })

      const anaList = (await (await call(tokens.ana, 'GET', '/api/alerts')).json()) as { alerts: Array<{ id: string }> }
      expect(anaList.alerts.map((rule) => rule.id)).toEqual([alert.id])
      const benList = (await (await call(tokens.ben, 'GET', '/api/alerts')).json()) as { alerts: unknown[] }
      expect(benList.alerts).toEqual([])
      for (const [method, path] of [['GET', `/api/alerts/${alert.id}`], ['POST', `/api/alerts/${alert.id}/test`], ['DELETE', `/api/alerts/${alert.id}`]] as const) {
        expect((await call(tokens.ben, method, path)).status, `${method} ${path} by another key`).toBe(404)
      }
      expect((await call(tokens.ana, 'DELETE', `/api/alerts/${alert.id}`)).status).toBe(204)
      expect((await call(tokens.ana, 'GET', `/api/alerts/${alert.id}`)).status).toBe(404)
    })

    it('stops judging the alerts of a revoked key', async () => {
      const temporary = await createApiKey(database().sql, 'temporary', 'viewer')
      const created = await call(temporary.token, 'POST', '/api/alerts', { when: 'Hermès Kelly stock falls under 2', recipients: [] })
      // No recipient named and none configured (DIGEST_RECIPIENTS): nothing is saved, and the answer says whom to name.
      expect(created.status).toBe(400)
      expect(((await created.json()) as { error: { message: string } }).error.message).toMatch(/^Whom should I tell\?/)
      const saved = (await (await call(temporary.token, 'POST', '/api/alerts', { when: 'Hermès Kelly stock falls under 9', recipients: [email('t@example.com')] })).json()) as { alert: { id: string } }
      expect((await allRules(database().sql)).map((rule) => rule.id)).toContain(saved.alert.id)
      await revokeApiKey(database().sql, temporary.key.id)
      expect((await allRules(database().sql)).map((rule) => rule.id)).not.toContain(saved.alert.id)
    })

    it('serves the alerts page, which needs no key: its data comes from /api/alerts', async () => {
      const page = await fetch(`${server.base}/alerts.html`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<script src="/alerts.js" type="module"></script>')
      expect((await fetch(`${server.base}/alerts.js`)).status).toBe(200)
      expect((await fetch(`${server.base}/api/alerts`)).status).toBe(401)
    })

    it('saves an alert asked for in the chat, owned by the key that asked', async () => {
      const [ana] = (await database().sql<Array<{ id: string }>>`select id from api_keys where name = 'ana'`)
      const outcome = await answerQuestion({
        runtime,
        question: 'Tell ana@example.com when Hermès Birkin stock falls under 2',
        role: 'analyst',
        surface: 'test',
        ownerKeyId: ana!.id,
        options: { persist: false },
      })
      expect(outcome.ok && outcome.answer.text).toMatch(/^Saved the alert \*\*Hermès Birkin stock below 2\*\* \(id `[0-9a-f-]{36}`\)\. I will tell ana@example\.com once per period/)
      const anaList = (await (await call(tokens.ana, 'GET', '/api/alerts')).json()) as { alerts: Array<{ name: string; condition: unknown }> }
      expect(anaList.alerts).toEqual([expect.objectContaining({ name: 'Hermès Birkin stock below 2', condition: { kind: 'stock_below', brand: 'Hermès', model: 'Birkin', threshold: 2 } })])
      const question = await answerQuestion({ runtime, question: 'Tell me if we sold any Birkins last week', role: 'analyst', surface: 'test', ownerKeyId: ana!.id, options: { persist: false } })
      expect(question.ok && question.answer.toolCalls.length).toBeGreaterThan(0)
    })
  })
})
