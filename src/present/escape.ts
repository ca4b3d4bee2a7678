/**
 * Text from the data (product titles, customer names, notes, free-SQL column names) is never markup: one escaping
 * helper per output format, applied where such text meets that format. `hostile-text.ts` is the corpus that holds them.
 */

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text and attribute values into HTML: every report and e-mail string goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEntities[character]!)
}

/**
 * Text into Markdown (CommonMark with GitHub's extensions, as marked and chat hosts read it): raw HTML, entities,
 * links and images, emphasis and code, headings, quotes and table pipes are backslash-escaped, and what GitHub's
 * extension would turn into a link without brackets (`https://`, `www.`, an e-mail address) is broken up.
 * Table cells also need their line breaks replaced (markdown-table.ts does).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*~[\]<>|&@!#]/g, '\\$&')
    // An underscore inside a word (checkout_started) never emphasises in CommonMark: left as it is, for reading.
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.')
}

// C0 and C1 control characters (ESC starts ANSI sequences; 0x9b is a one-byte CSI), DEL, and the Unicode
// direction overrides and isolates that make a terminal show text in an order other than it is stored.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const terminalControls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * Text from the data onto a terminal: control characters and direction overrides are shown as `\u{…}` instead of
 * being obeyed, so a product title cannot colour, move, retitle or hyperlink the operator's terminal. Tabs and
 * line breaks are kept.
 */
export function escapeTerminal(text: string): string {
  return text.replace(terminalControls, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`)
}
