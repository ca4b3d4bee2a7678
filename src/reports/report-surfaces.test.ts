import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { createApp } from '../http/create-app.ts'
import { listen, type TestServer } from '../http/testing/app-server.ts'
import { createMcpServer } from '../mcp/create-mcp-server.ts'
import { runtimeFrom, type Runtime } from '../runtime.ts'
import { Fixture } from '../testing/fixtures.ts'
import { Client, InMemoryTransport } from '../testing/mcp-client.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { buildReport, type ReportRequest } from './build-report.ts'
import { loadReportWeek, reportWeek } from './report-fixture.ts'
import { saveReport } from './report-store.ts'

async function storeReport(runtime: Runtime, request: ReportRequest): Promise<string> {
  const built = await buildReport(runtime, request)
  if (!built.ok) throw new Error(built.error)
  return saveReport(runtime.database.sql, request, built.report)
}

describe.each(testEngines())('stored reports over HTTP and MCP on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => loadReportWeek(new Fixture(db)))
  let runtime: Runtime
  let server: TestServer
  let viewerReport: string
  let adminReport: string

  beforeAll(async () => {
    runtime = runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC' }), database())
    viewerReport = await storeReport(runtime, { kind: 'weekly', ...reportWeek, role: 'viewer', surface: 'test' })
    adminReport = await storeReport(runtime, { kind: 'customers', ...reportWeek, role: 'admin', surface: 'test' })
    server = await listen(createApp({ runtime }))
  })
  afterAll(async () => {
    await server?.close()
  })

  it('lists report://{id} as a template and recent reports as resources, only those the caller may read', async () => {
    const mcp = createMcpServer({ runtime, role: 'viewer' })
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
    await mcp.connect(serverSide)
    const client = new Client({ name: 'report-test', version: '1.0.0' })
    await client.connect(clientSide)
    try {
      const { resourceTemplates } = await client.listResourceTemplates()
      expect(resourceTemplates).toEqual([expect.objectContaining({ uriTemplate: 'report://{id}', mimeType: 'text/markdown' })])
      const uris = (await client.listResources()).resources.map((resource) => resource.uri)
      expect(uris).toContain(`report://${viewerReport}`)
      expect(uris).not.toContain(`report://${adminReport}`)
      expect(uris).toContain('luxx://glossary')

      const read = await client.readResource({ uri: `report://${viewerReport}` })
      const [markdown, json] = read.contents as Array<{ mimeType: string; text: string }>
      expect(markdown!.mimeType).toBe('text/markdown')
      expect(markdown!.text).toMatch(/^# Weekly business review: 2025-03-10 to 2025-03-16/)
      expect(markdown!.text).toContain('| Revenue | $4,500 | +50.0% | +200.0% |')
      expect(JSON.parse(json!.text)).toMatchObject({ id: viewerReport, report: { kind: 'weekly' } })

      await expect(client.readResource({ uri: `report://${adminReport}` })).rejects.toThrow(`No report ${adminReport}.`)
      await expect(client.readResource({ uri: 'report://nope' })).rejects.toThrow(/report ids are UUIDs/)
    } finally {
      await client.close()
    }
  })

  it('serves a viewer report at /reports/:id as a self-contained page, and its data as JSON', async () => {
    const page = await fetch(`${server.base}/reports/${viewerReport}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await page.text()
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html.includes('<h1>Weekly business review: 2025-03-10 to 2025-03-16</h1>')).toBe(true)
    const data = await fetch(`${server.base}/reports/${viewerReport}?format=json`)
    expect(await data.json()).toMatchObject({ id: viewerReport, role: 'viewer', report: { window: { from: '2025-03-10', to: '2025-03-16' } } })
    const missing = await fetch(`${server.base}/reports/00000000-0000-4000-8000-000000000000`)
    expect(missing.status).toBe(404)
  })

  it('opens a report built for a higher role only with a key of that role, and any report only with a key once keys exist', async () => {
    // No key exists and the server is on loopback: the caller is the local analyst, below admin.
    expect((await fetch(`${server.base}/reports/${adminReport}`)).status).toBe(404)
    const { token: admin } = await createApiKey(database().sql, 'report-admin', 'admin')
    const { token: viewer } = await createApiKey(database().sql, 'report-viewer', 'viewer')
    expect((await fetch(`${server.base}/reports/${adminReport}`)).status).toBe(401)
    expect((await fetch(`${server.base}/reports/${adminReport}`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(404)
    const opened = await fetch(`${server.base}/reports/${adminReport}`, { headers: { authorization: `Bearer ${admin}` } })
    expect(opened.status).toBe(200)
    // Once keys exist a viewer's report needs one too: its figures are the business's.
    expect((await fetch(`${server.base}/reports/${viewerReport}`)).status).toBe(401)
    expect((await fetch(`${server.base}/reports/${viewerReport}`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200)
  })
})
