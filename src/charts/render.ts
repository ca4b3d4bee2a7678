import { createRequire } from 'node:module'
import { chartFont, chartTheme } from '../present/theme.ts'
import type { ChartSpec } from './spec.ts'

const require = createRequire(import.meta.url)
const fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
)

/** The spec with the house theme merged in: what every surface shows. */
export function themed(spec: ChartSpec): ChartSpec {
  const own = (spec as { config?: Record<string, unknown> }).config ?? {}
  return { ...spec, config: { ...chartTheme, ...own } } as ChartSpec
}

// Characters XML 1.0 cannot hold: a label from the data carrying one (an ANSI escape in a product title) would make
// the SVG invalid, and the chart, or the whole tool result, fail. They are drawn as the replacement character.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const notXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

/** Spec → SVG on the server, with vega and vega-lite (loaded on first use: start-up stays fast). */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')])
  const compiled = vegaLite.compile(themed(spec)).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' })
  try {
    return (await view.toSVG()).replace(notXml, '\ufffd')
  } finally {
    view.finalize()
  }
}

/**
 * SVG → PNG with resvg. It has no system fonts here and would drop every label, and it defaults to a
 * transparent background, so the font files ship with the package and the background is white.
 */
export async function renderPng(spec: ChartSpec, scale = 2): Promise<Buffer> {
  const svg = await renderSvg(spec)
  const { Resvg } = await import('@resvg/resvg-js')
  const renderer = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: chartFont, sansSerifFamily: chartFont },
  })
  return renderer.render().asPng()
}
