import { z } from 'zod'
import type { AnyTool } from './define-tool.ts'
import { ToolError } from './tool-error.ts'

/** The one list of tools every surface sees: CLI, agent, MCP, HTTP, reports and digest. */
export interface ToolRegistry {
  list(): readonly AnyTool[]
  names(): string[]
  /** The tool, or an error naming the available ones. */
  find(name: string): AnyTool | ToolError
}

export function createRegistry(tools: readonly AnyTool[]): ToolRegistry {
  const byName = new Map<string, AnyTool>()
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new Error(`Two tools are named ${tool.name}`)
    byName.set(tool.name, tool)
  }
  const names = () => [...byName.keys()].sort()
  return {
    list: () => tools,
    names,
    find: (name) =>
      byName.get(name) ?? new ToolError('unknown_tool', `Unknown tool '${name}'. Available: ${names().join(', ')}`),
  }
}

/** JSON Schema of a tool's input, for model providers and MCP. */
export function inputJsonSchema(tool: AnyTool): Record<string, unknown> {
  return z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Record<string, unknown>
}
