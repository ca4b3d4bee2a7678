import { pieces, sendError, sendEvents, startWireServer, type ConnectionFault, type Scripted, type StreamCut, type WireServer } from './wire-server.ts'

/**
 * A scripted server speaking OpenAI Chat Completions (POST /v1/chat/completions), streaming as the API does:
 * chat.completion.chunk objects with content deltas and tool_calls deltas (id and name first, then the
 * arguments in pieces), a finish_reason, a usage chunk when asked for, and `data: [DONE]`.
 */
export interface OpenAIToolCall {
  id: string
  name: string
  /** The arguments text exactly as streamed: usually JSON.stringify of an object, or broken JSON on purpose. */
  arguments: string
}

export type OpenAIReply =
  | {
      kind: 'message'
      content?: string
      toolCalls?: OpenAIToolCall[]
      usage?: { prompt_tokens: number; completion_tokens: number; cached_tokens?: number }
      cut?: StreamCut
    }
  | { kind: 'error'; status: number; message?: string }

let completionCount = 0

function chunk(id: string, model: string, choice: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) {
  return {
    data: JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created: 1_750_000_000,
      model,
      choices: choice ? [{ index: 0, logprobs: null, finish_reason: null, ...choice }] : [],
      ...extra,
    }),
  }
}

function completionEvents(reply: Extract<OpenAIReply, { kind: 'message' }>, model: string, includeUsage: boolean) {
  completionCount += 1
  const id = `chatcmpl-${completionCount}`
  const events = [chunk(id, model, { delta: { role: 'assistant', content: '' } })]
  for (const text of reply.content ? pieces(reply.content) : []) events.push(chunk(id, model, { delta: { content: text } }))
  ;(reply.toolCalls ?? []).forEach((call, index) => {
    events.push(chunk(id, model, { delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] } }))
    for (const part of pieces(call.arguments)) {
      events.push(chunk(id, model, { delta: { tool_calls: [{ index, function: { arguments: part } }] } }))
    }
  })
  events.push(chunk(id, model, { delta: {}, finish_reason: reply.toolCalls?.length ? 'tool_calls' : 'stop' }))
  if (includeUsage) {
    const usage = reply.usage ?? { prompt_tokens: 150, completion_tokens: 30, cached_tokens: 0 }
    events.push(
      chunk(id, model, undefined, {
        usage: {
          prompt_tokens: usage.prompt_tokens,
          completion_tokens: usage.completion_tokens,
          total_tokens: usage.prompt_tokens + usage.completion_tokens,
          prompt_tokens_details: { cached_tokens: usage.cached_tokens ?? 0 },
        },
      }),
    )
  }
  events.push({ data: '[DONE]' })
  return events
}

export function startOpenAIWireServer(script: readonly Scripted<OpenAIReply | ConnectionFault>[]): Promise<WireServer> {
  return startWireServer('/v1/chat/completions', script, (reply, request, response) => {
    if (reply.kind === 'error') {
      sendError(response, reply.status, { error: { message: reply.message ?? `Scripted ${reply.status}`, type: 'server_error', code: null } })
      return
    }
    const streamOptions = request.body.stream_options as { include_usage?: boolean } | undefined
    sendEvents(response, completionEvents(reply, String(request.body.model ?? 'gpt-test'), streamOptions?.include_usage === true), reply.cut)
  })
}
