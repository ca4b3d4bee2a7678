// The web chat: plain ES module, no build step. vega, vegaLite and vegaEmbed are globals from the vendored
// classic scripts (index.html loads them first); marked and DOMPurify are vendored ES modules.
import { marked } from '/vendor/marked.esm.js'
import DOMPurify from '/vendor/purify.es.mjs'

const keyStorageName = 'luxx-analyst.api-key'
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const suggestionCount = 6

const elements = {
  thread: document.getElementById('thread'),
  welcome: document.getElementById('welcome'),
  suggestions: document.getElementById('suggestions'),
  form: document.getElementById('ask'),
  question: document.getElementById('question'),
  send: document.getElementById('send'),
  notice: document.getElementById('notice'),
  sidebar: document.getElementById('sidebar'),
  toggleSidebar: document.getElementById('toggle-sidebar'),
  conversations: document.getElementById('conversations'),
  conversationsEmpty: document.getElementById('conversations-empty'),
  newConversation: document.getElementById('new-conversation'),
  newConversationTop: document.getElementById('new-conversation-top'),
  keyDialog: document.getElementById('key-dialog'),
  keyForm: document.getElementById('key-form'),
  keyInput: document.getElementById('key-input'),
  keyMessage: document.getElementById('key-message'),
  turnTemplate: document.getElementById('turn-template'),
}

const state = {
  conversationId: null,
  streaming: false,
  toolTitles: new Map(),
  chartTheme: {},
}

// ---------------------------------------------------------------- API access

class ApiError extends Error {
  constructor(status, message, requestId) {
    super(message)
    this.status = status
    this.requestId = requestId
  }
}

async function errorOf(response) {
  const body = await response.json().catch(() => null)
  const message = body?.error?.message ?? `${response.status} ${response.statusText}`
  return new ApiError(response.status, message, body?.error?.requestId)
}

function apiKey() {
  return sessionStorage.getItem(keyStorageName)
}

let keyRequest = null

/** Asks for a key once, however many requests were refused at the same time. */
function askForKey(reason) {
  keyRequest ??= new Promise((resolve, reject) => {
    elements.keyMessage.hidden = !reason
    elements.keyMessage.textContent = reason ?? ''
    elements.keyInput.value = ''
    const done = () => {
      elements.keyDialog.removeEventListener('close', done)
      keyRequest = null
      const key = elements.keyInput.value.trim()
      if (elements.keyDialog.returnValue === 'save' && key) {
        sessionStorage.setItem(keyStorageName, key)
        resolve()
      } else {
        reject(new ApiError(401, 'This analyst needs an API key. Reload the page to enter one.'))
      }
    }
    elements.keyDialog.returnValue = ''
    elements.keyDialog.addEventListener('close', done)
    elements.keyDialog.showModal()
    elements.keyInput.focus()
  })
  return keyRequest
}

/** fetch for /api: adds the key, asks for one on 401 and tries again, and turns error bodies into ApiError. */
async function api(path, init = {}) {
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

async function apiJson(path) {
  return (await api(path)).json()
}

/** Server-Sent Events from a fetch response (EventSource cannot POST or send a key). */
async function* serverEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += value
    let boundary = buffer.indexOf('\n\n')
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary)
      buffer = buffer.slice(boundary + 2)
      let name = 'message'
      const data = []
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim()
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart())
      }
      if (data.length > 0) yield { name, data: JSON.parse(data.join('\n')) }
      boundary = buffer.indexOf('\n\n')
    }
  }
}

function showNotice(message) {
  elements.notice.textContent = message
  elements.notice.hidden = !message
}

// ---------------------------------------------------------------- rendering helpers

function element(tag, options = {}, children = []) {
  const node = document.createElement(tag)
  if (options.className) node.className = options.className
  if (options.text !== undefined) node.textContent = options.text
  for (const [name, value] of Object.entries(options.attributes ?? {})) node.setAttribute(name, value)
  node.append(...children)
  return node
}

// Model output is untrusted: Markdown is rendered, then sanitized, and nothing in it may load from elsewhere
// or carry inline styles (the Content-Security-Policy would refuse them anyway).
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  }
})

function renderMarkdown(target, text) {
  const html = marked.parse(text, { async: false, gfm: true })
  target.innerHTML = DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'img', 'svg', 'math', 'form', 'input', 'button', 'textarea', 'select', 'iframe'],
    FORBID_ATTR: ['style'],
  })
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 })

function formatCell(value) {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'number') return numberFormat.format(value)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function toolTitle(name) {
  return state.toolTitles.get(name) ?? name
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

// ---------------------------------------------------------------- charts

/** The house theme, and a chart as wide as its column on a phone as on a desktop. */
function chartSpec(spec) {
  const { $schema, ...rest } = spec
  const themed = { ...rest, config: { ...state.chartTheme, ...(rest.config ?? {}) } }
  const singleView = 'mark' in rest || 'layer' in rest
  if (singleView && typeof rest.width === 'number') {
    themed.width = 'container'
    themed.autosize = { type: 'fit-x', contains: 'padding' }
  }
  return themed
}

async function drawChart(target, spec) {
  // ast: true evaluates Vega expressions with the interpreter bundled in vega-embed, so the page needs no
  // 'unsafe-eval'; the default styles are off because the Content-Security-Policy refuses injected style tags.
  await vegaEmbed(target, chartSpec(spec), {
    mode: 'vega-lite',
    renderer: 'svg',
    ast: true,
    actions: false,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  })
}

async function downloadChart(answerId, index, format, button) {
  const label = button.textContent
  button.disabled = true
  button.textContent = 'Downloading…'
  try {
    const response = await api(`/api/charts/${answerId}-${index}.${format}`)
    const url = URL.createObjectURL(await response.blob())
    const link = element('a', { attributes: { href: url, download: `luxx-chart-${answerId.slice(0, 8)}-${index}.${format}` } })
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 30_000)
  } catch (error) {
    showNotice(`Could not download the chart: ${error.message}`)
  } finally {
    button.disabled = false
    button.textContent = label
  }
}

function chartFigure(chart, download) {
  const view = element('div', { className: 'chart-view' })
  const figure = element('figure', { className: 'chart' }, [view])
  if (download) {
    const buttons = ['png', 'svg'].map((format) => {
      const button = element('button', { className: 'ghost-button small', text: `Download ${format.toUpperCase()}`, attributes: { type: 'button' } })
      button.addEventListener('click', () => downloadChart(download.answerId, download.index, format, button))
      return button
    })
    figure.append(element('figcaption', { className: 'chart-actions' }, buttons))
  }
  drawChart(view, chart.spec).then(
    () => figure.setAttribute('data-rendered', 'true'),
    (error) => view.replaceChildren(element('p', { className: 'error small', text: `Could not draw “${chart.title}”: ${error.message}` })),
  )
  return figure
}

// ---------------------------------------------------------------- one question and its answer

function tableView(table, collapsed) {
  const head = element('tr', {}, table.columns.map((column) => element('th', { text: column, attributes: { scope: 'col' } })))
  const rows = table.rows.map((row) =>
    element('tr', {}, table.columns.map((column) => {
      const value = row[column]
      return element('td', { text: formatCell(value), className: typeof value === 'number' ? 'number' : '' })
    })),
  )
  const shown = table.rows.length < table.totalRows ? `first ${table.rows.length} of ${table.totalRows} rows` : plural(table.totalRows, 'row')
  const details = element('details', { className: 'table' }, [
    element('summary', { text: `Data: ${table.title} (${shown})` }),
    element('div', { className: 'table-scroll' }, [element('table', {}, [element('thead', {}, [head]), element('tbody', {}, rows)])]),
  ])
  details.open = !collapsed
  return details
}

function section(title, children) {
  return element('section', { className: 'how-section' }, [element('h4', { text: title }), ...children])
}

function howPanel(answer) {
  const parts = []
  const cost = answer.usage.estimatedCostUsd
  parts.push(
    section('Who answered', [
      element('p', {
        text: `${answer.provider} (${answer.model}), ${plural(answer.steps, 'step')}, ${(answer.durationMs / 1000).toFixed(1)} s` +
          (cost === null ? '' : `, estimated cost $${cost.toFixed(4)}`) + '.',
      }),
      ...answer.fallbackFrom.map((fallback) => element('p', { className: 'warning', text: `${fallback.provider} (${fallback.model}) failed first: ${fallback.error}` })),
    ]),
  )
  const calls = answer.toolCalls.map((call) => {
    const outcome = call.ok ? `${plural(call.rowCount ?? 0, 'row')}, ${Math.round(call.durationMs)} ms` : `failed: ${call.error?.message ?? 'unknown error'}`
    const children = [
      element('p', { className: 'tool-name' }, [element('strong', { text: toolTitle(call.name) }), ` (${call.name}) — ${outcome}`]),
      element('p', { className: 'label', text: 'Arguments' }),
      element('pre', { text: JSON.stringify(call.arguments ?? {}, null, 2) }),
    ]
    if (call.sql) children.push(element('p', { className: 'label', text: 'SQL (read-only, parameters as $n)' }), element('pre', { className: 'sql', text: call.sql }))
    return element('div', { className: `tool-call${call.ok ? '' : ' failed'}` }, children)
  })
  parts.push(section('Tools', calls.length > 0 ? calls : [element('p', { text: 'No tool was needed.' })]))
  if (answer.assumptions.length > 0) {
    parts.push(section('Assumptions', [element('ul', {}, answer.assumptions.map((assumption) => element('li', { text: assumption })))]))
  }
  const grounding = answer.grounding
  const groundingText = grounding.ok
    ? grounding.checked === 0
      ? 'The answer states no figures to check.'
      : `All ${plural(grounding.checked, 'figure')} in the answer match numbers the tools returned.`
    : `Not found in the tool results: ${grounding.ungrounded.map((figure) => figure.text).join(', ')} (of ${plural(grounding.checked, 'figure')} checked).`
  parts.push(section('Grounding', [element('p', { className: grounding.ok ? 'grounded' : 'warning', text: groundingText })]))
  return parts
}

/** The DOM of one question and its answer, filled as events stream in and rendered whole from the final answer. */
function createTurn(question) {
  const root = elements.turnTemplate.content.firstElementChild.cloneNode(true)
  root.querySelector('.question').textContent = question
  const answerElement = root.querySelector('.answer')
  const status = root.querySelector('.status')
  const statusText = root.querySelector('.status-text')
  const text = root.querySelector('.answer-text')
  const charts = root.querySelector('.charts')
  const tables = root.querySelector('.tables')
  const footer = root.querySelector('.answer-footer')
  const meta = root.querySelector('.answer-meta')
  const copy = root.querySelector('.copy-answer')
  const how = root.querySelector('.how')
  const howBody = root.querySelector('.how-body')
  elements.thread.append(root)

  let streamed = ''
  let frame = 0
  const flush = () => {
    frame = 0
    renderMarkdown(text, streamed)
  }
  let finalText = ''
  copy.addEventListener('click', async () => {
    if (!navigator.clipboard) {
      // Browsers offer the clipboard to secure pages only: https, or this machine.
      copy.textContent = 'Copying needs https'
    } else {
      try {
        await navigator.clipboard.writeText(finalText)
        copy.textContent = 'Copied'
      } catch (error) {
        copy.textContent = `Could not copy: ${error.message}`
      }
    }
    setTimeout(() => (copy.textContent = 'Copy answer'), 2_000)
  })

  return {
    root,
    status(message) {
      statusText.textContent = message
    },
    appendText(delta) {
      streamed += delta
      // One Markdown render per frame, however fast the pieces arrive.
      frame ||= requestAnimationFrame(flush)
    },
    restartText() {
      streamed = ''
      renderMarkdown(text, '')
    },
    previewChart(chart) {
      charts.append(chartFigure(chart, null))
    },
    fail(message) {
      answerElement.dataset.state = 'failed'
      status.hidden = true
      answerElement.append(element('p', { className: 'error', text: message }))
    },
    render(answer) {
      cancelAnimationFrame(frame)
      finalText = answer.text
      renderMarkdown(text, answer.text)
      charts.replaceChildren(...answer.charts.map((chart, index) => chartFigure(chart, { answerId: answer.id, index })))
      const chartedTools = new Set(answer.charts.map((chart) => chart.tool))
      tables.replaceChildren(...answer.tables.filter((table) => table.rows.length > 0).map((table) => tableView(table, chartedTools.has(table.tool))))
      const grounded = answer.grounding.ok ? 'every figure checked against the data' : 'some figures could not be checked — see How I got this'
      meta.textContent = `${answer.provider} · ${(answer.durationMs / 1000).toFixed(1)} s · ${grounded}`
      howBody.replaceChildren(...howPanel(answer))
      footer.hidden = false
      how.hidden = false
      status.hidden = true
      answerElement.dataset.state = answer.status
      answerElement.dataset.answerId = answer.id
    },
  }
}

// ---------------------------------------------------------------- asking

function setBusy(busy) {
  state.streaming = busy
  elements.send.disabled = busy
  elements.send.textContent = busy ? 'Answering…' : 'Ask'
}

async function ask(question) {
  if (state.streaming || !question.trim()) return
  showNotice('')
  elements.welcome.hidden = true
  const turn = createTurn(question)
  turn.root.scrollIntoView({ behavior: 'smooth', block: 'start' })
  setBusy(true)
  try {
    const response = await api('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ message: question, ...(state.conversationId ? { conversationId: state.conversationId } : {}) }),
    })
    let finished = false
    for await (const event of serverEvents(response)) {
      const data = event.data
      if (event.name === 'start') {
        state.conversationId = data.conversationId
      } else if (event.name === 'tool_call_start') {
        turn.status(`Running ${toolTitle(data.name)}…`)
      } else if (event.name === 'tool_call_end') {
        turn.status(data.ok ? `${toolTitle(data.name)}: ${plural(data.rowCount ?? 0, 'row')}. Writing the answer…` : `${toolTitle(data.name)} failed: ${data.error}`)
      } else if (event.name === 'chart') {
        turn.previewChart(data.chart)
      } else if (event.name === 'text_delta') {
        turn.appendText(data.text)
      } else if (event.name === 'provider_fallback') {
        // What the failed provider wrote is superseded: the next one writes the answer again.
        turn.restartText()
        turn.status(`${data.from} failed; ${data.to} is answering…`)
      } else if (event.name === 'final') {
        finished = true
        turn.render(data.answer)
        history.replaceState(null, '', `#${data.answer.conversationId}`)
        void refreshConversations()
      } else if (event.name === 'error') {
        finished = true
        turn.fail(data.message)
      }
    }
    if (!finished) turn.fail('The connection ended before the answer was complete. Ask again.')
  } catch (error) {
    turn.fail(error.message)
  } finally {
    setBusy(false)
    elements.question.focus()
  }
}

// ---------------------------------------------------------------- conversations

function newConversation() {
  state.conversationId = null
  elements.thread.replaceChildren()
  elements.welcome.hidden = false
  history.replaceState(null, '', location.pathname)
  markActiveConversation()
  closeSidebar()
  elements.question.focus()
}

function markActiveConversation() {
  for (const button of elements.conversations.querySelectorAll('button')) {
    button.setAttribute('aria-current', button.dataset.id === state.conversationId ? 'true' : 'false')
  }
}

async function refreshConversations() {
  try {
    const { conversations } = await apiJson('/api/conversations?limit=100')
    elements.conversationsEmpty.hidden = conversations.length > 0
    elements.conversations.replaceChildren(
      ...conversations.map((conversation) => {
        const when = new Date(conversation.updatedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
        const button = element('button', { attributes: { type: 'button', title: conversation.title } }, [
          element('span', { className: 'conversation-title', text: conversation.title }),
          element('span', { className: 'muted small', text: `${when} · ${plural(conversation.answers, 'answer')}` }),
        ])
        button.dataset.id = conversation.id
        button.addEventListener('click', () => openConversation(conversation.id))
        return element('li', {}, [button])
      }),
    )
    markActiveConversation()
  } catch (error) {
    showNotice(`Could not list the conversations: ${error.message}`)
  }
}

async function openConversation(id) {
  if (state.streaming) return
  closeSidebar()
  try {
    const conversation = await apiJson(`/api/conversations/${id}`)
    state.conversationId = conversation.id
    elements.thread.replaceChildren()
    elements.welcome.hidden = true
    for (const answer of conversation.answers) createTurn(answer.question).render(answer)
    history.replaceState(null, '', `#${conversation.id}`)
    markActiveConversation()
    showNotice('')
  } catch (error) {
    showNotice(`Could not open the conversation: ${error.message}`)
  }
}

// ---------------------------------------------------------------- suggestions, layout, start

/** One example question from each area in turn, so the first questions show the breadth of the catalog. */
function suggestionsFrom(tools) {
  const byArea = new Map()
  for (const tool of tools) {
    if (!byArea.has(tool.area)) byArea.set(tool.area, [])
    byArea.get(tool.area).push(tool)
  }
  const queues = [...byArea.values()]
  const picked = []
  for (let round = 0; picked.length < suggestionCount && queues.some((queue) => queue.length > round); round++) {
    for (const queue of queues) {
      const example = queue[round]?.examples[0]
      if (example && picked.length < suggestionCount) picked.push(example)
    }
  }
  return picked
}

function showSuggestions(examples) {
  elements.suggestions.replaceChildren(
    ...examples.map((example) => {
      const button = element('button', { className: 'suggestion', text: example, attributes: { type: 'button' } })
      button.addEventListener('click', () => ask(example))
      return button
    }),
  )
}

function closeSidebar() {
  elements.sidebar.classList.remove('open')
  elements.toggleSidebar.setAttribute('aria-expanded', 'false')
}

function wireEvents() {
  elements.form.addEventListener('submit', (event) => {
    event.preventDefault()
    const question = elements.question.value.trim()
    if (!question) return
    elements.question.value = ''
    void ask(question)
  })
  elements.question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      elements.form.requestSubmit()
    }
  })
  elements.newConversation.addEventListener('click', newConversation)
  elements.newConversationTop.addEventListener('click', newConversation)
  elements.toggleSidebar.addEventListener('click', () => {
    const open = elements.sidebar.classList.toggle('open')
    elements.toggleSidebar.setAttribute('aria-expanded', String(open))
  })
}

async function start() {
  wireEvents()
  try {
    state.chartTheme = await (await fetch('/chart-theme.json')).json()
    const { tools } = await apiJson('/api/tools')
    for (const tool of tools) state.toolTitles.set(tool.name, tool.title)
    showSuggestions(suggestionsFrom(tools))
    await refreshConversations()
    const requested = location.hash.slice(1)
    if (uuidPattern.test(requested)) await openConversation(requested)
    document.body.dataset.ready = 'true'
  } catch (error) {
    showNotice(error.message)
  }
}

void start()
