import { z } from 'zod'

/**
 * The answer contract: what every surface (CLI, web chat, HTTP API, evals) receives for one question,
 * whichever provider wrote it. Stored as JSON with the conversation.
 */
export const providerNames = ['anthropic', 'openai', 'local'] as const
export type ProviderName = (typeof providerNames)[number]

export const toolCallRecordSchema = z.object({
  id: z.string().describe('The call id the provider gave (or the planner made up).'),
  name: z.string(),
  arguments: z.unknown().describe('Arguments as sent, before defaults.'),
  ok: z.boolean(),
  error: z
    .object({ code: z.string(), message: z.string() })
    .nullable()
    .describe('Why the call failed: the message names what is allowed.'),
  durationMs: z.number(),
  rowCount: z.number().int().nullable(),
  sql: z.string().nullable().describe('The vetted SQL that ran (parameters as $n).'),
})
export type ToolCallRecord = z.infer<typeof toolCallRecordSchema>

export const chartSchema = z.object({
  tool: z.string(),
  title: z.string(),
  spec: z.record(z.string(), z.unknown()).describe('A Vega-Lite spec with its data inline.'),
})
export type AnswerChart = z.infer<typeof chartSchema>

export const tableSchema = z.object({
  tool: z.string(),
  title: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())).describe('The first rows of the result, masked for the role.'),
  totalRows: z.number().int(),
})
export type AnswerTable = z.infer<typeof tableSchema>

export const ungroundedFigureSchema = z.object({
  text: z.string().describe('The figure as written, e.g. "$9,999".'),
  value: z.number().describe('Its value as read, e.g. 9999; "412.3k" is 412300, "78%" is 78.'),
})

export const mislabeledFigureSchema = z.object({
  text: z.string().describe('The figure as written, e.g. "$38".'),
  said: z.string().describe('What the answer calls it: "an amount of money", "profit".'),
  measures: z.array(z.string()).describe('What the tool values it matches measure: "Orders".'),
})

export const groundingSchema = z.object({
  ok: z.boolean().describe('True when every figure in the text matches a number the tools returned, called what it measures.'),
  checked: z.number().int().describe('Figures found in the text and checked.'),
  ungrounded: z.array(ungroundedFigureSchema),
  // Optional: answers stored before the label check have none.
  mislabeled: z.array(mislabeledFigureSchema).optional().describe('Figures from a tool that the text calls something else (src/agent/labels.ts).'),
})
export type GroundingReport = z.infer<typeof groundingSchema>

export const readingSchema = z.object({
  measures: z.array(z.string()).describe('What the question measures: "revenue", "profit", "average order value"…'),
  filters: z.array(z.string()).describe('The filters it names: "Chanel", "Texas", "Bag", "Whatnot"…'),
  grouping: z.string().nullable().describe('The breakdown it asks for: "brand", "week"…; null when none.'),
  window: z.string().nullable().describe('The time window named, or the default the tool used (marked "(default)").'),
  comparison: z.string().nullable().optional().describe('The period the window is compared with, when one is named: "against a year earlier".'),
  limit: z.number().int().nullable(),
  tools: z.array(z.string()).describe('The tools that answered.'),
  summary: z.string().describe('"revenue · Texas · 2026 · by week · with sales_trend": shown on every surface as "I read this as: …".'),
  notApplied: z.array(z.string()).describe('What the question names that no tool call applied, and why; said first in the text.'),
  stated: z.string().optional().describe('The reading a model stated in its answer ("revenue · Texas · 2026"), held against the question.'),
})
export type AnswerReading = z.infer<typeof readingSchema>

export const relevanceSchema = z.object({
  ok: z.boolean().describe('True when the answer is what was asked: answered as read, a clarifying question, or a decline.'),
  status: z
    .enum(['answered', 'partial', 'clarify', 'declined', 'unanswered'])
    .describe('answered as read; partial (something named was not applied: see missing); clarify (a question back); declined; unanswered (nothing read, or the tools failed).'),
  missing: z.array(z.string()),
})
export type RelevanceReport = z.infer<typeof relevanceSchema>

export const clarificationSchema = z.object({
  question: z.string(),
  options: z
    .array(z.object({ label: z.string(), question: z.string().describe('Ask this to run the reading.') }))
    .describe('The closest readings, each runnable as it stands (click in the web page, its number in the CLI chat).'),
})
export type AnswerClarification = z.infer<typeof clarificationSchema>

export const usageSchema = z.object({
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cacheReadTokens: z.number().int(),
  cacheWriteTokens: z.number().int(),
  estimatedCostUsd: z.number().nullable().describe('From list prices; null when the model\'s price is unknown.'),
})

export const fallbackSchema = z.object({
  provider: z.enum(providerNames),
  model: z.string(),
  error: z.string(),
})
export type ProviderFallback = z.infer<typeof fallbackSchema>

export const answerSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  question: z.string(),
  status: z
    .enum(['complete', 'stopped', 'failed'])
    .describe('complete; stopped by the step or time cap (the text says so); failed when no provider could answer.'),
  text: z.string().describe('The answer in Markdown.'),
  toolCalls: z.array(toolCallRecordSchema),
  charts: z.array(chartSchema),
  tables: z.array(tableSchema),
  assumptions: z.array(z.string()).describe('What the figures assume, from the tools that ran.'),
  provider: z.enum(providerNames),
  model: z.string(),
  fallbackFrom: z.array(fallbackSchema).describe('Providers that failed before this one answered, in order; empty if none.'),
  usage: usageSchema,
  grounding: groundingSchema,
  // Optional: answers stored before the reading and relevance check have neither.
  reading: readingSchema.optional(),
  relevance: relevanceSchema.optional().describe('Beside grounding ("figures checked"): "question answered as read".'),
  clarification: clarificationSchema.optional(),
  steps: z.number().int().describe('Model turns taken.'),
  durationMs: z.number(),
  createdAt: z.string(),
})
export type Answer = z.infer<typeof answerSchema>
