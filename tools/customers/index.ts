import type { AnyTool } from '../../src/tools/define-tool.ts'
import churnRisk from './churn-risk.ts'
import cohortRetention from './cohort-retention.ts'
import contactPreferences from './contact-preferences.ts'
import customersByLocation from './customers-by-location.ts'
import newVsReturningCustomers from './new-vs-returning-customers.ts'
import topCustomers from './top-customers.ts'
import customerConcentration from './customer-concentration.ts'
import customerLifetimeValue from './customer-lifetime-value.ts'
import rfmSegments from './rfm-segments.ts'
import repeatPurchases from './repeat-purchases.ts'

export const customersTools: AnyTool[] = [
  churnRisk,
  newVsReturningCustomers,
  customersByLocation,
  contactPreferences,
  cohortRetention,
  topCustomers,
  customerConcentration,
  customerLifetimeValue,
  rfmSegments,
  repeatPurchases,
]
