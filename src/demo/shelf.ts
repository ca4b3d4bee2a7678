import type { Random } from './random.ts'
import type { ShelfPiece } from './unsold-stock.ts'

const recentSize = 500

/** The products a storefront shopper can open at a moment: unsold stock already taken in, or recent sales. */
export class Shelf {
  private readonly recent: string[] = []
  private nextRecent = 0

  /** `unsold` must be in intake order. */
  constructor(private readonly unsold: readonly ShelfPiece[]) {}

  /** Remembers a piece just sold: its listing stays visible for a while. */
  addSold(productId: string): void {
    this.recent[this.nextRecent] = productId
    this.nextRecent = (this.nextRecent + 1) % recentSize
  }

  browse(random: Random, instant: number): string {
    const arrived = this.arrivedBy(instant)
    if (arrived > 0 && (this.recent.length === 0 || random.chance(0.5))) return this.unsold[random.integer(0, arrived - 1)]!.productId
    return random.pick(this.recent)
  }

  private arrivedBy(instant: number): number {
    let low = 0
    let high = this.unsold.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.unsold[middle]!.intakeInstant < instant) low = middle + 1
      else high = middle
    }
    return low
  }
}
