import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Compares the tool outputs two runs of bench/tool-timings.ts wrote (before and after a change), case by case and
 * row by row: every value must be identical (the JSON text of each row). Exits 1 when any case differs or is missing.
 *
 *   npx tsx bench/compare-outputs.ts <before-dir> <after-dir>
 */
const [before, after] = process.argv.slice(2)
if (!before || !after) throw new Error('usage: tsx bench/compare-outputs.ts <before-dir> <after-dir>')

const cases = readdirSync(before).filter((file) => file.endsWith('.json') && file !== 'timings.json')
let differing = 0
let rows = 0
for (const file of cases.sort()) {
  let theirs: unknown[]
  try {
    theirs = JSON.parse(readFileSync(join(after, file), 'utf8')) as unknown[]
  } catch {
    process.stdout.write(`MISSING ${file}\n`)
    differing++
    continue
  }
  const ours = JSON.parse(readFileSync(join(before, file), 'utf8')) as unknown[]
  const problems: string[] = []
  if (ours.length !== theirs.length) problems.push(`${ours.length} rows before, ${theirs.length} after`)
  for (let index = 0; index < Math.min(ours.length, theirs.length); index++) {
    const a = JSON.stringify(ours[index])
    const b = JSON.stringify(theirs[index])
    if (a !== b) problems.push(`row ${index + 1}:\n    before ${a}\n    after  ${b}`)
  }
  rows += ours.length
  if (problems.length > 0) {
    differing++
    process.stdout.write(`DIFFERS ${file}\n  ${problems.slice(0, 5).join('\n  ')}\n`)
  } else {
    process.stdout.write(`same    ${file} (${ours.length} rows)\n`)
  }
}
process.stdout.write(`${cases.length} cases, ${rows} rows compared, ${differing} differing\n`)
process.exitCode = differing > 0 ? 1 : 0
