import { describe, expect, it } from 'vitest'
import { checkGrounding } from '../agent/grounding.ts'
import { extractValues } from '../agent/figures.ts'
import { emptyUsage, type ModelProvider } from '../agent/providers/provider.ts'
import { loadConfig } from '../config/config.ts'
import { runtimeFrom } from '../runtime.ts'
import { Fixture } from '../testing/fixtures.ts'
import { testEngines, useTestDatabase } from '../testing/test-database.ts'
import { buildReport, type ReportRequest } from './build-report.ts'
import { providerSummaryWriter } from './model-summary.ts'
import { renderHtml } from './render-html.ts'
import { renderMarkdown } from './render-markdown.ts'
import { loadReportWeek, reportWeek } from './report-fixture.ts'
import { listReports, loadReport, saveReport } from './report-store.ts'
import { reportCharts, type Report } from './report.ts'

const fakeProvider = (text: string): ModelProvider => ({
  name: 'anthropic',
  model: 'test-model',
  respond: async () => ({ ok: true, turn: { text, toolCalls: [], usage: emptyUsage } }),
})

/** Every number the JSON form holds, as numbers and inside its strings. */
function numbersIn(value: unknown, into: number[] = []): number[] {
  if (typeof value === 'number') into.push(value)
  else if (typeof value === 'string') into.push(...extractValues(value))
  else if (Array.isArray(value)) value.forEach((item) => numbersIn(item, into))
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => numbersIn(item, into))
  return into
}

describe.each(testEngines())('weekly report on %s', (engine) => {
  const database = useTestDatabase(engine, (db) => loadReportWeek(new Fixture(db)))
  const runtime = () => runtimeFrom(loadConfig({ LUXX_TIME_ZONE: 'UTC' }), database())
  const request: ReportRequest = { kind: 'weekly', ...reportWeek, role: 'viewer', surface: 'test' }
  let built: Report

  it('builds KPI tiles, notable changes, sections and a template summary from the tools', async () => {
    const outcome = await buildReport(runtime(), request, { now: new Date('2025-03-17T08:00:00Z') })
    if (!outcome.ok) throw new Error(outcome.error)
    built = outcome.report
    expect(built.title).toBe('Weekly business review: 2025-03-10 to 2025-03-16')
    expect(built.ruleWindow).toEqual({ from: '2024-03-17', to: '2025-03-16' })
    expect(built.kpis.find((tile) => tile.kpi === 'revenue')).toEqual({
      kpi: 'revenue',
      label: 'Revenue',
      unit: 'currency',
      value: 4500,
      previous: 3000,
      changeVsPrevious: 1500,
      changePercentVsPrevious: 50,
      lastYear: 1500,
      changeVsLastYear: 3000,
      changePercentVsLastYear: 200,
    })
    expect(built.changes.map((change) => [change.kpi, change.changePercent, change.dimension])).toEqual([
      ['revenue', 50, 'brand'],
      ['gross_profit', 43.75, 'brand'],
    ])
    expect(built.changes[0]!.drivers.map((driver) => [driver.member, driver.change])).toEqual([
      ['Chanel', 2000],
      ['Gucci', -500],
    ])
    expect(built.summary).toMatchObject({ source: 'template', writer: null })
    expect(built.summary.text).toContain(
      'Revenue was $4,500 from 2025-03-10 to 2025-03-16, up 50.0% on the previous period ($3,000) and up 200.0% on the same period last year ($1,500).',
    )
    expect(built.summary.text).toContain('The largest move was revenue, up 50.0% (+$1,500); by brand, Chanel moved most (+$2,000).')
    expect(built.sections.map((section) => [section.id, section.error])).toEqual([
      ['daily-sales', null],
      ['anomalies', null],
      ['top-products', null],
      ['show-slots', null],
    ])
    expect(built.sections[0]!.table!.rows).toHaveLength(7)
    expect(built.rules.filter((rule) => rule.status === 'failed')).toEqual([])
    expect(built.assumptions).toContain('Tools ran as the viewer role: personal data is masked for it.')
  })

  it('stores the report with its inputs, lists it and reopens it exactly as generated', async () => {
    const id = await saveReport(database().sql, request, built)
    const listed = await listReports(database().sql)
    expect(listed[0]).toMatchObject({ id, kind: 'weekly', windowFrom: '2025-03-10', windowTo: '2025-03-16', role: 'viewer', summarySource: 'template' })
    const loaded = await loadReport(database().sql, id)
    if (!loaded.ok) throw new Error(loaded.error)
    expect(loaded.stored.report).toEqual(built)
    expect(loaded.stored.inputs).toEqual({ kind: 'weekly', from: '2025-03-10', to: '2025-03-16', role: 'viewer' })
    expect(await loadReport(database().sql, 'not-a-uuid')).toMatchObject({ ok: false, status: 'not_found' })
    expect(await loadReport(database().sql, '00000000-0000-4000-8000-000000000000')).toMatchObject({ ok: false, status: 'not_found' })
    // An analyst-built report is not listed for a viewer.
    await saveReport(database().sql, { ...request, role: 'analyst' }, { ...built, role: 'analyst' })
    expect((await listReports(database().sql, { readableBy: { role: 'viewer', keyId: null } })).every((entry) => entry.role === 'viewer')).toBe(true)
  })

  it('stores a report whose model summary carries a NUL or a lone surrogate, which jsonb cannot hold as they are', async () => {
    const garbled = { ...built, summary: { ...built.summary, text: `Revenue rose\u0000 by half \ud800.` } }
    const id = await saveReport(database().sql, request, garbled)
    const loaded = await loadReport(database().sql, id)
    if (!loaded.ok) throw new Error(loaded.error)
    expect(loaded.stored.report.summary.text).toBe('Revenue rose\\u0000 by half \ufffd.')
  })

  it('writes the same numbers in Markdown as the JSON form holds, with every chart as a PNG', async () => {
    const { markdown, images } = await renderMarkdown(built, { imagePrefix: 'weekly.' })
    const grounding = checkGrounding(markdown, numbersIn(built))
    expect(grounding.ungrounded).toEqual([])
    expect(grounding.checked).toBeGreaterThan(50)
    for (const figure of ['$4,500', '+50.0%', '+200.0%', '$2,300', '+43.8%', 'Chanel +$2,000', 'Gucci −$500']) expect(markdown).toContain(figure)
    const charts = reportCharts(built)
    expect(images.map((image) => image.file)).toEqual(charts.map((chart) => `weekly.${chart.id}.png`))
    for (const image of images) expect(image.png.subarray(1, 4).toString()).toBe('PNG')
    for (const image of images) expect(markdown).toContain(`](${image.file})`)
  })

  it('renders one self-contained HTML page with every chart as inline SVG and no outside reference', async () => {
    const html = await renderHtml(built)
    expect(html.match(/<figure class="chart" /g)).toHaveLength(reportCharts(built).length)
    // Plain booleans: a failing match would print the whole page.
    expect(html.includes('class="chart chart-missing"')).toBe(false)
    expect(/<script|<link|src=["']?https?:|url\(\s*["']?https?:/i.test(html)).toBe(false)
    expect(html.includes('<div class="value">$4,500</div>')).toBe(true)
  })

  it('uses a model summary only when every figure in it is grounded in the report, and says which it used', async () => {
    const grounded = await buildReport(runtime(), request, {
      summary: { writer: providerSummaryWriter(fakeProvider('Revenue reached $4,500, up 50.0% on the previous week, led by Chanel (+$2,000).')) },
    })
    if (!grounded.ok) throw new Error(grounded.error)
    expect(grounded.report.summary).toMatchObject({ source: 'model', writer: 'anthropic/test-model' })
    expect(grounded.report.summary.text).toBe('Revenue reached $4,500, up 50.0% on the previous week, led by Chanel (+$2,000).')

    const invented = await buildReport(runtime(), request, {
      summary: { writer: providerSummaryWriter(fakeProvider('Revenue reached $9,999, up 70% on the previous week.')) },
    })
    if (!invented.ok) throw new Error(invented.error)
    expect(invented.report.summary.source).toBe('template')
    expect(invented.report.summary.note).toMatch(/the model summary was not used because its figures "\$9,999", "70%" are not in the report/)
  })

  it('reports invalid dates as an error value', async () => {
    const outcome = await buildReport(runtime(), { ...request, from: '2025-03-20', to: '2025-03-10' })
    expect(outcome).toEqual({ ok: false, error: expect.stringMatching(/^Invalid arguments for kpi_summary: to: must be on or after from/) })
  })

  it('marks a week the data stops inside as partial and withholds its changes in the tiles, summary, Markdown and HTML', async () => {
    // The data ends Monday 2025-03-17 (one Gucci sale, $500): against the full week before ($4,500) it would read −88.9%.
    const outcome = await buildReport(runtime(), { ...request, from: '2025-03-17', to: '2025-03-23' }, { now: new Date('2025-03-18T08:00:00Z') })
    if (!outcome.ok) throw new Error(outcome.error)
    const partial = outcome.report
    const note = 'The data stops mid-week on Mon 2025-03-17: the figures cover 2025-03-17 to 2025-03-17 only, and the comparison is withheld.'
    expect(partial.coverage).toEqual({ first: '2024-03-01', last: '2025-03-17', status: 'partial', withheld: ['previous', 'lastYear'], note })
    expect(partial.kpis.find((tile) => tile.kpi === 'revenue')).toMatchObject({ value: 500, previous: 4500, changeVsPrevious: null, changePercentVsPrevious: null })
    expect(partial.changes).toEqual([])
    expect(partial.kpiChart).toBeNull()
    expect(partial.summary.text.startsWith(`${note} Revenue was $500.00 from 2025-03-17 to 2025-03-17, not compared with the previous period and not compared with the same period last year.`)).toBe(true)
    const { markdown } = await renderMarkdown(partial, { imagePrefix: 'partial.' })
    expect(markdown).toContain('Sales recorded 2024-03-01 to 2025-03-17 · partial period')
    expect(markdown).toContain(`> **Data coverage:** ${note}`)
    expect(markdown).toContain('| Revenue | $500.00 | partial | partial |')
    expect(markdown).not.toContain('88.9')
    const html = await renderHtml(partial)
    expect(html).toContain(`<p class="coverage" role="note">${note}</p>`)
    expect(html).not.toContain('88.9')
  })
})
