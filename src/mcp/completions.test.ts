import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config.ts'
import { runtimeFrom } from '../runtime.ts'
import { Client, InMemoryTransport } from '../testing/mcp-client.ts'
import { testEngines, useDemoDatabase } from '../testing/test-database.ts'
import { createMcpServer } from './create-mcp-server.ts'

describe.each(testEngines())('MCP completions for prompt arguments on %s', (engine) => {
  const database = useDemoDatabase(engine)
  let client: Client

  beforeAll(async () => {
    const server = createMcpServer({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2026-10-31' }), database()), role: 'analyst' })
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
})
