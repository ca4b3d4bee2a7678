import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../db/database.ts'
import { openTestDatabase, type TestEngine } from '../testing/test-database.ts'

/**
 * A migrated, empty test database that a child process (the CLI) can open too, with the environment that points
 * it there. The embedded engine lives in a data directory on disk: a second process reaches it through this
 * process's socket, as the CLI does when `npm start` holds the directory.
 */
export interface SharedTestDatabase {
  database: Database
  environment: Record<string, string>
}

export async function openSharedTestDatabase(engine: TestEngine): Promise<SharedTestDatabase> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'luxx-shared-'))
    const database = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(inject('templatePath'))]) })
    return {
      database: {
        ...database,
        async close() {
          await database.close()
          rmSync(dataDir, { recursive: true, force: true })
        },
      },
      environment: { LUXX_DATA_DIR: dataDir, DATABASE_URL: '' },
    }
  }
  const database = await openTestDatabase('postgres')
  // The location names the fresh database; the server URL keeps any password the location leaves out.
  const url = new URL(process.env.TEST_DATABASE_URL ?? '')
  url.pathname = new URL(database.location).pathname
  return { database, environment: { DATABASE_URL: url.toString() } }
}
