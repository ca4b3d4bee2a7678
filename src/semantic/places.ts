/**
 * Place names the value lookup and the planner know without the database: US states and Canadian provinces by
 * their postal codes, and countries by their ISO 3166-1 alpha-2 codes. Whichever of the two the data stores (the
 * demo data stores codes: TX, ON, US), the other reads as it (src/semantic/value-lookup.ts).
 */
export const usStates: Readonly<Record<string, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
}

export const canadianProvinces: Readonly<Record<string, string>> = {
  AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick', NL: 'Newfoundland and Labrador',
  NS: 'Nova Scotia', ON: 'Ontario', PE: 'Prince Edward Island', QC: 'Quebec', SK: 'Saskatchewan',
}

/** More ways to write a state than its name ("washington state", "dc"). */
const extraStateWords: Readonly<Record<string, readonly string[]>> = {
  DC: ['washington dc', 'washington d c'],
  WA: ['washington state'],
  NY: ['new york state'],
  CA: ['cali'],
}

/** Region aliases: each code with its name (and a few other spellings). */
export const regionAliases: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries({ ...usStates, ...canadianProvinces }).map(([code, name]) => [code, [name.toLowerCase(), ...(extraStateWords[code] ?? [])]]),
)

/** Country aliases by ISO code; the codes the business is likely to hold. */
export const countryAliases: Readonly<Record<string, readonly string[]>> = {
  US: ['united states', 'united states of america', 'usa', 'america'],
  CA: ['canada'],
  GB: ['united kingdom', 'uk', 'great britain', 'britain'],
  AE: ['united arab emirates', 'uae', 'emirates'],
  FR: ['france'],
  IT: ['italy'],
  DE: ['germany'],
  ES: ['spain'],
  JP: ['japan'],
  CN: ['china'],
  HK: ['hong kong'],
  SG: ['singapore'],
  AU: ['australia'],
  MX: ['mexico'],
  CH: ['switzerland'],
}

/**
 * State and province codes that are also everyday words or abbreviations ("in", "or", "me", "ok", "on"): never read
 * as a place from prose. The others ("tx", "ny", "fl") name their state in a question ("revenue from tx customers").
 */
export const regionCodesThatAreWords: ReadonlySet<string> = new Set([
  'al', 'ar', 'co', 'de', 'hi', 'id', 'in', 'la', 'ma', 'me', 'mo', 'ms', 'mt', 'ne', 'oh', 'ok', 'or', 'pa', 'on', 'pe', 'qc', 'ns', 'nb', 'bc', 'ab', 'sk', 'mb', 'nl', 'nt', 'nu', 'yt',
])
