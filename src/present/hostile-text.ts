/**
 * Names a customer, a product or a note could carry to turn a surface into markup or terminal commands: raw
 * HTML, Markdown links and images, bare addresses a renderer links by itself, entities, table breakers, ANSI
 * and OSC escape sequences, a one-byte CSI and a direction override. Every surface's escaping is tested with them.
 */
export const hostileTexts = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(document.cookie)</script>',
  '<a href="javascript:alert(1)">Kelly</a>',
  '[Birkin](https://evil.example/phish)',
  '![pixel](https://evil.example/track.png)',
  'Visit https://evil.example/login now',
  'www.evil.example',
  'mail me: thief@evil.example',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  'Pipe | Split\nNew row',
  '**Loud** _name_ `code` ~~gone~~',
  '# Heading\n> quoted',
  '\u001b[31mRED\u001b[0m Bag',
  '\u001b]8;;https://evil.example\u0007Click\u001b]8;;\u0007',
  '\u001b]0;owned terminal title\u0007Tote',
  '\u009b2JCleared',
  'Noir \u202Egnp.exe',
] as const

/** What no escaped output may contain on a terminal: ESC, BEL, a C1 CSI, a direction override. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
export const terminalControlPattern = /[\u0007\u001b\u009b\u202e]/
