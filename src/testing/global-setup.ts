import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { connect, openDatabase } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'
import { seedDemoData } from '../demo/seed.ts'

/**
 * Builds, once per run, the databases tests start from: migrated and empty, or migrated with the small demo
 * data (seed 42, ending 2026-10-31 as the tests expect). Embedded copies are dumps loaded in a fraction of a second; on the server they are
 * template databases that CREATE DATABASE … TEMPLATE copies. Seeding once instead of per file keeps CI fast.
 */
export default async function setup(project: TestProject) {
  const directory = mkdtempSync(join(tmpdir(), 'luxx-template-'))
  const embedded = await openDatabase({ dataDir: directory, inMemory: true })
  await migrate(embedded.sql)
  const migratedDump = await embedded.dumpEmbedded?.()
  await seedDemoData(embedded.sql, { scale: 'small', seed: 42, endDate: '2026-10-31' })
  const demoDump = await embedded.dumpEmbedded?.()
  await embedded.close()
  if (!migratedDump || !demoDump) throw new Error('The embedded engine did not produce a dump.')
  const templatePath = join(directory, 'migrated.tar')
  const demoTemplatePath = join(directory, 'demo.tar')
  writeFileSync(templatePath, Buffer.from(await migratedDump.arrayBuffer()))
  writeFileSync(demoTemplatePath, Buffer.from(await demoDump.arrayBuffer()))
  project.provide('templatePath', templatePath)
  project.provide('demoTemplatePath', demoTemplatePath)

  const serverUrl = process.env.TEST_DATABASE_URL
  const serverTemplates: string[] = []
  if (serverUrl) {
    const suffix = randomBytes(4).toString('hex')
    const admin = connect(serverUrl, 1)
    for (const [name, seeded] of [[`luxx_template_${suffix}`, false], [`luxx_template_demo_${suffix}`, true]] as const) {
      await admin`create database ${admin(name)}`
      serverTemplates.push(name)
      const url = new URL(serverUrl)
      url.pathname = `/${name}`
      const template = await openDatabase({ databaseUrl: url.toString(), dataDir: '' })
      await migrate(template.sql)
      if (seeded) await seedDemoData(template.sql, { scale: 'small', seed: 42, endDate: '2026-10-31' })
      await template.close()
    }
    await admin.end()
  }
  project.provide('serverTemplate', serverTemplates[0] ?? '')
  project.provide('serverDemoTemplate', serverTemplates[1] ?? '')

  return async () => {
    rmSync(directory, { recursive: true, force: true })
    if (serverUrl && serverTemplates.length > 0) {
      const admin = connect(serverUrl, 1)
      for (const name of serverTemplates) await admin`drop database if exists ${admin(name)} with (force)`
      await admin.end()
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    templatePath: string
    demoTemplatePath: string
    serverTemplate: string
    serverDemoTemplate: string
  }
}
