import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chartTheme } from '../present/theme.ts'
import { installedPackageFile } from '../paths.ts'

const require = createRequire(import.meta.url)

export const chartAppUri = 'ui://luxx-analyst/chart.html'

function script(packageName: string, relativePath: string): string {
  return readFileSync(installedPackageFile(packageName, relativePath), 'utf8').replace(/<\/script/gi, '<\\/script')
}

/**
 * The MCP Apps bundle ships as an ES module ending in `export{…}`; inline pages cannot import it,
 * so its exports are published on a global instead.
 */
function appBridgeScript(): string {
  const source = readFileSync(require.resolve('@modelcontextprotocol/ext-apps/app-with-deps'), 'utf8')
  const exportStart = source.lastIndexOf('export{')
  if (exportStart < 0) throw new Error('Unexpected MCP Apps bundle: no export list found.')
  const list = source.slice(exportStart + 'export{'.length, source.indexOf('}', exportStart))
  const entries = list.split(',').map((entry) => {
    const [local, exported] = entry.split(' as ').map((part) => part.trim())
    return `${JSON.stringify(exported ?? local)}:${local}`
  })
  return `${withoutEvalProbe(source.slice(0, exportStart))};globalThis.McpApps={${entries.join(',')}};`.replace(/<\/script/gi, '<\\/script')
}

// The zod bundled with MCP Apps probes `new Function("")` when its schemas are built, before the App switches zod to
// jitless mode. Under a policy without 'unsafe-eval' the probe fails (zod then parses without compiled code) but the
// browser still records a violation; answering "no eval" up front gives the same parsing with no violation.
const evalProbe = 'try{return new Function(""),!0}catch(r){return!1}'

function withoutEvalProbe(source: string): string {
  if (!source.includes(evalProbe)) throw new Error('Unexpected MCP Apps bundle: zod\'s eval probe not found; check the view under the default CSP.')
  return source.replace(evalProbe, 'return!1')
}

let cached: string | undefined

// @modelcontextprotocol/ext-apps stays on 1.x: 2.x is built on the MCP SDK v2 packages (@modelcontextprotocol/server,
// core and client as peers), while this server runs on @modelcontextprotocol/sdk 1.x; 1.7 speaks the same MCP Apps
// protocol to hosts.

/**
 * A self-contained HTML view that renders a tool result's Vega-Lite spec with tooltips inside hosts
 * that implement MCP Apps. Everything is inline: no outside origin is ever contacted.
 */
export function chartAppHtml(): string {
  cached ??= `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>luxx-analyst chart</title>
<style>
  body { margin: 0; font-family: 'DejaVu Sans', system-ui, sans-serif; background: #fff; color: #1b1b1f; }
  #narration { margin: 8px 12px 0; font-size: 13px; line-height: 1.4; }
  #chart { padding: 4px 8px 8px; }
  #status { margin: 12px; color: #6d6a75; font-size: 13px; }
</style>
<script>${script('vega', 'build/vega.min.js')}</script>
<script>${script('vega-lite', 'build/vega-lite.min.js')}</script>
<script>${script('vega-embed', 'build/vega-embed.min.js')}</script>
<script>${appBridgeScript()}</script>
</head>
<body>
<p id="status">Waiting for a tool result…</p>
<p id="narration"></p>
<div id="chart"></div>
<script>
  const theme = ${JSON.stringify(chartTheme)};
  const status = document.getElementById('status');
  async function show(result) {
    const envelope = result && result.structuredContent;
    if (!envelope || !envelope.chart) {
      status.textContent = 'This result has no chart.';
      return;
    }
    document.getElementById('narration').textContent = envelope.narration || '';
    const spec = Object.assign({}, envelope.chart, { config: Object.assign({}, theme, envelope.chart.config || {}) });
    // ast: Vega parses expressions to a tree that vega-embed's bundled vega-interpreter walks, instead of compiling
    // them with new Function: the MCP Apps default policy (no 'unsafe-eval') forbids the latter.
    await vegaEmbed('#chart', spec, { actions: { export: true, source: false, compiled: false, editor: false }, renderer: 'svg', ast: true });
    status.textContent = '';
    document.body.dataset.rendered = 'true';
  }
  const app = new McpApps.App({ name: 'luxx-analyst-chart', version: '1.0.0' });
  app.ontoolresult = (result) => { show(result).catch((error) => { status.textContent = 'Could not draw the chart: ' + error.message; }); };
  app.connect().catch((error) => { status.textContent = 'Not connected to a host: ' + error.message; });
</script>
</body>
</html>`
  return cached
}
