import OpenAI from 'openai'
import {
  describeFailure,
  ProviderError,
  type ModelOutcome,
  type ModelProvider,
  type ModelRequest,
  type ToolCallRequest,
  type TurnMessage,
} from './provider.ts'
import { failuresAsOutcome, historyMessages, sdkClientOptions, type RemoteProviderOptions } from './remote-provider.ts'

interface PendingCall {
  id: string
  name: string
  arguments: string
}

/** OpenAI Chat Completions with function calling and streaming. OpenAI caches long prompts by itself. */
export function createOpenAIProvider(options: RemoteProviderOptions): ModelProvider {
  const client = new OpenAI(sdkClientOptions(options))
  return {
    name: 'openai',
    model: options.model,
    respond(request: ModelRequest): Promise<ModelOutcome> {
      return failuresAsOutcome('openai', async () => {
        const stream = await client.chat.completions.create(
          {
            model: options.model,
            max_completion_tokens: request.maxOutputTokens,
            stream: true,
            stream_options: { include_usage: true },
            messages: toMessages(request),
            tools: request.tools.map((tool) => ({
              type: 'function' as const,
              function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
            })),
          },
          { signal: request.signal },
        )
        let text = ''
        // Tool calls arrive in pieces keyed by index: the first piece has the id and name, the rest append arguments.
        const pending = new Map<number, PendingCall>()
        let usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }
        let finished = false
        for await (const chunk of stream) {
          if (chunk.choices[0]?.finish_reason) finished = true
          const delta = chunk.choices[0]?.delta
          if (delta?.content) {
            text += delta.content
            request.onTextDelta(delta.content)
          }
          for (const piece of delta?.tool_calls ?? []) {
            const call = pending.get(piece.index) ?? { id: '', name: '', arguments: '' }
            call.id = piece.id ?? call.id
            call.name += piece.function?.name ?? ''
            call.arguments += piece.function?.arguments ?? ''
            pending.set(piece.index, call)
          }
          if (chunk.usage) {
            const cachedTokens = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0
            usage = {
              inputTokens: chunk.usage.prompt_tokens - cachedTokens,
              outputTokens: chunk.usage.completion_tokens,
              cacheReadTokens: cachedTokens,
              cacheWriteTokens: 0,
            }
          }
        }
        // A stream that closes before a finish_reason (a dropped proxy, a crashed server) holds half a reply:
        // it is a failure to retry elsewhere, never an answer.
        if (!finished) {
          return { ok: false, error: new ProviderError('openai', 'the stream ended before the model finished its reply (no finish_reason)') }
        }
        const toolCalls = [...pending.entries()].sort(([a], [b]) => a - b).map(([, call]) => readToolCall(call))
        return { ok: true, turn: { text, toolCalls, usage } }
      })
    },
  }
}

function readToolCall(call: PendingCall): ToolCallRequest {
  const id = call.id || `call_${call.name}`
  if (call.arguments.trim() === '') return { id, name: call.name, arguments: {} }
  try {
    return { id, name: call.name, arguments: JSON.parse(call.arguments) as unknown }
  } catch (error) {
    return { id, name: call.name, arguments: {}, argumentsError: `${describeFailure(error).message} in ${call.arguments}` }
  }
}

function toMessages(request: ModelRequest): OpenAI.ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: request.system.join('\n\n') },
    ...historyMessages(request.history),
    ...request.messages.flatMap(toMessage),
  ]
}

function toMessage(message: TurnMessage): OpenAI.ChatCompletionMessageParam[] {
  switch (message.role) {
    case 'user':
      return [{ role: 'user', content: message.text }]
    case 'assistant':
      return [
        {
          role: 'assistant',
          content: message.text || null,
          ...(message.toolCalls.length > 0
            ? {
                tool_calls: message.toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function' as const,
                  function: { name: call.name, arguments: JSON.stringify(call.argumentsError ? {} : (call.arguments ?? {})) },
                })),
              }
            : {}),
        },
      ]
    case 'tool':
      return message.results.map((result) => ({ role: 'tool' as const, tool_call_id: result.callId, content: result.content }))
  }
}
