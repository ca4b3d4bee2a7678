/** Counts as people write them in questions: "5", "five", "a dozen". */
const words: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  'twenty five': 25,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  hundred: 100,
  'a hundred': 100,
  'a dozen': 12,
  dozen: 12,
}

/** A regular-expression source matching one count, to embed in larger patterns as a capture group. */
export const countSource = `(\\d{1,4}|${Object.keys(words)
  .sort((a, b) => b.length - a.length)
  .map((word) => word.replace(' ', '\\s+'))
  .join('|')})`

export function readCount(text: string): number | undefined {
  const cleaned = text.trim().replace(/\s+/g, ' ')
  if (/^\d+$/.test(cleaned)) return Number(cleaned)
  return words[cleaned]
}
