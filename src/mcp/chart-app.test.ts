import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { loadConfig } from '../config/config.ts'
import { runtimeFrom } from '../runtime.ts'
import { hasChromium, launchChromium } from '../testing/browser.ts'
import { Fixture } from '../testing/fixtures.ts'
import { Client, InMemoryTransport } from '../testing/mcp-client.ts'
import { useTestDatabase } from '../testing/test-database.ts'
import { chartAppUri } from './chart-app.ts'
import { createMcpServer } from './create-mcp-server.ts'

const artifacts = new URL('../../test-artifacts/', import.meta.url)

// The policy an MCP Apps host applies to a view that declares no outside domains (the MCP Apps specification's
// default): inline scripts run, but nothing may be evaluated from a string and nothing may be fetched.
const defaultAppsCsp = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' data:; connect-src 'none'"
const viewUrl = 'http://sandbox.test/chart.html'

// The host side of MCP Apps, reduced to what a chat host does: answer the view's handshake, then post the tool result.
const hostScript = (result: unknown) => `
  const frame = document.getElementById('view');
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || message.jsonrpc !== '2.0') return;
    window.received = (window.received || []).concat(message.method || 'response');
    if (message.method === 'ui/initialize') {
      frame.contentWindow.postMessage({ jsonrpc: '2.0', id: message.id, result: {
        protocolVersion: message.params.protocolVersion,
        hostInfo: { name: 'test-host', version: '1.0.0' },
        hostCapabilities: {},
        hostContext: { theme: 'light' },
      } }, '*');
    } else if (message.method === 'ui/notifications/initialized') {
      frame.contentWindow.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/tool-result', params: ${JSON.stringify(result)} }, '*');
    } else if (message.id !== undefined && message.method) {
      frame.contentWindow.postMessage({ jsonrpc: '2.0', id: message.id, result: {} }, '*');
    }
  });`

describe.runIf(hasChromium)('the MCP Apps chart view in headless Chromium', () => {
  const database = useTestDatabase('pglite', async (db) => {
    const fixture = new Fixture(db)
    await fixture.item('A', { brand: 'Chanel', cost: 1000, added: '2025-02-01' })
    await fixture.item('B', { brand: 'Gucci', cost: 200, added: '2025-02-01' })
    await fixture.sale({ item: 'A', price: 2000, date: '2025-03-08' })
    await fixture.sale({ item: 'B', price: 500, date: '2025-03-10' })
  })
  let browser: Browser
  let client: Client

  beforeAll(async () => {
    browser = await launchChromium()
    const server = createMcpServer({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC' }), database()), role: 'analyst' })
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
    await server.connect(serverSide)
    client = new Client({ name: 'apps-test', version: '1.0.0' })
    await client.connect(clientSide)
  })
  afterAll(async () => {
    await client?.close()
    await browser?.close()
  })

  it('links charted tools to the view and renders a posted tool result with no outside request', async () => {
    const { tools } = await client.listTools()
    const weekday = tools.find((tool) => tool.name === 'sales_by_weekday')
    expect(weekday?._meta).toMatchObject({ ui: { resourceUri: chartAppUri } })
    const resource = await client.readResource({ uri: chartAppUri })
    const view = resource.contents[0] as { text: string; mimeType: string; _meta?: unknown }
    expect(view.mimeType).toBe('text/html;profile=mcp-app')
    expect(view._meta).toMatchObject({ ui: { csp: { connectDomains: [], resourceDomains: [] } } })
    expect(view.text).not.toMatch(/<script[^>]+src=|<link[^>]+href=["']?https?:/)

    const result = await client.callTool({ name: 'sales_by_weekday', arguments: { period: 'all_time' } })
    const page = await browser.newPage({ viewport: { width: 720, height: 520 } })
    // The view is served the way a strict host serves it: from its own origin, under the default policy as a header.
    await page.route(viewUrl, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', headers: { 'content-security-policy': defaultAppsCsp }, body: view.text }),
    )
    const outsideRequests: string[] = []
    page.on('request', (request) => {
      if (!/^(about|data):/.test(request.url()) && request.url() !== viewUrl) outsideRequests.push(request.url())
    })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    // A refused eval may be caught by the library that tried it; the browser still reports every violation as an event.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)
      })
    })
    await page.setContent(`<!doctype html><html><body style="margin:0">
      <iframe id="view" style="width:700px;height:480px;border:0"></iframe>
      <script>${hostScript(result)}</script></body></html>`)
    await page.evaluate((url) => {
      ;(document.getElementById('view') as HTMLIFrameElement).src = url
    }, viewUrl)
    const frame = page.frameLocator('#view')
    await frame.locator('body[data-rendered="true"]').waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
      const status = await frame.locator('#status').textContent({ timeout: 1000 }).catch(() => 'no view')
      throw new Error(`The view did not render (${status}): ${errors.join(' | ')}`, { cause: error })
    })
    const bars = await frame.locator('#chart svg .mark-rect path').count()
    expect(bars).toBe(7)
    await expect(frame.locator('#narration').textContent()).resolves.toMatch(/Saturday is the strongest day/)
    mkdirSync(artifacts, { recursive: true })
    await page.screenshot({ path: new URL('mcp-chart-app.png', artifacts).pathname })
    expect(errors).toEqual([])
    expect(outsideRequests).toEqual([])
  })
})
