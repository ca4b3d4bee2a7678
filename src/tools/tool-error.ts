/** The one error type of the tool boundary: a code a caller can branch on and a message a person or model can act on. */
export type ToolErrorCode = 'unknown_tool' | 'invalid_arguments' | 'timeout' | 'query_failed' | 'forbidden'

export class ToolError extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
    readonly tool?: string,
  ) {
    super(message)
    this.name = 'ToolError'
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(this.tool ? { tool: this.tool } : {}) }
  }
}
