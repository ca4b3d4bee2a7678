import type { PlannerTool } from './tool-fields.ts'
import { cueScores, type CueMatch } from './synonyms.ts'
import { nameWords, tokenize } from './text.ts'

/**
 * Ranks tools for a question by TF-IDF over what each tool says about itself (name, title, examples,
 * description), plus the synonym cues. Examples also count one by one, so a question close to one
 * example scores high even when the tool's description is long.
 */
export interface ToolScore {
  tool: PlannerTool
  score: number
}

export interface ToolIndex {
  rank(question: string, cues: readonly CueMatch[]): ToolScore[]
  /** The example questions most like the question, at most one per tool: what the planner offers when it cannot answer. */
  closestExamples(question: string, count: number): string[]
}

type Vector = Map<string, number>

// How much each part of a tool's self-description weighs in its document.
const weights = { name: 3, title: 2, example: 1, description: 0.5 }
const exampleShare = 0.6
const documentShare = 0.4

function addWords(vector: Vector, words: string[], weight: number): void {
  for (const word of words) vector.set(word, (vector.get(word) ?? 0) + weight)
}

function cosine(a: Vector, b: Vector): number {
  let dot = 0
  for (const [word, value] of a) dot += value * (b.get(word) ?? 0)
  if (dot === 0) return 0
  return dot / (norm(a) * norm(b))
}

function norm(vector: Vector): number {
  let sum = 0
  for (const value of vector.values()) sum += value * value
  return Math.sqrt(sum)
}

export function buildToolIndex(tools: readonly PlannerTool[]): ToolIndex {
  const documents = new Map<string, Vector>()
  const examples: { tool: PlannerTool; text: string; words: string[] }[] = []
  for (const tool of tools) {
    const document: Vector = new Map()
    addWords(document, nameWords(tool.name), weights.name)
    addWords(document, tokenize(tool.title), weights.title)
    addWords(document, tokenize(tool.description), weights.description)
    for (const example of tool.examples) {
      const words = tokenize(example)
      addWords(document, words, weights.example)
      examples.push({ tool, text: example, words })
    }
    documents.set(tool.name, document)
  }
  const documentFrequency = new Map<string, number>()
  for (const document of documents.values()) {
    for (const word of document.keys()) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1)
  }
  const idf = (word: string) => Math.log((tools.length + 1) / ((documentFrequency.get(word) ?? 0) + 1)) + 1
  const weigh = (words: string[]): Vector => {
    const vector: Vector = new Map()
    for (const word of words) vector.set(word, (vector.get(word) ?? 0) + idf(word))
    return vector
  }
  const weightedDocuments = new Map(
    [...documents].map(([name, document]) => [name, new Map([...document].map(([word, count]) => [word, count * idf(word)]))]),
  )
  const weightedExamples = examples.map((example) => ({ ...example, vector: weigh(example.words) }))

  const exampleScores = (question: Vector) =>
    weightedExamples.map((example) => ({ example, score: cosine(question, example.vector) }))

  return {
    rank(question, cues) {
      const vector = weigh(tokenize(question))
      const bestExample = new Map<string, number>()
      for (const { example, score } of exampleScores(vector)) {
        bestExample.set(example.tool.name, Math.max(bestExample.get(example.tool.name) ?? 0, score))
      }
      const boosts = cueScores(cues)
      return tools
        .map((tool) => ({
          tool,
          score:
            exampleShare * (bestExample.get(tool.name) ?? 0) +
            documentShare * cosine(vector, weightedDocuments.get(tool.name) ?? new Map()) +
            (boosts.get(tool.name) ?? 0),
        }))
        .sort((a, b) => b.score - a.score || a.tool.name.localeCompare(b.tool.name))
    },
    closestExamples(question, count) {
      const related = exampleScores(weigh(tokenize(question)))
        .filter(({ score }) => score > 0)
        .sort((a, b) => b.score - a.score)
        .map(({ example }) => example)
      // With nothing in common (a question about the weather), offer a tour: one question per area.
      const firstOfArea = new Map<string, (typeof examples)[number]>()
      for (const example of examples) if (!firstOfArea.has(example.tool.area)) firstOfArea.set(example.tool.area, example)
      const tour = [...firstOfArea.values()]
      const chosen: string[] = []
      const usedTools = new Set<string>()
      for (const example of [...related, ...tour]) {
        if (usedTools.has(example.tool.name)) continue
        usedTools.add(example.tool.name)
        chosen.push(example.text)
        if (chosen.length === count) break
      }
      return chosen
    },
  }
}
