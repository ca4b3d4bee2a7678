import type { Envelope } from '../tools/envelope.ts'
import { executeTool, type ExecutionContext } from '../tools/executor.ts'
import type { ToolRegistry } from '../tools/registry.ts'
import type { ToolCallRecord } from './answer.ts'
import type { ToolCallRequest, ToolResultMessage } from './providers/provider.ts'
import { toolErrorBlock, toolResultBlock } from './tool-result.ts'

/**
 * One tool call of the agent, through the executor (the only way SQL runs). Failures come back as error
 * results the model can act on: the executor's messages already name what is allowed.
 */
export interface ToolRun {
  record: ToolCallRecord
  result: ToolResultMessage
  envelope?: Envelope
}

function failed(call: ToolCallRequest, code: string, message: string, durationMs: number): ToolRun {
  return {
    record: { id: call.id, name: call.name, arguments: call.arguments, ok: false, error: { code, message }, durationMs, rowCount: null, sql: null },
    result: { callId: call.id, name: call.name, content: toolErrorBlock(call.name, { code, message }), isError: true, error: message },
  }
}

export async function runToolCall(registry: ToolRegistry, call: ToolCallRequest, context: ExecutionContext): Promise<ToolRun> {
  if (call.argumentsError) {
    return failed(call, 'invalid_arguments', `The arguments for ${call.name} were not valid JSON (${call.argumentsError}). Send a JSON object.`, 0)
  }
  const started = performance.now()
  const outcome = await executeTool(registry, call.name, call.arguments, context)
  const durationMs = Math.round((performance.now() - started) * 10) / 10
  if (!outcome.ok) return failed(call, outcome.error.code, outcome.error.message, durationMs)
  const envelope = outcome.envelope
  return {
    record: {
      id: call.id,
      name: call.name,
      arguments: call.arguments,
      ok: true,
      error: null,
      durationMs,
      rowCount: envelope.rowCount,
      sql: envelope.sql,
    },
    result: { callId: call.id, name: call.name, content: toolResultBlock(envelope), isError: false, envelope },
    envelope,
  }
}
