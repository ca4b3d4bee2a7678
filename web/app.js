// @ts-check
// The web chat: plain ES module, no build step. vega, vegaLite and vegaEmbed are globals from the vendored
// classic scripts (index.html loads them first); marked and DOMPurify are vendored ES modules; the house formats are
// src/present's own modules, which the server serves as browser modules under /present/ (src/http/routes/web.ts).
// Typed with JSDoc against the server's own types and checked by `tsc --noEmit -p web` (web/tsconfig.json); the
// type imports below are erased, so the browser loads nothing more than the imports above them.
import { marked } from '/vendor/marked.esm.js'
import DOMPurify from '/vendor/purify.es.mjs'
import { formatCostUsd, formatSeconds, plural } from './present/format.js'
import { formatCell } from './present/table-cell.js'
import { api, apiJson, byId, drawChart, element, isRecord, loadChartTheme, messageOf, saveFile, within } from './shared.js'

/** @import { Answer, AnswerChart, AnswerTable } from '../src/agent/answer.ts' */
/** @import { ChatStreamEvent, ConversationResponse, ConversationsResponse, DashboardsResponse, ToolListing, ToolsResponse } from '../src/http/api-types.ts' */

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const suggestionCount = 6

const elements = {
  thread: byId('thread', HTMLElement),
  welcome: byId('welcome', HTMLElement),
  suggestions: byId('suggestions', HTMLElement),
  form: byId('ask', HTMLFormElement),
  question: byId('question', HTMLTextAreaElement),
  send: byId('send', HTMLButtonElement),
  notice: byId('notice', HTMLElement),
  sidebar: byId('sidebar', HTMLElement),
  toggleSidebar: byId('toggle-sidebar', HTMLButtonElement),
  conversations: byId('conversations', HTMLElement),
  conversationsEmpty: byId('conversations-empty', HTMLElement),
  newConversation: byId('new-conversation', HTMLButtonElement),
  newConversationTop: byId('new-conversation-top', HTMLButtonElement),
  turnTemplate: byId('turn-template', HTMLTemplateElement),
}

const state = {
  /** @type {string | null} */
  conversationId: null,
  streaming: false,
  /** @type {Map<string, string>} tool name to title, from GET /api/tools */
  toolTitles: new Map(),
}

/** @type {Record<ChatStreamEvent['name'], true>} every event POST /api/chat sends */
const chatEventNames = { start: true, text_delta: true, tool_call_start: true, tool_call_end: true, chart: true, provider_fallback: true, final: true, error: true }

/**
 * One event of POST /api/chat with its JSON data, typed as src/http/api-types.ts has it (the data is the pipeline's
 * own event object); undefined for a name the chat does not send or data that is not an object.
 * @param {string} name
 * @param {unknown} data
 * @returns {ChatStreamEvent | undefined}
 */
function chatEvent(name, data) {
  if (!Object.prototype.hasOwnProperty.call(chatEventNames, name) || !isRecord(data)) return undefined
  return /** @type {ChatStreamEvent} */ ({ name, data })
}

/**
 * Server-Sent Events from a fetch response (EventSource cannot POST or send a key).
 * @param {Response} response
 * @returns {AsyncGenerator<ChatStreamEvent>}
 */
async function* serverEvents(response) {
  if (!response.body) throw new Error('The answer stream has no body.')
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
      if (data.length > 0) {
        const event = chatEvent(name, JSON.parse(data.join('\n')))
        if (event) yield event
      }
      boundary = buffer.indexOf('\n\n')
    }
  }
}

/** @param {string} message */
function showNotice(message) {
  elements.notice.textContent = message
  elements.notice.hidden = !message
}

// ---------------------------------------------------------------- rendering helpers

// Model output is untrusted: Markdown is rendered, then sanitized, and nothing in it may load from elsewhere
// or carry inline styles (the Content-Security-Policy would refuse them anyway).
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  }
})

/**
 * @param {HTMLElement} target
 * @param {string} text
 */
function renderMarkdown(target, text) {
  const html = marked.parse(text, { async: false, gfm: true })
  target.innerHTML = DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'img', 'svg', 'math', 'form', 'input', 'button', 'textarea', 'select', 'iframe'],
    FORBID_ATTR: ['style'],
  })
}

/** @param {string} name */
function toolTitle(name) {
  return state.toolTitles.get(name) ?? name
}

// ---------------------------------------------------------------- charts

/**
 * @param {string} answerId
 * @param {number} index the chart's index in the answer's charts
 * @param {'png' | 'svg'} format
 * @param {HTMLButtonElement} button
 */
async function downloadChart(answerId, index, format, button) {
  const label = button.textContent
  button.disabled = true
  button.textContent = 'Downloading…'
  try {
    const response = await api(`/api/charts/${answerId}-${index}.${format}`)
    saveFile(await response.blob(), `luxx-chart-${answerId.slice(0, 8)}-${index}.${format}`)
  } catch (error) {
    showNotice(`Could not download the chart: ${messageOf(error)}`)
  } finally {
    button.disabled = false
    button.textContent = label
  }
}

/**
 * @param {AnswerChart} chart
 * @param {{ answerId: string, index: number } | null} download null for a streamed preview, which has no id yet
 */
function chartFigure(chart, download) {
  const view = element('div', { className: 'chart-view' })
  const figure = element('figure', { className: 'chart' }, [view])
  if (download) {
    const buttons = /** @type {const} */ (['png', 'svg']).map((format) => {
      const button = element('button', { className: 'ghost-button small', text: `Download ${format.toUpperCase()}`, attributes: { type: 'button' } })
      button.addEventListener('click', () => downloadChart(download.answerId, download.index, format, button))
      return button
    })
    figure.append(element('figcaption', { className: 'chart-actions' }, buttons))
  }
  drawChart(view, chart.spec).then(
    () => figure.setAttribute('data-rendered', 'true'),
    (error) => view.replaceChildren(element('p', { className: 'error small', text: `Could not draw “${chart.title}”: ${messageOf(error)}` })),
  )
  return figure
}

// ---------------------------------------------------------------- one question and its answer

/**
 * Downloads one table of a stored answer as CSV or XLSX, its rows run again as the answer's role saw them.
 * @param {{ conversationId: string, answerId: string, index: number, title: string }} source
 * @param {'csv' | 'xlsx'} format
 * @param {HTMLButtonElement} button
 */
async function downloadAnswerTable(source, format, button) {
  const label = button.textContent
  button.disabled = true
  button.textContent = 'Downloading…'
  try {
    const response = await api(`/api/conversations/${encodeURIComponent(source.conversationId)}/answers/${encodeURIComponent(source.answerId)}/export?format=${format}&table=${source.index}`)
    saveFile(await response.blob(), `luxx-${source.answerId.slice(0, 8)}-${source.index}.${format}`)
  } catch (error) {
    showNotice(`Could not download “${source.title}” as ${format.toUpperCase()}: ${messageOf(error)}`)
  } finally {
    button.disabled = false
    button.textContent = label
  }
}

/**
 * @param {AnswerTable} table
 * @param {boolean} collapsed
 * @param {{ conversationId: string, answerId: string, index: number } | null} source where its file downloads from; null for a preview
 */
function tableView(table, collapsed, source = null) {
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
  if (source) {
    const buttons = /** @type {const} */ (['csv', 'xlsx']).map((format) => {
      const button = element('button', { className: `ghost-button small table-${format}`, text: `Download ${format.toUpperCase()}`, attributes: { type: 'button' } })
      button.addEventListener('click', () => void downloadAnswerTable({ ...source, title: table.title }, format, button))
      return button
    })
    details.append(element('p', { className: 'table-actions' }, buttons))
  }
  details.open = !collapsed
  return details
}

/**
 * @param {string} title
 * @param {Node[]} children
 */
function section(title, children) {
  return element('section', { className: 'how-section' }, [element('h4', { text: title }), ...children])
}

/**
 * @param {Answer} answer
 * @returns {HTMLElement[]}
 */
function howPanel(answer) {
  const parts = []
  const cost = answer.usage.estimatedCostUsd
  parts.push(
    section('Who answered', [
      element('p', {
        text: `${answer.provider} (${answer.model}), ${plural(answer.steps, 'step')}, ${formatSeconds(answer.durationMs)}` +
          (cost === null ? '' : `, estimated cost ${formatCostUsd(cost)}`) + '.',
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
    : [
        grounding.ungrounded.length > 0
          ? `Not found in the tool results: ${grounding.ungrounded.map((figure) => figure.text).join(', ')} (of ${plural(grounding.checked, 'figure')} checked).`
          : '',
        ...(grounding.mislabeled ?? []).map((figure) => `${figure.text} is called ${figure.said} but measures ${figure.measures.join(' or ')}.`),
      ].filter(Boolean).join(' ')
  parts.push(section('Grounding', [element('p', { className: grounding.ok ? 'grounded' : 'warning', text: groundingText })]))
  if (answer.reading) {
    const relevance = answer.relevance
    const lines = [element('p', { text: `I read this as: ${answer.reading.summary}` })]
    if (answer.reading.stated) lines.push(element('p', { text: `The model read it as: ${answer.reading.stated}` }))
    if (relevance) lines.push(element('p', { className: relevance.ok ? 'grounded answered-as-read' : 'warning answered-as-read', text: relevanceBadge(answer) }))
    parts.push(section('Reading', lines))
  }
  return parts
}

/**
 * The second half of the badge: whether the tools answered the question as it was read (grounding is the first).
 * @param {Answer} answer
 * @returns {string}
 */
function relevanceBadge(answer) {
  switch (answer.relevance?.status) {
    case 'answered':
      return 'question answered as read'
    case 'partial':
      return `NOT answered as read: ${answer.relevance.missing.join('; ')} not applied`
    case 'clarify':
      return 'a clarifying question: pick a reading'
    case 'declined':
      return 'declined'
    case 'unanswered':
      return 'no answer could be given'
    default:
      return 'reading not checked'
  }
}

/**
 * The readings an answer offers, each a button that asks it.
 * @param {Answer} answer
 * @returns {HTMLElement | undefined}
 */
function clarificationView(answer) {
  const clarification = answer.clarification
  if (!clarification || clarification.options.length === 0) return undefined
  const buttons = clarification.options.map((option, index) => {
    const button = element('button', { className: 'reading-option', text: `${index + 1}. ${option.label}` })
    button.setAttribute('type', 'button')
    button.addEventListener('click', () => void ask(option.question))
    return element('li', {}, [button])
  })
  return element('div', { className: 'clarification' }, [element('p', { text: clarification.question }), element('ul', {}, buttons)])
}

/**
 * The DOM of one question and its answer, filled as events stream in and rendered whole from the final answer.
 * @param {string} question
 */
function createTurn(question) {
  const root = elements.turnTemplate.content.firstElementChild?.cloneNode(true)
  if (!(root instanceof HTMLElement)) throw new Error('The page has no turn template.')
  within(root, '.question', HTMLElement).textContent = question
  const answerElement = within(root, '.answer', HTMLElement)
  const status = within(root, '.status', HTMLElement)
  const statusText = within(root, '.status-text', HTMLElement)
  const text = within(root, '.answer-text', HTMLElement)
  const charts = within(root, '.charts', HTMLElement)
  const tables = within(root, '.tables', HTMLElement)
  const footer = within(root, '.answer-footer', HTMLElement)
  const meta = within(root, '.answer-meta', HTMLElement)
  const copy = within(root, '.copy-answer', HTMLButtonElement)
  const pin = within(root, '.pin-answer', HTMLButtonElement)
  const pinForm = within(root, '.pin-form', HTMLFormElement)
  const how = within(root, '.how', HTMLElement)
  const howBody = within(root, '.how-body', HTMLElement)
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
        copy.textContent = `Could not copy: ${messageOf(error)}`
      }
    }
    setTimeout(() => (copy.textContent = 'Copy answer'), 2_000)
  })

  return {
    root,
    /** @param {string} message */
    status(message) {
      statusText.textContent = message
    },
    /** @param {string} delta */
    appendText(delta) {
      streamed += delta
      // One Markdown render per frame, however fast the pieces arrive.
      frame ||= requestAnimationFrame(flush)
    },
    restartText() {
      streamed = ''
      renderMarkdown(text, '')
    },
    /** @param {AnswerChart} chart */
    previewChart(chart) {
      charts.append(chartFigure(chart, null))
    },
    /** @param {string} message */
    fail(message) {
      answerElement.dataset.state = 'failed'
      status.hidden = true
      answerElement.append(element('p', { className: 'error', text: message }))
    },
    /** @param {Answer} answer */
    render(answer) {
      cancelAnimationFrame(frame)
      finalText = answer.text
      renderMarkdown(text, answer.text)
      charts.replaceChildren(...answer.charts.map((chart, index) => chartFigure(chart, { answerId: answer.id, index })))
      const chartedTools = new Set(answer.charts.map((chart) => chart.tool))
      tables.replaceChildren(
        ...answer.tables.flatMap((table, index) =>
          table.rows.length > 0 ? [tableView(table, chartedTools.has(table.tool), { conversationId: answer.conversationId, answerId: answer.id, index })] : [],
        ),
      )
      const grounded = answer.grounding.ok ? 'figures checked' : 'some figures could not be checked — see How I got this'
      meta.textContent = `${answer.provider} · ${formatSeconds(answer.durationMs)} · ${grounded} · ${relevanceBadge(answer)}`
      meta.dataset.relevance = answer.relevance?.status ?? 'unknown'
      if (answer.reading) text.prepend(element('p', { className: 'reading', text: `I read this as: ${answer.reading.summary}` }))
      const offered = clarificationView(answer)
      if (offered) text.append(offered)
      howBody.replaceChildren(...howPanel(answer))
      footer.hidden = false
      how.hidden = false
      status.hidden = true
      answerElement.dataset.state = answer.status
      answerElement.dataset.answerId = answer.id
      // Only what ran can run again: an answer without a successful tool call has nothing to pin.
      pin.hidden = !answer.toolCalls.some((call) => call.ok)
      pin.onclick = () => void openPinForm(pinForm, answer)
    },
  }
}

// ---------------------------------------------------------------- pinning an answer to a dashboard

/** @type {Promise<DashboardsResponse> | null} the dashboards, read once for every pin form */
let dashboardList = null

/**
 * Shows the form that pins an answer to one of the dashboards: its tool calls run there again with the dashboard's
 * filters (POST /api/pins).
 * @param {HTMLFormElement} form
 * @param {Answer} answer
 */
async function openPinForm(form, answer) {
  const select = within(form, '.pin-dashboard', HTMLSelectElement)
  const title = within(form, '.pin-title', HTMLInputElement)
  const result = within(form, '.pin-result', HTMLElement)
  try {
    dashboardList ??= apiJson('/api/dashboards')
    const { dashboards } = await dashboardList
    select.replaceChildren(...dashboards.map((dashboard) => element('option', { text: dashboard.title, attributes: { value: dashboard.id } })))
  } catch (error) {
    dashboardList = null
    result.textContent = `Could not list the dashboards: ${messageOf(error)}`
    result.className = 'pin-result error small'
  }
  title.value = answer.question.slice(0, 200)
  form.hidden = false
  form.onsubmit = async (event) => {
    event.preventDefault()
    const submit = within(form, 'button[type="submit"]', HTMLButtonElement)
    submit.disabled = true
    try {
      await api('/api/pins', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answerId: answer.id, dashboardId: select.value, title: title.value }),
      })
      const chosen = select.selectedOptions[0]?.textContent ?? select.value
      result.className = 'pin-result small'
      result.replaceChildren('Pinned to ', element('a', { text: chosen, attributes: { href: `/dashboards?dashboard=${encodeURIComponent(select.value)}` } }), '.')
    } catch (error) {
      result.className = 'pin-result error small'
      result.textContent = `Could not pin it: ${messageOf(error)}`
    } finally {
      submit.disabled = false
    }
  }
  within(form, '.pin-cancel', HTMLButtonElement).onclick = () => {
    form.hidden = true
  }
}

// ---------------------------------------------------------------- asking

/** @param {boolean} busy */
function setBusy(busy) {
  state.streaming = busy
  elements.send.disabled = busy
  elements.send.textContent = busy ? 'Answering…' : 'Ask'
}

/** @param {string} question */
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
    for await (const { name, data } of serverEvents(response)) {
      if (name === 'start') {
        state.conversationId = data.conversationId
      } else if (name === 'tool_call_start') {
        turn.status(`Running ${toolTitle(data.name)}…`)
      } else if (name === 'tool_call_end') {
        turn.status(data.ok ? `${toolTitle(data.name)}: ${plural(data.rowCount ?? 0, 'row')}. Writing the answer…` : `${toolTitle(data.name)} failed: ${data.error}`)
      } else if (name === 'chart') {
        turn.previewChart(data.chart)
      } else if (name === 'text_delta') {
        turn.appendText(data.text)
      } else if (name === 'provider_fallback') {
        // What the failed provider wrote is superseded: the next one writes the answer again.
        turn.restartText()
        turn.status(`${data.from} failed; ${data.to} is answering…`)
      } else if (name === 'final') {
        finished = true
        turn.render(data.answer)
        history.replaceState(null, '', `#${data.answer.conversationId}`)
        void refreshConversations()
      } else if (name === 'error') {
        finished = true
        turn.fail(data.message)
      }
    }
    if (!finished) turn.fail('The connection ended before the answer was complete. Ask again.')
  } catch (error) {
    turn.fail(messageOf(error))
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
    /** @type {ConversationsResponse} */
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
    showNotice(`Could not list the conversations: ${messageOf(error)}`)
  }
}

/** @param {string} id */
async function openConversation(id) {
  if (state.streaming) return
  closeSidebar()
  try {
    /** @type {ConversationResponse} */
    const conversation = await apiJson(`/api/conversations/${id}`)
    state.conversationId = conversation.id
    elements.thread.replaceChildren()
    elements.welcome.hidden = true
    for (const answer of conversation.answers) createTurn(answer.question).render(answer)
    history.replaceState(null, '', `#${conversation.id}`)
    markActiveConversation()
    showNotice('')
  } catch (error) {
    showNotice(`Could not open the conversation: ${messageOf(error)}`)
  }
}

// ---------------------------------------------------------------- suggestions, layout, start

/**
 * One example question from each area in turn, so the first questions show the breadth of the catalog.
 * @param {ToolListing[]} tools
 */
function suggestionsFrom(tools) {
  /** @type {Map<string, ToolListing[]>} */
  const byArea = new Map()
  for (const tool of tools) {
    let queue = byArea.get(tool.area)
    if (!queue) byArea.set(tool.area, (queue = []))
    queue.push(tool)
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

/** @param {string[]} examples */
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
    await loadChartTheme()
    /** @type {ToolsResponse} */
    const { tools } = await apiJson('/api/tools')
    for (const tool of tools) state.toolTitles.set(tool.name, tool.title)
    showSuggestions(suggestionsFrom(tools))
    await refreshConversations()
    const requested = location.hash.slice(1)
    if (uuidPattern.test(requested)) await openConversation(requested)
    document.body.dataset.ready = 'true'
    // A dashboard's "explain this" opens the chat with its question: asked once, then gone from the address.
    const asked = new URLSearchParams(location.search).get('ask')
    if (asked) {
      history.replaceState(null, '', location.pathname + location.hash)
      await ask(asked)
    }
  } catch (error) {
    showNotice(messageOf(error))
  }
}

void start()
