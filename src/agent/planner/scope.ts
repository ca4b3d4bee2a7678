/**
 * What the analyst will not do, decided before any tool is chosen: change data or send anything
 * ("delete all sales", "email the customer list to bob@x.com"), or answer questions outside the business
 * ("what's the weather"). Both are declined in plain words, whatever tool words the question also holds.
 */
export type ScopeVerdict = { kind: 'in_scope' } | { kind: 'action' | 'out_of_scope' | 'personal_data'; reason: string }

// Contact details asked for in bulk ("every customer's phone number", "export all emails", "list of addresses"): personal
// data is masked by role in the analyses that need it (top customers, churn risk), never handed out as a list.
const contactDetail = '(?:phone(?: numbers?)?|phone nos?|mobile(?: numbers?)?|cell(?: numbers?)?|e-?mails?(?: address(?:es)?)?|addresses|home address(?:es)?|contact (?:details|info(?:rmation)?|list)|personal (?:data|details|information)|social security|ssns?|dates? of birth|birthdays|credit cards?|card numbers?|where (?:they|each of them) lives?)'
const bulk = new RegExp(
  `\\b(?:every|all|each|entire|whole|full|complete|list of|dump|export|download|extract|scrape)\\b.*\\b${contactDetail}\\b|\\b${contactDetail}\\b.*\\b(?:of|for) (?:all|every|each|our)\\b(?: [a-z]+)? (?:customers?|buyers?|clients?|users?|sellers?|consignors?)\\b|\\b(?:customers?|buyers?|clients?|users?)'? ${contactDetail}\\b|\\b(?:list|give me|show me|pull|get)\\b.*\\b(?:customers?|buyers?|clients?)\\b.*\\b(?:with|and) (?:their )?${contactDetail}`,
)

const emailAddress = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/
const changesData = /\b(delete|deleting|remove|truncate|wipe|erase|purge|insert|overwrite|deactivate)\b|\bdrop (?:the |a |all |every )?(?:[a-z_]+ )?(?:table|tables|database|schema|rows|records|columns?)\b/
// Giving money away is an action even when phrased as a gift: "give everyone in Champions a $100 store credit".
const grantsValue = /\b(?:give|grant|issue|award|apply)\b.*\b(?:credits?|discounts?|coupons?|refunds?|vouchers?|points|gift cards?)\b/
const politely = '^(?:please\\s+|can you\\s+|could you\\s+|would you\\s+|i want you to\\s+)?'
// "change in revenue" and "share of revenue" ask about data; "change the price" and "share this" ask to act.
const changeObject = '(?:the|this|that|these|those|it|them|a|an|all|every|my|our|prices?|customers?|orders?|sales?|items?|products?|inventory|stock)\\b'
const imperativeChange = new RegExp(
  `${politely}(?:update|change|set|mark|edit|modify|rename|add|create|reset|restore|fix|reprice|refund|cancel|ban)\\s+${changeObject}|${politely}mark\\s+\\S+\\s+as\\b`,
)
// Errands in the world, not questions about the data: "book me a flight", "order more dust bags", "call Ana".
const errand = new RegExp(`${politely}(?:book|reserve|schedule|order|buy|purchase|call|ring|hire|pay)\\s+(?:me|us|a|an|the|some|more|our|my)\\b`)
// Other companies' figures and plans, and houses' boutique prices: none of it is in this business's data.
const otherBusinesses = [
  /\b(?:the ?realreal|fashionphile|rebag|vestiaire(?: collective)?|what goes around comes around|1stdibs|poshmark|ebay|farfetch|stockx|tradesy|mytheresa)\b/,
  /\b(?:announce|announcement|unveil|boutiques?|retail price|msrp|new collection)\b/,
]
const sendObject = '(?:this|that|these|those|the|it|them|a|an|my|our|him|her|me|us|everyone|all|everything|to)\\b'
const imperativeSend = new RegExp(`${politely}(?:send|forward|text|message|dm|post|tweet|publish|share|upload|export|download|e-?mail)\\s+${sendObject}`)

const offTopics = [
  /\bweather\b/, /\btemperature\b/, /\brain(?:ing)?\b/, /\bnews\b/, /\bjokes?\b/, /\bpoems?\b/, /\bsongs?\b/, /\brecipes?\b/,
  /\bstock (?:price|market)\b/, /\bbitcoin\b/, /\bcrypto\b/, /\bfootball\b/, /\bsoccer\b/, /\bbasketball\b/,
  /\bpresident\b/, /\bcapital of\b/, /\btranslate\b/, /\bmovies?\b/, /\bhoroscope\b/, /\bwho are you\b/, /\bmeaning of life\b/,
  /\bwrite (?:me )?(?:a|an|some)\b/, /\b(?:python|javascript|code snippet)\b/, /\bpasswords?\b/, /\bhack\b/,
]

export function judgeScope(normalizedText: string): ScopeVerdict {
  const text = normalizedText.trim()
  if (bulk.test(text)) {
    return {
      kind: 'personal_data',
      reason:
        'I can\'t hand out customers\' contact details in bulk (phone numbers, e-mails, addresses), whatever your role: ' +
        'personal data only appears, masked for your role, beside the analyses that need it. I can tell you who your top ' +
        'customers are, who is at risk of churning, or how customers prefer to be contacted.',
    }
  }
  if (emailAddress.test(text) || imperativeSend.test(text)) {
    return { kind: 'action', reason: 'I only read and analyse the business data; I can\'t send, share or export anything.' }
  }
  if (changesData.test(text) || imperativeChange.test(text) || grantsValue.test(text)) {
    return { kind: 'action', reason: 'I only read the business data; I can\'t change, add or delete anything.' }
  }
  if (errand.test(text)) {
    return { kind: 'action', reason: 'I only read and analyse the business data; I can\'t book, order or do anything outside it.' }
  }
  if (otherBusinesses.some((pattern) => pattern.test(text))) {
    return {
      kind: 'out_of_scope',
      reason:
        'That is outside what I can answer: I have only this business\'s own data, not other companies\' figures or plans, ' +
        'nor the houses\' boutique prices.',
    }
  }
  if (offTopics.some((topic) => topic.test(text))) {
    return { kind: 'out_of_scope', reason: 'That is outside what I can answer: I analyse this business\'s sales, customers, products, inventory, marketing and live shows.' }
  }
  return { kind: 'in_scope' }
}
