import { z } from 'zod'
import { roles } from '../privacy/mask.ts'
import { evidenceSchema, recommendationSchema } from '../recommendations/recommendation.ts'

export const reportKinds = ['weekly', 'customers', 'inventory', 'marketing', 'shows'] as const
export type ReportKind = (typeof reportKinds)[number]

const roleSchema = z.enum(roles)

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()])

export const reportChartSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/).describe('Unique in the report and safe as a file name.'),
  title: z.string(),
  spec: z.record(z.string(), z.unknown()).describe('Vega-Lite spec, themed when drawn.'),
})
export type ReportChart = z.infer<typeof reportChartSchema>

export const reportTableSchema = z.object({
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.record(z.string(), cell)),
  /** Rows the tool returned; the table may show fewer. */
  totalRows: z.number().int(),
})
export type ReportTable = z.infer<typeof reportTableSchema>

/** One tool result shown in the report: its narration, chart and rows, or why it is missing. */
export const reportSectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  evidence: evidenceSchema,
  narration: z.string().nullable(),
  chart: reportChartSchema.nullable(),
  table: reportTableSchema.nullable(),
  error: z.string().nullable(),
})
export type ReportSection = z.infer<typeof reportSectionSchema>

/** A headline KPI with its comparisons, straight from kpi_summary. */
export const kpiTileSchema = z.object({
  kpi: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  changeVsPrevious: z.number().nullable(),
  changePercentVsPrevious: z.number().nullable(),
  lastYear: z.number().nullable(),
  changeVsLastYear: z.number().nullable(),
  changePercentVsLastYear: z.number().nullable(),
})
export type KpiTile = z.infer<typeof kpiTileSchema>

/** A KPI that moved, with the members (brands, channels, …) that moved it most, from change_drivers. */
export const notableChangeSchema = z.object({
  kpi: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number(),
  previous: z.number(),
  change: z.number(),
  changePercent: z.number(),
  dimension: z.string(),
  drivers: z.array(
    z.object({ member: z.string(), change: z.number(), changePercent: z.number().nullable(), contributionPercent: z.number().nullable() }),
  ),
  evidence: evidenceSchema,
  chart: reportChartSchema.nullable(),
})
export type NotableChange = z.infer<typeof notableChangeSchema>

export const reportSchema = z.object({
  version: z.literal(1),
  kind: z.enum(reportKinds),
  title: z.string(),
  window: z.object({ from: z.string(), to: z.string(), label: z.string() }),
  /**
   * How far the data reaches into the window and its comparison periods (src/reports/coverage.ts). Changes it
   * withholds are null in the tiles and absent from the changes; reports stored before it have null.
   */
  coverage: z
    .object({
      first: z.string().nullable().describe('The first day with sales.'),
      last: z.string().nullable().describe('The last day with sales.'),
      status: z.enum(['complete', 'partial', 'no_data']),
      withheld: z.array(z.enum(['previous', 'lastYear'])),
      note: z.string().nullable(),
    })
    .nullable()
    .default(null),
  /** The window the recommendation rules read: at least a year, ending with the report. */
  ruleWindow: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
  role: roleSchema,
  summary: z.object({
    text: z.string(),
    source: z.enum(['template', 'model']),
    /** Which provider and model wrote it, for a model summary. */
    writer: z.string().nullable(),
    /** Why this source: no model configured, grounding failed, … */
    note: z.string(),
  }),
  kpis: z.array(kpiTileSchema),
  kpiEvidence: evidenceSchema.nullable(),
  kpiChart: reportChartSchema.nullable(),
  changes: z.array(notableChangeSchema),
  sections: z.array(reportSectionSchema),
  recommendations: z.array(recommendationSchema),
  rules: z.array(
    z.object({
      rule: z.string(),
      area: z.string(),
      status: z.enum(['recommended', 'nothing_to_recommend', 'failed']),
      reason: z.string().nullable(),
      recommendations: z.number().int(),
    }),
  ),
  assumptions: z.array(z.string()),
})
export type Report = z.infer<typeof reportSchema>

/** Every chart of a report in reading order: KPIs, changes, sections, recommendations. */
export function reportCharts(report: Report): ReportChart[] {
  return [
    ...(report.kpiChart ? [report.kpiChart] : []),
    ...report.changes.flatMap((change) => (change.chart ? [change.chart] : [])),
    ...report.sections.flatMap((section) => (section.chart ? [section.chart] : [])),
    ...report.recommendations.flatMap((recommendation, index) =>
      recommendation.chart ? [recommendationChart(recommendation.chart, recommendation.title, index)] : [],
    ),
  ]
}

/** Recommendation charts get their ids from their position, so renderers and files agree on them. */
export function recommendationChart(spec: Record<string, unknown>, title: string, index: number): ReportChart {
  return { id: `recommendation-${index + 1}`, title, spec }
}
