import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { EvalResult } from './result-file.ts'
import { renderScorecard } from './scorecard.ts'
import { renderScorecardHtml } from './scorecard-html.ts'
import type { ScorecardExtras } from './scorecard-model.ts'

/** Writes the Markdown and HTML scorecards of a run as `base`.md and `base`.html, and returns their paths. */
export function writeScorecards(base: string, result: EvalResult, extras: ScorecardExtras = {}): { markdown: string; html: string } {
  const paths = { markdown: `${base}.md`, html: `${base}.html` }
  mkdirSync(dirname(base), { recursive: true })
  writeFileSync(paths.markdown, renderScorecard(result, extras))
  writeFileSync(paths.html, renderScorecardHtml(result, extras))
  return paths
}
