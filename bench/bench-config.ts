import { loadConfig, readEnvironment, type Config, type Environment } from '../src/config/config.ts'

/**
 * The settings every bench run uses: the offline planner, no rate limit or statement timeout in the way, loopback;
 * `overrides` set what one measurement varies (the flood's per-key cap).
 */
export function benchConfig(overrides: Environment = {}): Config {
  return loadConfig({
    ...readEnvironment(),
    LLM_PROVIDER: 'local',
    LUXX_RATE_LIMIT_PER_MINUTE: '100000',
    LUXX_STATEMENT_TIMEOUT_MS: '600000',
    HOST: '127.0.0.1',
    ...overrides,
  })
}
