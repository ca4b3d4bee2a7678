// The MCP SDK's Streamable HTTP side, kept apart from sdk.ts so that the stdio server starts without loading
// node:http, node:http2 and Hono.
export { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
export { hostHeaderValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js'
export { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js'
