import { describe, expect, it } from 'vitest'
import { catalog } from '../../tools/index.ts'
import { runTool } from '../testing/run-tool.ts'
import { useDemoDatabase } from '../testing/test-database.ts'

interface TooltipEntry {
  field: string
  type?: string
}

type Spec = Record<string, unknown>

/** Every tooltip entry of a spec (layers included), with the inline rows it reads. */
function tooltips(spec: Spec, rows: Array<Record<string, unknown>> = []): Array<{ entry: TooltipEntry; rows: Array<Record<string, unknown>> }> {
  const own = (spec.data as { values?: Array<Record<string, unknown>> } | undefined)?.values ?? rows
  const encoding = spec.encoding as { tooltip?: TooltipEntry | TooltipEntry[] } | undefined
  const entries = encoding?.tooltip === undefined ? [] : [encoding.tooltip].flat()
  return [
    ...entries.map((entry) => ({ entry, rows: own })),
    ...((spec.layer as Spec[] | undefined) ?? []).flatMap((layer) => tooltips(layer, own)),
    ...((spec.vconcat as Spec[] | undefined) ?? []).flatMap((part) => tooltips(part, own)),
    ...((spec.hconcat as Spec[] | undefined) ?? []).flatMap((part) => tooltips(part, own)),
  ]
}

// A tooltip typed quantitative over text shows NaN, and over dates epoch milliseconds: each type must fit the values.
const fits: Record<string, (value: unknown) => boolean> = {
  quantitative: (value) => typeof value === 'number',
  temporal: (value) => typeof value === 'string' && /^\d{4}-\d{2}(-\d{2})?/.test(value),
  nominal: (value) => typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number',
  ordinal: (value) => typeof value === 'string' || typeof value === 'number',
}

describe('chart tooltips on the demo data', () => {
  const database = useDemoDatabase('pglite')

  it('type every field as its values are, in every tool\'s chart', async () => {
    const misfits: string[] = []
    let charted = 0
    for (const tool of catalog) {
      const envelope = await runTool(database(), tool.name)
      if (!envelope.chart) continue
      charted += 1
      for (const { entry, rows } of tooltips(envelope.chart)) {
        const values = rows.map((row) => row[entry.field]).filter((value) => value !== null && value !== undefined)
        const check = fits[entry.type ?? 'nominal']
        if (!check) misfits.push(`${tool.name}: ${entry.field} has no known type (${entry.type})`)
        else if (values.some((value) => !check(value))) misfits.push(`${tool.name}: ${entry.field} typed ${entry.type} holds ${JSON.stringify(values[0])}`)
      }
    }
    expect(charted).toBeGreaterThan(20)
    expect(misfits.join("\n")).toBe("")
  })
})
