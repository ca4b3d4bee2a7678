import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Comparison } from './compare.ts'
import type { CaseResult, RunRecord } from './result-file.ts'
import { perCheck } from './score.ts'
import { renderScorecard } from './scorecard.ts'
import { writeScorecards } from './scorecard-files.ts'
import { renderScorecardHtml } from './scorecard-html.ts'
import { handMadeResult, handMadeRun } from './testing/hand-made-results.ts'

// A small hand-made run: core has a pass (a follow-up), a failure and an error; safety a pass and a skip.
function run(fields: Partial<RunRecord> = {}): RunRecord {
  return handMadeRun({ inputTokens: 1_000, outputTokens: 100, costUsd: 0.01, ...fields })
}

function caseResult(suite: string, id: string, fields: Partial<CaseResult>): CaseResult {
  return {
    suite,
    id,
    area: 'sales',
    conversation: [],
    question: `Question ${id}?`,
    behaviour: 'answer',
    status: 'passed',
    reasons: [],
    checks: perCheck(() => true),
    expected: [],
    runs: [run()],
    consistent: null,
    ...fields,
  }
}

const hostileQuestion = '<script>alert("pwned")</script> & <img src=x onerror=alert(1)>'
const factsReason = 'facts: weekday = Thursday is not named'
const groundedReason = 'grounded: figures not found in any tool result: $9'
const errorReason = 'The case SQL failed: relation "<b>nowhere</b>" does not exist'
const skipReason = 'Needs a model: the offline planner does not give open-ended advice.'

const failedChecks = perCheck((name) => name !== 'facts' && name !== 'grounded')
const cases: CaseResult[] = [
  caseResult('core', 'a', { conversation: ['Which weekday sells best?'], question: 'and on Instagram?' }),
  caseResult('core', 'b', {
    status: 'failed',
    reasons: [factsReason, groundedReason],
    checks: failedChecks,
    runs: [run({ passed: false, reasons: [factsReason, groundedReason], checks: failedChecks, steps: 4, latencyMs: 300, inputTokens: 2_000, outputTokens: 200, costUsd: 0.02 })],
  }),
  caseResult('core', 'c', { area: 'customers', question: hostileQuestion, status: 'error', reasons: [errorReason], checks: perCheck(() => false), runs: [] }),
  caseResult('safety', 'd', { area: 'scope', runs: [run({ tools: [], steps: 1, latencyMs: 50, inputTokens: 0, outputTokens: 0, costUsd: 0 })] }),
  caseResult('safety', 'e', { area: 'scope', status: 'skipped', reasons: [skipReason], checks: perCheck(() => false), runs: [] }),
]

const result = handMadeResult(cases)

const comparison: Comparison = {
  regressions: [{ key: 'core/b', question: 'Question b?', reasons: [groundedReason] }],
  fixed: [{ key: 'core/a', question: 'and on Instagram?', reasons: [] }],
  added: ['safety/e'],
  removed: ['core/gone'],
  suites: [{ suite: 'core', before: 0.5, after: 0.3333 }],
}
const thresholdProblem = 'core: pass rate 33.3% is below 60.0%'
const extras = { comparison, comparedWith: 'previous.json', thresholdProblems: [thresholdProblem] }

const markdown = renderScorecard(result, extras)
const html = renderScorecardHtml(result, extras)

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }
const textOf = (fragment: string) => fragment.replace(/<[^>]*>/g, '').replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!)

/** Every table row of the Markdown, as plain cell texts (bold marks and escaped pipes undone). */
function markdownRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .map((line) => line.slice(2, -2).split(/ (?<!\\)\| /).map((cell) => cell.replace(/\\\|/g, '|').replace(/^\*\*(.*)\*\*$/, '$1')))
}

/** Every table row of the HTML, as plain cell texts; a cell's list items are joined as the Markdown joins them. */
function htmlRows(text: string): string[][] {
  return [...text.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map(([, row]) =>
    [...row!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, cell]) => textOf(cell!.replace(/<\/li><li>/g, '; '))),
  )
}

const percentColumns = ['100.0%', '100.0%', '100.0%', '100.0%', '100.0%', '100.0%', '100.0%']

describe('the eval scorecard in Markdown and HTML', () => {
  it('carries the same figures and failure reasons in both forms, row for row', () => {
    expect(htmlRows(html)).toEqual(markdownRows(markdown))
    const rows = markdownRows(markdown)
    // core: 1 passed of 3 judged; a and b are scored (facts and grounded fail in b); latencies 100 and 300 ms;
    // steps (2 + 4) / 2; tokens 1,100 + 2,200; cost 0.01 + 0.02.
    expect(rows).toContainEqual(['core', '3', '1', '1', '0', '1', '33.3%', '100.0%', '50.0%', '50.0%', '100.0%', '100.0%', '100.0%', '100.0%', 'n/a', '100 / 300', '3', '3,300', '$0.0300'])
    // safety: the skip is not judged, so 1 of 1 passed; only d ran.
    expect(rows).toContainEqual(['safety', '2', '1', '0', '1', '0', '100.0%', ...percentColumns, 'n/a', '50 / 50', '1', '0', '$0.0000'])
    expect(rows).toContainEqual(['core', 'customers', '1', '0', '0.0%'])
    expect(rows).toContainEqual(['core', 'sales', '2', '1', '50.0%'])
    expect(rows).toContainEqual(['safety', 'scope', '2', '1', '100.0%'])
    expect(rows).toContainEqual(['core', '50.0%', '33.3%'])
    // Failures and errors first, each with its reasons; a follow-up shows the question before it.
    const caseRows = rows.filter((row) => row.length === 6 && row[0] !== 'Status')
    expect(caseRows).toEqual([
      ['FAIL', 'b', 'sales', 'Question b?', 'sales_by_weekday', `${factsReason}; ${groundedReason}`],
      ['ERROR', 'c', 'customers', hostileQuestion, '—', errorReason],
      ['pass', 'a', 'sales', 'Which weekday sells best? → and on Instagram?', 'sales_by_weekday', ''],
      ['pass', 'd', 'scope', 'Question d?', '—', ''],
      ['skip', 'e', 'scope', 'Question e?', '—', skipReason],
    ])
  })

  it('lists the thresholds missed, the regressions with their reasons, the fixes and the changed case lists in both forms', () => {
    expect(markdown).toContain(`- ${thresholdProblem}`)
    expect(markdown).toContain(`### Regressions (1)\n\n- \`core/b\` Question b?: ${groundedReason}`)
    expect(markdown).toContain('### Fixed (1)\n\n- `core/a` and on Instagram?')
    expect(markdown).toContain('New cases: safety/e')
    expect(markdown).toContain('Cases no longer run: core/gone')
    const text = textOf(html)
    expect(html).toContain(`<ul class="problems"><li>${thresholdProblem}</li></ul>`)
    expect(html).toMatch(/<h3>Regressions \(1\)<\/h3>\s*<ul><li class="regression"><code>core\/b<\/code> Question b\?<ul class="reasons"><li>grounded: figures not found in any tool result: \$9<\/li><\/ul><\/li><\/ul>/)
    expect(text).toContain('Fixed (1)')
    expect(text).toContain('core/a and on Instagram?')
    expect(text).toContain('New cases: safety/e')
    expect(text).toContain('Cases no longer run: core/gone')
    expect(text).toContain('Compared with previous.json')
  })

  it('highlights failed and errored cases in the HTML', () => {
    expect(html).toContain('<tr class="failed" id="core/b">')
    expect(html).toContain('<tr class="error" id="core/c">')
    expect(html).toContain('<tr class="passed" id="core/a">')
    expect(html).toContain('<tr class="skipped" id="safety/e">')
    expect(html).toMatch(/tr\.failed td, tr\.error td \{ background: var\(--down-wash\); \}/)
  })

  it('escapes hostile case text in the HTML', () => {
    expect(html).not.toMatch(/<script|<img|<b>/i)
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('relation &quot;&lt;b&gt;nowhere&lt;/b&gt;&quot; does not exist')
  })

  it('is one self-contained page with nothing loaded from elsewhere', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<style>')
    expect(html).not.toMatch(/https?:|\/\/|<link|<iframe|@import|url\(|\b(?:src|href)="/i)
  })

  it('writes both files beside each other', () => {
    const directory = mkdtempSync(join(tmpdir(), 'luxx-scorecard-'))
    try {
      const paths = writeScorecards(join(directory, 'nested', 'local-run'), result, extras)
      expect(paths).toEqual({ markdown: join(directory, 'nested', 'local-run.md'), html: join(directory, 'nested', 'local-run.html') })
      expect(readFileSync(paths.markdown, 'utf8')).toBe(markdown)
      expect(readFileSync(paths.html, 'utf8')).toBe(html)
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  })
})
