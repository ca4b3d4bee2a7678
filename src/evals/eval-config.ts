import { loadConfig, readEnvironment, type Config, type Environment } from '../config/config.ts'
import { businessTimeZone } from '../demo/business-time.ts'

/**
 * The configuration evals run with: the environment's (keys, models, DATABASE_URL), but always the demo data's
 * own time zone, because the suites' expected hours and days are those of the seeded shop.
 */
export function evalConfig(environment: Environment = readEnvironment()): Config {
  return loadConfig({ ...environment, LUXX_TIME_ZONE: businessTimeZone })
}
