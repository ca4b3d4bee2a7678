import { glossaryDocument } from '../semantic/index.ts'
import { dataDictionaryDocument } from '../db/data-dictionary.ts'
import type { Role } from '../privacy/mask.ts'
import type { Runtime } from '../runtime.ts'
import type { Surface } from '../tools/executor.ts'
import type { ToolRegistry } from '../tools/registry.ts'
import { ToolError } from '../tools/tool-error.ts'
import { chartAppHtml, chartAppUri } from './chart-app.ts'
import type { PromptDefinition } from './prompt-library.ts'
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  LoggingLevelSchema,
  McpError,
  ReadResourceRequestSchema,
  RESOURCE_MIME_TYPE,
  Server,
  SetLevelRequestSchema,
  type LoggingLevel,
  type Resource,
  type Tool,
} from './sdk.ts'
import { withProgress, type SeedProgressFeed } from './progress.ts'
import { toolResultContent } from './tool-content.ts'
import { listedDescription, listedInputSchema, sharedArgumentInstructions } from './tool-list.ts'

export interface McpDependencies {
  /** The runtime, or its opening: stdio answers `initialize` before the database is open. */
  runtime: Runtime | Promise<Runtime>
  /** The caller's role; unset (stdio), the runtime's LUXX_MCP_ROLE, read once the configuration is loaded. */
  role?: Role
  /** The API key over HTTP, whose stored reports the caller reads; unset: the machine's owner (stdio). */
  keyId?: string | null
  /** Who is calling, for the audit log: the API key over HTTP, the local user over stdio (unset: `mcp`). */
  actor?: string
  surface?: Extract<Surface, 'mcp'>
  version?: string
  /** The first-run seeding's progress, while the runtime opens (stdio). */
  seeding?: SeedProgressFeed
  /** The tools, when they are known before the runtime has opened (stdio): tools/list then waits for no database. */
  registry?: Promise<ToolRegistry>
}

const documents: Array<Resource & { read: (runtime: Runtime) => Promise<string> | string }> = [
  {
    uri: 'luxx://data-dictionary',
    name: 'data-dictionary',
    title: 'Data dictionary',
    description: 'The business tables and columns the tools read, with their meaning.',
    mimeType: 'text/markdown',
    read: (runtime) => dataDictionaryDocument(runtime.database.sql),
  },
  {
    uri: 'luxx://glossary',
    name: 'glossary',
    title: 'Metric glossary',
    description: 'How revenue, margin, ROAS, churn and every other metric are defined.',
    mimeType: 'text/markdown',
    read: () => glossaryDocument(),
  },
  {
    uri: 'luxx://tools',
    name: 'tools',
    title: 'Tool catalog',
    description: 'Every vetted tool in full: what it answers, how its figures are defined, its result columns and example questions.',
    mimeType: 'text/markdown',
    read: (runtime) =>
      [
        '# Vetted analytics tools',
        ...runtime.registry
          .list()
          .flatMap((tool) => [
            '',
            `## ${tool.name} — ${tool.title} (${tool.area})`,
            '',
            tool.description,
            '',
            `Columns: ${Object.keys(tool.row.shape).join(', ')}`,
            '',
            ...tool.examples.map((example) => `- ${example}`),
          ]),
      ].join('\n'),
  },
]

/**
 * The MCP server, without side effects: the caller connects it to stdio or to one HTTP request. The executor, the
 * report renderer and the YAML prompt parser load with the first request that needs them, so a stdio cold start
 * answers `initialize` without waiting for them.
 */
export function createMcpServer({ runtime: runtimeOrOpening, role, keyId = null, actor, version = '0.1.0', seeding, registry }: McpDependencies): Server {
  const ready = Promise.resolve(runtimeOrOpening)
  // A failed opening is reported by each request that needs the runtime, not as an unhandled rejection.
  ready.catch(() => undefined)
  registry?.catch(() => undefined)
  const roleOf = async () => role ?? (await ready).config.LUXX_MCP_ROLE
  const server = new Server(
    { name: 'luxx-analyst', title: 'Lace-Luxx analyst', version },
    {
      // listChanged false: the tools, prompts and documents are fixed while the server runs (reports come and go,
      // but a client reads them with resources/list when it needs them). logging: setLevel and log notifications.
      capabilities: {
        tools: { listChanged: false },
        resources: { listChanged: false, subscribe: false },
        prompts: { listChanged: false },
        completions: {},
        logging: {},
      },
      instructions: [
        'Vetted analytics over the Lace-Luxx resale data. Prefer these tools over guessing; every figure you state must come from a tool result. Read luxx://glossary for metric definitions and luxx://tools for each tool in full.',
        'Every result\'s structured content is an envelope: tool, title, parameters (after defaults), window, rows, rowCount, totalRows, truncated, comparisons, coverage, narration, assumptions, metrics (definitions), chart (Vega-Lite), sql, durationMs.',
        sharedArgumentInstructions,
      ].join('\n\n'),
    },
  )
  // Read once per server, on its first prompt request: creating the server does not wait for the YAML parser.
  let loadingPrompts: Promise<PromptDefinition[]> | undefined
  const prompts = () => (loadingPrompts ??= import('./prompt-library.ts').then(({ loadPrompts }) => loadPrompts()))

  server.setRequestHandler(ListToolsRequestSchema, async (_request, extra) => ({
    tools: (await (registry ?? withProgress(extra, 'Opening the database', async () => (await ready).registry, seeding))).list().map(
      (tool): Tool => ({
        name: tool.name,
        title: tool.title,
        description: listedDescription(tool),
        inputSchema: listedInputSchema(tool) as Tool['inputSchema'],
        // idempotentHint means something only for tools that write; destructiveHint is kept for hosts that warn without it.
        annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
        // The nested key of MCP Apps; the flat 'ui/resourceUri' of its drafts is left out (31 tools × 47 bytes).
        ...(tool.chart ? { _meta: { ui: { resourceUri: chartAppUri } } } : {}),
      }),
    ),
  }))

  // Log notifications at the level each client (session) chose with logging/setLevel; before it chooses, only
  // warnings and worse, so a client that never asked is not sent a line per call.
  const levels = new Map<string | undefined, LoggingLevel>()
  const severity = (level: LoggingLevel) => LoggingLevelSchema.options.indexOf(level)
  server.setRequestHandler(SetLevelRequestSchema, (request, extra) => {
    levels.set(extra.sessionId, request.params.level)
    return {}
  })
  const log = async (level: LoggingLevel, data: string, sessionId: string | undefined) => {
    if (severity(level) < severity(levels.get(sessionId) ?? 'warning')) return
    // A failed send never fails the request that logs.
    await server.sendLoggingMessage({ level, logger: 'luxx-analyst', data }, sessionId).catch(() => undefined)
  }

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const runtime = await withProgress(extra, 'Opening the database', () => ready, seeding)
    const found = runtime.registry.find(request.params.name)
    if (found instanceof ToolError) throw new McpError(ErrorCode.InvalidParams, found.message)
    const { executeTool } = await import('../tools/executor.ts')
    const context = runtime.executionContext(await roleOf(), 'mcp', actor)
    const outcome = await withProgress(extra, `Running ${found.name}`, () => executeTool(runtime.registry, found.name, request.params.arguments ?? {}, context))
    if (!outcome.ok) {
      await log('warning', `${found.name} refused: ${outcome.error.message}`, extra.sessionId)
      return { isError: true, content: [{ type: 'text', text: outcome.error.message }] }
    }
    await log('info', `${found.name} returned ${outcome.envelope.totalRows} rows in ${Math.round(outcome.envelope.durationMs)} ms.`, extra.sessionId)
    // The arguments as sent: the download runs the same call (named periods resolve to the same dates that day).
    return toolResultContent(outcome.envelope, { publicUrl: runtime.config.LUXX_PUBLIC_URL, arguments: request.params.arguments ?? {} })
  })

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const { reportResources } = await import('../reports/report-resources.ts')
    return {
      resources: [
        ...documents.map(({ read: _read, ...resource }) => resource),
        {
          uri: chartAppUri,
          name: 'chart-app',
          title: 'Interactive chart',
          description: 'Renders a tool result\'s chart with tooltips in hosts that support MCP Apps.',
          mimeType: RESOURCE_MIME_TYPE,
        },
        ...(await reportResources((await ready).database.sql, { role: await roleOf(), keyId })),
      ],
    }
  })

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => {
    const { reportResourceTemplate } = await import('../reports/report-resources.ts')
    return { resourceTemplates: [reportResourceTemplate] }
  })

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const uri = request.params.uri
    const runtime = await ready
    const { readReportResource, reportUriPrefix } = await import('../reports/report-resources.ts')
    if (uri === chartAppUri) {
      return {
        contents: [
          {
            uri,
            mimeType: RESOURCE_MIME_TYPE,
            text: chartAppHtml(),
            // Everything is inline: the view needs no outside origin.
            _meta: { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } },
          },
        ],
      }
    }
    if (uri.startsWith(reportUriPrefix)) {
      const report = await readReportResource(runtime.database.sql, uri, { role: await roleOf(), keyId })
      if (!report.ok) throw new McpError(ErrorCode.InvalidParams, report.error)
      return { contents: report.contents }
    }
    const document = documents.find((entry) => entry.uri === uri)
    if (!document) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown resource '${uri}'. Available: ${[...documents.map((entry) => entry.uri), chartAppUri].join(', ')}`)
    }
    return { contents: [{ uri, mimeType: document.mimeType, text: await document.read(runtime) }] }
  })

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: (await prompts()).map(({ name, title, description, arguments: parameters }) => ({
      name,
      title,
      description,
      arguments: parameters.map(({ completes: _completes, ...parameter }) => parameter),
    })),
  }))

  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const all = await prompts()
    const prompt = all.find((entry) => entry.name === request.params.name)
    if (!prompt) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown prompt '${request.params.name}'. Available: ${all.map((entry) => entry.name).join(', ')}`)
    }
    const { renderPrompt } = await import('./prompt-library.ts')
    return {
      description: prompt.description,
      messages: [{ role: 'user', content: { type: 'text', text: renderPrompt(prompt, request.params.arguments ?? {}) } }],
    }
  })

  // Completions for prompt arguments: brands, states, campaigns and the like as the data holds them (the value
  // lookup), the named periods, or the prompt's own list; for the report template, the ids of the reports this role
  // may open. Best matches first, at most 100 (the protocol's limit).
  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const { ref, argument } = request.params
    const { promptCompletions, reportIdCompletions } = await import('./prompt-completions.ts')
    let values: string[] = []
    if (ref.type === 'ref/prompt') {
      const completes = (await prompts()).find((entry) => entry.name === ref.name)?.arguments.find((entry) => entry.name === argument.name)?.completes
      if (completes) values = await promptCompletions(completes, argument.value, async () => (await ready).database)
    } else if (argument.name === 'id') {
      const { reportResourceTemplate } = await import('../reports/report-resources.ts')
      if (ref.uri === reportResourceTemplate.uriTemplate) values = await reportIdCompletions(argument.value, (await ready).database, { role: await roleOf(), keyId })
    }
    return { completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 } }
  })

  return server
}
