import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { loadConfig } from '../config/config.ts'
import { findDashboard } from '../dashboards/definitions.ts'
import { formatMoney } from '../present/format.ts'
import { runtimeFrom } from '../runtime.ts'
import { hasChromium, launchChromium } from '../testing/browser.ts'
import { useDemoDatabase } from '../testing/test-database.ts'
import { createApp } from './create-app.ts'
import { listen, type TestServer } from './testing/app-server.ts'

const artifacts = new URL('../../test-artifacts/', import.meta.url)
const docsImages = new URL('../../docs/images/', import.meta.url)

/** A page that records every console error or uncaught exception, and the arguments of every tool it runs. */
async function openPage(browser: Browser, viewport: { width: number; height: number }) {
  const page = await browser.newPage({ viewport })
  const errors: string[] = []
  const toolCalls: Array<{ tool: string; arguments: Record<string, unknown> }> = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('request', (request) => {
    const match = /\/api\/tools\/(\w+)$/.exec(new URL(request.url()).pathname)
    if (match && request.method() === 'POST') toolCalls.push({ tool: match[1]!, arguments: request.postDataJSON() as Record<string, unknown> })
  })
  return { page, errors, toolCalls }
}

/** Waits until every tile of the page has loaded (none loading), and returns each tile's state. */
async function settled(page: Page, tiles: number): Promise<string[]> {
  await page.waitForFunction((count) => {
    const states = Array.from(document.querySelectorAll('.tile')).map((tile) => tile.getAttribute('data-state'))
    return states.length === count && states.every((state) => state !== 'loading')
  }, tiles, { timeout: 60_000 })
  return page.locator('.tile').evaluateAll((found) => found.map((tile) => `${tile.getAttribute('data-tile')}:${tile.getAttribute('data-state')}`))
}

/** Saves a screenshot to test-artifacts/, and to docs/images/ for the README when asked (LUXX_UPDATE_SCREENSHOT=1). */
async function screenshot(page: Page, name: string, fullPage = false) {
  mkdirSync(artifacts, { recursive: true })
  const path = new URL(name, artifacts).pathname
  await page.screenshot({ path, fullPage })
  if (process.env.LUXX_UPDATE_SCREENSHOT === '1') {
    mkdirSync(docsImages, { recursive: true })
    copyFileSync(path, new URL(name, docsImages).pathname)
  }
}

// The demo data ends 2026-10-31 (src/testing/global-setup.ts); the business clock is fixed at that day.
describe.runIf(hasChromium)('the dashboards in headless Chromium', () => {
  const database = useDemoDatabase('pglite')
  let browser: Browser
  let server: TestServer

  beforeAll(async () => {
    browser = await launchChromium()
    server = await listen(createApp({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'America/New_York', LUXX_AS_OF: '2026-10-31' }), database()) }))
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  /** Revenue of the demo data in a window and on a channel, by SQL written apart from the tools. */
  async function revenue(from: string, to: string, channel?: string): Promise<number> {
    const [row] = await database().sql<{ revenue: number }[]>`
      select coalesce(sum(gross_amount_earned), 0)::float8 as revenue from sales
      where date_sold between ${from} and ${to} ${channel ? database().sql`and channel = ${channel}` : database().sql``}`
    return row!.revenue
  }

  it('loads every tile of a dashboard; every tile follows a filter change or says it cannot; a tile downloads its CSV', async () => {
    const dashboard = findDashboard('sales-timing')!
    const { page, errors, toolCalls } = await openPage(browser, { width: 1280, height: 900 })
    await page.goto(`${server.base}/dashboards?dashboard=sales-timing`)
    const states = await settled(page, dashboard.tiles.length)
    expect(states).toEqual(dashboard.tiles.map((tile) => `${tile.id}:ready`))
    expect(toolCalls.map((call) => call.tool).sort()).toEqual(dashboard.tiles.map((tile) => tile.tool).sort())
    const kpiRevenue = page.locator('[data-tile="kpis"] .kpi[data-kpi="revenue"] .kpi-value')
    // The last 12 months as of 2026-10-31.
    await expect(kpiRevenue.textContent()).resolves.toBe(formatMoney(await revenue('2025-11-01', '2026-10-31')))
    await page.locator('[data-tile="weekday"] .chart[data-rendered="true"] svg').waitFor()
    await screenshot(page, 'dashboard.png')

    toolCalls.length = 0
    await page.locator('#filter-period').selectOption('last_quarter')
    await settled(page, dashboard.tiles.length)
    await page.locator('#filter-channel').selectOption('instagram')
    await settled(page, dashboard.tiles.length)
    // The last quarter as of 2026-10-31 is July to September 2026.
    await expect(kpiRevenue.textContent()).resolves.toBe(formatMoney(await revenue('2026-07-01', '2026-09-30', 'instagram')))
    const latest = new Map(toolCalls.map((call) => [call.tool, call.arguments]))
    for (const tile of dashboard.tiles) expect(latest.get(tile.tool), tile.id).toMatchObject({ period: 'last_quarter' })
    for (const tool of ['kpi_summary', 'sales_by_weekday', 'sales_by_hour', 'sales_trend', 'seasonality']) expect(latest.get(tool), tool).toMatchObject({ channel: 'instagram' })
    // Live shows have platforms, not channels: the tile says the filter is not applied, and why.
    expect(latest.get('show_performance')).not.toHaveProperty('channel')
    await expect(page.locator('[data-tile="shows"] .tile-notes').textContent()).resolves.toBe(
      'Not applied: channel Instagram: Live-show performance by time slot cannot be narrowed by channel.',
    )
    expect(new URL(page.url()).searchParams.toString()).toBe('dashboard=sales-timing&period=last_quarter&channel=instagram')

    // The weekday tile's CSV (POST /api/tools/sales_by_weekday, Accept: text/csv) totals the filtered revenue.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-tile="weekday"] .tile-csv').click()])
    expect(download.suggestedFilename()).toBe('luxx-weekday-sales_by_weekday.csv')
    const rows = parse(readFileSync(await download.path(), 'utf8'), { columns: true }) as Array<Record<string, string>>
    expect(rows).toHaveLength(7)
    const csvTotal = rows.reduce((sum, row) => sum + Number(row.Revenue), 0)
    expect(csvTotal).toBeCloseTo(await revenue('2026-07-01', '2026-09-30', 'instagram'), 2)

    const how = page.locator('[data-tile="weekday"] details.how')
    await how.locator('summary').click()
    await expect(how.locator('.tool-name').textContent()).resolves.toContain('(sales_by_weekday)')
    await expect(how.locator('pre').textContent()).resolves.toContain('"channel": "instagram"')
    expect(await how.locator('.how-section h4').allTextContents()).toEqual(expect.arrayContaining(['Tools', 'Assumptions']))
    const explain = await page.locator('[data-tile="weekday"] .tile-explain').getAttribute('href')
    expect(new URL(explain!, server.base).searchParams.get('ask')).toBe('What are the best days of the week to sell, last quarter, instagram?')
    // Printed: the figures without the controls.
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.filter-actions, .tile-actions, .dashboard-tabs').evaluateAll((found) => found.filter((node) => node.checkVisibility()).length)).toBe(0)
    expect(await page.locator('.tile-title').first().isVisible()).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows an answer pinned from the chat on the dashboard, run again with its filters', async () => {
    const { page, errors, toolCalls } = await openPage(browser, { width: 1280, height: 900 })
    const question = 'What are the best days of the week to sell, all time?'
    await page.goto(`${server.base}/?ask=${encodeURIComponent(question)}`)
    const answer = page.locator('.answer[data-state="complete"]')
    await answer.waitFor({ timeout: 30_000 })
    await answer.locator('.pin-answer').click()
    await answer.locator('.pin-dashboard').selectOption('overview')
    await answer.locator('.pin-title').fill('Weekdays, pinned')
    await answer.locator('.pin-form button[type="submit"]').click()
    await answer.locator('.pin-result', { hasText: 'Pinned' }).waitFor()
    await expect(answer.locator('.pin-result').textContent()).resolves.toBe('Pinned to Overview.')

    toolCalls.length = 0
    await page.goto(`${server.base}/dashboards?dashboard=overview&channel=whatnot`)
    const tiles = findDashboard('overview')!.tiles.length + 1
    const states = await settled(page, tiles)
    expect(states.filter((state) => state.endsWith(':error'))).toEqual([])
    const pinned = page.locator('#pins .tile')
    await expect(pinned.locator('.tile-title').textContent()).resolves.toBe('Weekdays, pinned')
    await pinned.locator('.chart[data-rendered="true"] svg').waitFor()
    // The answer asked for all time; on the dashboard it follows the bar: the last 12 months, on Whatnot.
    expect(toolCalls.filter((call) => call.tool === 'sales_by_weekday').map((call) => call.arguments)).toEqual([{ period: 'last_12_months', channel: 'whatnot' }])
    expect(errors).toEqual([])
    await page.close()
  })

  it('stacks the tiles at 390 px with no title overflowing', async () => {
    const dashboard = findDashboard('customers')!
    const { page, errors } = await openPage(browser, { width: 390, height: 844 })
    await page.goto(`${server.base}/dashboards?dashboard=customers`)
    await settled(page, dashboard.tiles.length)
    const titles = await page.locator('.tile-title').evaluateAll((found) => found.map((title) => ({ text: title.textContent, scroll: title.scrollWidth, client: title.clientWidth })))
    expect(titles).toHaveLength(dashboard.tiles.length)
    for (const title of titles) expect(title.scroll, title.text ?? '').toBeLessThanOrEqual(title.client)
    const boxes = await page.locator('#tiles .tile').evaluateAll((found) => found.map((tile) => tile.getBoundingClientRect().toJSON() as DOMRect))
    // Stacked: one column, each below the one before.
    expect(new Set(boxes.map((box) => Math.round(box.x))).size).toBe(1)
    for (let index = 1; index < boxes.length; index++) expect(boxes[index]!.y).toBeGreaterThan(boxes[index - 1]!.y)
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
    await screenshot(page, 'dashboard-phone.png')
    expect(errors).toEqual([])
    await page.close()
  })

})
