import Anthropic from '@anthropic-ai/sdk'
import { describeFailure, type ModelOutcome, type ModelProvider, type ModelRequest, type ToolCallRequest, type TurnMessage } from './provider.ts'
import { failuresAsOutcome, historyMessages, sdkClientOptions, type RemoteProviderOptions } from './remote-provider.ts'

const cached = { type: 'ephemeral' } as const

/** Anthropic Messages API with tool use and streaming; the system prompt and tools end in cache breakpoints. */
export function createAnthropicProvider(options: RemoteProviderOptions): ModelProvider {
  const client = new Anthropic(sdkClientOptions(options))
  return {
    name: 'anthropic',
    model: options.model,
    respond(request: ModelRequest): Promise<ModelOutcome> {
      return failuresAsOutcome('anthropic', async () => {
        const stream = client.messages.stream(
          {
            model: options.model,
            max_tokens: request.maxOutputTokens,
            // The prompt and the tool definitions are the same on every call: cache them (tools come first in the prefix).
            system: request.system.map((text, index, all) => ({
              type: 'text' as const,
              text,
              ...(index === all.length - 1 ? { cache_control: cached } : {}),
            })),
            tools: request.tools.map((tool, index, all) => ({
              name: tool.name,
              description: tool.description,
              input_schema: { ...tool.inputSchema, type: 'object' as const },
              ...(index === all.length - 1 ? { cache_control: cached } : {}),
            })),
            messages: toMessages(request),
          },
          { signal: request.signal },
        )
        stream.on('text', (delta) => request.onTextDelta(delta))
        const message = await stream.finalMessage()
        const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('')
        const toolCalls = message.content.flatMap((block): ToolCallRequest[] =>
          block.type === 'tool_use' ? [readToolCall(block)] : [],
        )
        return {
          ok: true,
          turn: {
            text,
            toolCalls,
            usage: {
              inputTokens: message.usage.input_tokens,
              outputTokens: message.usage.output_tokens,
              cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
              cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
            },
          },
        }
      })
    },
  }
}

// The SDK parses streamed tool input lazily and throws on input that is not JSON; that is the model's
// mistake to correct, so it becomes an error result rather than a failed provider.
function readToolCall(block: Anthropic.ToolUseBlock): ToolCallRequest {
  try {
    return { id: block.id, name: block.name, arguments: block.input }
  } catch (error) {
    return { id: block.id, name: block.name, arguments: {}, argumentsError: describeFailure(error).message }
  }
}

function toMessages(request: ModelRequest): Anthropic.MessageParam[] {
  return [...historyMessages(request.history), ...request.messages.map(toMessage)]
}

function toMessage(message: TurnMessage): Anthropic.MessageParam {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.text }
    case 'assistant':
      return {
        role: 'assistant',
        content: [
          ...(message.text ? [{ type: 'text' as const, text: message.text }] : []),
          ...message.toolCalls.map((call) => ({
            type: 'tool_use' as const,
            id: call.id,
            name: call.name,
            input: call.argumentsError ? {} : call.arguments,
          })),
        ],
      }
    case 'tool':
      return {
        role: 'user',
        content: message.results.map((result) => ({
          type: 'tool_result' as const,
          tool_use_id: result.callId,
          content: result.content,
          is_error: result.isError,
        })),
      }
  }
}
