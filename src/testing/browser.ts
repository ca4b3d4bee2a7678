import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const chromiumPath = '/usr/bin/chromium'

/**
 * Debian's Chromium, never a downloaded browser. CI installs it (.ci/run); on a machine without it
 * the browser tests do not run and say why, but under CI its absence is a failure.
 */
export const hasChromium = existsSync(chromiumPath)
if (!hasChromium) {
  const message = `Browser tests need ${chromiumPath} (apt-get install -y chromium).`
  if (process.env.CI) throw new Error(message)
  console.warn(`${message} They do not run here.`)
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  })
}
