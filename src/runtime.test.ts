import { userInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './config/config.ts'
import type { Database } from './db/database.ts'
import { runtimeFrom } from './runtime.ts'

describe('the execution context a runtime builds', () => {
  // Building a context reads no data: a database that is never reached is enough.
  const runtime = runtimeFrom(loadConfig({}), {} as Database)

  it('names the caller it is given as the actor', () => {
    expect(runtime.executionContext('viewer', 'http', 'api-key:finance (luxx_Ab12C)').actor).toBe('api-key:finance (luxx_Ab12C)')
  })

  it('records the operating-system user for the CLI, and the surface itself for reports and digests', () => {
    expect(runtime.executionContext('analyst', 'cli').actor).toBe(`cli:${userInfo().username}`)
    expect(runtime.executionContext('viewer', 'digest').actor).toBe('digest')
    expect(runtime.executionContext('analyst', 'report').actor).toBe('report')
  })
})
