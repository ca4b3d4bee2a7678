import { dimensions, type DimensionDeclaration } from './dimensions.ts'
import { measures, type MeasureDeclaration } from './measures.ts'
import { grains } from './time.ts'

/** The glossary as a Markdown document, generated from the semantic layer (the `luxx://glossary` resource). */
export function glossaryDocument(): string {
  const measureLines = (Object.entries(measures) as [string, MeasureDeclaration][]).map(
    ([name, entry]) => `- **${entry.label}** (\`${name}\`, ${entry.unit}): ${entry.definition}`,
  )
  const dimensionLines = (Object.entries(dimensions) as [string, DimensionDeclaration][]).map(([name, entry]) => {
    const values =
      entry.values === 'data'
        ? `values from the data (${entry.dataSource?.table}.${entry.dataSource?.column})`
        : `values ${Object.entries(entry.values)
            .map(([raw, declared]) => (declared.label === raw ? raw : `${raw} (${declared.label})`))
            .join(', ')}`
    return `- **${entry.label}** (\`${name}\`): ${values}; also called ${entry.synonyms.slice(1, 4).join(', ') || entry.synonyms[0]}.`
  })
  const grainLines = Object.entries(grains).map(([name, grain]) => `- **${name}**: ${grain.definition}`)
  return ['# Metric glossary', '', ...measureLines, '', '## Dimensions', '', ...dimensionLines, '', '## Time', '', ...grainLines].join('\n')
}
