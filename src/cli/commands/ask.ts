import { print } from '../print.ts'
import { localRole, roleOption } from '../role-option.ts'
import type { Role } from '../../privacy/mask.ts'
import type { Command } from 'commander'
import { providerNames, type Answer, type ProviderName } from '../../agent/answer.ts'
import type { AgentEvent } from '../../agent/events.ts'
import { asChartSpec } from '../../charts/spec.ts'
import { formatCostUsd, formatNumber, formatSeconds, plural } from '../../present/format.ts'
import { CliError, exitCodes } from '../cli-error.ts'
import { formatTable } from '../format-table.ts'
import { withRuntime } from '../with-runtime.ts'
import { registerChatCommand } from './chat.ts'
import { saveChart } from './tools.ts'

/** `ask` (one question) and `chat` (a conversation): both print answers the same way. */
export function parseProvider(value: string | undefined): ProviderName | undefined {
  if (value === undefined) return undefined
  if ((providerNames as readonly string[]).includes(value)) return value as ProviderName
  throw new CliError(`--provider must be one of ${providerNames.join(', ')}; got ${value}`, exitCodes.usage)
}

/** A spinner on stderr while tools run, when stderr is a terminal; nothing otherwise (pipes, CI). */
export function startSpinner(label: string): { stop(): void } {
  if (!process.stderr.isTTY) return { stop: () => undefined }
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
  let frame = 0
  const timer = setInterval(() => {
    process.stderr.write(`\r${frames[frame++ % frames.length]} ${label}`)
  }, 80)
  return {
    stop() {
      clearInterval(timer)
      process.stderr.write(`\r${' '.repeat(label.length + 2)}\r`)
    },
  }
}

/** Shows a spinner per running tool call; returns the event listener and a way to stop them all. */
export function toolSpinners(): { onEvent(event: AgentEvent): void; stopAll(): void } {
  const running = new Map<string, { stop(): void }>()
  return {
    onEvent(event) {
      if (event.type === 'tool_call_start') running.set(event.id, startSpinner(`Running ${event.name}…`))
      if (event.type === 'tool_call_end') {
        running.get(event.id)?.stop()
        running.delete(event.id)
      }
    },
    stopAll() {
      for (const spinner of running.values()) spinner.stop()
      running.clear()
    },
  }
}

function groundingLine(answer: Answer): string {
  const { grounding } = answer
  if (grounding.checked === 0) return 'Figures checked: no figures to check.'
  if (grounding.ok) return `Figures checked: all ${grounding.checked} figures match the tool results.`
  const mislabeled = (grounding.mislabeled ?? []).map((figure) => `${figure.text} is called ${figure.said} but measures ${figure.measures.join(' or ')}`)
  const listed = grounding.ungrounded.map((figure) => figure.text).join(', ')
  return [
    grounding.ungrounded.length > 0 ? `Figures checked: WARNING ${grounding.ungrounded.length} of ${grounding.checked} figures were not found in the tool results: ${listed}` : '',
    mislabeled.length > 0 ? `Figures checked: WARNING ${mislabeled.join('; ')}` : '',
  ].filter(Boolean).join('\n')
}

/** The second half of the badge: whether the tools answered the question as it was read. */
export function relevanceLine(answer: Answer): string | undefined {
  const relevance = answer.relevance
  if (!relevance) return undefined
  switch (relevance.status) {
    case 'answered':
      return 'Question answered as read: yes.'
    case 'partial':
      return `Question answered as read: NO, not applied: ${relevance.missing.join('; ')}.`
    case 'clarify':
      return 'Question answered as read: not yet, a clarifying question (pick a reading below).'
    case 'declined':
      return 'Question answered as read: declined (see above).'
    case 'unanswered':
      return 'Question answered as read: NO, no answer could be given.'
  }
}

/** "I read this as: revenue · Texas · 2026 · by week · with sales_trend". */
export function readingLine(answer: Answer): string | undefined {
  if (!answer.reading) return undefined
  return `I read this as: ${answer.reading.summary}${answer.reading.stated ? ` (the model read it as: ${answer.reading.stated})` : ''}`
}

/** The readings offered, numbered: `chat` runs one when its number is typed; `ask` shows the command. */
export function clarificationLines(answer: Answer, runnable: 'chat' | 'ask'): string[] {
  const clarification = answer.clarification
  if (!clarification || clarification.options.length === 0) return []
  const hint =
    runnable === 'chat'
      ? 'Type its number to run one.'
      : `Run one with: luxx-analyst ask "<its question>" --conversation ${answer.conversationId}`
  return [
    `${clarification.question} ${hint}`,
    ...clarification.options.map((option, index) => `  ${index + 1}. ${option.label}${runnable === 'ask' ? `\n     "${option.question}"` : ''}`),
  ]
}

/** Whether `ask` found nothing to answer with: the provider failed, every tool failed, or nothing was read. */
export function noAnswer(answer: Answer): boolean {
  return answer.status === 'failed' || answer.relevance?.status === 'unanswered'
}

function providerLine(answer: Answer): string {
  const tokens = answer.usage.inputTokens + answer.usage.outputTokens + answer.usage.cacheReadTokens + answer.usage.cacheWriteTokens
  const cost = answer.usage.estimatedCostUsd === null ? 'cost unknown' : `about ${formatCostUsd(answer.usage.estimatedCostUsd)}`
  const steps = plural(answer.steps, 'step')
  return answer.provider === 'local'
    ? `Answered offline by the planner in ${steps}, ${formatSeconds(answer.durationMs)}.`
    : `Answered by ${answer.provider} (${answer.model}) in ${steps}, ${formatNumber(tokens)} tokens, ${cost}, ${formatSeconds(answer.durationMs)}.`
}

// A terminal table stays readable with a few labels and a few figures; --json has every column.
const labelColumns = 2
const figureColumns = 5

function compact(rows: readonly Record<string, unknown>[], columns: readonly string[]): Record<string, unknown>[] {
  // Identifiers (customer_id) mean nothing to a reader; empty columns say nothing.
  const filled = columns.filter(
    (column) => !/(^|_)id$/.test(column) && rows.some((row) => row[column] !== null && row[column] !== undefined && row[column] !== ''),
  )
  const numeric = (column: string) => rows.every((row) => typeof row[column] === 'number' || row[column] === null)
  const labels = filled.filter((column) => !numeric(column)).slice(0, labelColumns)
  const figures = filled.filter(numeric).slice(0, figureColumns)
  const kept = columns.filter((column) => labels.includes(column) || figures.includes(column))
  return rows.map((row) => Object.fromEntries(kept.map((column) => [column, row[column]])))
}

/** Everything after the answer's text: tables, where the chart went, assumptions, grounding, how to continue. */
export function printAnswerDetails(answer: Answer, chartPath?: string, runnable: 'chat' | 'ask' = 'ask'): void {
  const options = clarificationLines(answer, runnable)
  if (options.length > 0) print(`\n${options.join('\n')}`)
  for (const table of answer.tables) {
    print(`\n${table.title}`)
    print(formatTable(compact(table.rows, table.columns), { maxWidth: 32 }))
    if (table.totalRows > table.rows.length) print(`(first ${table.rows.length} of ${table.totalRows} rows)`)
  }
  if (chartPath) print(answer.charts.length > 0 ? `\nChart saved to ${chartPath}` : '\nThis answer has no chart.')
  if (answer.assumptions.length > 0) print(`\nAssumptions:\n${answer.assumptions.map((line) => `  - ${line}`).join('\n')}`)
  const reading = readingLine(answer)
  if (reading) print(`\n${reading}`)
  print(`${reading ? '' : '\n'}${groundingLine(answer)}`)
  const relevance = relevanceLine(answer)
  if (relevance) print(relevance)
  print(providerLine(answer))
  print(`Conversation ${answer.conversationId} (continue with --conversation ${answer.conversationId})`)
}

export async function saveFirstChart(answer: Answer, path: string): Promise<boolean> {
  const chart = answer.charts[0]
  if (!chart) return false
  await saveChart(asChartSpec(chart.spec), path)
  return true
}

export function registerAskCommands(program: Command): void {
  program
    .command('ask')
    .description('Ask the analyst a question in plain words')
    .argument('<question...>', 'the question (quotes optional)')
    .option('--provider <name>', `answer with this provider first: ${providerNames.join(', ')}`)
    .option('--json', 'print the answer contract as JSON')
    .option('--chart <file>', 'save the first chart as .svg or .png')
    .option('--conversation <id>', 'continue a conversation (its history is used for follow-ups)')
    .addOption(roleOption())
    .addHelpText(
      'after',
      '\nExamples:\n  luxx-analyst ask "What are our best sellers this quarter?"\n' +
        '  luxx-analyst ask "How much did we sell last month?"\n' +
        '  luxx-analyst ask "Which weekday sells best?" --chart weekday.png\n' +
        '  luxx-analyst ask "and by brand?" --conversation <id>      # the id printed under the previous answer\n' +
        '  luxx-analyst ask "and on Instagram?" --conversation <id> --json\n' +
        '\nEach answer says how the question was read ("I read this as: …"), whether its figures were checked and whether the\n' +
        'question was answered as read. When a question can be read more than one way, the closest readings are listed.\n' +
        'Exit status: 0 for an answer, a clarifying question or a decline; 1 when no answer could be given (a tool or the\n' +
        'provider failed, or nothing in the question could be read); 2 for usage errors.',
    )
    .action(async (words: string[], options: { provider?: string; json?: boolean; chart?: string; conversation?: string; role?: Role }) => {
      const provider = parseProvider(options.provider)
      if (options.chart && !/\.(svg|png)$/.test(options.chart)) {
        throw new CliError(`--chart must end in .svg or .png; got ${options.chart}`, exitCodes.usage)
      }
      const { answerQuestion } = await import('../../agent/pipeline.ts')
      await withRuntime(async (runtime) => {
        const spinners = toolSpinners()
        try {
          const outcome = await answerQuestion({
            runtime,
            question: words.join(' '),
            conversationId: options.conversation,
            provider,
            role: localRole(options.role, runtime.config),
            surface: 'cli',
            onEvent: options.json ? undefined : spinners.onEvent,
          })
          spinners.stopAll()
          if (!outcome.ok) throw new CliError(outcome.error, exitCodes.usage)
          const answer = outcome.answer
          if (options.chart) await saveFirstChart(answer, options.chart)
          if (options.json) console.log(JSON.stringify(answer, null, 2))
          else {
            print(answer.text)
            printAnswerDetails(answer, options.chart)
          }
          if (answer.status === 'failed') throw new CliError('No provider could answer; see above.', exitCodes.failure)
          if (noAnswer(answer)) throw new CliError('No answer could be given; see above.', exitCodes.failure)
        } finally {
          spinners.stopAll()
        }
      })
    })
  registerChatCommand(program, { printAnswerDetails, saveFirstChart, toolSpinners, parseProvider })
}
