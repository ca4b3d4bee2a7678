import type postgres from 'postgres'

/**
 * PostgreSQL text holds no NUL character, and jsonb no unpaired UTF-16 surrogate either; text carrying one (an
 * attack, or a model's garbled output) is still stored: NUL as the visible text \u0000, a lone surrogate as U+FFFD.
 * Without this the insert itself fails and the whole write is lost.
 */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '\\u0000').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
}

/** Any value as storable JSON: undefined fields and class instances dropped as JSON does, every string and key storable. */
export function storableJson(value: unknown): postgres.JSONValue {
  const json = JSON.stringify(value ?? null)
  return unstorableEscape.test(json) ? cleaned(json) : (JSON.parse(json) as postgres.JSONValue)
}

/** The same as JSON text, for a `::text::jsonb` parameter: the value is serialised once, not parsed back and serialised again. */
export function storableJsonText(value: unknown): string {
  const json = JSON.stringify(value ?? null)
  return unstorableEscape.test(json) ? JSON.stringify(cleaned(json)) : json
}

// JSON writes NUL and a lone surrogate, in keys as in values, as the escapes \u0000 and \ud800–\udfff: without one
// there is nothing to replace (most values), and the text stands as it is.
const unstorableEscape = /\\u(?:0000|d[89a-f])/i

function cleaned(json: string): postgres.JSONValue {
  // The reviver runs bottom-up, so each object's values are already clean when its keys are.
  return JSON.parse(json, (_key, item: unknown) => {
    if (typeof item === 'string') return storableText(item)
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [storableText(key), entry]))
    }
    return item
  }) as postgres.JSONValue
}
