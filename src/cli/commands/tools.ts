import { print } from '../print.ts'
import { localRole, roleOption } from '../role-option.ts'
import type { Role } from '../../privacy/mask.ts'
import { writeFile } from 'node:fs/promises'
import { Option, type Command } from 'commander'
import { inputJsonSchema, type ToolRegistry } from '../../tools/registry.ts'
import { renderPng, renderSvg } from '../../charts/render.ts'
import { asChartSpec, type ChartSpec } from '../../charts/spec.ts'
import { CliError, exitCodes } from '../cli-error.ts'
import { formatTable } from '../format-table.ts'
import { withRuntime } from '../with-runtime.ts'
import { escapeTerminal } from '../../present/escape.ts'
import type { Envelope } from '../../tools/envelope.ts'

/** The vetted catalog, loaded when a tools command runs rather than when any command starts. */
async function catalogRegistry(): Promise<ToolRegistry> {
  const { createCatalogRegistry } = await import('../../../tools/index.ts')
  return createCatalogRegistry()
}

/** `--limit 5 --by brand` → { limit: 5, by: 'brand' }: numbers and booleans as such, the rest as text. */
export function parseToolArguments(words: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!
    if (!word.startsWith('--')) throw new CliError(`Unexpected argument '${word}'; tool arguments are written --name value.`, exitCodes.usage)
    const [name, inline] = word.slice(2).split('=', 2) as [string, string | undefined]
    const raw = inline ?? words[++index]
    if (raw === undefined) throw new CliError(`--${name} needs a value.`, exitCodes.usage)
    const key = name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()).replace(/([A-Z])/g, '_$1').toLowerCase()
    result[key] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw
  }
  return result
}

export async function saveChart(spec: ChartSpec, path: string): Promise<void> {
  if (path.endsWith('.svg')) await writeFile(path, await renderSvg(spec))
  else if (path.endsWith('.png')) await writeFile(path, await renderPng(spec))
  else throw new CliError(`--chart must end in .svg or .png; got ${path}`, exitCodes.usage)
}

const fileFormats = ['csv', 'xlsx', 'json'] as const
type FileFormat = (typeof fileFormats)[number]

interface RunOptions {
  json?: boolean
  format?: FileFormat
  out?: string
  chart?: string
  role?: Role
}

/**
 * A result as CSV, XLSX or its JSON envelope, to a file or to stdout. CSV and XLSX are written by the one export
 * module (labelled columns, raw values, formulas made inert) from the executor's rows, masked for the role.
 */
async function writeResult(registry: ToolRegistry, envelope: Envelope, role: Role, format: FileFormat, out: string | undefined): Promise<void> {
  let body: string | Buffer
  if (format === 'json') body = `${JSON.stringify(envelope, null, 2)}\n`
  else {
    const { exportResult } = await import('../../tools/result-export.ts')
    body = (await exportResult(registry, envelope, role, format)).body
  }
  if (!out) {
    // Text from the data reaches a terminal shown, not obeyed (JSON escapes control characters by itself).
    const text = body.toString()
    process.stdout.write(process.stdout.isTTY && format === 'csv' ? escapeTerminal(text) : text)
    return
  }
  await writeFile(out, body)
  const rows = envelope.truncated ? `${envelope.rowCount} of ${envelope.totalRows} rows` : `${envelope.rowCount} row${envelope.rowCount === 1 ? '' : 's'}`
  print(`Wrote ${envelope.title} (${rows}) as ${format.toUpperCase()} to ${out}`)
}

export function registerToolCommands(program: Command): void {
  const tools = program.command('tools').description('List, describe and run the vetted analytics tools')

  tools
    .command('list')
    .description('List the tools')
    .option('--json', 'print a JSON array of {name, title, area, description}')
    .addHelpText('after', '\nExamples:\n  luxx-analyst tools list\n  luxx-analyst tools list --json')
    .action(async (options: { json?: boolean }) => {
      const list = (await catalogRegistry()).list()
      if (options.json) {
        console.log(JSON.stringify(list.map(({ name, title, area, description }) => ({ name, title, area, description })), null, 2))
        return
      }
      print(
        formatTable(
          list.map((tool) => ({ name: tool.name, area: tool.area, description: tool.description.split('. ')[0] ?? '' })),
          { maxWidth: 110 },
        ),
      )
    })

  tools
    .command('show')
    .description('Show a tool: what it answers, its inputs and examples')
    .argument('<name>', 'tool name')
    .addHelpText('after', '\nExample:\n  luxx-analyst tools show sales_by_weekday')
    .action(async (name: string) => {
      const tool = (await catalogRegistry()).find(name)
      if (tool instanceof Error) throw new CliError(tool.message, exitCodes.usage)
      const schema = inputJsonSchema(tool) as { properties?: Record<string, { description?: string; default?: unknown; enum?: unknown[] }> }
      print(`${tool.title} (${tool.name}, ${tool.area})\n\n${tool.description}\n\nInputs:`)
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        const extras = [
          property.enum ? `one of ${property.enum.join(', ')}` : '',
          property.default !== undefined ? `default ${JSON.stringify(property.default)}` : '',
        ].filter(Boolean)
        print(`  --${field.replace(/_/g, '-')}  ${property.description ?? ''}${extras.length ? ` (${extras.join('; ')})` : ''}`)
      }
      print(`\nExamples:\n${tool.examples.map((example) => `  - ${example}`).join('\n')}`)
    })

  tools
    .command('run')
    .description('Run a tool with --name value arguments')
    .argument('<name>', 'tool name')
    .option('--json', 'print the whole result envelope as JSON (the same as --format json)')
    .addOption(new Option('--format <format>', 'write the result as CSV, an Excel workbook or the JSON envelope').choices(fileFormats))
    .option('--out <file>', 'write the --format output to this file instead of stdout (needed for xlsx)')
    .option('--chart <file>', 'save the chart as .svg or .png')
    .addOption(roleOption())
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText(
      'after',
      '\nExamples:\n  luxx-analyst tools run sales_by_weekday --period last_90_days\n  luxx-analyst tools run sales_by_weekday --json --chart weekday.png' +
        '\n  luxx-analyst tools run top_customers --period this_year --format xlsx --out customers.xlsx',
    )
    .action(async (name: string, options: RunOptions, command: Command) => {
      const withValue = new Set(['--format', '--out', '--chart', '--role'])
      const own = new Set(['--json', ...withValue])
      const words = command.args.slice(1)
      const toolWords: string[] = []
      for (let index = 0; index < words.length; index++) {
        const word = words[index]!
        if (own.has(word.split('=')[0]!)) {
          if (withValue.has(word)) index++
          continue
        }
        toolWords.push(word)
      }
      const format = options.format ?? (options.json ? 'json' : undefined)
      // Checked before the database opens: a binary workbook is never written to a terminal or a pipe by accident.
      if (format === 'xlsx' && !options.out) throw new CliError('--format xlsx writes an Excel workbook: add --out FILE.xlsx.', exitCodes.usage)
      if (options.out && !format) throw new CliError('--out needs --format csv, xlsx or json.', exitCodes.usage)
      const { executeTool } = await import('../../tools/executor.ts')
      await withRuntime(async (runtime) => {
        const role = localRole(options.role, runtime.config)
        const outcome = await executeTool(runtime.registry, name, parseToolArguments(toolWords), runtime.executionContext(role, 'cli'))
        if (!outcome.ok) throw new CliError(outcome.error.message, outcome.error.code === 'query_failed' || outcome.error.code === 'timeout' ? exitCodes.failure : exitCodes.usage)
        const envelope = outcome.envelope
        if (options.chart && envelope.chart) await saveChart(asChartSpec(envelope.chart), options.chart)
        if (format) {
          await writeResult(runtime.registry, envelope, role, format, options.out)
          return
        }
        print(`${envelope.title}\n\n${envelope.narration}\n`)
        print(formatTable(envelope.rows, { maxRows: 25 }))
        if (envelope.truncated) print(`(showing ${envelope.rowCount} of ${envelope.totalRows} rows)`)
        print(`\nAssumptions:\n${envelope.assumptions.map((line) => `  - ${line}`).join('\n')}`)
        if (options.chart) print(envelope.chart ? `\nChart saved to ${options.chart}` : '\nThis tool has no chart for this result.')
      })
    })
}
