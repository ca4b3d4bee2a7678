import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { openDatabase } from './database.ts'
import { migrate, migrationStatus, readMigrations, repeatableMigrations } from './migrate.ts'
import { openTestDatabase, testEngines } from '../testing/test-database.ts'

function migrationsFolder(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'luxx-migrations-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text)
  return directory
}

describe.each(testEngines())('migrations on %s', (engine) => {
  it('are all applied on the template and a second run is a no-op', async () => {
    const database = await openTestDatabase(engine)
    try {
      expect(await migrate(database.sql)).toEqual([])
      const status = await migrationStatus(database.sql)
      expect(status.map((row) => row.state)).toEqual([...readMigrations(), ...repeatableMigrations()].map(() => 'applied'))
    } finally {
      await database.close()
    }
  })

  it('roll a broken migration back, leaving the database as it was', async () => {
    const database = await openTestDatabase(engine)
    try {
      const folder = migrationsFolder({
        '9001_good.sql': 'create table probe_good (id int);',
        '9002_broken.sql': 'create table probe_broken (id int);\ninsert into probe_broken values (1);\nselect 1/0;',
      })
      const migrations = readMigrations(folder)
      await expect(migrate(database.sql, migrations)).rejects.toThrow(/division by zero/)
      const [tables] = await database.sql`
        select to_regclass('probe_good') is not null as good, to_regclass('probe_broken') is not null as broken`
      expect(tables).toEqual({ good: true, broken: false })
      const status = await migrationStatus(database.sql, migrations, [])
      expect(status.map((row) => row.state)).toEqual(['applied', 'pending'])
    } finally {
      await database.close()
    }
  })

  it('apply once when two runs race', async () => {
    const database = await openTestDatabase(engine)
    try {
      const folder = migrationsFolder({ '9101_counter.sql': 'create table probe_counter (id int);' })
      const migrations = readMigrations(folder)
      const [first, second] = await Promise.all([migrate(database.sql, migrations), migrate(database.sql, migrations)])
      expect(first.length + second.length).toBe(1)
    } finally {
      await database.close()
    }
  })
})

describe('migrations on the embedded engine', () => {
  it('run past its engine-wide limit, which is for runaway queries', async () => {
    const reports: string[] = []
    const database = await openDatabase({
      dataDir: '',
      inMemory: true,
      loadDataDir: new Blob([readFileSync(inject('templatePath'))]),
      embeddedQueryLimitMs: 200,
      reportEmbeddedRestart: (message) => reports.push(message),
    })
    try {
      // One message of 0.6 s, three times the limit, as a migration rewriting a large table would be.
      const folder = migrationsFolder({ '9201_slow.sql': 'select pg_sleep(0.6);\ncreate table probe_slow (id int);' })
      const migrations = readMigrations(folder)
      expect((await migrate(database.sql, migrations)).map((migration) => migration.version)).toEqual(['9201'])
      const [table] = await database.sql`select to_regclass('probe_slow') is not null as present`
      expect(table).toEqual({ present: true })
      expect(reports).toEqual([])
    } finally {
      await database.close()
    }
  })
})
