import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import { themed } from '../charts/render.ts'
import { asChartSpec } from '../charts/spec.ts'
import { installedPackageFile } from '../paths.ts'

/**
 * A chart is valid when the spec every surface renders (the house theme merged in) passes the Vega-Lite JSON
 * Schema of the installed vega-lite, and carries its data inline: the answer contract promises charts that
 * render on their own.
 */
export type ChartVerdict = { ok: true } | { ok: false; reason: string }

let validator: ValidateFunction | undefined

// The Vega-Lite schema is huge: compiled with Ajv's defaults it takes about 10 s. Not inlining references and
// skipping code optimization brings that to 2–3 s at no cost to validation; once per process is enough.
function vegaLiteValidator(): ValidateFunction {
  validator ??= new Ajv({ strict: false, allErrors: false, validateFormats: false, inlineRefs: false, code: { optimize: false } }).compile(
    JSON.parse(readFileSync(installedPackageFile('vega-lite', 'build/vega-lite-schema.json'), 'utf8')) as object,
  )
  return validator
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Every view has rows to draw, its own or its parent's (layered and concatenated charts carry data per part). */
function hasInlineData(spec: Record<string, unknown>, inherited = false): boolean {
  const data = isRecord(spec.data) ? spec.data : undefined
  const own = Array.isArray(data?.values)
  if (data && !own) return false
  const parts = [spec.layer, spec.hconcat, spec.vconcat, spec.concat].find(Array.isArray) ?? (isRecord(spec.spec) ? [spec.spec] : undefined)
  if (parts) return parts.length > 0 && parts.every((part) => isRecord(part) && hasInlineData(part, own || inherited))
  return own || inherited
}

export function validateChart(spec: Record<string, unknown>): ChartVerdict {
  const validate = vegaLiteValidator()
  if (!validate(themed(asChartSpec(spec)))) {
    const problems = (validate.errors ?? []).slice(0, 2).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`)
    return { ok: false, reason: `not a valid Vega-Lite spec: ${problems.join('; ')}` }
  }
  if (!hasInlineData(spec)) return { ok: false, reason: 'does not carry its data inline (data.values in every view)' }
  return { ok: true }
}
