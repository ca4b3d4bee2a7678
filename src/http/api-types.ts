import type { Answer } from '../agent/answer.ts'
import type { ConversationSummary } from '../agent/conversation-summary.ts'
import type { AgentEvent } from '../agent/events.ts'
import type { DashboardListing, TileFilters } from '../dashboards/dashboard-types.ts'

/**
 * The JSON the HTTP API sends, as types only: the routes check their bodies against these with `satisfies`, and the
 * web page (web/app.js, checked by web/tsconfig.json) reads them. Keep this file, and what it imports, free of server
 * code (the database, node:*): the page's typecheck loads it without Node's types.
 */

/** Every error response: a JSON body with a clear message and the request id (error-handler.ts). */
export interface ApiErrorBody {
  error: { message: string; requestId: string; details?: Record<string, unknown> }
}

/** One tool as GET /api/tools lists it. */
export interface ToolListing {
  name: string
  title: string
  area: string
  description: string
  examples: string[]
  inputSchema: Record<string, unknown>
  outputSchema: Record<string, unknown>
}

/** GET /api/tools */
export interface ToolsResponse {
  tools: ToolListing[]
}

/** GET /api/conversations: newest first. */
export interface ConversationsResponse {
  conversations: ConversationSummary[]
}

/** GET /api/conversations/:id: the conversation with every stored answer, oldest first (in place of their count). */
export type ConversationResponse = Omit<ConversationSummary, 'answers'> & { answers: Answer[] }

/** The `error` event of POST /api/chat: the answer failed after the stream opened. */
export interface ChatErrorEvent {
  message: string
  requestId?: string
}

/**
 * One Server-Sent Event of POST /api/chat: its name and its JSON data. A pipeline event is sent under its own type
 * with itself as the data; `error` ends a stream that failed.
 */
export type ChatStreamEvent =
  | { [Type in AgentEvent['type']]: { name: Type; data: Extract<AgentEvent, { type: Type }> } }[AgentEvent['type']]
  | { name: 'error'; data: ChatErrorEvent }

/** GET /api/dashboards: every dashboard with its tiles and how each tile takes the filter bar. */
export interface DashboardsResponse {
  dashboards: DashboardListing[]
}

/** GET /api/values/:dimension: the values a filter offers, with their labels. */
export interface ValuesResponse {
  dimension: string
  label: string
  values: Array<{ value: string; label: string }>
}

/** One pin as /api/pins sends it: its tool calls, each with how its tool takes the dashboard's filters. */
export interface PinListing {
  id: string
  dashboardId: string
  position: number
  title: string
  toolCalls: Array<{ name: string; arguments: Record<string, unknown>; filters: TileFilters }>
  answerId: string | null
  createdAt: string
}

/** GET /api/pins: the caller's pins (an admin's: everyone's), by dashboard and position. */
export interface PinsResponse {
  pins: PinListing[]
}
