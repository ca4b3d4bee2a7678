import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The package root, found from this file whether it runs from `src/` (tsx) or from `dist/src/` (built). */
function findPackageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(directory, 'package.json')) || !existsSync(join(directory, 'migrations'))) {
    const parent = dirname(directory)
    if (parent === directory) throw new Error('Cannot find the luxx-analyst package root (package.json beside migrations/).')
    directory = parent
  }
  return directory
}

export const packageRoot = findPackageRoot()

/** A file or folder that ships beside the code: migrations/, prompts/, evals/. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot, ...parts)
}

const require = createRequire(import.meta.url)

/** A file inside an installed package, found from its entry point (package `exports` hide deep paths). */
export function installedPackageFile(packageName: string, relativePath: string): string {
  let directory = dirname(require.resolve(packageName))
  while (!existsSync(join(directory, 'package.json')) || !existsSync(join(directory, relativePath))) {
    const parent = dirname(directory)
    if (parent === directory) throw new Error(`Cannot find ${relativePath} in the ${packageName} package.`)
    directory = parent
  }
  return join(directory, relativePath)
}
