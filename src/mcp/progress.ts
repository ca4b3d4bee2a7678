import type { ProgressNotification } from './sdk.ts'

/** Rows the first-run seeding has written, as the runtime reports them. */
export interface SeedProgress {
  done: number
  total: number
  table: string
}

/** Where the seeding's progress can be followed: what the stdio server passes while the database opens. */
export interface SeedProgressFeed {
  subscribe(listener: (progress: SeedProgress) => void): () => void
}

export function seedProgressFeed(): SeedProgressFeed & { report: (progress: SeedProgress) => void } {
  const listeners = new Set<(progress: SeedProgress) => void>()
  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    report(progress) {
      for (const listener of listeners) listener(progress)
    },
  }
}

interface ProgressRequest {
  _meta?: { progressToken?: string | number } | undefined
  sendNotification: (notification: ProgressNotification) => Promise<void>
}

const heartbeatMs = 1_000
const seedReportMs = 250

/**
 * Runs a request's work and, when the client asked for progress (a progressToken), reports it: the seeding's rows while
 * a first run fills the database, then a beat every second while the work goes on, so a client does not time out on a
 * request that takes more than a second. Progress only grows, as the protocol requires.
 */
export async function withProgress<T>(request: ProgressRequest, what: string, work: () => Promise<T>, seeding?: SeedProgressFeed): Promise<T> {
  const progressToken = request._meta?.progressToken
  if (progressToken === undefined) return work()
  let progress = 0
  let lastSeedReport = 0
  const send = (value: number, message: string, total?: number) => {
    progress = Math.max(progress + 1, value)
    void request
      .sendNotification({ method: 'notifications/progress', params: { progressToken, progress, ...(total ? { total } : {}), message } })
      .catch(() => undefined)
  }
  const unsubscribe = seeding?.subscribe(({ done, total, table }) => {
    if (Date.now() - lastSeedReport < seedReportMs) return
    lastSeedReport = Date.now()
    send(done, `First run: seeding the demo data (${table}, ${done} of ${total} rows)`, total)
  })
  const started = Date.now()
  const beat = setInterval(() => {
    if (Date.now() - lastSeedReport >= heartbeatMs) send(progress + 1, `${what}: ${Math.round((Date.now() - started) / 1000)} s`)
  }, heartbeatMs)
  try {
    return await work()
  } finally {
    clearInterval(beat)
    unsubscribe?.()
  }
}
