import type { Config } from 'vega-lite'

/** The one house theme: every chart on every surface (web, MCP, reports, e-mail) is drawn with it. */
export const chartFont = 'DejaVu Sans'

export const palette = ['#1f3a5f', '#c8963e', '#7a9e7e', '#b5535c', '#6d6a75', '#3d7ea6', '#d4b483', '#8c5e58']

export const chartTheme: Config = {
  background: '#ffffff',
  font: chartFont,
  padding: 12,
  view: { stroke: 'transparent' },
  range: { category: palette },
  title: { fontSize: 15, fontWeight: 600, anchor: 'start', color: '#1b1b1f', offset: 10 },
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
