import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Answer } from '../agent/answer.ts'
import { createApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { dashboards } from '../dashboards/definitions.ts'
import { runtimeFrom } from '../runtime.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import type { DashboardsResponse, PinListing, PinsResponse, ValuesResponse } from './api-types.ts'
import { createApp } from './create-app.ts'
import { listen, parseServerEvents, type TestServer } from './testing/app-server.ts'
import { loadData, weekdayQuestion } from './testing/sales-fixture.ts'

describe.each(testEngines())('dashboards and pins over HTTP on %s', (engine) => {
  const database = useTestDatabase(engine, loadData)
  let server: TestServer
  const tokens = { ana: '', bob: '', admin: '' }

  beforeAll(async () => {
    const runtime = runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC', LUXX_AS_OF: '2025-03-12' }), database())
    server = await listen(createApp({ runtime }))
    tokens.ana = (await createApiKey(database().sql, 'ana', 'analyst')).token
    tokens.bob = (await createApiKey(database().sql, 'bob', 'analyst')).token
    tokens.admin = (await createApiKey(database().sql, 'root', 'admin')).token
  })
  afterAll(() => server?.close())

  const call = (who: keyof typeof tokens, method: string, path: string, body?: unknown) =>
    fetch(`${server.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  const json = async <T>(response: Response, status = 200): Promise<T> => {
    expect(response.status, await response.clone().text()).toBe(status)
    return (await response.json()) as T
  }
  const pinsOf = async (who: keyof typeof tokens) => (await json<PinsResponse>(await call(who, 'GET', '/api/pins?dashboard=overview'))).pins

  it('lists every dashboard with its tiles, each a catalog tool whose arguments it accepts, and how it takes each filter', async () => {
    const { dashboards: listed } = await json<DashboardsResponse>(await call('ana', 'GET', '/api/dashboards'))
    expect(listed.map((dashboard) => dashboard.id)).toEqual(['overview', 'customers', 'sales-timing', 'products', 'marketing'])
    const runtime = runtimeFrom(loadConfig({}), database())
    for (const dashboard of listed) {
      for (const tile of dashboard.tiles) {
        const tool = runtime.registry.find(tile.tool)
        if (tool instanceof Error) throw tool
        expect(tool.input.safeParse(tile.arguments).success, `${dashboard.id}/${tile.id}`).toBe(true)
      }
    }
    const overview = listed[0]!
    const kpis = overview.tiles.find((tile) => tile.id === 'kpis')!
    expect(kpis).toMatchObject({ tool: 'kpi_summary', kind: 'kpis', title: 'Headline KPIs' })
    expect(kpis.filters).toEqual({
      period: { applies: true, argument: 'period' },
      channel: { applies: true, argument: 'channel', values: ['whatnot', 'instagram', 'email', 'website'] },
      category: { applies: true, argument: 'category', values: ['bag', 'wallet', 'backpack', 'small_leather_goods'] },
      brand: { applies: true, argument: 'brand' },
    })
    // Stock now has no period; a forecast keeps its own; campaigns run on every channel but the website.
    expect(overview.tiles.find((tile) => tile.tool === 'stock_levels')!.filters.period).toEqual({
      applies: false,
      reason: 'Stock levels describes the stock held now, not a period',
    })
    expect(overview.tiles.find((tile) => tile.tool === 'revenue_forecast')!.filters.period).toMatchObject({ applies: false, reason: expect.stringMatching(/12 months/) })
    const campaigns = listed.find((dashboard) => dashboard.id === 'marketing')!.tiles.find((tile) => tile.tool === 'campaign_performance')!
    expect(campaigns.filters.channel).toEqual({ applies: true, argument: 'channel', values: ['whatnot', 'instagram', 'email'] })
    expect(campaigns.filters.brand).toMatchObject({ applies: false, reason: expect.stringMatching(/cannot be narrowed by brand/) })
    expect(listed.flatMap((dashboard) => dashboard.tiles).length).toBe(dashboards.flatMap((dashboard) => dashboard.tiles).length)
  })

  it('offers the values of the filters from the value lookup', async () => {
    const brands = await json<ValuesResponse>(await call('ana', 'GET', '/api/values/brand'))
    // The fixture's four items are of these brands.
    expect(brands.values.map((entry) => entry.value).sort()).toEqual(['Chanel', 'Gucci', 'Hermès', 'Louis Vuitton'])
    const categories = await json<ValuesResponse>(await call('ana', 'GET', '/api/values/category'))
    expect(categories.values[0]).toEqual({ value: 'bag', label: 'Bag' })
    const periods = await json<ValuesResponse>(await call('ana', 'GET', '/api/values/period'))
    expect(periods.values).toContainEqual({ value: 'last_90_days', label: 'Last 90 days' })
    const unknown = await call('ana', 'GET', '/api/values/colour')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/^No filter dimension 'colour'\. Available: period, channel, .*brand/)
  })

  it("pins an answer's tool calls for its owner only; another key neither sees, pins, renames, moves nor removes them; an admin sees all", async () => {
    const asked = await call('ana', 'POST', '/api/chat', { message: weekdayQuestion })
    const final = parseServerEvents(await asked.text()).find((event) => event.name === 'final')
    const answer = (final?.data as { answer: Answer }).answer
    expect(answer.toolCalls.map((toolCall) => toolCall.name)).toEqual(['sales_by_weekday'])

    // Bob cannot pin Ana's answer: it reads as missing.
    expect((await call('bob', 'POST', '/api/pins', { answerId: answer.id, dashboardId: 'overview' })).status).toBe(404)
    const refused = await call('ana', 'POST', '/api/pins', { answerId: answer.id, dashboardId: 'nowhere' })
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/dashboardId: must be a dashboard id: overview, customers, sales-timing, products, marketing/)

    const first = await json<PinListing>(await call('ana', 'POST', '/api/pins', { answerId: answer.id, dashboardId: 'overview' }), 201)
    expect(first).toMatchObject({ dashboardId: 'overview', position: 1, title: weekdayQuestion, answerId: answer.id })
    expect(first.toolCalls).toEqual([
      {
        name: 'sales_by_weekday',
        arguments: answer.toolCalls[0]!.arguments,
        filters: expect.objectContaining({ channel: expect.objectContaining({ applies: true }), brand: expect.objectContaining({ applies: false }) }),
      },
    ])
    const second = await json<PinListing>(await call('ana', 'POST', '/api/pins', { answerId: answer.id, dashboardId: 'overview', title: 'Second' }), 201)
    const third = await json<PinListing>(await call('ana', 'POST', '/api/pins', { answerId: answer.id, dashboardId: 'overview', title: 'Third' }), 201)
    expect([second.position, third.position]).toEqual([2, 3])

    expect(await pinsOf('bob')).toEqual([])
    expect((await call('bob', 'PATCH', `/api/pins/${first.id}`, { title: 'Mine now' })).status).toBe(404)
    expect((await call('bob', 'DELETE', `/api/pins/${first.id}`)).status).toBe(404)
    expect((await pinsOf('admin')).map((pin) => pin.id)).toEqual([first.id, second.id, third.id])

    // Third moves to the top; the others follow in their order.
    await json<PinListing>(await call('ana', 'PATCH', `/api/pins/${third.id}`, { position: 1 }))
    const renamed = await json<PinListing>(await call('ana', 'PATCH', `/api/pins/${first.id}`, { title: '  Best weekdays  ' }))
    expect(renamed.title).toBe('Best weekdays')
    expect((await pinsOf('ana')).map((pin) => [pin.title, pin.position])).toEqual([
      ['Third', 1],
      ['Best weekdays', 2],
      ['Second', 3],
    ])
    expect((await call('ana', 'PATCH', `/api/pins/${first.id}`, {})).status).toBe(400)

    expect((await call('ana', 'DELETE', `/api/pins/${first.id}`)).status).toBe(204)
    expect((await pinsOf('ana')).map((pin) => [pin.title, pin.position])).toEqual([
      ['Third', 1],
      ['Second', 2],
    ])
    expect((await call('ana', 'DELETE', `/api/pins/${first.id}`)).status).toBe(404)
  })
})
