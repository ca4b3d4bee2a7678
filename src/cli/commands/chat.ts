import { print, printPart } from '../print.ts'
import { localRole, roleOption } from '../role-option.ts'
import type { Role } from '../../privacy/mask.ts'
import { createInterface } from 'node:readline'
import type { Command } from 'commander'
import type { Answer, ProviderName } from '../../agent/answer.ts'
import type { AgentEvent } from '../../agent/events.ts'
import type { answerQuestion } from '../../agent/pipeline.ts'
import type { Runtime } from '../../runtime.ts'
import { CliError } from '../cli-error.ts'
import { withRuntime } from '../with-runtime.ts'

/** How answers are printed; `ask` owns it and hands it over, so both commands print alike. */
export interface AnswerPrinting {
  printAnswerDetails(answer: Answer, chartPath?: string, runnable?: 'chat' | 'ask'): void
  saveFirstChart(answer: Answer, path: string): Promise<boolean>
  toolSpinners(): { onEvent(event: AgentEvent): void; stopAll(): void }
  parseProvider(value: string | undefined): ProviderName | undefined
}

const help = [
  'Ask a question, or:',
  '  /new          start a new conversation',
  '  /tools        list the analyses the tools can run',
  '  /sql          show the SQL behind the last answer',
  '  /chart FILE   save the last answer\'s chart (.svg or .png)',
  '  1, 2, 3       run that reading, when an answer offers readings',
  '  /exit         leave (or Ctrl-D)',
].join('\n')

interface Session {
  runtime: Runtime
  answerQuestion: typeof answerQuestion
  provider: ProviderName | undefined
  conversationId: string | undefined
  last: Answer | undefined
  role: Role
}

function listTools(runtime: Runtime): string {
  const byArea = new Map<string, string[]>()
  for (const tool of runtime.registry.list()) {
    const summary = tool.description.split('. ')[0] ?? ''
    const line = `  ${tool.name.padEnd(28)} ${summary.length > 90 ? `${summary.slice(0, 89)}…` : summary}`
    byArea.set(tool.area, [...(byArea.get(tool.area) ?? []), line])
  }
  return [...byArea].map(([area, lines]) => `${area}\n${lines.join('\n')}`).join('\n\n')
}

function lastSql(answer: Answer | undefined): string {
  if (!answer) return 'No answer yet.'
  const calls = answer.toolCalls.filter((call) => call.sql)
  if (calls.length === 0) return 'No SQL yet: the last answer ran no tool.'
  return calls.map((call) => `-- ${call.name} ${JSON.stringify(call.arguments)}\n${call.sql}`).join('\n\n')
}

async function runCommand(line: string, session: Session, printing: AnswerPrinting): Promise<'exit' | 'continue'> {
  const [command, ...rest] = line.split(/\s+/)
  switch (command) {
    case '/exit':
    case '/quit':
      return 'exit'
    case '/new':
      session.conversationId = undefined
      session.last = undefined
      print('New conversation.')
      break
    case '/tools':
      print(listTools(session.runtime))
      break
    case '/sql':
      print(lastSql(session.last))
      break
    case '/chart': {
      const path = rest.join(' ')
      if (!path) print('Usage: /chart FILE.svg or /chart FILE.png')
      else if (!session.last) print('No answer yet.')
      else if (!/\.(svg|png)$/.test(path)) print(`The file must end in .svg or .png; got ${path}`)
      else print((await printing.saveFirstChart(session.last, path)) ? `Chart saved to ${path}` : 'The last answer has no chart.')
      break
    }
    case '/help':
      print(help)
      break
    default:
      print(`Unknown command ${command}.\n${help}`)
  }
  return 'continue'
}

/** "2" after an answer that offered readings runs the second one; anything else is a question. */
export function chosenReading(line: string, last: Answer | undefined): string | undefined {
  const number = /^\s*(\d)\s*[.)]?\s*$/.exec(line)?.[1]
  const options = last?.clarification?.options ?? []
  if (number === undefined || options.length === 0) return undefined
  return options[Number(number) - 1]?.question
}

async function ask(question: string, session: Session, printing: AnswerPrinting): Promise<void> {
  const spinners = printing.toolSpinners()
  let streamed = false
  const outcome = await session.answerQuestion({
    runtime: session.runtime,
    question,
    conversationId: session.conversationId,
    provider: session.provider,
    role: session.role,
    surface: 'cli',
    onEvent: (event) => {
      spinners.onEvent(event)
      if (event.type === 'text_delta') {
        printPart(event.text)
        streamed = true
      }
      if (event.type === 'tool_call_start' && streamed) printPart('\n')
      if (event.type === 'provider_fallback') console.error(`\n(${event.from} failed: ${event.error}; continuing with ${event.to})`)
    },
  })
  spinners.stopAll()
  if (!outcome.ok) {
    print(outcome.error)
    return
  }
  const answer = outcome.answer
  // The streamed text is the answer unless a provider failed midway or the loop stopped early: then show it whole.
  if (!streamed || answer.fallbackFrom.length > 0 || answer.status !== 'complete') print(`\n${answer.text}`)
  else printPart('\n')
  printing.printAnswerDetails(answer, undefined, 'chat')
  session.conversationId = answer.conversationId
  session.last = answer
}

export function registerChatCommand(program: Command, printing: AnswerPrinting): void {
  program
    .command('chat')
    .description('Talk with the analyst: follow-up questions use the conversation so far')
    .option('--provider <name>', 'answer with this provider first: anthropic, openai, local')
    .option('--conversation <id>', 'continue a stored conversation')
    .addOption(roleOption())
    .addHelpText('after', `\n${help}\n\nExample:\n  luxx-analyst chat\n  you › What are our best sellers?\n  you › and by brand?`)
    .action(async (options: { provider?: string; conversation?: string; role?: Role }) => {
      const provider = printing.parseProvider(options.provider)
      const { answerQuestion } = await import('../../agent/pipeline.ts')
      await withRuntime(async (runtime) => {
        const session: Session = { runtime, answerQuestion, provider, conversationId: options.conversation, last: undefined, role: localRole(options.role, runtime.config) }
        const lines = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true, historySize: 200 })
        try {
          print(`Luxx analyst. ${help}`)
          lines.setPrompt('you › ')
          lines.prompt()
          // Reading with the async iterator buffers lines typed (or piped) while an answer is running.
          for await (const raw of lines) {
            const line = raw.trim()
            if (line.startsWith('/')) {
              if ((await runCommand(line, session, printing)) === 'exit') break
            } else if (line) {
              await ask(chosenReading(line, session.last) ?? line, session, printing)
            }
            lines.prompt()
          }
        } catch (error) {
          throw new CliError(error instanceof Error ? error.message : String(error))
        } finally {
          lines.close()
        }
      })
    })
}
