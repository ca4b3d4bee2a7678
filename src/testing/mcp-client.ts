// Tests talk to the server through the SDK's own client, imported here only.
export { Client } from '@modelcontextprotocol/sdk/client/index.js'
export { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
export { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
export { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
export { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js'
