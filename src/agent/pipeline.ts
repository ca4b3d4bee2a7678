import { randomUUID } from 'node:crypto'
import { ConnectionLostError } from '../db/connection-lost.ts'
import type { Runtime } from '../runtime.ts'
import type { Role } from '../privacy/mask.ts'
import type { Surface } from '../tools/executor.ts'
import { inputJsonSchema } from '../tools/registry.ts'
import { answerSchema, type Answer, type AnswerChart, type AnswerTable, type ProviderName } from './answer.ts'
import { conversationStore } from './conversation-store.ts'
import type { AgentEventListener } from './events.ts'
import { checkGrounding, evidenceFrom } from './grounding.ts'
import { checkLabels } from './labels.ts'
import { takeStatedReading } from './stated-reading.ts'
import { runLoop, type LoopResult } from './loop.ts'
import { withoutOutsideLinks } from './outside-links.ts'
import { answerAlertRequest } from '../alerts/read-alert-request.ts'
import { plannerFor, readRequest } from './planner/planner.ts'
import { checkRelevance } from './relevance.ts'
import { businessToday } from '../semantic/clock.ts'
import type { ModelProvider, ToolSpec } from './providers/provider.ts'
import { selectProviders, type ProviderSettings } from './providers/select.ts'
import { elapsedExceeds, stepCountIs, type StopCondition } from './stop-conditions.ts'
import { loadSystemPrompt } from './system-prompt.ts'
import { runToolCall, type ToolRun } from './tool-runner.ts'

/**
 * The one answer pipeline behind every surface: CLI, web chat, HTTP API and evals.
 * question → history → providers choose tools → executor runs them → answer → grounding → stored → returned.
 */
export type AgentDependencies = Pick<Runtime, 'config' | 'database' | 'registry' | 'executionContext'>

export interface AnswerRequest {
  runtime: AgentDependencies
  question: string
  /** Continue this conversation (its history is loaded); unset: a new conversation. */
  conversationId?: string | undefined
  /** Use this provider first instead of the configured one. */
  provider?: ProviderName | undefined
  role: Role
  surface: Surface
  /** The API key asking, whose conversation this becomes; unset or null: the machine's owner (local surfaces). */
  ownerKeyId?: string | null | undefined
  /** Who is asking, for the audit log of the tool calls; unset: the surface's default (Runtime.executionContext). */
  actor?: string | undefined
  onEvent?: AgentEventListener
  options?: AnswerOptions
}

export interface AnswerOptions extends ProviderSettings {
  /** Model turns before the loop stops (default 6). */
  maxSteps?: number
  /** Wall-clock budget per answer in milliseconds (default 120 s). */
  budgetMs?: number
  maxOutputTokens?: number
  /** Store the answer with its conversation (default true). */
  persist?: boolean
  /** A ready provider chain (evals, tests); replaces the configured selection. */
  providers?: readonly ModelProvider[]
}

export type AnswerOutcome = { ok: true; answer: Answer } | { ok: false; error: string }

export const defaultMaxSteps = 6
export const defaultBudgetMs = 120_000
const defaultMaxOutputTokens = 2_048
const maxQuestionLength = 4_000
const tableRows = 10

let systemPrompt: string[] | undefined


// A registry's tools never change, and their JSON Schemas cost milliseconds each to build: once per registry.
const specsByRegistry = new WeakMap<AgentDependencies['registry'], readonly ToolSpec[]>()

function toolSpecs(runtime: AgentDependencies): readonly ToolSpec[] {
  let specs = specsByRegistry.get(runtime.registry)
  if (!specs) {
    specs = runtime.registry.list().map((tool) => ({
      name: tool.name,
      description: `${tool.description}\n\nExample questions: ${tool.examples.join(' | ')}`,
      inputSchema: withoutMetaSchema(inputJsonSchema(tool)),
    }))
    specsByRegistry.set(runtime.registry, specs)
  }
  return specs
}

// Model APIs want the schema object itself; the "$schema" dialect marker is noise to them.
function withoutMetaSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...schema }
  delete copy.$schema
  return copy
}

function chartsOf(runs: readonly ToolRun[]): AnswerChart[] {
  return runs.flatMap((run) => (run.envelope?.chart ? [{ tool: run.envelope.tool, title: run.envelope.title, spec: run.envelope.chart }] : []))
}

function tablesOf(runs: readonly ToolRun[]): AnswerTable[] {
  return runs.flatMap((run) => {
    const envelope = run.envelope
    if (!envelope) return []
    const rows = envelope.rows.slice(0, tableRows)
    return [{ tool: envelope.tool, title: envelope.title, columns: Object.keys(rows[0] ?? {}), rows, totalRows: envelope.totalRows }]
  })
}

function assumptionsOf(runs: readonly ToolRun[]): string[] {
  return [...new Set(runs.flatMap((run) => run.envelope?.assumptions ?? []))]
}

/**
 * The answer text: a notice when a fallback provider answered, what the model (or planner) wrote, and, when the
 * loop stopped early, why and what the tools found. `written` is the part grounding checks: the pipeline's own
 * notices name providers, caps and errors, not business figures.
 */
function composeText(loop: LoopResult): { text: string; written: string } {
  const notices: string[] = []
  if (loop.fallbacks.length > 0 && loop.status !== 'failed') {
    const failed = loop.fallbacks.map((failure) => `${failure.provider} (${failure.model}) failed: ${failure.error}`).join('; ')
    notices.push(`_Answered by ${loop.provider.name} (${loop.provider.model}) because ${failed}._`)
  }
  const narrations = loop.runs.flatMap((run) => (run.envelope ? [`- **${run.envelope.title}**: ${run.envelope.narration}`] : []))
  const finished = loop.status === 'complete' && loop.texts.length > 0
  const written = [...loop.texts, ...(finished ? [] : narrations)].join('\n\n')
  if (finished) return { text: [...notices, written].join('\n\n'), written }
  const why =
    loop.status === 'failed'
      ? `I could not answer: ${loop.reason}.`
      : loop.status === 'stopped'
        ? `I stopped before finishing because ${loop.reason}.${narrations.length > 0 ? ' What the tools returned so far:' : ''}`
        : `The model finished without writing an answer.${narrations.length > 0 ? ' What the tools returned:' : ''}`
  const text = [...notices, ...loop.texts, why, ...(narrations.length > 0 ? [narrations.join('\n')] : [])].join('\n\n')
  return { text, written }
}

export async function answerQuestion(request: AnswerRequest): Promise<AnswerOutcome> {
  const started = performance.now()
  const question = request.question.trim()
  if (question === '') return { ok: false, error: 'The question is empty.' }
  if (question.length > maxQuestionLength) return { ok: false, error: `The question is longer than ${maxQuestionLength} characters.` }
  const options = request.options ?? {}
  const { runtime } = request
  const store = conversationStore(runtime.database.sql)
  let history: Awaited<ReturnType<typeof store.history>> = { ok: true, turns: [] }
  if (request.conversationId) {
    history = await store.history(request.conversationId)
    if (!history.ok) return { ok: false, error: history.error }
  }
  const chain = options.providers
    ? { ok: true as const, providers: [...options.providers] }
    : selectProviders(runtime.config, runtime.registry, request.provider, options)
  if (!chain.ok) return { ok: false, error: chain.error }
  if (chain.providers.length === 0) return { ok: false, error: 'No provider is available.' }

  const emit: AgentEventListener = request.onEvent ?? (() => undefined)
  const conversationId = request.conversationId ?? randomUUID()
  const answerId = randomUUID()
  const createdAt = new Date().toISOString()
  const first = chain.providers[0]!
  emit({ type: 'start', conversationId, answerId, provider: first.name, model: first.model })

  const keep = async (answer: Answer): Promise<AnswerOutcome> => {
    if (options.persist !== false) {
      try {
        await store.save(answer, { role: request.role, surface: request.surface, ownerKeyId: request.ownerKeyId ?? null })
      } catch (error) {
        // The database went away while saving: say so, rather than an internal error or an answer that was not kept.
        if (error instanceof ConnectionLostError) return { ok: false, error: error.message }
        throw error
      }
    }
    emit({ type: 'final', answer })
    return { ok: true, answer }
  }
  // "Tell me when …", "alert me if …": saved as the asker's alert rule, and answered by saying so.
  const alert = await answerAlertRequest(question, {
    database: runtime.database,
    config: runtime.config,
    owner: { role: request.role, keyId: request.ownerKeyId ?? null },
    ids: { id: answerId, conversationId, createdAt },
    started,
  })
  if (alert) return keep(alert)

  const context = runtime.executionContext(request.role, request.surface, request.actor)
  const budgetMs = options.budgetMs ?? defaultBudgetMs
  const stopWhen: StopCondition[] = [stepCountIs(options.maxSteps ?? defaultMaxSteps), elapsedExceeds(budgetMs)]
  systemPrompt ??= loadSystemPrompt()
  const loop = await runLoop({
    providers: chain.providers,
    system: systemPrompt,
    tools: toolSpecs(runtime),
    history: history.turns,
    question,
    runTool: (call) => runToolCall(runtime.registry, call, context),
    stopWhen,
    budgetMs,
    maxOutputTokens: options.maxOutputTokens ?? defaultMaxOutputTokens,
    onEvent: emit,
  })

  const composedText = composeText(loop)
  // A model states its reading on a line of its own; the surfaces show the reading apart, so the line leaves the text.
  const { text: composed, stated } = takeStatedReading(composedText.text)
  const written = takeStatedReading(composedText.written).text
  const grounded = checkGrounding(written, evidenceFrom(loop.runs, question))
  const mislabeled = checkLabels(written, loop.runs, question)
  const grounding = mislabeled.length === 0 ? grounded : { ...grounded, ok: false, mislabeled }
  // The reading and the relevance check: did the tools answer the question as read? Whatever was not applied is said first.
  const today = options.today?.() ?? new Date(`${businessToday(runtime.config.LUXX_TIME_ZONE, runtime.config.LUXX_AS_OF)}T12:00:00Z`)
  const plan = plannerFor(runtime.registry).plan(question, history.turns, today)
  const relevance = checkRelevance({
    question,
    // The planner's reading, spelling corrected ("hermez" is Hermès); a follow-up is held to what it carries over too
    // ("and only bags?" keeps the brand and window before it).
    requested: plan.kind === 'decline' ? readRequest(question, today) : plan.requested,
    plan,
    tools: runtime.registry.list(),
    runs: loop.runs,
    written,
    ...(stated ? { stated } : {}),
  })
  // Tool data, or a model misled by it, can put links in the text; the answer carries none (outside-links.ts).
  const text = withoutOutsideLinks(relevance.firstLine ? `${relevance.firstLine}\n\n${composed}` : composed)
  const answer = answerSchema.parse({
    id: answerId,
    conversationId,
    question,
    status: loop.status,
    text,
    toolCalls: loop.runs.map((run) => run.record),
    charts: chartsOf(loop.runs),
    tables: tablesOf(loop.runs),
    assumptions: assumptionsOf(loop.runs),
    provider: loop.provider.name,
    model: loop.provider.model,
    fallbackFrom: loop.fallbacks,
    usage: { ...loop.usage, estimatedCostUsd: loop.estimatedCostUsd },
    grounding,
    reading: relevance.reading,
    relevance: relevance.relevance,
    ...(relevance.clarification ? { clarification: relevance.clarification } : {}),
    steps: loop.steps,
    durationMs: Math.round(performance.now() - started),
    createdAt,
  } satisfies Answer)
  return keep(answer)
}
