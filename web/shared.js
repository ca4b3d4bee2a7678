// @ts-check
// What the web pages share (web/app.js, the chat; web/dashboards.js, the dashboards): the API key and calls to /api,
// building elements, and drawing a chart in the house theme. Plain ES module, typechecked with the pages
// (web/tsconfig.json). vegaEmbed is the global of the vendored classic script each page loads first.

/** @import { ApiErrorBody } from '../src/http/api-types.ts' */

const keyStorageName = 'luxx-analyst.api-key'

/**
 * The element of the page with this id, of this kind; a page without it is broken, so this throws.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T, name: string }} kind
 * @returns {T}
 */
export function byId(id, kind) {
  const found = document.getElementById(id)
  if (!(found instanceof kind)) throw new Error(`The page has no #${id} (${kind.name}).`)
  return found
}

/**
 * The element under root that matches selector, of this kind; a template without it is broken, so this throws.
 * @template {Element} T
 * @param {ParentNode} root
 * @param {string} selector
 * @param {{ new (): T, name: string }} kind
 * @returns {T}
 */
export function within(root, selector, kind) {
  const found = root.querySelector(selector)
  if (!(found instanceof kind)) throw new Error(`The page has no ${selector} (${kind.name}).`)
  return found
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** @param {unknown} error */
export function messageOf(error) {
  return error instanceof Error ? error.message : String(error)
}

// ---------------------------------------------------------------- API access

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {string} [requestId]
   */
  constructor(status, message, requestId) {
    super(message)
    this.status = status
    this.requestId = requestId
  }
}

/**
 * @param {unknown} body
 * @returns {body is ApiErrorBody}
 */
function isErrorBody(body) {
  return isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string'
}

/** @param {Response} response */
async function errorOf(response) {
  /** @type {unknown} */
  const body = await response.json().catch(() => null)
  if (!isErrorBody(body)) return new ApiError(response.status, `${response.status} ${response.statusText}`)
  return new ApiError(response.status, body.error.message, body.error.requestId)
}

function apiKey() {
  return sessionStorage.getItem(keyStorageName)
}

/** @type {Promise<void> | null} */
let keyRequest = null

/**
 * Asks for a key once, however many requests were refused at the same time.
 * @param {string | null} reason
 * @returns {Promise<void>}
 */
function askForKey(reason) {
  keyRequest ??= /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
    keyElements().message.hidden = !reason
    keyElements().message.textContent = reason ?? ''
    keyElements().input.value = ''
    const done = () => {
      keyElements().dialog.removeEventListener('close', done)
      keyRequest = null
      const key = keyElements().input.value.trim()
      if (keyElements().dialog.returnValue === 'save' && key) {
        sessionStorage.setItem(keyStorageName, key)
        resolve()
      } else {
        reject(new ApiError(401, 'This analyst needs an API key. Reload the page to enter one.'))
      }
    }
    keyElements().dialog.returnValue = ''
    keyElements().dialog.addEventListener('close', done)
    keyElements().dialog.showModal()
    keyElements().input.focus()
  }))
  return keyRequest
}

/**
 * fetch for /api: adds the key, asks for one on 401 and tries again, and turns error bodies into ApiError.
 * @param {string} path
 * @param {Omit<RequestInit, 'headers'> & { headers?: Record<string, string> }} [init]
 * @returns {Promise<Response>}
 */
export async function api(path, init = {}) {
  const key = apiKey()
  const headers = { ...init.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) }
  const response = await fetch(path, { ...init, headers })
  if (response.status === 401) {
    const error = await errorOf(response)
    if (key) sessionStorage.removeItem(keyStorageName)
    await askForKey(key ? `That key was refused: ${error.message}` : null)
    return api(path, init)
  }
  if (!response.ok) throw await errorOf(response)
  return response
}

/**
 * A JSON body from /api as the type src/http/api-types.ts gives it; the route that sends it checks it against that type.
 * The page does not validate its own server's answers again: this is the one place where parsed JSON, unknown until
 * here, takes its type.
 * @template T
 * @param {string} path
 * @returns {Promise<T>}
 */
export async function apiJson(path) {
  /** @type {unknown} */
  const body = await (await api(path)).json()
  return /** @type {T} */ (body)
}

/** The API key dialog both pages hold (#key-dialog, #key-form, #key-input, #key-message). */
function keyElements() {
  return {
    dialog: byId('key-dialog', HTMLDialogElement),
    input: byId('key-input', HTMLInputElement),
    message: byId('key-message', HTMLElement),
  }
}

/**
 * @template {keyof HTMLElementTagNameMap} Tag
 * @param {Tag} tag
 * @param {{ className?: string, text?: string, attributes?: Record<string, string> }} [options]
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElementTagNameMap[Tag]}
 */
export function element(tag, options = {}, children = []) {
  const node = document.createElement(tag)
  if (options.className) node.className = options.className
  if (options.text !== undefined) node.textContent = options.text
  for (const [name, value] of Object.entries(options.attributes ?? {})) node.setAttribute(name, value)
  node.append(...children)
  return node
}

/** @type {Record<string, unknown>} the house Vega-Lite config, from /chart-theme.json */
let chartTheme = {}

/** Loads the house chart theme once, before the first chart is drawn. */
export async function loadChartTheme() {
  /** @type {unknown} */
  const theme = await (await fetch('/chart-theme.json')).json()
  if (isRecord(theme)) chartTheme = theme
}

/**
 * The house theme, and a chart as wide as its column on a phone as on a desktop.
 * @param {Record<string, unknown>} spec
 * @returns {Record<string, unknown>}
 */
function chartSpec(spec) {
  const { $schema, ...rest } = spec
  /** @type {Record<string, unknown>} */
  const themed = { ...rest, config: { ...chartTheme, ...(isRecord(rest.config) ? rest.config : {}) } }
  const singleView = 'mark' in rest || 'layer' in rest
  if (singleView && typeof rest.width === 'number') {
    themed.width = 'container'
    themed.autosize = { type: 'fit-x', contains: 'padding' }
  }
  return themed
}

/**
 * @param {HTMLElement} target
 * @param {Record<string, unknown>} spec
 */
export async function drawChart(target, spec) {
  // The answer contract and the envelope type a spec as a JSON object; vega-embed, which checks it, takes it as a Vega-Lite spec.
  const vegaLiteSpec = /** @type {import('vega-embed').VisualizationSpec} */ (chartSpec(spec))
  // ast: true evaluates Vega expressions with the interpreter bundled in vega-embed, so the page needs no
  // 'unsafe-eval'; the default styles are off because the Content-Security-Policy refuses injected style tags.
  await vegaEmbed(target, vegaLiteSpec, {
    mode: 'vega-lite',
    renderer: 'svg',
    ast: true,
    actions: false,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  })
}

/**
 * Saves a response's body as a file, as a link the browser downloads.
 * @param {Blob} blob
 * @param {string} fileName
 */
export function saveFile(blob, fileName) {
  const url = URL.createObjectURL(blob)
  const link = element('a', { attributes: { href: url, download: fileName } })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}
