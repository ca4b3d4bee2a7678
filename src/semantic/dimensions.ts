import { z } from 'zod'
import { countryAliases, regionAliases } from './places.ts'

/**
 * The dimensions: what figures are filtered and grouped by. Each is declared once with its label, its column in
 * each table that has it, where its values come from (a fixed list, or the data), the words people use for it and
 * for its values, and whether it can filter and group. Tool inputs, the planner's vocabulary, the value lookup,
 * column labels and chart axis titles read them from here.
 */
export interface ValueDeclaration {
  label: string
  /** Other ways people write the value ("handbag", "LV", "like new"); matched after case and accent folding. */
  synonyms: readonly string[]
}

export interface DimensionDeclaration {
  label: string
  plural: string
  /** The column per table (aliases: s sales, p products, b brands, u users, r rollups, c campaigns, l live_shows). */
  columns: Readonly<Record<string, string>>
  /** Fixed values with their words, or `data`: read from the database (src/semantic/value-lookup.ts). */
  values: Readonly<Record<string, ValueDeclaration>> | 'data'
  /** For values from the data: the query's table and column, and aliases of well-known values. */
  dataSource?: { table: string; column: string; aliases?: Readonly<Record<string, readonly string[]>> }
  /** The words for the dimension itself ("by brand", "designers"). */
  synonyms: readonly string[]
  filter: boolean
  group: boolean
}

const value = (label: string, ...synonyms: string[]): ValueDeclaration => ({ label, synonyms })

export const dimensions = {
  channel: {
    label: 'Channel',
    plural: 'channels',
    columns: { sales: 's.channel', rollup: 'r.channel', campaigns: 'c.channel' },
    values: {
      whatnot: value('Whatnot', 'whatnot'),
      instagram: value('Instagram', 'instagram', 'insta', 'ig'),
      email: value('E-mail', 'email', 'e-mail', 'newsletter', 'newsletters'),
      website: value('Website', 'website', 'web site', 'online store', 'web store', 'webshop', 'site'),
    },
    synonyms: ['channel', 'channels', 'sales channel', 'sales channels'],
    filter: true,
    group: true,
  },
  platform: {
    label: 'Show platform',
    plural: 'platforms',
    columns: { live_shows: 'l.platform' },
    values: { whatnot: value('Whatnot', 'whatnot'), instagram: value('Instagram', 'instagram', 'insta', 'ig', 'instagram live') },
    synonyms: ['platform', 'platforms'],
    filter: true,
    group: true,
  },
  category: {
    label: 'Category',
    plural: 'categories',
    columns: { products: 'p.category', rollup: 'r.category', submissions: 'ss.category' },
    values: {
      bag: value('Bag', 'bag', 'bags', 'handbag', 'handbags', 'purse', 'purses'),
      wallet: value('Wallet', 'wallet', 'wallets'),
      backpack: value('Backpack', 'backpack', 'backpacks'),
      small_leather_goods: value('Small leather goods', 'small leather goods', 'slg', 'slgs', 'card holder', 'card holders'),
    },
    synonyms: ['category', 'categories', 'product type', 'product types', 'item type', 'item types', 'type of item', 'types of items'],
    filter: true,
    group: true,
  },
  condition: {
    label: 'Condition',
    plural: 'conditions',
    columns: { products: 'p.condition', rollup: 'r.condition' },
    values: {
      S: value('S (like new)', 'condition s', 'grade s', 's condition', 's grade', 'like new', 'unused', 'mint'),
      A: value('A (lightly used)', 'condition a', 'grade a', 'a condition', 'a grade', 'lightly used', 'excellent condition'),
      B: value('B (visibly used)', 'condition b', 'grade b', 'b condition', 'b grade', 'visibly used', 'well used', 'fair condition'),
    },
    synonyms: ['condition', 'conditions', 'grade', 'grades'],
    filter: true,
    group: true,
  },
  brand: {
    label: 'Brand',
    plural: 'brands',
    columns: { brands: 'b.name' },
    values: 'data',
    dataSource: {
      table: 'brands',
      column: 'name',
      // Well-known houses, spelled as the data spells them, with the other ways people write them. The value lookup
      // adds every brand the data holds; the offline planner reads these before the data is loaded.
      aliases: {
        'Louis Vuitton': ['louis vuitton', 'vuitton', 'louis', 'lv'],
        Chanel: [],
        Hermès: ['hermes'],
        Gucci: [],
        Prada: [],
        Dior: ['christian dior'],
        Fendi: [],
        Celine: ['céline'],
        Goyard: [],
        'Bottega Veneta': ['bottega'],
        'Saint Laurent': ['ysl', 'yves saint laurent', 'saint-laurent'],
        Balenciaga: [],
        Givenchy: [],
        Burberry: [],
        Loewe: [],
        Valentino: [],
        'Miu Miu': ['miumiu'],
        Chloé: ['chloe'],
        Cartier: [],
      },
    },
    synonyms: ['brand', 'brands', 'designer', 'designers', 'fashion house', 'label', 'labels'],
    filter: true,
    group: true,
  },
  product: {
    label: 'Product',
    plural: 'products',
    columns: { products: 'p.name' },
    values: 'data',
    dataSource: { table: 'products', column: 'name' },
    synonyms: ['product', 'products', 'item', 'items', 'sku', 'skus', 'model', 'models'],
    filter: false,
    group: true,
  },
  region: {
    label: 'State',
    plural: 'states',
    columns: { users: 'u.region' },
    values: 'data',
    // US states and Canadian provinces by code and by name: whichever the data stores, the other reads as it.
    dataSource: { table: 'users', column: 'region', aliases: regionAliases },
    synonyms: ['region', 'regions', 'state', 'states', 'province', 'provinces'],
    filter: true,
    group: true,
  },
  city: {
    label: 'City',
    plural: 'cities',
    columns: { users: 'u.city' },
    values: 'data',
    dataSource: {
      table: 'users',
      column: 'city',
      aliases: { 'New York': ['nyc', 'new york city', 'manhattan'], 'Los Angeles': ['la', 'l a'], 'San Francisco': ['sf'] },
    },
    synonyms: ['city', 'cities', 'town', 'towns'],
    filter: true,
    group: true,
  },
  country: {
    label: 'Country',
    plural: 'countries',
    columns: { users: 'u.country' },
    values: 'data',
    dataSource: { table: 'users', column: 'country', aliases: countryAliases },
    synonyms: ['country', 'countries', 'nation', 'nations'],
    filter: true,
    group: true,
  },
  campaign: {
    label: 'Campaign',
    plural: 'campaigns',
    columns: { campaigns: 'c.name' },
    values: 'data',
    dataSource: { table: 'marketing_campaigns', column: 'name' },
    synonyms: ['campaign', 'campaigns'],
    filter: true,
    group: true,
  },
  show: {
    label: 'Live show',
    plural: 'live shows',
    columns: { live_shows: 'l.title' },
    values: 'data',
    dataSource: { table: 'live_shows', column: 'title' },
    synonyms: ['show', 'shows', 'live show', 'live shows', 'stream', 'streams'],
    filter: true,
    group: true,
  },
  contact_preference: {
    label: 'Contact preference',
    plural: 'contact preferences',
    columns: { users: 'u.contact_preference' },
    values: {
      instagram: value('Instagram', 'instagram', 'instagram dm'),
      snapchat: value('Snapchat', 'snapchat'),
      email: value('E-mail', 'email', 'e-mail'),
      phone: value('Phone', 'phone', 'call', 'text'),
      unknown: value('No preference recorded', 'unknown', 'no preference'),
    },
    synonyms: ['contact preference', 'contact preferences', 'preferred contact'],
    filter: false,
    group: true,
  },
} as const satisfies Record<string, DimensionDeclaration>

export type DimensionName = keyof typeof dimensions

type ListedDimension = { [Name in DimensionName]: (typeof dimensions)[Name]['values'] extends 'data' ? never : Name }[DimensionName]
export type DimensionValue<Name extends ListedDimension> = Extract<keyof (typeof dimensions)[Name]['values'], string>

/** The fixed values of a dimension, in declaration order. */
export function valuesOf<Name extends ListedDimension>(name: Name): [DimensionValue<Name>, ...DimensionValue<Name>[]] {
  return Object.keys(dimensions[name].values) as [DimensionValue<Name>, ...DimensionValue<Name>[]]
}

/** The label of a dimension's value ("S (like new)"), or the value itself. */
export function valueLabel(name: DimensionName, raw: string): string {
  const values: DimensionDeclaration['values'] = dimensions[name].values
  return values === 'data' ? raw : (values[raw]?.label ?? raw)
}

/** A zod enum of a dimension's fixed values, for a tool input or a row. */
export function dimensionEnum<Name extends ListedDimension>(name: Name) {
  return z.enum(valuesOf(name))
}

/** An optional filter on a fixed-list dimension, described for a model. */
export function dimensionFilter<Name extends ListedDimension>(name: Name, what = 'sales') {
  const declaration = dimensions[name]
  const listed = valuesOf(name).join(', ')
  return dimensionEnum(name)
    .optional()
    .describe(`Only ${what} of this ${declaration.label.toLowerCase()} (${listed}). Default: every ${declaration.label.toLowerCase()}.`)
}

/** The channels campaigns run on (marketing_campaigns.channel): every sales channel but the website. */
export const campaignChannels = ['whatnot', 'instagram', 'email'] as const satisfies readonly DimensionValue<'channel'>[]
