import type { Random } from './random.ts'

/** Picks items in proportion to their weights (cumulative sums and a binary search: fast for 100,000 items). */
export class WeightedChoice<T> {
  private readonly cumulative: Float64Array
  private readonly total: number

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('Weighted choice needs one weight per item.')
    this.cumulative = new Float64Array(items.length)
    let running = 0
    weights.forEach((weight, index) => {
      running += weight
      this.cumulative[index] = running
    })
    if (!(running > 0)) throw new Error('Weighted choice needs a positive total weight.')
    this.total = running
  }

  static of<T>(entries: readonly T[], weightOf: (entry: T) => number): WeightedChoice<T> {
    return new WeightedChoice(entries, entries.map(weightOf))
  }

  pick(random: Random): T {
    const target = random.next() * this.total
    let low = 0
    let high = this.cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.cumulative[middle]! > target) high = middle
      else low = middle + 1
    }
    return this.items[low]!
  }
}
