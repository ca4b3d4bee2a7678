import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import express, { Router, type Response } from 'express'
import { chartTheme, themeCss } from '../../present/theme.ts'
import { installedPackageFile, packagePath } from '../../paths.ts'
import { HttpError } from '../http-error.ts'

/**
 * The browser builds the web chat loads, by exact file name: nothing else under node_modules is reachable.
 * vega, vega-lite and vega-embed are classic scripts (they publish globals); marked and DOMPurify are ES modules.
 */
const vendorFiles: Record<string, readonly [packageName: string, relativePath: string]> = {
  'vega.min.js': ['vega', 'build/vega.min.js'],
  'vega-lite.min.js': ['vega-lite', 'build/vega-lite.min.js'],
  'vega-lite.min.js.map': ['vega-lite', 'build/vega-lite.min.js.map'],
  'vega-embed.min.js': ['vega-embed', 'build/vega-embed.min.js'],
  'vega-embed.min.js.map': ['vega-embed', 'build/vega-embed.min.js.map'],
  'marked.esm.js': ['marked', 'lib/marked.esm.js'],
  'marked.esm.js.map': ['marked', 'lib/marked.esm.js.map'],
  'purify.es.mjs': ['dompurify', 'dist/purify.es.mjs'],
  'purify.es.mjs.map': ['dompurify', 'dist/purify.es.mjs.map'],
}

/**
 * The house formats the pages import from /present/ (web/app.js, web/dashboards.js): src/present modules that import
 * nothing but each other, so each one runs in the browser as it is.
 */
const presentModules = ['format.js', 'table-cell.js', 'kpi-figures.js'] as const

/**
 * A presentation module as a browser ES module: the build's output beside this file when the server runs from dist/,
 * else, under tsx, its TypeScript source with the types stripped (TypeScript's transpiler, once per module).
 */
async function presentModule(file: string): Promise<string> {
  const built = fileURLToPath(new URL(`../../present/${file}`, import.meta.url))
  if (existsSync(built)) return readFile(built, 'utf8')
  const sourcePath = built.replace(/\.js$/, '.ts')
  const source = await readFile(sourcePath, 'utf8')
  const { default: typescript } = await import('typescript')
  // './format.ts' becomes './format.js', as the build writes it: the address this route serves it at.
  const compilerOptions = { target: typescript.ScriptTarget.ES2022, module: typescript.ModuleKind.ESNext, rewriteRelativeImportExtensions: true }
  return typescript.transpileModule(source, { compilerOptions, fileName: sourcePath }).outputText
}

function sendFile(response: Response, path: string): Promise<void> {
  return new Promise((resolve, reject) => response.sendFile(path, (error) => (error ? reject(error) : resolve())))
}

/**
 * The web chat: static files from web/ at the package root (index.html, app.js, styles.css), the vendored browser
 * builds under /vendor/, the house formats under /present/, the house colours as /theme.css and the house chart theme the page applies to every chart.
 * None of it holds data, so none of it needs a key; the page asks for one when /api answers 401.
 */
export function webRoutes(): Router {
  const router = Router()
  // Resolved once, when the app is built: a missing build fails at start, not on a user's first page load.
  const vendorPaths = new Map(Object.entries(vendorFiles).map(([file, [name, path]]) => [file, installedPackageFile(name, path)]))
  router.get('/vendor/:file', async (request, response) => {
    const path = vendorPaths.get(request.params.file)
    if (!path) throw new HttpError(404, `No vendored file ${request.params.file}. Available: ${[...vendorPaths.keys()].join(', ')}.`)
    response.type(path.endsWith('.map') ? 'application/json' : 'text/javascript')
    // The packages are pinned in package-lock.json: a file changes only with an upgrade and a restart.
    response.setHeader('cache-control', 'public, max-age=86400')
    await sendFile(response, path)
  })
  const presentSources = new Map<string, Promise<string>>()
  router.get('/present/:file', async (request, response) => {
    const file = presentModules.find((name) => name === request.params.file)
    if (!file) throw new HttpError(404, `No presentation module ${request.params.file}. Available: ${presentModules.join(', ')}.`)
    let text = presentSources.get(file)
    if (!text) {
      text = presentModule(file)
      presentSources.set(file, text)
      // A failed read is not kept: the next request tries again.
      text.catch(() => presentSources.delete(file))
    }
    response.type('text/javascript').send(await text)
  })
  router.get('/chart-theme.json', (_request, response) => {
    response.json(chartTheme)
  })
  // The house colours as CSS custom properties: styles.css uses them, so the page and the reports share one palette.
  router.get('/theme.css', (_request, response) => {
    response.type('text/css').send(`${themeCss()}\n`)
  })
  // The dashboards are a page of their own, addressed without its file name as the chat is.
  router.get('/dashboards', async (_request, response) => {
    await sendFile(response, packagePath('web', 'dashboards.html'))
  })
  router.use(express.static(packagePath('web'), { index: 'index.html', dotfiles: 'ignore', redirect: false }))
  return router
}
