/**
 * A question read piece by piece: each reader takes the phrases it understands and blanks them, so
 * "last 30 days" is not read again as "top 30", and what is left is the part that names the question.
 */
export class ConsumableText {
  private current: string

  constructor(text: string) {
    this.current = text
  }

  get text(): string {
    return this.current
  }

  /** The first match of the pattern, removed from the text (replaced by spaces so positions hold). */
  take(pattern: RegExp): RegExpExecArray | undefined {
    const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(this.current)
    if (!match) return undefined
    this.current = this.current.slice(0, match.index) + ' '.repeat(match[0].length) + this.current.slice(match.index + match[0].length)
    return match
  }
}
