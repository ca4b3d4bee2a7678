// Lint for luxx-analyst: `npm run lint` runs ESLint here, then dependency-cruiser (.dependency-cruiser.cjs), both with
// zero warnings allowed.
//
// ESLint (this file): the recommended JavaScript and typescript-eslint rules (not the type-checked set, to stay fast).
// Deliberate departures from the recommended set:
//   - @typescript-eslint/no-unused-vars: names with a leading `_` are intentionally unused, and so are the siblings of a
//     rest property (`const { $schema, ...rest } = spec` drops a field on purpose).
//   - web/app.js is linted with browser globals plus the vega globals its <script> tags provide.
//
// Import boundaries and cycles: dependency-cruiser (`npm run lint:imports`), rules explained at the top of
// .dependency-cruiser.cjs. In short:
//   - tools/ imports only the tool kit (src/tools/define-tool.ts), the semantic layer (src/semantic/), zod and tools/.
//   - layers point down: entry points (cli, server) > transports (http, mcp) > digest > reports > engine; http and
//     mcp meet only at the MCP-over-HTTP seam; surfaces reach data through src/agent and src/tools, and use src/db
//     only for the connection (open, ping, migrate) and their own stores.
//   - model SDKs only in their provider file; the MCP SDK only in src/mcp/ (and the test helpers).
//   - no import cycles anywhere (type-only imports included).
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores(['dist/**', 'node_modules/**', '.data/**', 'test-artifacts/**', 'bench/results*', 'coverage/**']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    ignores: ['web/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { ...globals.browser, vega: 'readonly', vegaLite: 'readonly', vegaEmbed: 'readonly' },
    },
  },
)
