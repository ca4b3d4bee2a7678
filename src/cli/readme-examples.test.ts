import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { catalog } from '../../tools/index.ts'
import { openDatabase } from '../db/database.ts'
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from '../digest/loopback-smtp-server.ts'
import { reportKinds } from '../reports/report.ts'
import { cliArguments, runCli, type CliRun } from '../server/testing/cli-process.ts'
import { startServerProcess } from '../server/testing/server-process.ts'
import { Client, StdioClientTransport } from '../testing/mcp-client.ts'

/**
 * Every command line the README (and docs/*.md) shows runs here as written, each checked for what its comment
 * promises. `npm run cli -- X` is `tsx src/cli/main.ts X` (package.json); it is run as `node --import tsx
 * src/cli/main.ts X`: the same loader and entry without npm's banner and the tsx CLI's extra process, and in a scratch
 * directory of its own (npm run would start it in the checkout, where `--out weekly.html` would land).
 *
 * How a line becomes commands:
 *   - `[--optional parts]` are left out: the bare form runs.
 *   - ` | ` between commands: each runs.
 *   - `a|b|c` inside a word: each alternative runs; words after it belong to the last one (`report list|show ID`).
 *   - In the comment after `#`, `;`-separated parts that start with a command (`digest status`) run too, `--flag`
 *     parts run as the line plus that flag, and `also x|y` runs the line with x and y in place of its first argument.
 *     The other parts are the promise the check holds the command to.
 *   - Upper-case words are placeholders filled from what earlier commands printed (ID) or with a fixed value (NAME).
 * A line that yields no command, a command no check below knows, or a placeholder nothing fills fails the test.
 */
const root = fileURLToPath(new URL('../../', import.meta.url))
const asOf = '2026-10-31'

/** Lines that are not examples to run, with the reason. A listed line that no longer exists fails the test. */
const notRun: ReadonlyArray<{ text: string; reason: string }> = [
  { text: 'npm run cli -- <command>', reason: 'the general form of every command, not an example' },
  { text: 'luxx-analyst <command>', reason: 'the general form of every command, not an example' },
]

// ── reading the documents ──────────────────────────────────────────────────────────────────────────────────────

interface Found {
  /** README.md:67 */
  where: string
  /** The command as written, without its prefix and comment. */
  command: string
  comment: string
  /** The section it is in. */
  section: string
  /** In a ```bash block, rather than `inline code` in the text. */
  block: boolean
}

// `npm run -s cli --` is the silent form the README gives Claude Desktop (no npm banner on stdout).
const cliPrefix = /^(?:npm run (?:-s |--silent )?cli --|luxx-analyst)(?=\s|$)/

/** Splits `command   # comment` at the first # that starts a word outside quotes. */
function splitComment(line: string): { command: string; comment: string } {
  let quote: string | undefined
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!
    if (quote) {
      if (char === quote) quote = undefined
    } else if (char === '"' || char === "'") quote = char
    else if (char === '#' && (index === 0 || /\s/.test(line[index - 1]!))) {
      return { command: line.slice(0, index).trim(), comment: line.slice(index + 1).trim() }
    }
  }
  return { command: line.trim(), comment: '' }
}

/** Words as a shell splits them: quotes group and are removed. */
function shellWords(text: string): string[] {
  const words: string[] = []
  for (const match of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3]!)
  return words
}

/** The command lines of a Markdown file: those in ```bash blocks and those in `inline code`. */
function commandLinesOf(file: string): { found: Found[]; unreadable: string[] } {
  const found: Found[] = []
  const unreadable: string[] = []
  let fence: string | undefined
  let section = ''
  readFileSync(join(root, file), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const where = `${file}:${index + 1}`
      if (text.startsWith('```')) {
        fence = fence === undefined ? text.slice(3).trim() : undefined
        return
      }
      if (fence === undefined) {
        if (/^#+ /.test(text)) section = text.replace(/^#+ /, '')
        for (const span of text.matchAll(/`([^`]+)`/g)) {
          if (cliPrefix.test(span[1]!)) found.push({ where, command: span[1]!.trim(), comment: '', section, block: false })
        }
        return
      }
      if (fence !== 'bash' || text.trim() === '') return
      const { command, comment } = splitComment(text)
      if (cliPrefix.test(command)) found.push({ where, command, comment, section, block: true })
      // The Command line block holds nothing else: a line there that is not a CLI command is a mistake.
      else if (section === 'Command line') unreadable.push(`${where}: ${text}`)
    })
  return { found, unreadable }
}

/** `a|b rest` → a, b rest (words after an alternative belong to the last one), for every such word. */
function expandWords(words: string[]): string[][] {
  const at = words.findIndex((word) => word.includes('|'))
  if (at < 0) return [words]
  const options = words[at]!.split('|')
  return options.flatMap((option, index) =>
    expandWords([...words.slice(0, at), option, ...(index === options.length - 1 ? words.slice(at + 1) : [])]),
  )
}

/** Every command a written form stands for: optional parts left out, alternatives apart. */
function formsOf(written: string): string[][] {
  return written
    .replace(/\s*\[[^\]]*\]/g, '')
    .split(/\s+\|\s+/)
    .flatMap((part) => expandWords(shellWords(part)))
}

interface Example {
  argv: string[]
  where: string[]
  /** The written line. */
  line: string
  /** What the comment says the command does (the parts that are not commands). */
  promise: string[]
}

function readExamples() {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)]
  const read = files.map(commandLinesOf)
  const found = read.flatMap((file) => file.found)
  const unreadable = read.flatMap((file) => file.unreadable)
  const commandBlock = found.filter((line) => line.block && line.section === 'Command line' && line.where.startsWith('README.md:'))
  const skipped: Found[] = []
  const runnable = found.filter((line) => {
    const listed = notRun.some((entry) => entry.text === line.command)
    if (listed) skipped.push(line)
    return !listed
  })
  const commandNames = new Set(runnable.map((line) => shellWords(line.command.replace(cliPrefix, ''))[0]))
  const examples = new Map<string, Example>()
  const add = (argv: string[], line: Found, promise: string[]) => {
    const key = JSON.stringify(argv)
    const known = examples.get(key)
    if (known) known.where.push(line.where)
    else examples.set(key, { argv, where: [line.where], line: line.command, promise })
  }
  for (const line of runnable) {
    const forms = formsOf(line.command.replace(cliPrefix, '').trim())
    if (forms.length === 0 || forms.some((form) => form.length === 0)) {
      unreadable.push(`${line.where}: ${line.command}`)
      continue
    }
    const promise: string[] = []
    const extra: string[][] = []
    for (const part of line.comment.split(';').map((text) => text.trim()).filter(Boolean)) {
      const words = shellWords(part)
      if (commandNames.has(words[0]!)) extra.push(...formsOf(part))
      else if (words[0] === 'also' && words[1]?.includes('|')) extra.push(...words[1].split('|').map((value) => [forms[0]![0]!, value, ...forms[0]!.slice(2)]))
      else if (words[0]!.startsWith('--')) extra.push([...forms[0]!, words[0]!])
      else promise.push(part)
    }
    for (const argv of [...forms, ...extra]) add(argv, line, promise)
  }
  return { examples: [...examples.values()], unreadable, commandBlock, skipped }
}

const { examples, unreadable, commandBlock, skipped } = readExamples()

// ── running them ───────────────────────────────────────────────────────────────────────────────────────────────

const scratch = mkdtempSync(join(tmpdir(), 'luxx-readme-'))
const cwd = join(scratch, 'clone')
const dataDir = join(scratch, 'data')

interface Context {
  environment: Record<string, string>
  smtp: LoopbackSmtpServer
  conversationId?: string
  reportId?: string
  /** The alert the last `alerts create` saved. */
  alertId?: string
  /** The key the last `keys create` made, and its id once `keys list` showed it. */
  createdKey?: { name: string; id?: string }
  /** Commands that need nothing the others make, started at once: their promise by command. */
  background: Map<string, Promise<CliRun>>
}

const context = { background: new Map() } as unknown as Context

const display = (argv: readonly string[]) => argv.map((word) => (/[\s"'|]/.test(word) ? `"${word}"` : word)).join(' ')

/** The command with its placeholders filled; a placeholder without a value fails. */
function fill(argv: readonly string[], values: Record<string, string | undefined>): string[] {
  return argv.map((word) => {
    if (!/^[A-Z][A-Z0-9_]*$/.test(word)) return word
    const value = values[word]
    if (value === undefined) throw new Error(`Nothing earlier printed a value for ${word} in: ${display(argv)}`)
    return value
  })
}

const run = (argv: readonly string[], input?: string) => runCli(argv, context.environment, { cwd, ...(input === undefined ? {} : { input }) })

function succeeded(result: CliRun, argv: readonly string[]): CliRun {
  expect(result.code, `${display(argv)} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(0)
  return result
}

const runOk = async (argv: readonly string[], input?: string) => succeeded(await run(argv, input), argv)

function expectPng(path: string): void {
  expect(existsSync(path), `${path} was not written`).toBe(true)
  const png = readFileSync(path)
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR')
  expect(png.readUInt32BE(16)).toBeGreaterThan(0)
}

/** Removes a file an example writes, so the check sees this run's file. */
function fresh(name: string): string {
  const path = join(cwd, name)
  rmSync(path, { force: true })
  return path
}

function optionValue(argv: readonly string[], option: string): string | undefined {
  const at = argv.indexOf(option)
  return at < 0 ? undefined : argv[at + 1]
}

/** `tools run … --format csv --out FILE`: the file holds the labelled columns and at least one row. */
async function toolsExport(argv: string[], format: string): Promise<void> {
  expect(format).toBe('csv')
  const out = optionValue(argv, '--out')!
  const path = fresh(out)
  const { stdout } = await runOk(argv)
  expect(stdout).toMatch(new RegExp(`^Wrote .+ \\([\\d,]+ (of [\\d,]+ )?rows?\\) as CSV to ${out.replace('.', '\\.')}\n$`))
  const [heading, ...rows] = readFileSync(path, 'utf8').split('\r\n').filter(Boolean)
  expect(heading).toMatch(/^\uFEFF[A-Z][^,]*(,[^,]+)+$/)
  expect(rows.length).toBeGreaterThan(0)
}

const conversationOf = (output: string) => /^Conversation ([0-9a-f-]{36}) \(continue with --conversation \1\)$/m.exec(output)?.[1]

interface Check {
  /** Runs after every other example: it replaces or empties the data the others read. */
  last?: boolean
  /** Needs nothing the others make and nothing of theirs: started when the file starts, checked in its turn. */
  background?: boolean
  run(argv: string[], example: Example): Promise<void>
}

const checks = {
  help: {
    async run(argv, example) {
      const { stdout } = await runOk(argv)
      expect(example.promise).toEqual(['every command, each with an example'])
      expect(stdout).toMatch(/^Usage: luxx-analyst /)
      const commands = [...(/\nCommands:\n([\s\S]*?)\n\n/.exec(stdout)?.[1] ?? '').matchAll(/^ {2}(\S+)/gm)].map((match) => match[1]!)
      expect(commands).toEqual(expect.arrayContaining(['ask', 'chat', 'tools', 'report', 'digest', 'alerts', 'db', 'keys', 'eval', 'serve', 'mcp']))
      for (const command of commands.filter((name) => name !== 'help')) {
        expect(stdout, `--help shows no example of ${command}`).toMatch(new RegExp(`^ {2}luxx-analyst ${command}\\b`, 'm'))
      }
    },
  },
  ask: {
    async run(argv, example) {
      const { stdout } = await runOk(argv)
      expect(example.promise).toEqual(['answer, table, assumptions, grounding line'])
      // The answer first, then the table, the assumptions and the grounding line.
      expect(stdout).toMatch(/^\S.*\$[\d,]+/)
      expect(stdout).toMatch(/\nTop customers\nrank +customer_name[^\n]*\n-[- ]+\n( +[1-5] [^\n]+\n){5}/)
      expect(stdout).toMatch(/\nAssumptions:\n {2}- Window: 2026-01-01 to 2026-10-31 \(this year\)/)
      expect(stdout).toMatch(/^Figures checked: all \d+ figures match the tool results\.$/m)
      context.conversationId = conversationOf(stdout)
      expect(context.conversationId, 'ask printed no conversation id').toBeDefined()
    },
  },
  followUp: {
    async run(argv, example) {
      const { stdout } = await runOk(fill(argv, { ID: context.conversationId }))
      expect(example.promise).toEqual(['follow-ups use the conversation'])
      expect(conversationOf(stdout)).toBe(context.conversationId)
      // "by brand" read, and the rest taken from the question before: this year, the top 5.
      expect(stdout).toMatch(/^I read this as: .*by brand/m)
      expect(stdout).toContain('Window: 2026-01-01 to 2026-10-31 (this year)')
      expect(stdout).toMatch(/\nrank +\S+ +brand[^\n]*\n-[- ]+\n( +[1-5] [^\n]+\n){5}\n/)
    },
  },
  chat: {
    async run(argv, example) {
      const [promise] = example.promise
      expect(promise).toMatch(/^REPL: /)
      const commands = [...promise!.matchAll(/\/[a-z]+(?: [A-Z]+)?/g)].map((match) => match[0])
      expect(commands).toEqual(['/new', '/tools', '/sql', '/chart FILE'])
      const chart = fresh('chat-weekday.png')
      // /new last: it forgets the answer /sql and /chart show.
      const typed = ['sales by weekday last year', '/sql', '/chart chat-weekday.png', '/tools', '/new', '/exit']
      const { stdout } = await runOk(argv, `${typed.join('\n')}\n`)
      for (const command of commands) expect(stdout, `chat's greeting does not list ${command}`).toContain(command)
      expect(stdout).toMatch(/\w+day is the strongest day: \$[\d,]+ revenue/)
      expect(stdout).toContain('-- sales_by_weekday {"period":"last_year"}\n')
      expect(stdout).toContain('Chart saved to chat-weekday.png')
      expectPng(chart)
      for (const tool of catalog) expect(stdout).toMatch(new RegExp(`^ {2}${tool.name} `, 'm'))
      expect(stdout).toContain('New conversation.\n')
    },
  },
  toolsRun: {
    async run(argv) {
      const format = optionValue(argv, '--format')
      if (format) return toolsExport(argv, format)
      const file = optionValue(argv, '--chart')
      const path = file ? fresh(file) : undefined
      const { stdout } = await runOk(argv)
      expect(stdout).toMatch(/^\S[^\n]*\n\n\S/)
      expect(stdout).toContain('\nAssumptions:\n')
      if (file) {
        expect(stdout).toContain(`Chart saved to ${file}`)
        expectPng(path!)
      }
    },
  },
  toolsList: {
    async run(argv) {
      const { stdout } = await runOk(argv)
      for (const tool of catalog) expect(stdout).toMatch(new RegExp(`^${tool.name} `, 'm'))
    },
  },
  toolsShow: {
    async run(argv) {
      const { stdout } = await runOk(argv)
      expect(stdout).toContain(`(${argv[2]}, `)
      expect(stdout).toContain('\nInputs:\n')
      expect(stdout).toContain('\nExamples:\n  - ')
    },
  },
  report: {
    async run(argv) {
      const out = optionValue(argv, '--out')
      const path = out ? fresh(out) : undefined
      const { stdout, stderr } = await runOk(argv)
      context.reportId = /^Stored as report ([0-9a-f-]{36}) /m.exec(stderr)?.[1]
      expect(context.reportId, 'report printed no id to reopen it by').toBeDefined()
      const text = path ? readFileSync(path, 'utf8') : stdout
      if (optionValue(argv, '--format') === 'html') {
        expect(text).toMatch(/^<!doctype html>/i)
        // Self-contained: charts inline, nothing loaded from elsewhere.
        expect(text).toContain('<svg')
        expect(text).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)="https?:/)
      }
      expect(text).toMatch(/recommendation/i)
    },
  },
  reportList: {
    async run(argv) {
      const { stdout } = await runOk(argv)
      expect(stdout).toContain(context.reportId ?? 'a report built before')
    },
  },
  reportShow: {
    async run(argv) {
      const { stdout } = await runOk(fill(argv, { ID: context.reportId }))
      expect(stdout.length).toBeGreaterThan(500)
      expect(stdout).toMatch(/recommendation/i)
    },
  },
  digest: {
    async run(argv) {
      const week = optionValue(argv, '--week')!
      const preview = optionValue(argv, '--preview')
      const path = preview ? fresh(preview) : undefined
      const sentBefore = context.smtp.received.length
      const { stdout, stderr } = await runOk(argv)
      expect(stderr).toMatch(new RegExp(`^(?:Generated|Using the stored) digest for ${week} `, 'm'))
      if (path) {
        const html = readFileSync(path, 'utf8')
        expect(html).toMatch(/^<!doctype html>/i)
        expect(html).toContain('data:image/png;base64,')
      }
      if (argv.includes('--send')) {
        // To DIGEST_RECIPIENTS over SMTP_URL: the loopback server this file runs.
        const sent = context.smtp.received.slice(sentBefore)
        expect(sent.map((message) => message.to)).toEqual([[context.environment.DIGEST_RECIPIENTS]])
        expect(sent[0]!.raw.toString('latin1')).toMatch(/^Subject: .+/m)
        expect(stdout).toMatch(new RegExp(`${context.environment.DIGEST_RECIPIENTS!.replace('.', '\\.')} +sent +1`))
      }
    },
  },
  digestStatus: {
    async run(argv) {
      const { stdout } = await runOk(argv)
      expect(stdout).toMatch(new RegExp(`2026-W43 +${context.environment.DIGEST_RECIPIENTS!.replace('.', '\\.')} +sent +1 `))
    },
  },
  dbMigrate: {
    async run(argv) {
      expect((await runOk(argv)).stdout).toMatch(/^(?:Up to date|Applied) /)
    },
  },
  dbStatus: {
    async run(argv) {
      const { stdout } = await runOk(argv)
      expect(stdout).toMatch(/^Database: embedded PGlite in /)
      expect(stdout).toMatch(/^applied +0001_/m)
      expect(stdout).not.toMatch(/^pending/m)
    },
  },
  dbSeed: {
    last: true,
    async run(argv) {
      // Without --end-date the data ends the day before today, LUXX_AS_OF here.
      expect((await runOk(argv)).stdout).toMatch(/^Seeded the small demo data \(seed 42, sales up to 2026-10-30\) in /m)
    },
  },
  dbReset: {
    last: true,
    async run(argv) {
      if (argv.includes('--yes')) {
        expect((await runOk(argv)).stdout).toMatch(/^Reset .*: empty and migrated\.$/m)
        return
      }
      // It asks first; with no terminal to ask on it changes nothing and says how to go on. Then as confirmed.
      const unasked = await run(argv)
      expect(unasked.code, unasked.stderr).toBe(2)
      expect(unasked.stderr).toContain('Not confirmed: nothing was changed. Pass --yes to reset without asking.')
      expect((await runOk([...argv, '--yes'])).stdout).toMatch(/^Reset .*: empty and migrated\.$/m)
    },
  },
  dbRefreshRollups: {
    async run(argv) {
      expect((await runOk(argv)).stdout).toMatch(/^Rebuilt the rollups and summaries of .* in /)
    },
  },
  keysCreate: {
    async run(argv) {
      const name = 'README example'
      const filled = fill(argv, { NAME: name })
      const { stdout } = await runOk(filled)
      const created = optionValue(filled, '--name')!
      expect(stdout).toContain(`Created key luxx_`)
      expect(stdout).toContain(`for ${created} (${optionValue(filled, '--role')}).`)
      expect(stdout).toMatch(/\nluxx_\S{20,}\n$/)
      context.createdKey = { name: created }
    },
  },
  keysList: {
    async run(argv) {
      const { stdout } = await runOk(argv)
      const row = stdout.split('\n').find((line) => context.createdKey && line.includes(` ${context.createdKey.name} `))
      expect(row, `keys list does not show the key just created:\n${stdout}`).toBeDefined()
      context.createdKey!.id = row!.split(/\s+/)[0]
    },
  },
  keysRevoke: {
    async run(argv) {
      const { stdout } = await runOk(fill(argv, { ID: context.createdKey?.id }))
      expect(stdout).toContain(`(${context.createdKey!.name}).`)
    },
  },
  alertsCreate: {
    async run(argv) {
      const { stdout } = await runOk(argv)
      const saved = /^Saved the alert (.+) \(id ([0-9a-f-]{36})\)\. I will tell (.+) once per period when it holds\./m.exec(stdout)
      expect(saved, stdout).not.toBeNull()
      const webhook = optionValue(argv, '--webhook')
      expect(saved![3]).toContain(webhook ? `a Slack webhook (${new URL(webhook).host})` : optionValue(argv, '--email'))
      context.alertId = saved![2]
      // The README's webhook is a placeholder that must never be called (db seed judges the alerts): the rule goes.
      if (webhook) await runOk(['alerts', 'delete', saved![2]!])
    },
  },
  alertsList: {
    async run(argv) {
      expect((await runOk(argv)).stdout).toContain(context.alertId ?? 'an alert created before')
    },
  },
  alertsTest: {
    async run(argv) {
      // It judges the alert now and sends nothing.
      const sentBefore = context.smtp.received.length
      const { stdout } = await runOk(fill(argv, { ID: context.alertId }))
      expect(stdout).toMatch(/^Hermès Birkin stock below 2: (?:WOULD FIRE|would not fire) for 2026-10-31 \(stock_levels /m)
      expect(context.smtp.received.length).toBe(sentBefore)
    },
  },
  alertsStatus: {
    async run(argv) {
      expect((await runOk(fill(argv, { ID: context.alertId }))).stdout).toMatch(/^Hermès Birkin stock below 2 has not fired yet\.$/m)
    },
  },
  alertsDelete: {
    async run(argv) {
      expect((await runOk(fill(argv, { ID: context.alertId }))).stdout).toBe(`Deleted alert ${context.alertId}.\n`)
    },
  },
  eval: {
    background: true,
    async run(argv) {
      const result = succeeded(await context.background.get(JSON.stringify(argv))!, argv)
      for (const suite of ['core', 'robustness', 'safety']) expect(result.stdout).toMatch(new RegExp(`^ {2}${suite} +[\\d.]+% +\\d+/\\d+ passed`, 'm'))
      const json = /^ {2}Result (\S+\.json), scorecards (\S+\.md) and (\S+\.html)$/m.exec(result.stdout)
      expect(json, result.stdout).not.toBeNull()
      for (const file of json!.slice(1)) expect(existsSync(file), file).toBe(true)
    },
  },
  serve: {
    async run(argv, example) {
      expect(example.promise).toEqual(['what npm start runs'])
      const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
      expect(packageJson.scripts.start).toBe('tsx src/cli/main.ts serve')
      // PORT=0 in the environment: a free port rather than 3000, which another process may hold.
      const server = await startServerProcess(display(argv), context.environment, 240_000, { args: argv, cwd })
      try {
        expect(server.stderr()).toContain(`luxx-analyst is running at ${server.url} `)
        expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
        const page = await fetch(`${server.url}/`)
        expect(page.status).toBe(200)
        expect(await page.text()).toMatch(/<html/i)
      } finally {
        await server.stop()
      }
    },
  },
  mcp: {
    async run(argv) {
      const client = new Client({ name: 'readme-examples', version: '1.0.0' })
      const environment = { ...(process.env as Record<string, string>), ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', LLM_PROVIDER: 'local', LLM_FALLBACK: '', ...context.environment }
      await client.connect(new StdioClientTransport({ command: process.execPath, args: cliArguments(argv), cwd, env: environment, stderr: 'pipe' }))
      try {
        expect(client.getServerVersion()?.name).toBe('luxx-analyst')
        const { tools } = await client.listTools()
        expect(tools.map((tool) => tool.name).sort()).toEqual(catalog.map((tool) => tool.name).sort())
        const result = await client.callTool({ name: 'sales_by_weekday', arguments: { period: 'last_90_days' } })
        expect(result.isError, JSON.stringify(result.content)).toBeFalsy()
      } finally {
        await client.close()
      }
    },
  },
} satisfies Record<string, Check>

function checkFor(argv: readonly string[]): Check | undefined {
  const [command, sub] = argv
  switch (command) {
    case '--help':
      return argv.length === 1 ? checks.help : undefined
    case 'ask':
      return argv.includes('--conversation') ? checks.followUp : checks.ask
    case 'chat':
      return checks.chat
    case 'tools':
      return sub === 'run' ? checks.toolsRun : sub === 'list' ? checks.toolsList : sub === 'show' ? checks.toolsShow : undefined
    case 'report':
      if (sub === 'list') return checks.reportList
      if (sub === 'show') return checks.reportShow
      return (reportKinds as readonly string[]).includes(sub ?? '') ? checks.report : undefined
    case 'digest':
      return sub === 'status' ? checks.digestStatus : optionValue(argv, '--week') ? checks.digest : undefined
    case 'db':
      return { migrate: checks.dbMigrate, status: checks.dbStatus, seed: checks.dbSeed, reset: checks.dbReset, 'refresh-rollups': checks.dbRefreshRollups }[sub ?? '']
    case 'keys':
      return { create: checks.keysCreate, list: checks.keysList, revoke: checks.keysRevoke }[sub ?? '']
    case 'alerts':
      return { create: checks.alertsCreate, list: checks.alertsList, test: checks.alertsTest, status: checks.alertsStatus, delete: checks.alertsDelete }[sub ?? '']
    case 'eval':
      return checks.eval
    case 'serve':
      return checks.serve
    case 'mcp':
      return checks.mcp
  }
  return undefined
}

const planned = examples.map((example) => ({ example, check: checkFor(example.argv) }))
const inOrder = [...planned.filter((entry) => !entry.check?.last), ...planned.filter((entry) => entry.check?.last)]
// About 35 processes, 2.5 minutes of CPU in all; on a busy machine one report or the eval run can take minutes.
const commandLimitMs = 300_000

describe('every command line of the README, run as written', () => {
  beforeAll(async () => {
    mkdirSync(cwd)
    // The small demo data ending 2026-10-31, seeded once for the whole run (src/testing/global-setup.ts).
    const database = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(inject('demoTemplatePath'))]) })
    await database.close()
    context.smtp = await startLoopbackSmtpServer()
    context.environment = {
      LUXX_DATA_DIR: dataDir,
      LUXX_AS_OF: asOf,
      LUXX_TIME_ZONE: 'America/New_York',
      DATABASE_URL: '',
      ANALYTICS_DATABASE_URL: '',
      LUXX_ENABLE_SQL_TOOL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      SMTP_URL: context.smtp.url,
      DIGEST_RECIPIENTS: 'owner@example.com',
      DIGEST_FROM: 'analyst@example.com',
    }
    for (const { example, check } of planned) {
      if (check?.background) context.background.set(JSON.stringify(example.argv), run(example.argv))
    }
  })

  afterAll(async () => {
    // A background command still running (when -t left its check out) is killed as this process exits.
    await context.smtp?.close()
    rmSync(scratch, { recursive: true, force: true })
  })

  it('reads every command line into commands, each with a check', () => {
    const problems = [
      ...unreadable.map((line) => `not a command this test can run: ${line}`),
      ...(commandBlock.length < 10 ? [`the README's Command line block has ${commandBlock.length} command lines`] : []),
      ...commandBlock.filter((line) => !examples.some((example) => example.where.includes(line.where))).map((line) => `${line.where} yields no command`),
      ...planned.filter((entry) => !entry.check).map((entry) => `no check knows ${entry.example.where.join(', ')}: ${display(entry.example.argv)}`),
      ...notRun.filter((entry) => !skipped.some((line) => line.command === entry.text)).map((entry) => `no line reads '${entry.text}' any more (drop it from notRun)`),
    ]
    expect(problems).toEqual([])
    const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(packageJson.scripts.cli, 'npm run cli is no longer what this test runs').toBe('tsx src/cli/main.ts')
  })

  for (const { example, check } of inOrder) {
    if (!check) continue
    it(`${example.where.join(', ')}: ${display(example.argv)}`, () => check.run(example.argv, example), commandLimitMs)
    // The exit status of ask, tested beside the README's answered question, before the data is replaced.
    if (example.argv[0] === 'ask' && !example.argv.includes('--conversation')) {
      it('ask exits 0 for a clarifying question and for a decline, 1 when no answer could be given', async () => {
        const clarified = await run(['ask', 'Is it selling?'])
        expect(clarified.code, clarified.stderr).toBe(0)
        expect(clarified.stdout).toContain('Question answered as read: not yet, a clarifying question')
        const declined = await run(['ask', "What's the weather in New York tomorrow?"])
        expect(declined.code, declined.stderr).toBe(0)
        expect(declined.stdout).toContain('Question answered as read: declined')
        const unread = await run(['ask', 'zxqv blorp'])
        expect(unread.code).toBe(1)
        expect(unread.stdout).toContain('Question answered as read: NO, no answer could be given.')
        expect(unread.stderr).toContain('No answer could be given; see above.')
      }, commandLimitMs)
    }
  }
})
