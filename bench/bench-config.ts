import { loadConfig, readEnvironment, type Config } from '../src/config/config.ts'

/** The settings every bench run uses: the offline planner, no rate limit or statement timeout in the way, loopback. */
export function benchConfig(): Config {
  return loadConfig({
    ...readEnvironment(),
    LLM_PROVIDER: 'local',
    LUXX_RATE_LIMIT_PER_MINUTE: '100000',
    LUXX_STATEMENT_TIMEOUT_MS: '600000',
    HOST: '127.0.0.1',
  })
}
