import { renderPng, renderSvg } from '../src/charts/render.ts'
import { asChartSpec } from '../src/charts/spec.ts'
import type { Envelope } from '../src/tools/envelope.ts'
import { measure, type MeasureOptions, type Timing } from './measure.ts'

/** Rows of inline data anywhere in the spec: layered charts keep theirs in their layers. */
function dataPoints(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((sum: number, item) => sum + dataPoints(item), 0)
  if (node === null || typeof node !== 'object') return 0
  return Object.entries(node).reduce((sum, [key, value]) => {
    if (key === 'data' && Array.isArray((value as { values?: unknown } | null)?.values)) return sum + (value as { values: unknown[] }).values.length
    return sum + dataPoints(value)
  }, 0)
}

/**
 * The largest chart the tools drew (by size of spec, which is mostly its data), rendered spec → SVG and
 * spec → PNG. renderPng draws the SVG first, so SVG → PNG alone is the difference of the medians.
 */
export async function measureLargestChart(
  envelopes: readonly Envelope[],
  options: MeasureOptions,
): Promise<{ tool: string; dataPoints: number; specBytes: number; svg: Timing; png: Timing; svgToPngP50Ms: number } | { notMeasured: string }> {
  const charted = envelopes.flatMap((envelope) => (envelope.chart ? [{ tool: envelope.tool, chart: envelope.chart, bytes: JSON.stringify(envelope.chart).length }] : []))
  const largest = charted.sort((a, b) => b.bytes - a.bytes)[0]
  if (!largest) return { notMeasured: 'no tool drew a chart' }
  const spec = asChartSpec(largest.chart)
  const svg = await measure(() => renderSvg(spec), options)
  const png = await measure(() => renderPng(spec), options)
  return {
    tool: largest.tool,
    dataPoints: dataPoints(largest.chart),
    specBytes: largest.bytes,
    svg,
    png,
    svgToPngP50Ms: Math.round((png.p50Ms - svg.p50Ms) * 10) / 10,
  }
}
