import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config.ts'
import { buildReport } from '../reports/build-report.ts'
import { saveReport } from '../reports/report-store.ts'
import { runtimeFrom, type Runtime } from '../runtime.ts'
import { Client, InMemoryTransport, LoggingMessageNotificationSchema } from '../testing/mcp-client.ts'
import { testEngines, useDemoDatabase } from '../testing/test-database.ts'
import { createMcpServer } from './create-mcp-server.ts'

describe.each(testEngines())('MCP completions for prompt arguments on %s', (engine) => {
  const database = useDemoDatabase(engine)
  let client: Client
  let runtime: Runtime

  beforeAll(async () => {
    runtime = runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2026-10-31' }), database())
    const server = createMcpServer({ runtime, role: 'analyst' })
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
    await server.connect(serverSide)
    client = new Client({ name: 'completions-test', version: '1.0.0' })
    await client.connect(clientSide)
  })
  afterAll(async () => {
    await client?.close()
  })

  const complete = async (prompt: string, argument: string, value: string) =>
    (await client.complete({ ref: { type: 'ref/prompt', name: prompt }, argument: { name: argument, value } })).completion.values

  it('offers the brands the data holds, by any spelling typed so far', async () => {
    expect(client.getServerCapabilities()?.completions).toBeDefined()
    const all = await complete('brand_review', 'brand', '')
    expect(all).toEqual(expect.arrayContaining(['Chanel', 'Hermès', 'Louis Vuitton']))
    expect((await complete('brand_review', 'brand', 'herm'))[0]).toBe('Hermès')
    expect((await complete('brand_review', 'brand', 'lv'))[0]).toBe('Louis Vuitton')
    expect((await complete('brand_review', 'brand', 'Hermez'))[0]).toBe('Hermès')
  })

  it('offers named periods, fixed values and lists of the prompt\'s own', async () => {
    expect(await complete('weekly_business_review', 'period', 'last_')).toEqual(
      expect.arrayContaining(['last_week', 'last_month', 'last_30_days']),
    )
    expect(await complete('live_show_planning', 'platform', 'ins')).toEqual(['instagram'])
    expect(await complete('inventory_clearance_plan', 'group_by', 'c')).toEqual(['category', 'condition'])
    expect(await complete('customer_churn_deep_dive', 'inactive_days', '9')).toEqual([])
  })

  it('lists the arguments without the completion source', async () => {
    const { prompts } = await client.listPrompts()
    const review = prompts.find((prompt) => prompt.name === 'brand_review')
    expect(review?.arguments?.[0]).toEqual({ name: 'brand', description: expect.any(String), required: true })
  })

  it('offers the channels, categories, conditions, states, campaigns, models and shows the value lookup knows', async () => {
    expect((await complete('marketing_budget_review', 'channel', 'ins'))[0]).toBe('instagram')
    expect((await complete('inventory_clearance_plan', 'category', 'wal'))[0]).toBe('wallet')
    expect(await complete('inventory_clearance_plan', 'condition', '')).toEqual(['S', 'A', 'B'])
    // A state by its name completes to the code the data holds.
    expect((await complete('weekly_business_review', 'state', 'Texas'))[0]).toBe('TX')
    const [campaign] = await database().sql<{ name: string }[]>`select name from marketing_campaigns order by name desc limit 1`
    expect(await complete('marketing_budget_review', 'campaign', campaign!.name.slice(0, 12).toLowerCase())).toContain(campaign!.name)
    const [model] = await database().sql<{ name: string }[]>`select name from products order by name desc limit 1`
    expect(await complete('brand_review', 'model', model!.name.slice(0, 6).toLowerCase())).toContain(model!.name)
    const [show] = await database().sql<{ title: string }[]>`select title from live_shows order by title limit 1`
    expect((await complete('live_show_planning', 'show', show!.title))[0]).toBe(show!.title)
  })

  it('offers the ids of the stored reports for the report resource template', async () => {
    const request = { kind: 'weekly' as const, from: '2026-10-19', to: '2026-10-25', role: 'analyst' as const, surface: 'test' as const }
    const built = await buildReport(runtime, request)
    if (!built.ok) throw new Error(built.error)
    const id = await saveReport(database().sql, request, built.report)
    const { resourceTemplates } = await client.listResourceTemplates()
    const uri = resourceTemplates[0]!.uriTemplate
    const offered = await client.complete({ ref: { type: 'ref/resource', uri }, argument: { name: 'id', value: id.slice(0, 1) } })
    expect(offered.completion.values).toContain(id)
    const none = await client.complete({ ref: { type: 'ref/resource', uri }, argument: { name: 'id', value: 'no-such-report' } })
    expect(none.completion.values).toEqual([])
  })

  it('sends a log notification per tool call at the level the client set (warnings until it sets one), and none below it', async () => {
    expect(client.getServerCapabilities()?.logging).toBeDefined()
    const messages: Array<{ level: string; data: unknown }> = []
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      messages.push(notification.params)
    })
    // Before the client chooses a level, only warnings and worse: no line for a call that worked.
    await client.callTool({ name: 'sales_by_weekday', arguments: {} })
    await client.setLoggingLevel('error')
    await client.callTool({ name: 'top_customers', arguments: { limit: 0 } })
    await client.setLoggingLevel('warning')
    await client.callTool({ name: 'sales_by_weekday', arguments: {} })
    await client.callTool({ name: 'top_customers', arguments: { limit: 0 } })
    await client.setLoggingLevel('info')
    await client.callTool({ name: 'sales_by_weekday', arguments: {} })
    expect(messages.map((message) => message.level)).toEqual(['warning', 'info'])
    expect(messages[0]!.data).toMatch(/^top_customers refused: .*limit/)
    expect(messages[1]!.data).toMatch(/^sales_by_weekday returned 7 rows in \d+ ms\.$/)
  })
})
