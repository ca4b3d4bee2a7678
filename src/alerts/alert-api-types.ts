/**
 * The JSON /api/alerts sends, as types only: the routes check their bodies against these with `satisfies`, and the
 * alerts page (web/alerts.js, checked by web/tsconfig.json) reads them. Like src/http/api-types.ts, this file imports
 * nothing, so the page's typecheck loads no server code; the stored rule (alert-rule.ts) is checked against it.
 */

/** A figure that made a condition hold, as messages and tests list it. */
export interface AlertFigure {
  label: string
  value: string
}

export interface AlertView {
  id: string
  name: string
  condition: { kind: 'stock_below' | 'metric_change' | 'anomaly' } & Record<string, unknown>
  recipients: Array<{ type: 'email'; address: string } | { type: 'webhook'; url: string; format: 'slack' | 'teams' }>
  /** The question its messages link to, to ask it again in the chat. */
  question: string
  createdAt: string
}

export interface AlertDeliveryView {
  period: string
  recipient: string
  channel: 'email' | 'slack' | 'teams'
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unknown'
  attempts: number
  lastError: string | null
  sentAt: string | null
}

/** GET /api/alerts. */
export interface AlertsResponse {
  alerts: AlertView[]
}

/** POST /api/alerts, GET /api/alerts/:id: the alert and what it sent. */
export interface AlertResponse {
  alert: AlertView
  deliveries: AlertDeliveryView[]
}

/** POST /api/alerts/:id/test: whether the alert would fire now, for which period, and the figures. */
export interface AlertTestResponse {
  alert: AlertView
  status: 'fires' | 'quiet'
  period: string
  summary: string
  figures: AlertFigure[]
  tool: { name: string; arguments: Record<string, unknown> }
}
