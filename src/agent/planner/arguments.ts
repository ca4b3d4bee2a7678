import { readPlaces } from './brands.ts'
import { readDimensions } from './dimensions.ts'
import type { QuestionReading } from './reading.ts'
import { accepts, clampToField, type PlannerTool } from './tool-fields.ts'

/**
 * Turns a reading of the question into arguments for one tool, keeping only fields the tool has and values
 * it accepts (tool inputs are strict). What could not be applied is said in a note rather than dropped
 * silently, so the answer never looks filtered when it is not.
 */
export interface ToolArguments {
  arguments: Record<string, unknown>
  notes: string[]
}

function applyTime(tool: PlannerTool, reading: QuestionReading, args: Record<string, unknown>, notes: string[]): void {
  const window = reading.time.window
  if (!window) return
  if (!tool.fields.has('period') && !tool.fields.has('from')) {
    notes.push(`${tool.title} reports the current state, so the time period in the question was not applied.`)
    return
  }
  delete args.period
  delete args.from
  delete args.to
  if ('period' in window) {
    if (tool.fields.has('period')) args.period = window.period
    return
  }
  if (window.from && tool.fields.has('from')) args.from = window.from
  if (window.to && tool.fields.has('to')) args.to = window.to
}

function applyNumber(tool: PlannerTool, field: string, value: number, args: Record<string, unknown>, notes: string[]): boolean {
  const spec = tool.fields.get(field)
  if (!spec || (spec.type !== 'integer' && spec.type !== 'number')) return false
  const clamped = clampToField(spec, value)
  if (clamped !== value) notes.push(`${field.replace(/_/g, ' ')} ${value} is outside what ${tool.name} allows; used ${clamped}.`)
  args[field] = clamped
  return true
}

/** Whether a free-text field of the tool takes a value (not an enum). */
function hasTextField(tool: PlannerTool, name: string): boolean {
  const field = tool.fields.get(name)
  return field !== undefined && field.type === 'string' && !field.values
}

/**
 * A state or city the question names ("sales in Texas", "revenue from Houston buyers"), as the tool's region or
 * city filter. A name that is both ("New York", "Washington") is the state when the question says "state" or the
 * tool has no city filter, else the city.
 */
function applyPlace(tool: PlannerTool, reading: QuestionReading, args: Record<string, unknown>, notes: string[]): void {
  const { regions, cities } = readPlaces(reading.remainder)
  let chosenRegion = regions[0]
  let chosenCity = cities[0]
  if (chosenRegion && chosenCity && (chosenRegion.phrase.includes(chosenCity.phrase) || chosenCity.phrase.includes(chosenRegion.phrase))) {
    if (/\bstates?\b/.test(reading.remainder) || !hasTextField(tool, 'city')) chosenCity = undefined
    else chosenRegion = undefined
  }
  if (chosenRegion) {
    if (hasTextField(tool, 'region')) args.region = chosenRegion.name
    else notes.push(`${tool.title} cannot filter by state, so ${chosenRegion.phrase} is not singled out.`)
  }
  if (chosenCity) {
    if (hasTextField(tool, 'city')) args.city = chosenCity.name
    else notes.push(`${tool.title} cannot filter by city, so ${chosenCity.phrase} is not singled out.`)
  }
}

/** Arguments for `tool`: the previous call's arguments (for follow-ups) overridden by what the question says. */
export function buildArguments(tool: PlannerTool, reading: QuestionReading, base: Record<string, unknown> = {}): ToolArguments {
  const args: Record<string, unknown> = {}
  const notes = [...reading.time.notes]
  // Carried-over arguments stay only where the tool still accepts them (a follow-up may switch tools).
  for (const [field, value] of Object.entries(base)) {
    const spec = tool.fields.get(field)
    if (spec && accepts(spec, value)) args[field] = value
  }
  applyTime(tool, reading, args, notes)
  for (const [field, value] of reading.thresholds) applyNumber(tool, field, value, args, notes)
  if (reading.limit !== undefined && !applyNumber(tool, 'limit', reading.limit, args, notes)) {
    notes.push(`${tool.title} has no row limit; all of its rows are shown.`)
  }
  Object.assign(args, readDimensions(tool, reading.remainder, reading.time.comparison))
  // A horizon in days ("next quarter" = 90) for a tool that counts it in its own weeks or months.
  const horizonDays = reading.thresholds.get('horizon_days')
  if (horizonDays !== undefined && tool.fields.has('horizon')) {
    const grain = args.grain ?? tool.fields.get('grain')?.defaultValue
    applyNumber(tool, 'horizon', Math.ceil(horizonDays / (grain === 'week' ? 7 : 30)), args, notes)
  }
  if (reading.brands.length > 0) {
    const brandField = tool.fields.get('brand')
    const names = reading.brands.map((brand) => brand.name).join(', ')
    if (reading.brands.length === 1 && brandField && brandField.type === 'string' && !brandField.values) args.brand = reading.brands[0]!.name
    else if (reading.brands.length > 1) notes.push(`${tool.title} covers every brand; ${names} are among them.`)
    else notes.push(`${tool.title} cannot filter by brand, so ${names} is not singled out.`)
  }
  if (reading.model !== undefined && hasTextField(tool, 'model')) args.model = reading.model
  applyPlace(tool, reading, args, notes)
  return { arguments: args, notes }
}
