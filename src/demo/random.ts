/**
 * A seedable pseudo-random generator (sfc32) so the same seed always yields the same demo data, byte for byte.
 * Each part of the generator draws from its own named stream, so changing one part leaves the others' draws alone.
 */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number
  private identifierBase: number | undefined
  private identifiers = 0

  constructor(seed: number, stream: string) {
    const [a, b, c, d] = hash128(`${seed}/${stream}`)
    this.a = a
    this.b = b
    this.c = c
    this.d = d
    // The first outputs of sfc32 still echo the seed; discard them.
    for (let index = 0; index < 16; index++) this.uint32()
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A number in [0, 1). */
  next(): number {
    return this.uint32() / 4_294_967_296
  }

  /** A number in [minimum, maximum). */
  between(minimum: number, maximum: number): number {
    return minimum + (maximum - minimum) * this.next()
  }

  /** A whole number in [minimum, maximum], both included. */
  integer(minimum: number, maximum: number): number {
    return minimum + Math.floor(this.next() * (maximum - minimum + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  /** Rounds an expected count up or down at random, so fractional expectations hold on average. */
  count(expected: number): number {
    return Math.floor(expected + this.next())
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()))
    return radius * Math.cos(2 * Math.PI * this.next())
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('Cannot pick from an empty list.')
    return item
  }

  /**
   * A version-4-shaped UUID from this stream. Its first 48 bits count up from a random start, the rest is
   * random: identifiers stay reproducible and unique, and each index on them grows at its right edge, which
   * makes inserting millions of rows several times faster than random keys would.
   */
  uuid(): string {
    this.identifierBase ??= this.uint32() * 32_768
    const prefix = this.identifierBase + this.identifiers++
    const middle = this.uint32()
    writeDigits(Math.floor(prefix / 65_536), 0, 8)
    writeDigits(prefix % 65_536, 9, 4)
    writeDigits(0x4000 | (middle & 0xfff), 14, 4)
    writeDigits(0x8000 | ((middle >>> 12) & 0x3fff), 19, 4)
    writeDigits(this.uint32(), 24, 8)
    writeDigits(this.uint32(), 32, 4)
    return uuidText.toString('latin1')
  }
}

// A scratch buffer read out as one flat string: cheaper than joining pieces (the generator makes millions).
const uuidText = Buffer.from('00000000-0000-0000-0000-000000000000')
const hexDigits = Buffer.from('0123456789abcdef')

/** Writes the low `count` hexadecimal digits of `value` at `offset`. */
function writeDigits(value: number, offset: number, count: number): void {
  for (let index = 0; index < count; index++) uuidText[offset + index] = hexDigits[(value >>> (4 * (count - 1 - index))) & 15]!
}

/** cyrb128: spreads a short text over 128 bits of generator state. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1_779_033_703
  let h2 = 3_144_134_277
  let h3 = 1_013_904_242
  let h4 = 2_773_480_762
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    h1 = h2 ^ Math.imul(h1 ^ code, 597_399_067)
    h2 = h3 ^ Math.imul(h2 ^ code, 2_869_860_233)
    h3 = h4 ^ Math.imul(h3 ^ code, 951_274_213)
    h4 = h1 ^ Math.imul(h4 ^ code, 2_716_044_179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597_399_067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2_869_860_233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951_274_213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2_716_044_179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}
