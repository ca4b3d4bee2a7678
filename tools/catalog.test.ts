import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { renderPng, renderSvg, themed } from '../src/charts/render.ts'
import { asChartSpec } from '../src/charts/spec.ts'
import { areas } from '../src/tools/define-tool.ts'
import { inputJsonSchema } from '../src/tools/registry.ts'
import { installedPackageFile } from '../src/paths.ts'
import { runTool, tryTool } from '../src/testing/run-tool.ts'
import { testEngines, useDemoDatabase } from '../src/testing/test-database.ts'
import { catalog } from './index.ts'

const toolsFolder = new URL('./', import.meta.url)
const artifacts = new URL('../test-artifacts/charts/', import.meta.url)

function kebab(name: string): string {
  return name.replace(/_/g, '-')
}

describe('the catalog', () => {
  it('registers every tool file, each under its area folder and named after its file', () => {
    const files = areas.flatMap((area) =>
      readdirSync(new URL(`${area}/`, toolsFolder))
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'index.ts')
        .map((file) => `${area}/${file.replace(/\.ts$/, '')}`),
    )
    const registered = catalog.map((tool) => `${tool.area}/${kebab(tool.name)}`)
    expect(registered.sort()).toEqual(files.sort())
  })

  it('documents every input field, gives 3 to 6 examples and describes when to use the tool', () => {
    for (const tool of catalog) {
      const schema = inputJsonSchema(tool) as { properties?: Record<string, { description?: string }>; additionalProperties?: unknown }
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        expect(property.description, `${tool.name}.${field} has no description`).toBeTruthy()
      }
      expect(schema.additionalProperties, `${tool.name} must reject unknown fields`).toBe(false)
      expect(tool.examples.length).toBeGreaterThanOrEqual(3)
      expect(tool.description.length, `${tool.name} description is too short to guide a model`).toBeGreaterThan(120)
    }
  })
})

const validateChart = new Ajv({ strict: false, allErrors: false }).compile(JSON.parse(readFileSync(installedPackageFile('vega-lite', 'build/vega-lite-schema.json'), 'utf8')) as object)

describe.each(testEngines())('every tool on the demo data (%s)', (engine) => {
  const database = useDemoDatabase(engine)

  it.each(catalog.map((tool) => [tool.name, tool] as const))('%s runs with its defaults, narrates, and charts validly', async (name, tool) => {
    const envelope = await runTool(database(), name, {}, 'analyst', 'America/New_York')
    expect(envelope.narration.length).toBeGreaterThan(20)
    expect(envelope.assumptions.length).toBeGreaterThan(0)
    expect(envelope.sql).toMatch(/select/i)
    if (!envelope.chart) return
    const spec = themed(asChartSpec(envelope.chart))
    expect(validateChart(spec), JSON.stringify(validateChart.errors?.slice(0, 3))).toBe(true)
    // Rendering does not depend on the engine: once is enough.
    if (engine !== 'pglite') return
    const svg = await renderSvg(spec)
    expect(svg).toContain('<svg')
    expect(svg).toMatch(/<text/)
    const png = await renderPng(spec)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    mkdirSync(artifacts, { recursive: true })
    writeFileSync(new URL(`${tool.area}-${name}.png`, artifacts), png)
  })

  it.each(catalog.map((tool) => [tool.name] as const))('%s rejects an unknown field and names the allowed ones', async (name) => {
    const outcome = await tryTool(database(), name, { no_such_field: 1 })
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) expect(outcome.error.message).toMatch(/unknown field 'no_such_field'; allowed fields: /)
  })
})
