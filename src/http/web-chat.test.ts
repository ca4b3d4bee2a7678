import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createApiKey } from '../auth/api-keys.ts'
import { loadConfig } from '../config/config.ts'
import { runtimeFrom } from '../runtime.ts'
import { hasChromium, launchChromium } from '../testing/browser.ts'
import { useTestDatabase } from '../testing/test-database.ts'
import { createApp } from './create-app.ts'
import { listen, type TestServer } from './testing/app-server.ts'
import { loadData, weekdayQuestion } from './testing/sales-fixture.ts'

const artifacts = new URL('../../test-artifacts/', import.meta.url)
const docsImages = new URL('../../docs/images/', import.meta.url)

/** A page that records every request to another origin and every console error or uncaught exception. */
async function openPage(browser: Browser, base: string, viewport: { width: number; height: number }) {
  const page = await browser.newPage({ viewport })
  const outsideRequests: string[] = []
  const errors: string[] = []
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(`${base}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) outsideRequests.push(url)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return { page, outsideRequests, errors }
}

async function ask(page: Page, question: string) {
  await page.locator('#question').fill(question)
  await page.locator('#question').press('Enter')
  const answer = page.locator('.answer').last()
  await answer.and(page.locator('[data-state="complete"]')).waitFor({ timeout: 30_000 })
  return answer
}

describe.runIf(hasChromium)('the web chat in headless Chromium', () => {
  const database = useTestDatabase('pglite', loadData)
  let browser: Browser
  let server: TestServer

  beforeAll(async () => {
    browser = await launchChromium()
    server = await listen(createApp({ runtime: runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC' }), database()) }))
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('streams an answer with its chart and a "how I got this" panel, with no outside request and no console error', async () => {
    const { page, outsideRequests, errors } = await openPage(browser, server.base, { width: 1280, height: 900 })
    await page.goto(server.base)
    await page.locator('body[data-ready="true"]').waitFor()
    expect(await page.locator('.suggestion').count()).toBeGreaterThanOrEqual(3)

    const answer = await ask(page, weekdayQuestion)
    // The reading comes first, then the answer itself.
    await expect(answer.locator('.answer-text .reading').textContent()).resolves.toMatch(/^I read this as: .*sales_by_weekday/)
    await expect(answer.locator('.answer-text').textContent()).resolves.toMatch(/^I read this as: .*Saturday is the strongest day/s)
    await answer.locator('.chart[data-rendered="true"] .chart-view svg').waitFor()
    expect(await answer.locator('.chart-view svg .mark-rect path').count()).toBe(7)
    expect(await answer.locator('.chart-actions button').allTextContents()).toEqual(['Download PNG', 'Download SVG'])
    await expect(answer.locator('.answer-meta').textContent()).resolves.toMatch(/figures checked · question answered as read/)
    await expect(page.locator('#conversations li').count()).resolves.toBe(1)
    await expect(page.locator('#conversations button[aria-current="true"]').textContent()).resolves.toContain(weekdayQuestion)

    mkdirSync(artifacts, { recursive: true })
    const screenshot = new URL('web-chat.png', artifacts).pathname
    await page.screenshot({ path: screenshot })
    // The README's screenshot is refreshed on request only, so a test run leaves the checkout as it found it.
    if (process.env.LUXX_UPDATE_SCREENSHOT === '1') {
      mkdirSync(docsImages, { recursive: true })
      copyFileSync(screenshot, new URL('web-chat.png', docsImages).pathname)
    }

    const [download] = await Promise.all([page.waitForEvent('download'), answer.locator('.chart-actions button', { hasText: 'Download SVG' }).click()])
    expect(download.suggestedFilename()).toMatch(/^luxx-chart-[0-9a-f]{8}-0\.svg$/)
    const answerId = await answer.getAttribute('data-answer-id')
    expect(readFileSync(await download.path(), 'utf8')).toBe(await (await fetch(`${server.base}/api/charts/${answerId}-0.svg`)).text())

    // The answer's table downloads as a file: its rows run again through the export route, one line per weekday.
    const table = answer.locator('details.table')
    if (!(await table.evaluate((details) => (details as HTMLDetailsElement).open))) await table.locator('summary').click()
    const [csv] = await Promise.all([page.waitForEvent('download'), table.locator('.table-csv').click()])
    expect(csv.suggestedFilename()).toMatch(/^luxx-[0-9a-f]{8}-0\.csv$/)
    const lines = readFileSync(await csv.path(), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/)
    expect(lines).toHaveLength(8)
    expect(await table.locator('.table-actions button').allTextContents()).toEqual(['Download CSV', 'Download XLSX'])

    const how = answer.locator('details.how')
    expect(await how.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false)
    await how.locator('summary').click()
    await how.locator('pre.sql').waitFor()
    await expect(how.locator('pre.sql').textContent()).resolves.toMatch(/select/i)
    await expect(how.locator('.tool-name').textContent()).resolves.toContain('(sales_by_weekday)')
    await expect(how.textContent()).resolves.toMatch(/"period": "all_time"/)
    await expect(how.locator('.grounded:not(.answered-as-read)').textContent()).resolves.toMatch(/^All \d+ figures in the answer match numbers the tools returned\.$/)
    await expect(how.textContent()).resolves.toContain('Weekdays are read from the business day of the sale')

    expect(errors).toEqual([])
    expect(outsideRequests).toEqual([])
    await page.close()
  })

  it('fits a phone screen and reopens a conversation from the sidebar', async () => {
    const { page, errors } = await openPage(browser, server.base, { width: 390, height: 844 })
    await page.goto(server.base)
    await page.locator('body[data-ready="true"]').waitFor()
    const hidden = await page.locator('#sidebar').boundingBox()
    expect((hidden?.x ?? 0) + (hidden?.width ?? 0)).toBeLessThanOrEqual(0)
    await page.locator('#toggle-sidebar').click()
    await page.locator('#conversations button').first().click()
    await page.locator('.answer[data-state="complete"] .chart[data-rendered="true"] svg').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: new URL('web-chat-phone.png', artifacts).pathname })
    expect(errors).toEqual([])
    await page.close()
  })

  it('asks for an API key once keys exist and keeps it for the tab', async () => {
    const { token } = await createApiKey(database().sql, 'browser', 'analyst')
    const { page, errors } = await openPage(browser, server.base, { width: 1280, height: 900 })
    await page.goto(server.base)
    const dialog = page.locator('#key-dialog')
    await dialog.waitFor()
    await page.locator('#key-input').fill(token)
    await page.locator('#key-dialog button[value="save"]').click()
    await page.locator('body[data-ready="true"]').waitFor()
    expect(await page.locator('.suggestion').count()).toBeGreaterThanOrEqual(3)
    expect(await page.evaluate(() => sessionStorage.getItem('luxx-analyst.api-key'))).toBe(token)
    // The 401s that made the page ask are expected; anything else would be a bug.
    expect(errors.filter((error) => !/401 \(Unauthorized\)/.test(error))).toEqual([])
    await page.close()
  })
})
