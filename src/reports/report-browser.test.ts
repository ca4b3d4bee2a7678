import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config.ts'
import { seedDemoData } from '../demo/seed.ts'
import { runtimeFrom } from '../runtime.ts'
import { hasChromium, launchChromium } from '../testing/browser.ts'
import { useTestDatabase } from '../testing/test-database.ts'
import { buildReport } from './build-report.ts'
import { renderHtml } from './render-html.ts'
import { reportCharts, reportKinds } from './report.ts'

const artifacts = new URL('../../test-artifacts/', import.meta.url)

// The browser is the judge of "opens with no server": each report of the demo data is written to a file and
// opened from it, with every request the page makes recorded.
describe.runIf(hasChromium)('report HTML in headless Chromium', () => {
  const database = useTestDatabase('pglite', (opened) => seedDemoData(opened.sql, { scale: 'small', seed: 42, endDate: '2026-10-31' }))
  const directory = mkdtempSync(join(tmpdir(), 'luxx-report-html-'))
  let browser: Browser

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    rmSync(directory, { recursive: true, force: true })
  })

  it.each(reportKinds)('the %s report opens from a file without errors or outside requests, and every chart renders', async (kind) => {
    const runtime = runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'America/New_York' }), database())
    const built = await buildReport(runtime, { kind, role: 'viewer', surface: 'test' })
    if (!built.ok) throw new Error(built.error)
    const file = join(directory, `${kind}.html`)
    writeFileSync(file, await renderHtml(built.report))
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    const problems: string[] = []
    const requests: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(file).href)

    expect(problems).toEqual([])
    expect(requests).toEqual([pathToFileURL(file).href])
    const expected = reportCharts(built.report).map((chart) => chart.id)
    expect(expected.length).toBeGreaterThan(0)
    const drawn = await page.locator('figure.chart').evaluateAll((figures) =>
      figures.map((figure) => {
        const svg = figure.querySelector('svg')
        const box = svg?.getBoundingClientRect()
        return { id: figure.getAttribute('data-chart-id'), width: box?.width ?? 0, height: box?.height ?? 0, marks: svg?.querySelectorAll('path, rect, line, text').length ?? 0 }
      }),
    )
    expect(drawn.map((chart) => chart.id)).toEqual(expected)
    for (const chart of drawn) {
      expect(chart.width, chart.id ?? '').toBeGreaterThan(100)
      expect(chart.height, chart.id ?? '').toBeGreaterThan(100)
      expect(chart.marks, chart.id ?? '').toBeGreaterThan(10)
    }
    await page.screenshot({ path: new URL(`report-${kind}.png`, artifacts).pathname, fullPage: kind === 'weekly' })
    // The print stylesheet is the one a person gets from "Print…".
    await page.emulateMedia({ media: 'print' })
    if (kind === 'weekly') await page.pdf({ path: new URL('report-weekly.pdf', artifacts).pathname, format: 'A4' })
    await page.close()
  })
})
