import { z } from 'zod'
import type { Runtime } from '../runtime.ts'
import type { Role } from '../privacy/mask.ts'
import type { Envelope } from '../tools/envelope.ts'
import { executeTool, type Surface } from '../tools/executor.ts'
import type { AnalysisWindow, RuleContext, ToolRead } from './rule.ts'
import type { Evidence } from './recommendation.ts'

export type ToolRunner = Pick<Runtime, 'registry' | 'executionContext'>

/** A finished tool call: the envelope, or the executor's message. */
export type ToolCall = { ok: true; envelope: Envelope; evidence: Evidence } | { ok: false; error: string; evidence: Evidence }

/** JSON with every object's keys in order, so the same arguments written in another order read the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * What a call asks: the tool and its arguments as the tool reads them (defaults filled in, keys in order), so
 * `{}` and `{ period: 'last_12_months' }`, or the same fields in another order, are one question. Arguments the
 * tool refuses keep their own key; the executor reports why.
 */
function callKey(runtime: ToolRunner, tool: string, args: Record<string, unknown>): string {
  const found = runtime.registry.find(tool)
  const parsed = 'input' in found ? found.input.safeParse(args) : undefined
  return `${tool}\u0000${canonicalJson(parsed?.success ? parsed.data : args)}`
}

/**
 * Runs vetted tools for rules and reports with one role and surface, so masking follows the caller, and
 * remembers each result: two rules (or a rule and a report section) asking the same question share one query
 * and one set of figures, and a call asked while the first is still running waits for it.
 */
export function createToolSession(runtime: ToolRunner, role: Role, surface: Surface) {
  const calls = new Map<string, Promise<ToolCall>>()
  const run = (tool: string, args: Record<string, unknown>): Promise<ToolCall> => {
    const key = callKey(runtime, tool, args)
    let call = calls.get(key)
    if (!call) {
      call = executeTool(runtime.registry, tool, args, runtime.executionContext(role, surface)).then((outcome): ToolCall =>
        outcome.ok
          ? { ok: true, envelope: outcome.envelope, evidence: { tool, arguments: outcome.envelope.parameters } }
          : { ok: false, error: outcome.error.message, evidence: { tool, arguments: args } },
      )
      calls.set(key, call)
    }
    return call
  }
  return { role, run }
}

export type ToolSession = ReturnType<typeof createToolSession>

export function ruleContext(session: ToolSession, window: AnalysisWindow): RuleContext {
  return {
    window,
    role: session.role,
    async read<Schema extends z.ZodType>(tool: string, args: Record<string, unknown>, row: Schema): Promise<ToolRead<z.output<Schema>>> {
      const call = await session.run(tool, args)
      if (!call.ok) return { ok: false, outcome: { status: 'failed', reason: call.error } }
      const parsed = z.array(row).safeParse(call.envelope.rows)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return {
          ok: false,
          outcome: { status: 'failed', reason: `${tool} rows lack what the rule reads: ${issue?.path.join('.')} ${issue?.message}` },
        }
      }
      return { ok: true, rows: parsed.data, envelope: call.envelope, evidence: call.evidence }
    },
  }
}
