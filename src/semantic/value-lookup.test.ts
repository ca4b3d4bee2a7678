import { describe, expect, it } from 'vitest'
import { declaredValueIndex, fold, ValueIndex } from './value-lookup.ts'

// The values as the demo data stores them: brands with accents, US states and Canadian provinces by code.
const index = new ValueIndex({
  brand: ['Balenciaga', 'Bottega Veneta', 'Celine', 'Chanel', 'Chloé', 'Dior', 'Fendi', 'Goyard', 'Gucci', 'Hermès', 'Loewe', 'Louis Vuitton', 'Prada', 'Saint Laurent'],
  region: ['AZ', 'CA', 'DC', 'Dubai', 'England', 'FL', 'NY', 'ON', 'TX', 'WA'],
  city: ['Dallas', 'Houston', 'Los Angeles', 'New York', 'Washington'],
  country: ['AE', 'CA', 'GB', 'US'],
})

const read = (dimension: Parameters<ValueIndex['resolve']>[0], written: string) => {
  const resolution = index.resolve(dimension, written)
  return resolution.ok ? resolution.value : resolution.message
}

describe('the value lookup', () => {
  it('folds case and accents', () => {
    expect(fold('Hermès')).toBe('hermes')
    expect(read('brand', 'Hermes')).toBe('Hermès')
    expect(read('brand', 'HERMES')).toBe('Hermès')
    expect(read('brand', 'chanel')).toBe('Chanel')
    expect(read('brand', 'chloe')).toBe('Chloé')
    expect(read('brand', 'saint-laurent')).toBe('Saint Laurent')
  })

  it('reads the declared aliases', () => {
    expect(read('brand', 'LV')).toBe('Louis Vuitton')
    expect(read('brand', 'ysl')).toBe('Saint Laurent')
    expect(read('brand', 'Bottega')).toBe('Bottega Veneta')
    expect(read('city', 'NYC')).toBe('New York')
    expect(read('country', 'United States')).toBe('US')
    expect(read('country', 'uk')).toBe('GB')
  })

  it('reads US states by name and by code, as the data stores them', () => {
    expect(read('region', 'Texas')).toBe('TX')
    expect(read('region', 'TX')).toBe('TX')
    expect(read('region', 'tx')).toBe('TX')
    expect(read('region', 'ontario')).toBe('ON')
    // Data that stores names reads codes as them.
    const byName = new ValueIndex({ region: ['Texas', 'California'] })
    const resolution = byName.resolve('region', 'TX')
    expect(resolution.ok && resolution.value).toBe('Texas')
  })

  it('reads singular and plural', () => {
    expect(read('category', 'wallets')).toBe('wallet')
    expect(read('category', 'Backpack')).toBe('backpack')
    expect(read('brand', 'Chanels')).toBe('Chanel')
    expect(read('category', 'handbags')).toBe('bag')
    expect(read('condition', 'like new')).toBe('S')
  })

  it('refuses an unknown value with the closest ones, never a guess', () => {
    expect(read('brand', 'Hermez')).toBe("No brand 'Hermez'. Did you mean Hermès?")
    expect(read('brand', 'Channel')).toBe("No brand 'Channel'. Did you mean Chanel?")
    expect(read('region', 'Texsa')).toBe("No state 'Texsa'. Did you mean TX (Texas)?")
    expect(read('brand', 'Givenchy')).toBe("No brand 'Givenchy', and none of the 14 brands is close to it.")
    expect(read('country', 'Narnia')).toMatch(/^No country 'Narnia'/)
    const refused = index.resolve('brand', 'Hermez')
    expect(refused.ok ? [] : refused.suggestions.length).toBeLessThanOrEqual(3)
  })

  it('finds the values a question names, leaving out codes that are ordinary words', () => {
    expect(index.mentions('region', 'sales in texas this year').map((mention) => mention.value)).toEqual(['TX'])
    expect(index.mentions('region', 'how are sales in us stores')).toEqual([])
    expect(index.mentions('brand', 'lv vs chanel').map((mention) => mention.value)).toEqual(['Louis Vuitton', 'Chanel'])
    expect(index.mentions('city', 'revenue from new york buyers').map((mention) => mention.value)).toEqual(['New York'])
  })

  it('completes values as they are typed', () => {
    expect(index.complete('brand', 'her')[0]).toBe('Hermès')
    expect(index.complete('brand', 'lou')[0]).toBe('Louis Vuitton')
    expect(index.complete('region', 'tex')[0]).toBe('TX')
    expect(index.complete('platform', '')).toEqual(['whatnot', 'instagram'])
  })

  it('knows the declared aliases without any data', () => {
    const resolution = declaredValueIndex.resolve('brand', 'ysl')
    expect(resolution.ok && resolution.value).toBe('Saint Laurent')
    expect(declaredValueIndex.mentions('region', 'sales in texas').map((mention) => mention.value)).toEqual(['TX'])
  })
})
