import { glossaryDocument } from '../semantic/index.ts'
import { dataDictionaryDocument } from '../db/data-dictionary.ts'
import type { Role } from '../privacy/mask.ts'
import type { Runtime } from '../runtime.ts'
import { outputJsonSchema } from '../tools/envelope.ts'
import type { Surface } from '../tools/executor.ts'
import { inputJsonSchema } from '../tools/registry.ts'
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
  McpError,
  ReadResourceRequestSchema,
  RESOURCE_MIME_TYPE,
  Server,
  type Resource,
  type Tool,
} from './sdk.ts'
import { toolResultContent } from './tool-content.ts'

export interface McpDependencies {
  /** The runtime, or its opening: stdio answers `initialize` before the database is open. */
  runtime: Runtime | Promise<Runtime>
  role: Role
  /** The API key over HTTP, whose stored reports the caller reads; unset: the machine's owner (stdio). */
  keyId?: string | null
  /** Who is calling, for the audit log: the API key over HTTP, the local user over stdio (unset: `mcp`). */
  actor?: string
  surface?: Extract<Surface, 'mcp'>
  version?: string
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
    description: 'Every vetted tool with what it answers and example questions.',
    mimeType: 'text/markdown',
    read: (runtime) =>
      [
        '# Vetted analytics tools',
        ...runtime.registry
          .list()
          .flatMap((tool) => ['', `## ${tool.name} — ${tool.title} (${tool.area})`, '', tool.description, '', ...tool.examples.map((example) => `- ${example}`)]),
      ].join('\n'),
  },
]

/**
 * The MCP server, without side effects: the caller connects it to stdio or to one HTTP request. The executor, the
 * report renderer and the YAML prompt parser load with the first request that needs them, so a stdio cold start
 * answers `initialize` without waiting for them.
 */
export function createMcpServer({ runtime: runtimeOrOpening, role, keyId = null, actor, version = '0.1.0' }: McpDependencies): Server {
  const ready = Promise.resolve(runtimeOrOpening)
  // A failed opening is reported by each request that needs the runtime, not as an unhandled rejection.
  ready.catch(() => undefined)
  const server = new Server(
    { name: 'luxx-analyst', title: 'Lace-Luxx analyst', version },
    {
      capabilities: { tools: {}, resources: {}, prompts: {}, completions: {} },
      instructions:
        'Vetted analytics over the Lace-Luxx resale data. Prefer these tools over guessing; every figure you state must come from a tool result. Read luxx://glossary for metric definitions.',
    },
  )
  // Read once per server, on its first prompt request: creating the server does not wait for the YAML parser.
  let loadingPrompts: Promise<PromptDefinition[]> | undefined
  const prompts = () => (loadingPrompts ??= import('./prompt-library.ts').then(({ loadPrompts }) => loadPrompts()))

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: (await ready).registry.list().map(
      (tool): Tool => ({
        name: tool.name,
        title: tool.title,
        description: tool.description,
        inputSchema: inputJsonSchema(tool) as Tool['inputSchema'],
        outputSchema: outputJsonSchema(tool) as Tool['outputSchema'],
        annotations: { title: tool.title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        ...(tool.chart ? { _meta: { ui: { resourceUri: chartAppUri }, 'ui/resourceUri': chartAppUri } } : {}),
      }),
    ),
  }))

  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const runtime = await ready
    const found = runtime.registry.find(request.params.name)
    if (found instanceof ToolError) throw new McpError(ErrorCode.InvalidParams, found.message)
    const { executeTool } = await import('../tools/executor.ts')
    const outcome = await executeTool(runtime.registry, found.name, request.params.arguments ?? {}, runtime.executionContext(role, 'mcp', actor))
    if (!outcome.ok) return { isError: true, content: [{ type: 'text', text: outcome.error.message }] }
    return toolResultContent(outcome.envelope)
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
        ...(await reportResources((await ready).database.sql, { role, keyId })),
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
      const report = await readReportResource(runtime.database.sql, uri, { role, keyId })
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

  // Completions for prompt arguments: brands, states and the like as the data holds them (the value lookup), the
  // named periods, or the prompt's own list; best matches first, at most 100.
  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const none = { completion: { values: [], total: 0, hasMore: false } }
    const { ref, argument } = request.params
    if (ref.type !== 'ref/prompt') return none
    const parameter = (await prompts()).find((entry) => entry.name === ref.name)?.arguments.find((entry) => entry.name === argument.name)
    const completes = parameter?.completes
    if (!completes) return none
    const { promptCompletions } = await import('./prompt-completions.ts')
    const values = await promptCompletions(completes, argument.value, async () => (await ready).database)
    return { completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 } }
  })

  return server
}
