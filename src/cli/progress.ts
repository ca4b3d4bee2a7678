import { SingleBar, Presets } from 'cli-progress'

/** A progress bar on stderr when it is a terminal; silent otherwise (CI, pipes). */
export function progressBar(label: string) {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined }
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} {table}`, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  )
  let started = false
  return {
    update: (done: number, total: number, table: string) => {
      if (!started) {
        bar.start(total, 0, { table })
        started = true
      }
      bar.setTotal(total)
      bar.update(done, { table })
    },
    stop: () => {
      if (started) bar.stop()
    },
  }
}
