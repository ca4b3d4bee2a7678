import { instantOf, secondsPerDay, secondsPerHour } from './business-time.ts'
import type { ItemSampler } from './item-sampler.ts'
import type { Consignor } from './people.ts'
import type { Random } from './random.ts'
import type { SubmissionRow } from './rows.ts'
import type { WeightedChoice } from './weighted-choice.ts'

/** Submissions per listed submission: rejections all along; accepted-but-not-listed and undecided ones at the end. */
const rejectedPerListed = 0.55
const awaitingListing = { perListed: 0.6, lastDays: 20 }
const awaitingDecision = { perListed: 0.5, lastDays: 6 }

/**
 * The submissions that did not (yet) become stock on a day. Listed submissions are made with their product
 * (see StockRoom); these are the rejected ones, the accepted ones waiting to be listed, and the undecided.
 */
export function dailySubmissions(
  random: Random,
  day: number,
  lastDay: number,
  sampler: ItemSampler,
  consignors: WeightedChoice<Consignor>,
  listedPerDay: number,
): SubmissionRow[] {
  const windowEnd = instantOf(lastDay, secondsPerDay - 1)
  const submissions: SubmissionRow[] = []
  const submit = (status: 'rejected' | 'accepted' | 'submitted', askingMarkup: readonly [number, number], decisionDays: readonly [number, number]) => {
    const item = sampler.sample(random)
    const submittedInstant = instantOf(day, random.integer(9 * secondsPerHour, 22 * secondsPerHour))
    const decidedInstant = submittedInstant + Math.round(random.between(...decisionDays) * secondsPerDay)
    const decided = status !== 'submitted' && decidedInstant <= windowEnd
    submissions.push({
      id: random.uuid(),
      sellerId: consignors.pick(random).id,
      brandId: item.brand.id,
      category: item.model.category,
      askingPriceCents: Math.round((item.costCents * random.between(...askingMarkup)) / 100) * 100,
      status: decided ? status : 'submitted',
      submittedAt: submittedInstant,
      decidedAt: decided ? decidedInstant : null,
      listedAt: null,
      productId: null,
    })
  }
  // Rejections mostly ask far more than the piece would fetch.
  for (let count = random.count(listedPerDay * rejectedPerListed); count > 0; count--) submit('rejected', [1.2, 1.6], [1, 6])
  if (day > lastDay - awaitingListing.lastDays) {
    for (let count = random.count(listedPerDay * awaitingListing.perListed); count > 0; count--) submit('accepted', [1, 1.15], [1, 3])
  }
  if (day > lastDay - awaitingDecision.lastDays) {
    for (let count = random.count(listedPerDay * awaitingDecision.perListed); count > 0; count--) submit('submitted', [1, 1.3], [1, 3])
  }
  return submissions
}
