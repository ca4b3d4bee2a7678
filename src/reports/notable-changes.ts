import { z } from 'zod'
import type { ToolSession } from '../recommendations/rule-context.ts'
import type { KpiTile, NotableChange } from './report.ts'

/** The KPIs change_drivers can break down. */
const explainable = ['revenue', 'orders', 'gross_profit', 'units']
const dimensions = ['brand', 'channel', 'category'] as const
const changesShown = 3
const driversShown = 3

const driverRow = z.object({
  member: z.string(),
  is_other: z.boolean(),
  change: z.number(),
  change_percent: z.number().nullable(),
  contribution_percent: z.number().nullable(),
})

/**
 * The KPIs that moved most on the previous period (by % change), each explained by change_drivers along the
 * dimension whose largest mover accounts for the biggest share of the change.
 */
export async function notableChanges(
  session: ToolSession,
  window: { from: string; to: string },
  tiles: readonly KpiTile[],
): Promise<{ changes: NotableChange[]; assumptions: string[]; errors: string[] }> {
  const moved = tiles
    .filter(
      (tile): tile is KpiTile & { value: number; previous: number; changeVsPrevious: number; changePercentVsPrevious: number } =>
        explainable.includes(tile.kpi) &&
        tile.value !== null &&
        tile.previous !== null &&
        tile.changeVsPrevious !== null &&
        tile.changePercentVsPrevious !== null &&
        tile.changeVsPrevious !== 0,
    )
    .sort((left, right) => Math.abs(right.changePercentVsPrevious) - Math.abs(left.changePercentVsPrevious))
    // Resale items are unique, so units often equal orders: the same move is shown once.
    .filter((tile, index, sorted) => !sorted.slice(0, index).some((other) => other.value === tile.value && other.previous === tile.previous))
    .slice(0, changesShown)
  const changes: NotableChange[] = []
  const assumptions: string[] = []
  const errors: string[] = []
  // Every tile's every dimension is its own question: all asked at once, then weighed in order.
  const callsByTile = await Promise.all(
    moved.map((tile) =>
      Promise.all(dimensions.map((dimension) => session.run('change_drivers', { from: window.from, to: window.to, metric: tile.kpi, dimension, limit: 5 }))),
    ),
  )
  for (const [tileIndex, tile] of moved.entries()) {
    let best: { dimension: string; share: number; rows: z.output<typeof driverRow>[]; call: Awaited<ReturnType<ToolSession['run']>> } | undefined
    for (const [dimensionIndex, dimension] of dimensions.entries()) {
      const call = callsByTile[tileIndex]![dimensionIndex]!
      if (!call.ok) {
        errors.push(call.error)
        continue
      }
      const parsed = z.array(driverRow).safeParse(call.envelope.rows)
      if (!parsed.success) {
        errors.push(`change_drivers rows have an unexpected shape: ${parsed.error.issues[0]?.message}`)
        continue
      }
      const rows = parsed.data.filter((row) => !row.is_other)
      const leader = rows.find((row) => Math.sign(row.change) === Math.sign(tile.changeVsPrevious))
      const share = leader ? Math.abs(leader.change / tile.changeVsPrevious) : 0
      if (!best || share > best.share) best = { dimension, share, rows, call }
    }
    if (!best || !best.call.ok) continue
    const chart = best.call.envelope.chart
    assumptions.push(...best.call.envelope.assumptions)
    changes.push({
      kpi: tile.kpi,
      label: tile.label,
      unit: tile.unit,
      value: tile.value,
      previous: tile.previous,
      change: tile.changeVsPrevious,
      changePercent: tile.changePercentVsPrevious,
      dimension: best.dimension,
      drivers: best.rows.slice(0, driversShown).map((row) => ({
        member: row.member,
        change: row.change,
        changePercent: row.change_percent,
        contributionPercent: row.contribution_percent,
      })),
      evidence: best.call.evidence,
      chart: chart ? { id: `change-${tile.kpi.replace(/_/g, '-')}`, title: `${tile.label}: what drove the change`, spec: chart } : null,
    })
  }
  return { changes, assumptions, errors }
}
