/**
 * Runs tasks with at most `concurrency` in flight and returns their results in task order. Model APIs are
 * slow and parallel; the embedded database queues on its one connection, so concurrency only costs waiting.
 */
export async function runPool<T>(tasks: readonly (() => Promise<T>)[], concurrency: number, onDone?: (finished: number) => void): Promise<T[]> {
  const results = new Array<T>(tasks.length)
  let next = 0
  let finished = 0
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]!()
      onDone?.(++finished)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, worker))
  return results
}
