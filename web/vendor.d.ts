// Types for what app.js loads from /vendor/ (src/http/routes/web.ts serves those files from the npm packages named
// here), for its typecheck only: the browser never requests this file.

/** marked's browser ES module. */
declare module '*/vendor/marked.esm.js' {
  export * from 'marked'
}

/** DOMPurify's browser ES module. */
declare module '*/vendor/purify.es.mjs' {
  export { default } from 'dompurify'
}

/** vega-embed's classic script publishes this global (index.html loads it before app.js). */
declare const vegaEmbed: typeof import('vega-embed').default
