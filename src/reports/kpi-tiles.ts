import { z } from 'zod'
import type { Envelope } from '../tools/envelope.ts'
import type { KpiTile } from './report.ts'

const kpiRow = z.object({
  kpi: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  change_vs_previous: z.number().nullable(),
  change_percent_vs_previous: z.number().nullable(),
  last_year: z.number().nullable(),
  change_vs_last_year: z.number().nullable(),
  change_percent_vs_last_year: z.number().nullable(),
})

/** kpi_summary's rows as tiles, figures untouched; an error value if the tool's rows changed shape. */
export function kpiTiles(envelope: Envelope): { ok: true; tiles: KpiTile[] } | { ok: false; error: string } {
  const parsed = z.array(kpiRow).safeParse(envelope.rows)
  if (!parsed.success) return { ok: false, error: `kpi_summary rows have an unexpected shape: ${parsed.error.issues[0]?.message}` }
  return {
    ok: true,
    tiles: parsed.data.map((row) => ({
      kpi: row.kpi,
      label: row.label,
      unit: row.unit,
      value: row.value,
      previous: row.previous,
      changeVsPrevious: row.change_vs_previous,
      changePercentVsPrevious: row.change_percent_vs_previous,
      lastYear: row.last_year,
      changeVsLastYear: row.change_vs_last_year,
      changePercentVsLastYear: row.change_percent_vs_last_year,
    })),
  }
}
