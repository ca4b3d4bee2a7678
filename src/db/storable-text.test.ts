import { describe, expect, it } from 'vitest'
import { storableJson, storableText } from './storable-text.ts'

describe('storable text', () => {
  it('writes a NUL as the visible text \\u0000 and a lone surrogate as U+FFFD, leaving paired surrogates alone', () => {
    expect(storableText('a\u0000b')).toBe('a\\u0000b')
    expect(storableText('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz')
    expect(storableText('bag 👜')).toBe('bag 👜')
    expect(storableText('Hermès')).toBe('Hermès')
  })

  it('cleans every string and key of a JSON value and drops what JSON drops', () => {
    expect(storableJson({ 'brand\u0000': ['Chanel\ud800', 2], skipped: undefined, nested: { note: 'ok' } })).toEqual({
      'brand\\u0000': ['Chanel\ufffd', 2],
      nested: { note: 'ok' },
    })
    expect(storableJson(undefined)).toBeNull()
  })
})
