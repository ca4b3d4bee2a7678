/**
 * Import boundaries, checked by `npm run lint` (dependency-cruiser; the picture is the ARCHITECTURE.md the project was planned from).
 * Every rule is an error; type-only imports count too.
 *
 *  1. no-cycles: no import cycle anywhere. Share a type or constant through a small file of its own instead.
 *  2. tools-import-only-the-kit: the vetted catalog (tools/) imports only src/tools/define-tool.ts (the tool kit and
 *     what it re-exports), the semantic layer (src/semantic/), zod and other files in tools/. Its index alone also
 *     builds the registry (src/tools/registry.ts).
 *  3. layers point down: entry points (cli, server) > transports (http, mcp) > digest > reports > engine (agent,
 *     tools, semantic, charts, recommendations, db, ...). A layer never imports one above it (layer-*), and the
 *     catalog is wired in once, by src/runtime.ts and the CLI's `tools` command (catalog-wired-in-once).
 *  4. http-and-mcp-meet-at-one-seam: the HTTP app mounts src/mcp/http-route.ts, which uses the HTTP key check,
 *     error type and request role; otherwise the two transports do not import each other.
 *  5. surfaces-reach-data-through-the-engine: surfaces (cli, server, http, mcp, reports, digest) take questions to
 *     src/agent and tool runs to src/tools; from src/db they use only the connection (open, ping, migrate) and the
 *     helpers their own stores need (transactions, storable text, lost connections), plus the data dictionary
 *     MCP publishes. The CLI's `db` command may also refresh the rollups.
 *  6. db-engine-stays-in-db: only src/db knows which engine is behind a connection (src/db/embedded-*).
 *  7. model SDKs only in their provider file (src/agent/providers/anthropic.ts, openai.ts); the MCP SDK only in
 *     src/mcp/ and the test helpers in src/testing/.
 *  8. no-unresolvable: every import resolves, so no rule is dodged by a path the cruiser cannot follow.
 *
 * Tests and test harness (*.test.ts, any testing/ folder, src/security, src/evals, bench, evals) sit outside the
 * layers of rules 2-5; rules 1 and 6-8 hold for them too.
 */

const harness = ['\\.test\\.ts$', '(^|/)testing/', '^src/security/', '^src/evals/', '^bench/', '^evals/']

// ---------------------------------------------------------------- 2. the catalog
const toolKit = ['^tools/', '^src/tools/define-tool\\.ts$', '^src/semantic/', '^node_modules/zod/']
const catalogIndex = '^tools/index\\.ts$'

const toolsComment =
  'tools/ is the vetted catalog: it imports only src/tools/define-tool.ts (the tool kit and what it re-exports), ' +
  'src/semantic/, zod and other files in tools/, never database internals or the engine.'

// ---------------------------------------------------------------- 3. layers, top to bottom
const layers = [
  { name: 'entry-points', path: '^src/(cli|server)/' },
  { name: 'transports', path: '^src/(http|mcp)/' },
  // src/alerts/firing/ evaluates rules and delivers their firings beside the digest, through its SMTP sender.
  { name: 'digest', path: '^src/(digest|alerts/firing)/' },
  { name: 'reports', path: '^src/reports/' },
  // Everything else in src/ and tools/: the answer pipeline, registry and executor, semantic layer, charts,
  // recommendations, privacy, config, runtime, db, demo data.
  { name: 'engine', path: '^(src|tools)/' },
]
const layerRules = layers.slice(1).map((layer, index) => {
  const above = layers.slice(0, index + 1)
  const below = layers.slice(index + 2)
  return {
    name: `layer-${layer.name}-imports-upward`,
    comment:
      `Layers point down (${layers.map((each) => each.name).join(' > ')}): ${layer.name} must not import ` +
      `${above.map((each) => each.name).join(', ')}. Pass what is needed in as an argument or move it down a layer.`,
    severity: 'error',
    // The engine's pattern catches everything else, so it leaves out the layers above; the others are precise.
    from: { path: layer.path, pathNot: below.length ? harness : [...harness, ...above.map((each) => each.path)] },
    to: { path: above.map((each) => each.path) },
  }
})

const surfaces = '^src/(cli|server|http|mcp|reports|digest|alerts/firing)/'
const connectionAndStores = [
  '^src/db/(database|database-options|migrate)\\.ts$',
  '^src/db/(transaction|storable-text|connection-lost)\\.ts$',
  '^src/db/data-dictionary\\.ts$',
]
const dataComment =
  'Surfaces never run analytics SQL: questions go to src/agent, tool runs to src/tools (registry, executor). From ' +
  'src/db they use only the connection (open, ping, migrate) and the helpers their own stores need.'

function onlyIn(name, packagePath, allowedFrom, comment) {
  return { name, comment, severity: 'error', from: { pathNot: allowedFrom }, to: { path: packagePath } }
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles: move the shared type or constant into a small file of its own that both import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'tools-import-only-the-kit',
      comment: toolsComment,
      severity: 'error',
      from: { path: '^tools/', pathNot: [...harness, catalogIndex] },
      to: { pathNot: toolKit },
    },
    {
      name: 'tools-index-imports-only-the-kit-and-registry',
      comment: `${toolsComment} The catalog's index also builds its registry.`,
      severity: 'error',
      from: { path: catalogIndex },
      to: { pathNot: [...toolKit, '^src/tools/registry\\.ts$'] },
    },
    ...layerRules,
    {
      name: 'catalog-wired-in-once',
      comment: 'The engine does not know the catalog: src/runtime.ts (and the CLI\'s `tools` command) hand it to the registry.',
      severity: 'error',
      from: { path: '^src/', pathNot: [...harness, '^src/runtime\\.ts$', '^src/cli/'] },
      to: { path: '^tools/' },
    },
    {
      name: 'http-and-mcp-meet-at-one-seam',
      comment:
        'Surfaces do not talk to each other: the HTTP app only mounts src/mcp/http-route.ts, which only uses the ' +
        'HTTP key check, error type and request role.',
      severity: 'error',
      from: { path: '^src/(http|mcp)/', pathNot: harness },
      to: {
        path: '^src/(http|mcp)/',
        pathNot: ['^src/$1/', '^src/mcp/http-route\\.ts$', '^src/http/(authenticate|http-error|request-role)\\.ts$'],
      },
    },
    {
      name: 'surfaces-reach-data-through-the-engine',
      comment: dataComment,
      severity: 'error',
      from: { path: surfaces, pathNot: [...harness, '^src/cli/'] },
      to: { path: '^src/db/', pathNot: connectionAndStores },
    },
    {
      name: 'cli-reaches-data-through-the-engine',
      comment: `${dataComment} The CLI's \`db\` command also refreshes the rollups.`,
      severity: 'error',
      from: { path: '^src/cli/', pathNot: harness },
      to: { path: '^src/db/', pathNot: [...connectionAndStores, '^src/db/rollups\\.ts$'] },
    },
    {
      name: 'db-engine-stays-in-db',
      comment: 'Only src/db knows which engine is behind a connection: open it through src/db/database.ts.',
      severity: 'error',
      from: { pathNot: '^src/db/' },
      to: { path: '^src/db/embedded-' },
    },
    onlyIn(
      'anthropic-sdk-only-in-its-provider',
      '^node_modules/@anthropic-ai/sdk/',
      '^src/agent/providers/anthropic\\.ts$',
      'The Anthropic SDK is imported only by src/agent/providers/anthropic.ts; everything else uses the Provider interface.',
    ),
    onlyIn(
      'openai-sdk-only-in-its-provider',
      '^node_modules/openai/',
      '^src/agent/providers/openai\\.ts$',
      'The OpenAI SDK is imported only by src/agent/providers/openai.ts; everything else uses the Provider interface.',
    ),
    onlyIn(
      'mcp-sdk-only-in-mcp',
      '^node_modules/@modelcontextprotocol/',
      ['^src/mcp/', '^src/testing/'],
      'The MCP SDK is imported only in src/mcp/ (and the MCP test client in src/testing/).',
    ),
    {
      name: 'no-unresolvable',
      comment: 'Every import resolves (a typo, or a package missing from package.json).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^\\.data/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.mjs', '.js', '.d.ts'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'node', 'default'],
      mainFields: ['module', 'main', 'types'],
    },
  },
}
