import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { packagePath } from '../paths.ts'
import { chartTheme, colors, cssVariable, palette, themeCss } from './theme.ts'

describe('the house theme', () => {
  it('draws charts with the house palette', () => {
    expect(palette).toEqual(['#1f3a5f', '#c8963e', '#7a9e7e', '#b5535c', '#6d6a75', '#3d7ea6', '#d4b483', '#8c5e58'])
    expect(chartTheme.range).toEqual({ category: palette })
    expect(chartTheme.bar).toEqual({ color: '#1f3a5f' })
    expect(chartTheme.title).toMatchObject({ color: '#1b1b1f' })
  })

  it('writes the colours as CSS custom properties', () => {
    expect(cssVariable('navyDark')).toBe('--navy-dark')
    const css = themeCss()
    expect(css.startsWith(':root { color-scheme: light; --ink: #1b1b1f; --muted: #5b5b66; --line: #e2e2e8; --navy: #1f3a5f; ')).toBe(true)
    expect(css).toContain('--up: #2f7d4f; --down: #b5535c;')
    expect(css.endsWith('--panel: #f3f4f7; }')).toBe(true)
    for (const [name, value] of Object.entries(colors)) expect(css).toContain(`${cssVariable(name as keyof typeof colors)}: ${value};`)
  })

  it('is where the web page takes its colours from', () => {
    const styles = readFileSync(packagePath('web', 'styles.css'), 'utf8')
    const defined = new Set([...themeCss().matchAll(/(--[a-z-]+):/g)].map((match) => match[1]))
    for (const match of styles.matchAll(/(--[a-z-]+):/g)) defined.add(match[1])
    const used = [...styles.matchAll(/var\((--[a-z-]+)\)/g)].map((match) => match[1])
    expect(used.filter((name) => !defined.has(name))).toEqual([])
    // No house colour is written out again in the style sheet.
    for (const value of Object.values(colors)) expect(styles.toLowerCase()).not.toContain(value)
    expect(readFileSync(packagePath('web', 'index.html'), 'utf8')).toMatch(/<link rel="stylesheet" href="\/theme.css">\s*<link rel="stylesheet" href="\/styles.css">/)
  })
})
