import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, inject } from 'vitest'
import { connect, openDatabase, type Database } from '../db/database.ts'

export type TestEngine = 'pglite' | 'postgres'

/** What a test database starts with: migrated and empty, or migrated with the small demo data (seed 42). */
export type TestContent = 'empty' | 'demo'

/** The embedded engine always; the real PostgreSQL server too when TEST_DATABASE_URL is set (CI sets it). */
export function testEngines(): TestEngine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/** A fresh copy of a prepared database of the given engine, dropped on close. */
export async function openTestDatabase(engine: TestEngine, content: TestContent = 'empty'): Promise<Database> {
  if (engine === 'pglite') {
    const template = readFileSync(inject(content === 'demo' ? 'demoTemplatePath' : 'templatePath'))
    return openDatabase({ dataDir: '', inMemory: true, loadDataDir: new Blob([template]) })
  }
  const serverUrl = process.env.TEST_DATABASE_URL
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: the postgres engine cannot be tested.')
  const template = inject(content === 'demo' ? 'serverDemoTemplate' : 'serverTemplate')
  const name = `luxx_test_${randomBytes(6).toString('hex')}`
  const admin = connect(serverUrl, 1)
  // A template may still show the setup's closing connection for a moment (55006): try again shortly.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin`create database ${admin(name)} template ${admin(template)}`
      break
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 20) throw error
      await sleep(100 * attempt)
    }
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' })
  return {
    ...database,
    async close() {
      await database.close()
      await admin`drop database if exists ${admin(name)} with (force)`
      await admin.end()
    },
  }
}

/** Opens a test database before the file's tests and closes it after; `prepare` may load data. */
export function useTestDatabase(
  engine: TestEngine,
  prepare?: (database: Database) => Promise<void>,
  content: TestContent = 'empty',
): () => Database {
  let database: Database | undefined
  beforeAll(async () => {
    database = await openTestDatabase(engine, content)
    await prepare?.(database)
  })
  afterAll(async () => {
    await database?.close()
  })
  return () => {
    if (!database) throw new Error('The test database is not open yet.')
    return database
  }
}

/** A copy of the seeded demo database (small scale, seed 42), as `npm start` creates it. */
export function useDemoDatabase(engine: TestEngine): () => Database {
  return useTestDatabase(engine, undefined, 'demo')
}
