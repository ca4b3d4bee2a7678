/** The few statistics the rules share: a rule's thresholds read better against the median than the mean. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((left, right) => left - right)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}

/** Money rounded to cents, so estimates do not carry floating-point noise into reports. */
export function cents(value: number): number {
  return Math.round(value * 100) / 100
}
