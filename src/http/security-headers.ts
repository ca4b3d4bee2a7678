import type { RequestHandler } from 'express'
import helmet from 'helmet'

/**
 * helmet with a Content-Security-Policy that allows no outside origin: scripts, styles, images and fetches come
 * from this server only. Charts need no 'unsafe-eval': the page renders them with vega-embed's `ast: true`, which
 * evaluates Vega expressions with the interpreter bundled in vega-embed instead of compiling them with `new Function`.
 * No 'unsafe-inline' either: the page sets styles through the CSSOM and turns off the style tags vega-embed and
 * its tooltip would inject (their rules are in web/styles.css).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  })
}
