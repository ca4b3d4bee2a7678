import type { Sql } from '../db/database.ts'
import type { FixtureName } from './case-schema.ts'
import { applyInjectionFixture } from './injection-fixture.ts'

/** Data changes a suite asks for after seeding, by the name its file gives (`fixture: injection`). */
export const fixtures: Record<FixtureName, (sql: Sql) => Promise<void>> = {
  injection: applyInjectionFixture,
}
