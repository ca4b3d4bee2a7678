import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { seedProgressFeed, withProgress } from './progress.ts'
import type { ProgressNotification } from './sdk.ts'

function recorder(progressToken?: string) {
  const sent: ProgressNotification['params'][] = []
  return {
    sent,
    request: {
      _meta: progressToken === undefined ? undefined : { progressToken },
      sendNotification: (notification: ProgressNotification) => {
        sent.push(notification.params)
        return Promise.resolve()
      },
    },
  }
}

describe('progress for requests that ask for it', () => {
  it('beats once a second while work that takes longer runs, with growing progress', async () => {
    const { sent, request } = recorder('slow')
    expect(await withProgress(request, 'Running sales_trend', () => sleep(2_300).then(() => 'done'))).toBe('done')
    expect(sent.length).toBe(2)
    expect(sent.map((params) => params.progress)).toEqual([1, 2])
    expect(sent[0]).toMatchObject({ progressToken: 'slow', message: 'Running sales_trend: 1 s' })
    // Nothing after the work ends.
    await sleep(1_100)
    expect(sent.length).toBe(2)
  })

  it('reports the seeding\'s rows against their total, and nothing to a request without a progress token', async () => {
    const feed = seedProgressFeed()
    const { sent, request } = recorder('first-run')
    const silent = recorder()
    let release!: () => void
    const opened = new Promise<void>((resolve) => (release = resolve))
    const waiting = Promise.all([withProgress(request, 'Opening the database', () => opened, feed), withProgress(silent.request, 'Opening the database', () => opened, feed)])
    feed.report({ done: 500, total: 2_000, table: 'sales' })
    // Reports closer together than a quarter second are not all passed on.
    feed.report({ done: 600, total: 2_000, table: 'sales' })
    await sleep(300)
    feed.report({ done: 1_500, total: 2_000, table: 'sales' })
    release()
    await waiting
    expect(sent.map(({ progress, total }) => [progress, total])).toEqual([[500, 2_000], [1_500, 2_000]])
    expect(sent[1]!.message).toBe('First run: seeding the demo data (sales, 1500 of 2000 rows)')
    expect(silent.sent).toEqual([])
  })
})
