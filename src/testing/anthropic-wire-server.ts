import { pieces, sendError, sendEvents, startWireServer, type ConnectionFault, type Scripted, type StreamCut, type WireServer } from './wire-server.ts'

/**
 * A scripted server speaking the Anthropic Messages API (POST /v1/messages), streaming as the API does:
 * message_start, content_block_start / content_block_delta (text_delta, input_json_delta) / content_block_stop,
 * message_delta with the stop reason and usage, message_stop.
 */
export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  /** Tool input streamed as this exact text, valid JSON or not. */
  | { type: 'tool_use_text'; id: string; name: string; json: string }

export type AnthropicReply =
  | { kind: 'message'; content: AnthropicBlock[]; usage?: Partial<AnthropicUsage>; cut?: StreamCut }
  | { kind: 'error'; status: number; message?: string }

interface AnthropicUsage {
  input_tokens: number
  output_tokens: number
  cache_creation_input_tokens: number
  cache_read_input_tokens: number
}

const defaultUsage: AnthropicUsage = { input_tokens: 120, output_tokens: 40, cache_creation_input_tokens: 1000, cache_read_input_tokens: 0 }

function event(type: string, data: Record<string, unknown>) {
  return { event: type, data: JSON.stringify({ type, ...data }) }
}

let messageCount = 0

function messageEvents(reply: Extract<AnthropicReply, { kind: 'message' }>, model: string) {
  const usage = { ...defaultUsage, ...reply.usage }
  messageCount += 1
  const events = [
    event('message_start', {
      message: {
        id: `msg_${messageCount}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
  ]
  reply.content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }))
      for (const text of pieces(block.text)) events.push(event('content_block_delta', { index, delta: { type: 'text_delta', text } }))
    } else {
      events.push(event('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }))
      const json = block.type === 'tool_use' ? JSON.stringify(block.input) : block.json
      for (const partial of pieces(json)) events.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: partial } }))
    }
    events.push(event('content_block_stop', { index }))
  })
  const usesTool = reply.content.some((block) => block.type !== 'text')
  events.push(event('message_delta', { delta: { stop_reason: usesTool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }))
  events.push(event('message_stop', {}))
  return events
}

export function startAnthropicWireServer(script: readonly Scripted<AnthropicReply | ConnectionFault>[]): Promise<WireServer> {
  return startWireServer('/v1/messages', script, (reply, request, response) => {
    if (reply.kind === 'error') {
      const type = reply.status === 429 ? 'rate_limit_error' : reply.status >= 500 ? 'api_error' : 'invalid_request_error'
      sendError(response, reply.status, { type: 'error', error: { type, message: reply.message ?? `Scripted ${reply.status}` } })
      return
    }
    sendEvents(response, messageEvents(reply, String(request.body.model ?? 'claude-test')), reply.cut)
  })
}
