/**
 * An answer is Markdown that the surfaces render, and its text can carry what the tools returned (customer names,
 * product titles people typed) or what a model was tricked into writing by such text. A link there can send a
 * reader to a phishing page, and an image is fetched by the browser as soon as the answer shows, with data in its
 * address. The analyst never needs to point outside itself, so outside links and all images become plain text.
 */
export const linkRemoved = '[link removed]'

// A destination is outside when it names a scheme (https:, mailto:, javascript:, data:), a host (//host), or
// starts like a web address; relative paths stay on the analyst's own server.
const outsideDestination = /^\s*<?\s*(?:[a-z][a-z0-9+.-]*:|\/\/|\\\\|www\.)/i

const image = /!\[([^\]]*)\]\(([^)]*)\)/g
const link = /\[([^\]]*)\]\(([^)]*)\)/g
const autolink = /<(?:[a-z][a-z0-9+.-]*:|www\.)[^>\s]*>/gi
// Only what Markdown would turn into a link by itself ("data:" in a sentence is just a colon), without the
// punctuation that ends the sentence around it.
const bareAddress = /\b(?:(?:https?|ftp|file):\/\/|www\.)(?:[^\s<>()[\]"'`]*[^\s<>()[\]"'`.,;:!?])?/gi

export function withoutOutsideLinks(markdown: string): string {
  return markdown
    .replace(image, (_whole, alt: string) => alt)
    .replace(link, (whole, label: string, destination: string) => (outsideDestination.test(destination) ? label : whole))
    .replace(autolink, linkRemoved)
    .replace(bareAddress, linkRemoved)
}
