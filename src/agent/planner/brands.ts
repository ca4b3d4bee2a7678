import { phrasePattern } from './text.ts'

/**
 * Luxury houses a question may filter on ("sales trend for Chanel"). The planner fills a tool's free-text
 * `brand` field only from this list, spelled as the business data spells them; other names are left for a
 * model to read.
 */
const houses: { name: string; phrases: string[] }[] = [
  { name: 'Louis Vuitton', phrases: ['louis vuitton', 'vuitton', 'lv'] },
  { name: 'Chanel', phrases: ['chanel'] },
  { name: 'Hermès', phrases: ['hermes'] },
  { name: 'Gucci', phrases: ['gucci'] },
  { name: 'Prada', phrases: ['prada'] },
  { name: 'Dior', phrases: ['dior', 'christian dior'] },
  { name: 'Fendi', phrases: ['fendi'] },
  { name: 'Celine', phrases: ['celine'] },
  { name: 'Goyard', phrases: ['goyard'] },
  { name: 'Bottega Veneta', phrases: ['bottega veneta', 'bottega'] },
  { name: 'Saint Laurent', phrases: ['saint laurent', 'ysl', 'yves saint laurent'] },
  { name: 'Balenciaga', phrases: ['balenciaga'] },
  { name: 'Givenchy', phrases: ['givenchy'] },
  { name: 'Burberry', phrases: ['burberry'] },
  { name: 'Loewe', phrases: ['loewe'] },
  { name: 'Valentino', phrases: ['valentino'] },
  { name: 'Miu Miu', phrases: ['miu miu'] },
  { name: 'Chloé', phrases: ['chloe'] },
  { name: 'Cartier', phrases: ['cartier'] },
]

export interface BrandMention {
  name: string
  phrase: string
}

/** The houses a (normalized) question names, in the order it names them, each with the phrase that named it. */
export function readBrands(normalizedText: string): BrandMention[] {
  return houses
    .flatMap((house) =>
      house.phrases.flatMap((phrase) => {
        const match = phrasePattern(phrase).exec(normalizedText)
        return match ? [{ name: house.name, phrase, index: match.index }] : []
      }).slice(0, 1),
    )
    .sort((a, b) => a.index - b.index)
    .map(({ name, phrase }) => ({ name, phrase }))
}
