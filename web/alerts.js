// @ts-check
// The alerts page (alerts.html): the caller's saved alerts over /api/alerts, a form to save one in words, and a
// test that judges one now without sending anything. Plain ES module, typed with JSDoc against the routes' own types
// and checked by `tsc --noEmit -p web`. It shares the web chat's API key (sessionStorage) and asks for one on a 401.

/** @import { AlertsResponse, AlertTestResponse, AlertView } from '../src/alerts/alert-api-types.ts' */

const keyStorageName = 'luxx-analyst.api-key'

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T, name: string }} kind
 * @returns {T}
 */
function byId(id, kind) {
  const found = document.getElementById(id)
  if (!(found instanceof kind)) throw new Error(`The page has no #${id} (${kind.name}).`)
  return found
}

const elements = {
  notice: byId('notice', HTMLParagraphElement),
  create: byId('create', HTMLFormElement),
  when: byId('when', HTMLInputElement),
  email: byId('email', HTMLInputElement),
  webhook: byId('webhook', HTMLInputElement),
  format: byId('format', HTMLSelectElement),
  list: byId('alerts', HTMLUListElement),
  empty: byId('empty', HTMLParagraphElement),
  keyForm: byId('key-form', HTMLFormElement),
  key: byId('key', HTMLInputElement),
}

/** @param {string} message */
function showNotice(message) {
  elements.notice.textContent = message
  elements.notice.hidden = message === ''
}

/** Waits for a key typed into the page's key form. @returns {Promise<void>} */
function askForKey() {
  elements.keyForm.hidden = false
  elements.key.focus()
  return new Promise((resolve) => {
    elements.keyForm.addEventListener(
      'submit',
      (event) => {
        event.preventDefault()
        sessionStorage.setItem(keyStorageName, elements.key.value.trim())
        elements.keyForm.hidden = true
        resolve()
      },
      { once: true },
    )
  })
}

/**
 * fetch for /api/alerts with the key; a refused key asks for another and tries again; an error body becomes an Error.
 * @param {string} path
 * @param {{ method?: string, body?: unknown }} [init]
 * @returns {Promise<Response>}
 */
async function api(path, init = {}) {
  const key = sessionStorage.getItem(keyStorageName)
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
  if (response.status === 401) {
    sessionStorage.removeItem(keyStorageName)
    await askForKey()
    return api(path, init)
  }
  if (!response.ok) {
    /** @type {unknown} */
    const body = await response.json().catch(() => null)
    const message = body && typeof body === 'object' && 'error' in body && body.error && typeof body.error === 'object' && 'message' in body.error ? String(body.error.message) : `${response.status} ${response.statusText}`
    throw new Error(message)
  }
  return response
}

/**
 * A JSON body as the route's own type says it is.
 * @template T
 * @param {Response} response
 * @returns {Promise<T>}
 */
async function json(response) {
  /** @type {unknown} */
  const body = await response.json()
  return /** @type {T} */ (body)
}

/** @param {AlertView} rule */
function recipientsOf(rule) {
  return rule.recipients.map((recipient) => (recipient.type === 'email' ? recipient.address : `${recipient.format} webhook (${new URL(recipient.url).host})`)).join(', ')
}

/** @param {AlertView} rule */
function alertItem(rule) {
  const item = document.createElement('li')
  item.className = 'alert-item'
  const name = document.createElement('strong')
  name.textContent = rule.name
  const who = document.createElement('p')
  who.className = 'muted small'
  who.textContent = `Tells ${recipientsOf(rule)}. Asks again: “${rule.question}”`
  const result = document.createElement('p')
  result.className = 'alert-result'
  result.hidden = true
  const test = document.createElement('button')
  test.type = 'button'
  test.className = 'ghost-button'
  test.textContent = 'Test now'
  test.addEventListener('click', () => {
    void api(`/api/alerts/${rule.id}/test`, { method: 'POST' })
      .then((response) => json(/** @type {Response} */ (response)))
      .then((/** @type {AlertTestResponse} */ tested) => {
        const figures = tested.figures.map((figure) => `${figure.label}: ${figure.value}`).join(' · ')
        result.textContent = `${tested.status === 'fires' ? 'Would fire' : 'Would not fire'} for ${tested.period}. ${tested.summary}${figures ? ` (${figures})` : ''}`
        result.hidden = false
      })
      .catch((/** @type {unknown} */ error) => showNotice(error instanceof Error ? error.message : String(error)))
  })
  const remove = document.createElement('button')
  remove.type = 'button'
  remove.className = 'ghost-button'
  remove.textContent = 'Delete'
  remove.addEventListener('click', () => {
    void api(`/api/alerts/${rule.id}`, { method: 'DELETE' })
      .then(refresh)
      .catch((/** @type {unknown} */ error) => showNotice(error instanceof Error ? error.message : String(error)))
  })
  const actions = document.createElement('div')
  actions.className = 'alert-actions'
  actions.append(test, remove)
  item.append(name, who, actions, result)
  return item
}

async function refresh() {
  /** @type {AlertsResponse} */
  const { alerts } = await json(await api('/api/alerts'))
  elements.list.replaceChildren(...alerts.map(alertItem))
  elements.empty.hidden = alerts.length > 0
}

elements.create.addEventListener('submit', (event) => {
  event.preventDefault()
  showNotice('')
  const recipients = [
    ...(elements.email.value.trim() ? [{ type: 'email', address: elements.email.value.trim() }] : []),
    ...(elements.webhook.value.trim() ? [{ type: 'webhook', url: elements.webhook.value.trim(), format: elements.format.value }] : []),
  ]
  void api('/api/alerts', { method: 'POST', body: { when: elements.when.value, recipients } })
    .then(() => {
      elements.create.reset()
      return refresh()
    })
    .catch((/** @type {unknown} */ error) => showNotice(error instanceof Error ? error.message : String(error)))
})

void refresh().catch((/** @type {unknown} */ error) => showNotice(error instanceof Error ? error.message : String(error)))
