import { describe, expect, it } from 'vitest'
import { storableJson, storableJsonText, storableText } from './storable-text.ts'

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

  it('gives the same value as JSON text, cleaned only where a string or key needs it', () => {
    expect(JSON.parse(storableJsonText({ 'brand\u0000': ['Chanel\ud800', 2], skipped: undefined }))).toEqual({ 'brand\\u0000': ['Chanel\ufffd', 2] })
    // A backslash before "u0000" is text, not a NUL: kept as written.
    expect(JSON.parse(storableJsonText({ note: 'C:\\u0000', bag: 'bag 👜' }))).toEqual({ note: 'C:\\u0000', bag: 'bag 👜' })
    expect(storableJsonText({ a: [1, 'x'], b: null })).toBe('{"a":[1,"x"],"b":null}')
    expect(storableJsonText(undefined)).toBe('null')
  })
})
