import type { DemoWindow } from './demand-plan.ts'
import type { Customer, ScheduledPurchase } from './people.ts'
import type { Random } from './random.ts'
import { WeightedChoice } from './weighted-choice.ts'

/**
 * Chooses who buys. Scheduled purchases come first (a customer's first purchase, a silent customer's last);
 * otherwise a customer active this month, in proportion to their buying power.
 */
export class CustomerPicker {
  private month = -1
  private active: WeightedChoice<string> | undefined
  private readonly due: string[] = []
  private nextScheduled = 0

  constructor(
    private readonly customers: readonly Customer[],
    private readonly schedule: readonly ScheduledPurchase[],
    private readonly window: DemoWindow,
  ) {}

  /** Call once per day, in order: refreshes the month's active customers and queues the day's scheduled buyers. */
  startDay(day: number): void {
    const month = this.window.monthIndexOf(day)
    if (month !== this.month) {
      this.month = month
      const active = this.customers.filter((customer) => customer.firstMonth <= month && month < customer.endMonth)
      this.active = new WeightedChoice(
        active.map((customer) => customer.id),
        active.map((customer) => customer.weight),
      )
    }
    while (this.schedule[this.nextScheduled] !== undefined && this.schedule[this.nextScheduled]!.day <= day) {
      this.due.push(this.schedule[this.nextScheduled]!.customerId)
      this.nextScheduled++
    }
  }

  /** Whether scheduled buyers are still waiting for a sale today. */
  hasDue(): boolean {
    return this.due.length > 0
  }

  nextBuyer(random: Random): string {
    return this.due.shift() ?? this.anyCustomer(random)
  }

  /** A customer active this month, by buying power (a shopper on the storefront, a campaign's audience). */
  anyCustomer(random: Random): string {
    if (!this.active) throw new Error('startDay must be called before picking customers.')
    return this.active.pick(random)
  }
}
