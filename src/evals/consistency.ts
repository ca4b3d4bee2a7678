import type { RunRecord } from './result-file.ts'

/**
 * With --repeat, a case is consistent when every run called the same tools, stated the same expected facts
 * and passed the same checks: wording may change between runs, the answer's facts may not.
 */
function signature(run: RunRecord): string {
  const tools = run.tools.filter((call) => call.ok).map((call) => call.name).sort()
  const facts = Object.entries(run.facts).sort(([a], [b]) => a.localeCompare(b))
  const checks = Object.entries(run.checks).sort(([a], [b]) => a.localeCompare(b))
  return JSON.stringify({ tools, facts, checks })
}

/** Null with fewer than two runs: one run says nothing about consistency. */
export function isConsistent(runs: readonly RunRecord[]): boolean | null {
  if (runs.length < 2) return null
  const first = signature(runs[0]!)
  return runs.every((run) => signature(run) === first)
}
