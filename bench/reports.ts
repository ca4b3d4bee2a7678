import { generateDigest } from '../src/digest/generate-digest.ts'
import { isoWeekOf } from '../src/digest/iso-week.ts'
import { buildReport } from '../src/reports/build-report.ts'
import type { Runtime } from '../src/runtime.ts'
import { addDays } from '../src/tools/time-window.ts'
import { measure, type MeasureOptions } from './measure.ts'
import type { BenchResults } from './report.ts'

/**
 * The weekly business review built end to end (its tools, the recommendation rules over a year, the template
 * summary), and the weekly digest: the same report for the last complete week, stored, three charts as PNG and
 * the e-mail rendered. No model is called: the summary is the template one, as without a model key.
 */
export async function measureReports(runtime: Runtime, options: MeasureOptions): Promise<BenchResults['reports']> {
  const [bounds] = await runtime.database.sql<{ latest: string }[]>`select max(date_sold)::text as latest from sales`
  if (!bounds?.latest) {
    const notMeasured = { notMeasured: 'no sales in the bench database' }
    return { fullReport: notMeasured, weeklyDigest: notMeasured }
  }
  const kind = 'weekly'
  const fullReport = await measure(async () => {
    const outcome = await buildReport(runtime, { kind, role: 'analyst', surface: 'report' })
    if (!outcome.ok) throw new Error(`The ${kind} report failed: ${outcome.error}`)
  }, options)
  const week = isoWeekOf(addDays(bounds.latest, -7))
  const weeklyDigest = await measure(async () => {
    const outcome = await generateDigest(runtime, week)
    if (!outcome.ok) throw new Error(`The digest for ${week.period} failed: ${outcome.error}`)
  }, options)
  return { fullReport: { kind, timing: fullReport }, weeklyDigest: { week: week.period, timing: weeklyDigest } }
}
