import type { Config } from 'vega-lite'

/**
 * The one house theme: the colours of every surface (web page, HTML reports, e-mail, eval scorecard) and the chart
 * theme every chart is drawn with (web, MCP, reports, e-mail). CSS gets the colours as custom properties from
 * `themeCss`: inlined in self-contained HTML, served as /theme.css to the web page.
 */
export const colors = {
  ink: '#1b1b1f',
  muted: '#5b5b66',
  line: '#e2e2e8',
  navy: '#1f3a5f',
  navyDark: '#152a46',
  gold: '#c8963e',
  up: '#2f7d4f',
  down: '#b5535c',
  upWash: '#e3f1e8',
  downWash: '#fbeef0',
  mutedWash: '#eef1f6',
  paper: '#ffffff',
  page: '#f6f6f8',
  panel: '#f3f4f7',
} as const

export type ColorName = keyof typeof colors

export const chartFont = 'DejaVu Sans'

/** Series colours, in order; the first is the single-series colour. */
export const palette = [colors.navy, colors.gold, '#7a9e7e', colors.down, '#6d6a75', '#3d7ea6', '#d4b483', '#8c5e58']

export const chartTheme: Config = {
  background: colors.paper,
  font: chartFont,
  padding: 12,
  view: { stroke: 'transparent' },
  range: { category: palette },
  title: { fontSize: 15, fontWeight: 600, anchor: 'start', color: colors.ink, offset: 10 },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 500,
    labelColor: '#3b3b45',
    titleColor: '#3b3b45',
    gridColor: '#ececf0',
    domainColor: '#b8b8c0',
    tickColor: '#b8b8c0',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'bottom' },
  bar: { color: palette[0] },
  line: { color: palette[0], strokeWidth: 2 },
  point: { color: palette[0] },
  area: { color: palette[0], opacity: 0.25 },
}

/** "navyDark" → "--navy-dark". */
export const cssVariable = (name: ColorName) => `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`

/** The colours as CSS custom properties on :root, one line: `:root { --ink: #1b1b1f; … }`. */
export function themeCss(): string {
  const declarations = (Object.entries(colors) as Array<[ColorName, string]>).map(([name, value]) => `${cssVariable(name)}: ${value};`)
  return `:root { color-scheme: light; ${declarations.join(' ')} }`
}
