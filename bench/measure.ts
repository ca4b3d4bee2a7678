import { availableParallelism } from 'node:os'

/**
 * Timing with warm-up and repeats, reported as percentiles. Runs stop early once a case has used its time
 * budget (after a minimum of runs), so one slow case cannot stretch a run to hours; the number of runs taken
 * is reported with the figures.
 */

export interface MeasureOptions {
  /** Untimed runs first: connections, caches and plans warm. */
  warmup: number
  /** Timed runs at most. */
  repeats: number
  /** Timed runs at least, whatever the budget. */
  minimumRepeats: number
  /** Stop repeating once the timed runs have taken this long. */
  budgetMs: number
}

export interface Timing {
  runs: number
  p50Ms: number
  p95Ms: number
  minMs: number
  maxMs: number
  meanMs: number
}

/** The value below which `fraction` of the samples fall (nearest rank), as p95 is usually read. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil(fraction * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

const round = (value: number) => Math.round(value * 10) / 10

export function summarize(samples: readonly number[]): Timing {
  return {
    runs: samples.length,
    p50Ms: round(percentile(samples, 0.5)),
    p95Ms: round(percentile(samples, 0.95)),
    minMs: round(Math.min(...samples)),
    maxMs: round(Math.max(...samples)),
    meanMs: round(samples.reduce((sum, sample) => sum + sample, 0) / samples.length),
  }
}

export async function timeOnce(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await run()
  return performance.now() - started
}

export async function measure(run: () => Promise<unknown>, options: MeasureOptions): Promise<Timing> {
  for (let index = 0; index < options.warmup; index++) await run()
  const samples: number[] = []
  let spent = 0
  while (samples.length < options.repeats && (samples.length < options.minimumRepeats || spent < options.budgetMs)) {
    const elapsed = await timeOnce(run)
    samples.push(elapsed)
    spent += elapsed
  }
  return summarize(samples)
}

export interface LoadOptions {
  /** Clients sending requests at once, each waiting for its answer before sending the next. */
  concurrency: number
  /** Requests in all, spread over the clients. */
  requests: number
  /** Untimed requests per client first. */
  warmup: number
}

export interface LoadTiming extends Timing {
  concurrency: number
  requestsPerSecond: number
  /** The machine's cores (other work may share them: see the load average). */
  cores: number
  /** Requests per second over the machine's cores. */
  requestsPerSecondPerCore: number
  /** CPU time this process spent per timed request (a server measured in-process and its clients alike). */
  processCpuMsPerRequest: number
}

/** Latency of each request under `concurrency` clients in closed loop, and the throughput they reach together. */
export async function measureUnderLoad(run: (request: number) => Promise<unknown>, options: LoadOptions): Promise<LoadTiming> {
  await Promise.all(Array.from({ length: options.concurrency }, async (_, client) => {
    for (let index = 0; index < options.warmup; index++) await run(client + index * options.concurrency)
  }))
  const samples: number[] = []
  let next = 0
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.requests) {
        const request = next++
        samples.push(await timeOnce(() => run(request)))
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  const cores = availableParallelism()
  return {
    ...summarize(samples),
    concurrency: options.concurrency,
    requestsPerSecond: round(samples.length / seconds),
    cores,
    requestsPerSecondPerCore: round(samples.length / seconds / cores),
    processCpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / samples.length),
  }
}
