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

/**
 * Runs vetted tools for rules and reports with one role and surface, so masking follows the caller, and
 * remembers each result: two rules asking the same question share one query and one set of figures.
 */
export function createToolSession(runtime: ToolRunner, role: Role, surface: Surface) {
  const calls = new Map<string, Promise<ToolCall>>()
  const run = (tool: string, args: Record<string, unknown>): Promise<ToolCall> => {
    const key = `${tool}\u0000${JSON.stringify(args)}`
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
