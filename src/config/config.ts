import { existsSync, readFileSync } from 'node:fs'
import { Cron } from 'croner'
import { parse as parseDotenv } from 'dotenv'
import { z } from 'zod'
import { providerNames } from '../agent/answer.ts'
import { roles } from '../privacy/mask.ts'

/**
 * Every setting the analyst reads from the environment, in one place.
 * Each entry says what it is and gives an example, so a bad value fails at start with a useful message.
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional()

const postgresUrl = z
  .string()
  .trim()
  .regex(/^postgres(ql)?:\/\/.+/, 'must be a PostgreSQL connection URL')

const commaList = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean)

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((value) => value === '1' || value === 'true' || value === 'yes')

export const settings = {
  DATABASE_URL: {
    schema: postgresUrl.optional(),
    example: 'postgres://analyst@127.0.0.1:5432/luxx',
    description: 'A PostgreSQL server to use. Unset: the embedded PGlite database in LUXX_DATA_DIR.',
  },
  ANALYTICS_DATABASE_URL: {
    schema: postgresUrl.optional(),
    example: 'postgres://luxx_readonly@replica:5432/luxx',
    description: 'Where analytics queries run (a read replica or the read-only role). Unset: DATABASE_URL.',
  },
  LUXX_DATA_DIR: {
    schema: z.string().trim().min(1, 'must not be empty').default('./.data'),
    example: './.data',
    description: 'Directory of the embedded database and generated files.',
  },
  LUXX_TIME_ZONE: {
    schema: z
      .string()
      .trim()
      .default('America/New_York')
      .refine(isTimeZone, 'must be an IANA time zone name'),
    example: 'America/New_York',
    description: 'The business time zone: hours of day, weekdays and dates are read in it.',
  },
  LUXX_AS_OF: {
    schema: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }).optional(),
    example: '2026-10-31',
    description: 'Fixes "today" for reproducible runs (answers, reports, the digest, evals). Unset: the clock in LUXX_TIME_ZONE.',
  },
  LUXX_STATEMENT_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(100, 'must be at least 100').max(600_000, 'must be at most 600000').default(15_000),
    example: '15000',
    description: 'Longest an analytics query may run, in milliseconds.',
  },
  LUXX_EMBEDDED_QUERY_LIMIT_MS: {
    schema: z.coerce.number().int().min(1_000, 'must be at least 1000').max(3_600_000, 'must be at most 3600000').default(30_000),
    example: '30000',
    description:
      'Embedded PGlite only (it ignores statement timeouts): longest one query may keep it busy, in milliseconds, before the engine is restarted to stop it. Analytics calls stop at LUXX_STATEMENT_TIMEOUT_MS instead.',
  },
  LUXX_ANALYTICS_WORK_MEM_MB: {
    schema: z.coerce.number().int().min(1, 'must be at least 1').max(2_048, 'must be at most 2048').default(64),
    example: '64',
    description:
      "Memory one analytics query's sort or hash may use before spilling to disk, in MB (PostgreSQL's work_mem, set for each tool call; the embedded engine ignores it).",
  },
  LUXX_MAX_ROWS: {
    schema: z.coerce.number().int().min(1, 'must be at least 1').max(100_000, 'must be at most 100000').default(1_000),
    example: '1000',
    description: 'Most rows a tool returns; the rest are counted and flagged as truncated.',
  },
  PORT: {
    schema: z.coerce.number().int().min(0, 'must be 0..65535').max(65_535, 'must be 0..65535').default(3000),
    example: '3000',
    description: 'HTTP port of `npm start` (web chat, API, MCP over HTTP).',
  },
  HOST: {
    schema: z.string().trim().min(1).default('127.0.0.1'),
    example: '127.0.0.1',
    description: 'Address the HTTP server binds to. Without API keys it stays on 127.0.0.1.',
  },
  LLM_PROVIDER: {
    schema: z.enum(providerNames).optional(),
    example: 'anthropic',
    description: 'Model provider. Unset: Anthropic if its key is set, else OpenAI, else the offline planner.',
  },
  LLM_FALLBACK: {
    schema: z
      .string()
      .trim()
      .default('local')
      .transform((value) => commaList(value).map((name) => name.toLowerCase()))
      .pipe(
        z.array(
          z.enum(providerNames, {
            error: (issue) => `each provider must be one of ${providerNames.join(', ')}; got '${String(issue.input)}'`,
          }),
        ),
      ),
    example: 'anthropic,openai,local',
    description: 'Providers tried in order when one fails after its retries (comma-separated). Unset: the offline planner (`local`).',
  },
  ANTHROPIC_API_KEY: { schema: optionalText, example: 'sk-ant-...', description: 'Anthropic API key.' },
  ANTHROPIC_BASE_URL: {
    schema: z.string().trim().url('must be a URL').optional(),
    example: 'https://api.anthropic.com',
    description: 'Anthropic API address (a gateway or a test server).',
  },
  ANTHROPIC_MODEL: {
    schema: z.string().trim().min(1).default('claude-sonnet-4-6'),
    example: 'claude-sonnet-4-6',
    description: 'Claude model used by the analyst.',
  },
  OPENAI_API_KEY: { schema: optionalText, example: 'sk-...', description: 'OpenAI (or compatible server) API key.' },
  OPENAI_BASE_URL: {
    schema: z.string().trim().url('must be a URL').optional(),
    example: 'http://127.0.0.1:11434/v1',
    description: 'An OpenAI-compatible server (Ollama, vLLM, LM Studio, a gateway).',
  },
  OPENAI_MODEL: {
    schema: z.string().trim().min(1).default('gpt-4.1'),
    example: 'gpt-4.1',
    description: 'Model used through the OpenAI API.',
  },
  SMTP_URL: {
    schema: z
      .string()
      .trim()
      .regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL')
      .optional(),
    example: 'smtp://user:password@mail.example.com:587',
    description: 'SMTP server for the weekly digest.',
  },
  DIGEST_FROM: {
    schema: z.string().trim().email('must be an e-mail address').default('analyst@luxx.local'),
    example: 'analyst@lace-luxx.com',
    description: 'Sender of the weekly digest.',
  },
  DIGEST_RECIPIENTS: {
    schema: z
      .string()
      .trim()
      .default('')
      .transform(commaList)
      .pipe(z.array(z.string().email('each recipient must be an e-mail address'))),
    example: 'owner@lace-luxx.com,team@lace-luxx.com',
    description: 'Comma-separated recipients of the weekly digest.',
  },
  DIGEST_CRON: {
    schema: z.string().trim().default('0 8 * * 1').superRefine(checkCron),
    example: '0 8 * * 1',
    description: 'When the digest goes out (cron expression, in LUXX_TIME_ZONE). Default Mondays 08:00.',
  },
  ALERTS_CRON: {
    schema: z.string().trim().default('*/15 * * * *').superRefine(checkCron),
    example: '*/15 * * * *',
    description: 'When saved alerts are evaluated (cron expression, in LUXX_TIME_ZONE); they are also evaluated after `db seed` and `db refresh-rollups`. Default every 15 minutes.',
  },
  LUXX_PUBLIC_URL: {
    schema: z.string().trim().url('must be a URL').optional(),
    example: 'https://analyst.lace-luxx.com',
    description: 'Public address of the server, for links in e-mails.',
  },
  LUXX_ENABLE_SQL_TOOL: {
    schema: flag.default(false),
    example: '1',
    description: 'Offer the guarded free-form SQL tool (analyst role and above).',
  },
  LUXX_ALLOW_NO_AUTH: {
    schema: flag.default(false),
    example: '1',
    description: 'Serve /mcp over HTTP without an API key (local development only).',
  },
  LUXX_MCP_ROLE: {
    schema: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }).default('analyst'),
    example: 'viewer',
    description: 'Role of the MCP server over stdio (`luxx-analyst mcp`): viewer, analyst or admin; decides which personal data is masked. Default analyst.',
  },
  LUXX_MCP_STATELESS: {
    schema: flag.default(false),
    example: '1',
    description: 'Serve /mcp over HTTP without sessions (no Mcp-Session-Id, no GET stream), so any replica behind a load balancer can answer any request.',
  },
  LUXX_CLI_ROLE: {
    schema: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }).default('admin'),
    example: 'analyst',
    description: 'Role the local CLI acts as (what personal data it shows): the machine\'s owner by default; --role overrides it per command.',
  },
  LUXX_CONCURRENT_PER_KEY: {
    schema: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(3),
    example: '3',
    description: 'Most /api and /mcp requests of one API key (or, without a key, one address) running at once; more wait their turn in that key\'s own queue, so one key cannot take every database connection. An MCP session\'s standing event stream (GET /mcp) does no work and takes no slot.',
  },
  LUXX_RATE_LIMIT_PER_MINUTE: {
    schema: z.coerce.number().int().min(1, 'must be at least 1').max(100_000, 'must be at most 100000').default(120),
    example: '120',
    description: 'Most /api and /mcp requests per minute for one API key, one budget across both (or, without a key, one address); more get 429.',
  },
  LUXX_CORS_ORIGINS: {
    schema: z
      .string()
      .trim()
      .default('')
      .transform(commaList)
      .pipe(z.array(z.string().refine(isOrigin, 'each origin must be scheme://host[:port], without a path'))),
    example: 'https://intranet.lace-luxx.com,http://localhost:5173',
    description: 'Other web origins allowed to call /api from a browser (comma-separated). Unset: same origin only.',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    example: 'info',
    description: 'Log level (logs go to stderr).',
  },
} as const

type Settings = typeof settings
export type Config = { [Key in keyof Settings]: z.output<Settings[Key]['schema']> }
export type Environment = Record<string, string | undefined>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/** croner is what schedules the digest, so its reading of the pattern is the check. */
function checkCron(pattern: string, context: z.RefinementCtx): void {
  let job: Cron
  try {
    job = new Cron(pattern, { paused: true })
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, '').replace(/\.$/, '')
    context.addIssue({ code: 'custom', message: `must be a cron expression (minute hour day-of-month month weekday, seconds first if six fields): ${reason}` })
    return
  }
  if (job.nextRun() === null) context.addIssue({ code: 'custom', message: 'must be a cron expression that fires; this one matches no date' })
}

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value
  } catch {
    return false
  }
}

/** Reads `.env` (when present) under the process environment; the process environment wins. */
export function readEnvironment(directory = process.cwd(), environment: Environment = process.env): Environment {
  const file = `${directory}/.env`
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {}
  return { ...fromFile, ...environment }
}

export function loadConfig(environment: Environment = readEnvironment()): Config {
  const problems: string[] = []
  const values: Record<string, unknown> = {}
  for (const [name, setting] of Object.entries(settings)) {
    const raw = environment[name]
    // An empty variable means "not set", as in most shells' `VAR= command`.
    const input = raw === undefined || raw.trim() === '' ? undefined : raw
    const result = (setting.schema as z.ZodType).safeParse(input)
    if (result.success) {
      values[name] = result.data
    } else {
      const reason = result.error.issues.map((issue) => issue.message).join('; ')
      problems.push(`${name}=${JSON.stringify(raw)} ${reason}. Example: ${name}=${setting.example}`)
    }
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return values as Config
}

/** The configuration table of the README, generated from the same definitions. */
export function configurationTable(): string {
  const rows = Object.entries(settings).map(
    ([name, setting]) => `| \`${name}\` | ${setting.description} | \`${setting.example}\` |`,
  )
  return ['| Variable | What it does | Example |', '| --- | --- | --- |', ...rows].join('\n')
}
