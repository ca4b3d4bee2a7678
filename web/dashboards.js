// @ts-check
// The dashboards (/dashboards): plain ES module, no build step, like the chat (web/app.js), with which it shares the
// API key, the calls to /api and the chart drawing (web/shared.js) and the house formats (/present/). Each tile is a
// vetted tool run through POST /api/tools/:name with the filter bar applied to its arguments, so a tile shows what any
// caller of that tool would get. Typechecked by `tsc --noEmit -p web`.
import { formatBetween, plural } from './present/format.js'
import { formatChange, formatKpiValue } from './present/kpi-figures.js'
import { formatCell } from './present/table-cell.js'
import { api, apiJson, byId, drawChart, element, loadChartTheme, messageOf, saveFile } from './shared.js'

/** @import { DashboardListing, DashboardFilterName, TileFilters, TileKind } from '../src/dashboards/dashboard-types.ts' */
/** @import { DashboardsResponse, PinListing, PinsResponse, ToolsResponse, ValuesResponse } from '../src/http/api-types.ts' */

/**
 * What the page reads of a tool's result envelope (src/tools/envelope.ts); the route sends the whole envelope.
 * @typedef {{
 *   tool: string, title: string, parameters: Record<string, unknown>, rows: Record<string, unknown>[], rowCount: number,
 *   totalRows: number, narration: string, assumptions: string[], metrics: { name: string, label: string, definition: string }[],
 *   chart: Record<string, unknown> | null, window: { from: string, to: string, label: string }
 * }} ToolEnvelope
 */

/**
 * One call a tile runs: a tool, its own arguments, and how it takes the filter bar.
 * @typedef {{ tool: string, arguments: Record<string, unknown>, filters: TileFilters }} TileCall
 */

/**
 * A tile on the page: a dashboard's own, or a pinned answer (which may run several calls).
 * @typedef {{ key: string, title: string, kind: TileKind | 'answer', calls: TileCall[], kpis?: string[], columns?: string[], question: string, wide?: boolean, pin?: PinListing }} TileModel
 */

/** @type {readonly DashboardFilterName[]} */
const filterNames = ['period', 'channel', 'category', 'brand']
const defaultPeriod = 'last_12_months'
const refreshEveryMs = 5 * 60_000
/** A tile is a glance: longer tables show their first rows here. */
const tableRowLimit = 12

const elements = {
  notice: byId('notice', HTMLElement),
  tabs: byId('dashboard-tabs', HTMLElement),
  title: byId('dashboard-title', HTMLElement),
  description: byId('dashboard-description', HTMLElement),
  filters: byId('filters', HTMLFormElement),
  refresh: byId('refresh', HTMLButtonElement),
  autoRefresh: byId('auto-refresh', HTMLInputElement),
  print: byId('print', HTMLButtonElement),
  updated: byId('updated', HTMLElement),
  tiles: byId('tiles', HTMLElement),
  pins: byId('pins', HTMLElement),
  pinsEmpty: byId('pins-empty', HTMLElement),
}

/** @type {Record<DashboardFilterName, HTMLSelectElement>} */
const filterSelects = {
  period: byId('filter-period', HTMLSelectElement),
  channel: byId('filter-channel', HTMLSelectElement),
  category: byId('filter-category', HTMLSelectElement),
  brand: byId('filter-brand', HTMLSelectElement),
}

const state = {
  /** @type {DashboardListing | null} */
  current: null,
  /** @type {Map<string, Record<DashboardFilterName, string>>} each dashboard's own filter bar */
  filtersByDashboard: new Map(),
  /** @type {Map<string, string>} tool name to title */
  toolTitles: new Map(),
  /** @type {Map<string, string>} `filter:value` to the value's label */
  valueLabels: new Map(),
  /** Bumped on every load: a tile that finishes after a newer load began draws nothing. */
  generation: 0,
}

/** @param {string} message */
function showNotice(message) {
  elements.notice.textContent = message
  elements.notice.hidden = !message
}

/**
 * @param {DashboardFilterName} name
 * @param {string} value
 */
function valueLabel(name, value) {
  return state.valueLabels.get(`${name}:${value}`) ?? value
}

/** The filter bar's values for the dashboard shown; '' is "all". */
function filterValues() {
  /** @type {Record<DashboardFilterName, string>} */
  const values = { period: filterSelects.period.value || defaultPeriod, channel: filterSelects.channel.value, category: filterSelects.category.value, brand: filterSelects.brand.value }
  return values
}

// ---------------------------------------------------------------- the filters applied to a call

/**
 * A call's arguments with the filter bar applied where its tool takes the filter, and a note for every filter set
 * on the bar that it could not take: no filter is dropped without the tile saying so.
 * @param {TileCall} call
 * @param {Record<DashboardFilterName, string>} values
 * @returns {{ arguments: Record<string, unknown>, notApplied: string[] }}
 */
function applyFilters(call, values) {
  /** @type {Record<string, unknown>} */
  const applied = { ...call.arguments }
  const notApplied = []
  for (const name of filterNames) {
    const value = values[name]
    if (!value) continue
    const support = call.filters[name]
    const named = `${name} ${valueLabel(name, value)}`
    if (!support.applies) {
      notApplied.push(`${named}: ${support.reason}`)
    } else if (support.values && !support.values.includes(value)) {
      notApplied.push(`${named}: ${toolTitle(call.tool)} takes only ${support.values.map((allowed) => valueLabel(name, allowed)).join(', ')}`)
    } else {
      // A period replaces the dates a pinned answer may have asked for.
      if (name === 'period') {
        delete applied.from
        delete applied.to
      }
      applied[support.argument] = value
    }
  }
  return { arguments: applied, notApplied }
}

/** @param {string} name */
function toolTitle(name) {
  return state.toolTitles.get(name) ?? name
}

/**
 * The tile's question for the chat, with the filters in force: "Who are our top customers, last 90 days, instagram?".
 * @param {TileModel} tile
 * @param {Record<DashboardFilterName, string>} values
 */
function explainQuestion(tile, values) {
  const scope = filterNames.filter((name) => values[name]).map((name) => valueLabel(name, values[name]))
  return `${tile.question.replace(/[?.]\s*$/, '')}, ${scope.join(', ').toLowerCase()}?`
}

// ---------------------------------------------------------------- tile rendering

/** @param {string} column */
function columnTitle(column) {
  const words = column.replace(/_/g, ' ')
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`
}

/**
 * @param {ToolEnvelope} envelope
 * @param {string[] | undefined} chosen
 */
function tableOf(envelope, chosen) {
  const present = Object.keys(envelope.rows[0] ?? {})
  const columns = chosen ? chosen.filter((column) => present.includes(column)) : present
  const head = element('tr', {}, columns.map((column) => element('th', { text: columnTitle(column), attributes: { scope: 'col' } })))
  const rows = envelope.rows.slice(0, tableRowLimit).map((row) =>
    element('tr', {}, columns.map((column) => element('td', { text: formatCell(row[column]), className: typeof row[column] === 'number' ? 'number' : '' }))),
  )
  const count = Math.min(envelope.rowCount, tableRowLimit)
  const shown = count < envelope.totalRows ? `first ${count} of ${envelope.totalRows} rows` : plural(envelope.totalRows, 'row')
  return element('div', { className: 'table' }, [
    element('div', { className: 'table-scroll' }, [element('table', {}, [element('thead', {}, [head]), element('tbody', {}, rows)])]),
    element('p', { className: 'muted small', text: shown }),
  ])
}

/**
 * KPI figures with their change on the previous period, from kpi_summary's rows.
 * @param {ToolEnvelope} envelope
 * @param {string[] | undefined} chosen
 */
function kpisOf(envelope, chosen) {
  const rows = chosen ? chosen.flatMap((kpi) => envelope.rows.filter((row) => row.kpi === kpi)) : envelope.rows
  return element('div', { className: 'kpis' }, rows.map((row) => {
    const unit = String(row.unit)
    const value = typeof row.value === 'number' ? row.value : null
    const change = typeof row.change_vs_previous === 'number' ? row.change_vs_previous : null
    const changePercent = typeof row.change_percent_vs_previous === 'number' ? row.change_percent_vs_previous : null
    const direction = change === null ? 'unknown' : change > 0 ? 'up' : change < 0 ? 'down' : 'flat'
    const figure = element('div', { className: 'kpi', attributes: { 'data-kpi': String(row.kpi) } }, [
      element('p', { className: 'kpi-label', text: String(row.label) }),
      element('p', { className: 'kpi-value', text: formatKpiValue(unit, value) }),
      element('p', { className: `kpi-change ${direction}`, text: `${formatChange(unit, change, changePercent)} vs previous period` }),
    ])
    return figure
  }))
}

/**
 * A result as its tile's kind shows it; a chart tile whose tool drew no chart for this selection shows its rows.
 * @param {TileModel} tile
 * @param {ToolEnvelope} envelope
 */
function resultView(tile, envelope) {
  if (envelope.totalRows === 0) return element('p', { className: 'muted empty', text: envelope.narration })
  if (tile.kind === 'kpis') return kpisOf(envelope, tile.kpis)
  if ((tile.kind === 'chart' || tile.kind === 'answer') && envelope.chart) {
    const view = element('div', { className: 'chart-view' })
    const figure = element('figure', { className: 'chart' }, [view])
    // A dashboard's tile is titled already; a pinned answer's chart keeps the title that says what it shows.
    const { title: _title, ...untitled } = envelope.chart
    drawChart(view, tile.kind === 'chart' ? untitled : envelope.chart).then(
      () => figure.setAttribute('data-rendered', 'true'),
      (error) => view.replaceChildren(element('p', { className: 'error small', text: `Could not draw the chart: ${messageOf(error)}` })),
    )
    return figure
  }
  return tableOf(envelope, tile.columns)
}

/**
 * @param {string} title
 * @param {Node[]} children
 */
function section(title, children) {
  return element('section', { className: 'how-section' }, [element('h4', { text: title }), ...children])
}

/**
 * The tile's "How I got this": each tool with its arguments, what it found, its assumptions and definitions, and
 * the filters it could not take. No SQL: the chat's panel shows it for an answer; a tile explains in words.
 * @param {{ call: TileCall, arguments: Record<string, unknown>, envelope: ToolEnvelope }[]} results
 * @param {string[]} notApplied
 */
function howPanel(results, notApplied) {
  const parts = results.map(({ call, arguments: sent, envelope }) =>
    element('div', { className: 'tool-call' }, [
      element('p', { className: 'tool-name' }, [element('strong', { text: toolTitle(call.tool) }), ` (${call.tool}) — ${plural(envelope.totalRows, 'row')}, ${formatBetween(envelope.window)}`]),
      element('p', { className: 'label', text: 'Arguments' }),
      element('pre', { text: JSON.stringify(sent, null, 2) }),
      element('p', { text: envelope.narration }),
    ]),
  )
  const sections = [section('Tools', parts)]
  const assumptions = [...new Set(results.flatMap(({ envelope }) => envelope.assumptions))]
  if (assumptions.length > 0) sections.push(section('Assumptions', [element('ul', {}, assumptions.map((text) => element('li', { text })))]))
  const metrics = results.flatMap(({ envelope }) => envelope.metrics).filter((metric, index, all) => all.findIndex((other) => other.name === metric.name) === index)
  if (metrics.length > 0) {
    sections.push(section('Definitions', [element('ul', {}, metrics.map((metric) => element('li', {}, [element('strong', { text: metric.label }), `: ${metric.definition}`])))]))
  }
  if (notApplied.length > 0) sections.push(section('Filters not applied', [element('ul', {}, notApplied.map((text) => element('li', { text })))]))
  return sections
}

const exportTypes = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

/**
 * Downloads a call's result as CSV or XLSX: POST /api/tools/:name with the format in Accept, the export route's contract.
 * @param {TileModel} tile
 * @param {TileCall} call
 * @param {HTMLButtonElement} button
 * @param {'csv' | 'xlsx'} format
 */
async function downloadTable(tile, call, button, format) {
  const label = button.textContent
  button.disabled = true
  button.textContent = 'Downloading…'
  try {
    const response = await api(`/api/tools/${encodeURIComponent(call.tool)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: exportTypes[format] },
      body: JSON.stringify(applyFilters(call, filterValues()).arguments),
    })
    const type = response.headers.get('content-type') ?? 'nothing'
    if (!type.startsWith(exportTypes[format])) throw new Error(`the server answered with ${type.split(';')[0]}, not ${format.toUpperCase()}`)
    saveFile(await response.blob(), `luxx-${tile.key}-${call.tool}.${format}`)
  } catch (error) {
    showNotice(`Could not download “${tile.title}” as ${format.toUpperCase()}: ${messageOf(error)}`)
  } finally {
    button.disabled = false
    button.textContent = label
  }
}

/**
 * The tile's element and what refreshes it: each tile loads on its own, with its own loading and error states.
 * @param {TileModel} tile
 */
function tileView(tile) {
  const title = element('h3', { className: 'tile-title', text: tile.title })
  const status = element('p', { className: 'tile-status muted small' }, [element('span', { className: 'spinner', attributes: { 'aria-hidden': 'true' } }), ' Loading…'])
  const notes = element('p', { className: 'tile-notes small', attributes: { hidden: '' } })
  const body = element('div', { className: 'tile-body' })
  const howBody = element('div', { className: 'how-body' })
  const how = element('details', { className: 'how tile-how' }, [element('summary', { text: 'How I got this' }), howBody])
  const explain = element('a', { className: 'ghost-button small tile-explain', text: 'Explain this', attributes: { href: '/' } })
  const downloadButtons = tile.calls.flatMap((call) =>
    /** @type {const} */ (['csv', 'xlsx']).map((format) => {
      const name = format.toUpperCase()
      const button = element('button', {
        className: `ghost-button small tile-${format}`,
        text: tile.calls.length > 1 ? `${name}: ${toolTitle(call.tool)}` : `Download ${name}`,
        attributes: { type: 'button' },
      })
      button.addEventListener('click', () => void downloadTable(tile, call, button, format))
      return button
    }),
  )
  const actions = element('div', { className: 'tile-actions' }, [explain, ...downloadButtons])
  const root = element('article', { className: `tile${tile.wide ? ' wide' : ''}`, attributes: { 'data-tile': tile.key, 'data-state': 'loading' } }, [
    element('header', { className: 'tile-head' }, [title, status]),
    notes,
    body,
    actions,
    how,
  ])
  if (tile.pin) root.append(pinControls(tile.pin))

  async function load() {
    const generation = state.generation
    const values = filterValues()
    root.dataset.state = 'loading'
    status.hidden = false
    explain.href = `/?ask=${encodeURIComponent(explainQuestion(tile, values))}`
    const planned = tile.calls.map((call) => ({ call, ...applyFilters(call, values) }))
    const notApplied = [...new Set(planned.flatMap((plan) => plan.notApplied))]
    notes.hidden = notApplied.length === 0
    notes.textContent = notApplied.length === 0 ? '' : `Not applied: ${notApplied.join('; ')}.`
    try {
      const results = await Promise.all(
        planned.map(async (plan) => {
          const response = await api(`/api/tools/${encodeURIComponent(plan.call.tool)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(plan.arguments),
          })
          /** @type {ToolEnvelope} */
          const envelope = await response.json()
          return { call: plan.call, arguments: plan.arguments, envelope }
        }),
      )
      if (generation !== state.generation) return
      body.replaceChildren(...results.flatMap(({ envelope }) => [
        ...(results.length > 1 || tile.kind === 'answer' ? [element('p', { className: 'tile-narration small', text: envelope.narration })] : []),
        resultView(tile, envelope),
      ]))
      howBody.replaceChildren(...howPanel(results, notApplied))
      root.dataset.state = 'ready'
    } catch (error) {
      if (generation !== state.generation) return
      const retry = element('button', { className: 'ghost-button small', text: 'Try again', attributes: { type: 'button' } })
      retry.addEventListener('click', () => void load())
      body.replaceChildren(element('p', { className: 'error small tile-error', text: `Could not load this tile: ${messageOf(error)}` }), retry)
      root.dataset.state = 'error'
    } finally {
      if (generation === state.generation) status.hidden = true
    }
  }
  return { root, load }
}

// ---------------------------------------------------------------- pins

/**
 * Rename, move and remove, for a pinned answer's tile.
 * @param {PinListing} pin
 */
function pinControls(pin) {
  /**
   * @param {string} text
   * @param {string} label
   * @param {() => Promise<void>} action
   */
  const control = (text, label, action) => {
    const button = element('button', { className: 'ghost-button small', text, attributes: { type: 'button', 'aria-label': label, title: label } })
    button.addEventListener('click', async () => {
      button.disabled = true
      try {
        await action()
        await loadPins()
      } catch (error) {
        showNotice(`Could not change the pin: ${messageOf(error)}`)
      } finally {
        button.disabled = false
      }
    })
    return button
  }
  /** @param {Record<string, unknown>} change */
  const patch = async (change) => {
    await api(`/api/pins/${pin.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(change) })
  }
  const rename = element('form', { className: 'pin-rename', attributes: { hidden: '' } }, [
    element('label', { className: 'visually-hidden', text: 'New title', attributes: { for: `rename-${pin.id}` } }),
    element('input', { attributes: { id: `rename-${pin.id}`, type: 'text', maxlength: '200', required: '', value: pin.title } }),
    element('button', { className: 'primary-button', text: 'Save', attributes: { type: 'submit' } }),
  ])
  rename.addEventListener('submit', async (event) => {
    event.preventDefault()
    const input = rename.querySelector('input')
    try {
      await patch({ title: input?.value ?? pin.title })
      await loadPins()
    } catch (error) {
      showNotice(`Could not rename the pin: ${messageOf(error)}`)
    }
  })
  const renameButton = element('button', { className: 'ghost-button small', text: 'Rename', attributes: { type: 'button' } })
  renameButton.addEventListener('click', () => {
    rename.hidden = !rename.hidden
  })
  return element('div', { className: 'pin-controls' }, [
    control('↑', 'Move up', () => patch({ position: Math.max(1, pin.position - 1) })),
    control('↓', 'Move down', () => patch({ position: pin.position + 1 })),
    renameButton,
    control('Remove', 'Remove this pin', async () => {
      await api(`/api/pins/${pin.id}`, { method: 'DELETE' })
    }),
    rename,
  ])
}

/** @type {{ root: HTMLElement, load: () => Promise<void> }[]} */
let pinTiles = []

async function loadPins() {
  const dashboard = state.current
  if (!dashboard) return
  try {
    /** @type {PinsResponse} */
    const { pins } = await apiJson(`/api/pins?dashboard=${encodeURIComponent(dashboard.id)}`)
    if (state.current !== dashboard) return
    pinTiles = pins.map((pin) =>
      tileView({
        key: `pin-${pin.id}`,
        title: pin.title,
        kind: 'answer',
        calls: pin.toolCalls.map((call) => ({ tool: call.name, arguments: call.arguments, filters: call.filters })),
        question: pin.title,
        pin,
      }),
    )
    elements.pins.replaceChildren(...pinTiles.map((tile) => tile.root))
    elements.pinsEmpty.hidden = pins.length > 0
    await Promise.all(pinTiles.map((tile) => tile.load()))
  } catch (error) {
    showNotice(`Could not list the pinned answers: ${messageOf(error)}`)
  }
}

// ---------------------------------------------------------------- the dashboard shown

/** @type {{ root: HTMLElement, load: () => Promise<void> }[]} */
let dashboardTiles = []

/** Loads every tile, in parallel, each on its own. */
async function refresh() {
  state.generation++
  const started = new Date()
  await Promise.all([...dashboardTiles, ...pinTiles].map((tile) => tile.load()))
  elements.updated.textContent = `Updated ${started.toLocaleTimeString()}`
}

/** The address of the dashboard shown with its filters, so a view can be bookmarked or shared. */
function rememberInAddress() {
  if (!state.current) return
  const parameters = new URLSearchParams({ dashboard: state.current.id })
  for (const [name, value] of Object.entries(filterValues())) if (value) parameters.set(name, value)
  history.replaceState(null, '', `/dashboards?${parameters}`)
}

/** @param {DashboardListing} dashboard */
async function show(dashboard) {
  if (state.current) state.filtersByDashboard.set(state.current.id, filterValues())
  state.current = dashboard
  const kept = state.filtersByDashboard.get(dashboard.id)
  for (const name of filterNames) filterSelects[name].value = kept?.[name] ?? (name === 'period' ? defaultPeriod : '')
  for (const tab of elements.tabs.querySelectorAll('a')) tab.setAttribute('aria-current', tab.dataset.id === dashboard.id ? 'page' : 'false')
  elements.title.textContent = dashboard.title
  elements.description.textContent = dashboard.description
  document.title = `${dashboard.title} · luxx analyst`
  dashboardTiles = dashboard.tiles.map((tile) =>
    tileView({ ...tile, key: tile.id, calls: [{ tool: tile.tool, arguments: tile.arguments, filters: tile.filters }] }),
  )
  elements.tiles.replaceChildren(...dashboardTiles.map((tile) => tile.root))
  pinTiles = []
  elements.pins.replaceChildren()
  rememberInAddress()
  await Promise.all([loadPins(), refresh()])
}

/**
 * A filter's options from the value lookup (GET /api/values/:dimension), after its "all" option.
 * @param {DashboardFilterName} name
 */
async function fillFilter(name) {
  /** @type {ValuesResponse} */
  const { values } = await apiJson(`/api/values/${name}`)
  const select = filterSelects[name]
  for (const { value, label } of values) {
    state.valueLabels.set(`${name}:${value}`, label)
    select.append(element('option', { text: label, attributes: { value } }))
  }
}

function wireEvents() {
  elements.filters.addEventListener('change', (event) => {
    if (event.target === elements.autoRefresh) return
    rememberInAddress()
    void refresh()
  })
  elements.filters.addEventListener('submit', (event) => event.preventDefault())
  // The timer refreshes only a page someone can see; a hidden tab catches up when shown again.
  let last = Date.now()
  elements.refresh.addEventListener('click', () => {
    last = Date.now()
    void refresh()
  })
  setInterval(() => {
    if (!elements.autoRefresh.checked || document.hidden || Date.now() - last < refreshEveryMs) return
    last = Date.now()
    void refresh()
  }, 15_000)
  elements.print.addEventListener('click', () => window.print())
}

async function start() {
  wireEvents()
  try {
    await loadChartTheme()
    /** @type {[DashboardsResponse, ToolsResponse]} */
    const [{ dashboards }, { tools }] = await Promise.all([apiJson('/api/dashboards'), apiJson('/api/tools')])
    for (const tool of tools) state.toolTitles.set(tool.name, tool.title)
    await Promise.all(filterNames.map(fillFilter))
    elements.tabs.replaceChildren(
      ...dashboards.map((dashboard) => {
        const tab = element('a', { className: 'dashboard-tab', text: dashboard.title, attributes: { href: `/dashboards?dashboard=${dashboard.id}` } })
        tab.dataset.id = dashboard.id
        tab.addEventListener('click', (event) => {
          event.preventDefault()
          void show(dashboard)
        })
        return tab
      }),
    )
    const asked = new URLSearchParams(location.search)
    const first = dashboards.find((dashboard) => dashboard.id === asked.get('dashboard')) ?? dashboards[0]
    if (!first) throw new Error('The server lists no dashboards.')
    // Filters in the address (a bookmark, a shared link) apply to the dashboard it names.
    /** @type {Record<DashboardFilterName, string>} */
    const fromAddress = { period: asked.get('period') ?? defaultPeriod, channel: asked.get('channel') ?? '', category: asked.get('category') ?? '', brand: asked.get('brand') ?? '' }
    state.filtersByDashboard.set(first.id, fromAddress)
    document.body.dataset.ready = 'true'
    await show(first)
  } catch (error) {
    showNotice(messageOf(error))
  }
}

void start()
