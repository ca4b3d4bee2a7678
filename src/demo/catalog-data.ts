/**
 * What the shop sells: luxury houses, their best-known models and what a piece fetches.
 * Prices are typical resale asking prices in US dollars for a piece in condition S; A and B sell for less.
 * The per-brand levers plant two patterns: Hermès is bought cheapest relative to its price (the best margin)
 * and Gucci piles up as aged stock.
 */
export type Category = 'bag' | 'wallet' | 'backpack' | 'small_leather_goods'
export type Condition = 'S' | 'A' | 'B'

export interface ModelData {
  name: string
  category: Category
  /** Typical asking price in condition S, in dollars. */
  referencePrice: number
  /** Relative popularity within the brand. */
  weight: number
  variants: readonly string[]
}

export interface BrandData {
  name: string
  description: string
  /** Relative share of sales. */
  salesWeight: number
  /** What the shop pays, as a share of the asking price (lowest to highest). */
  costShare: readonly [number, number]
  /** Multiplies the days an item waits before it sells. */
  daysHeldFactor: number
  /** Unsold stock per expected unit: fresh (≤ 180 days in stock) and aged (> 180 days). */
  unsoldStock: { fresh: number; aged: number }
  models: readonly ModelData[]
}

export interface ConditionData {
  grade: Condition
  label: string
  salesWeight: number
  priceFactor: number
  /** Days in stock before a sale: at least `minimum`, then exponential with mean `mean`. */
  daysHeld: { minimum: number; mean: number }
  /** Unsold pieces per piece sold: worn pieces are harder to move. */
  unsoldPerSold: number
}

export const conditions: readonly ConditionData[] = [
  { grade: 'S', label: 'unused or like new', salesWeight: 30, priceFactor: 1, daysHeld: { minimum: 1, mean: 27 }, unsoldPerSold: 0.07 },
  { grade: 'A', label: 'lightly used', salesWeight: 45, priceFactor: 0.82, daysHeld: { minimum: 2, mean: 43 }, unsoldPerSold: 0.11 },
  { grade: 'B', label: 'visibly used', salesWeight: 25, priceFactor: 0.66, daysHeld: { minimum: 4, mean: 82 }, unsoldPerSold: 0.3 },
]

const model = (name: string, category: Category, referencePrice: number, weight: number, variants: readonly string[]): ModelData => ({
  name,
  category,
  referencePrice,
  weight,
  variants,
})

const usual = { fresh: 1, aged: 0.25 }

export const brands: readonly BrandData[] = [
  {
    name: 'Louis Vuitton',
    description: 'French maison known for Monogram and Damier canvas.',
    salesWeight: 22,
    costShare: [0.56, 0.66],
    daysHeldFactor: 0.9,
    unsoldStock: usual,
    models: [
      model('Neverfull MM', 'bag', 1950, 10, ['Monogram canvas', 'Damier Ebene canvas', 'Damier Azur canvas']),
      model('Speedy Bandoulière 25', 'bag', 1750, 7, ['Monogram canvas', 'Damier Ebene canvas', 'Monogram Empreinte leather, black']),
      model('Speedy 30', 'bag', 1050, 5, ['Monogram canvas', 'Damier Ebene canvas']),
      model('Alma PM', 'bag', 1500, 4, ['Epi leather, noir', 'Monogram canvas', 'Vernis leather, rose ballerine']),
      model('Pochette Métis', 'bag', 2900, 6, ['Monogram canvas', 'Monogram Reverse canvas', 'Monogram Empreinte leather, bicolore']),
      model('OnTheGo MM', 'bag', 3100, 4, ['Monogram Giant canvas', 'Monogram Empreinte leather, crème']),
      model('Christopher Backpack PM', 'backpack', 3300, 3, ['Monogram Eclipse canvas', 'Taiga leather, black', 'Damier Graphite canvas']),
      model('Palm Springs Backpack Mini', 'backpack', 2100, 3, ['Monogram canvas', 'Monogram Reverse canvas']),
      model('Zippy Wallet', 'wallet', 850, 7, ['Monogram canvas', 'Damier Ebene canvas', 'Epi leather, noir']),
      model('Victorine Wallet', 'wallet', 560, 4, ['Monogram canvas, fuchsia lining', 'Damier Ebene canvas']),
      model('Card Holder', 'small_leather_goods', 320, 4, ['Monogram canvas', 'Damier Graphite canvas']),
      model('Key Pouch', 'small_leather_goods', 340, 3, ['Monogram canvas', 'Damier Azur canvas']),
    ],
  },
  {
    name: 'Chanel',
    description: 'Parisian house of the Classic Flap and the 2.55.',
    salesWeight: 13,
    costShare: [0.55, 0.64],
    daysHeldFactor: 0.8,
    unsoldStock: { fresh: 1, aged: 0.2 },
    models: [
      model('Classic Flap Medium', 'bag', 9800, 8, ['Black caviar, gold hardware', 'Black lambskin, silver hardware', 'Beige caviar, gold hardware']),
      model('Classic Flap Small', 'bag', 8600, 4, ['Black caviar, gold hardware', 'Navy lambskin, silver hardware']),
      model('2.55 Reissue 225', 'bag', 7600, 3, ['Aged calfskin, black', 'Aged calfskin, dark grey']),
      model('Boy Bag Old Medium', 'bag', 5400, 4, ['Black caviar, ruthenium hardware', 'Navy lambskin, gold hardware']),
      model('19 Flap Bag', 'bag', 5200, 3, ['Black goatskin, mixed hardware', 'Beige lambskin, mixed hardware']),
      model('Wallet on Chain', 'bag', 3400, 6, ['Black caviar, gold hardware', 'Red lambskin, silver hardware']),
      model('Duma Backpack', 'backpack', 4300, 2, ['Black lambskin, gold hardware']),
      model('Zipped Wallet', 'wallet', 1250, 3, ['Black caviar', 'Pink caviar']),
      model('Classic Card Holder', 'small_leather_goods', 780, 5, ['Black caviar, gold hardware', 'Beige caviar, gold hardware']),
    ],
  },
  {
    name: 'Hermès',
    description: 'Saddle-maker turned leather house: the Birkin and the Kelly.',
    salesWeight: 5,
    costShare: [0.45, 0.52],
    daysHeldFactor: 0.5,
    unsoldStock: { fresh: 0.5, aged: 0.05 },
    models: [
      model('Birkin 25', 'bag', 28_000, 2, ['Togo leather, gold, gold hardware', 'Epsom leather, noir, palladium hardware']),
      model('Birkin 30', 'bag', 24_000, 3, ['Togo leather, etoupe, gold hardware', 'Togo leather, noir, gold hardware']),
      model('Kelly 28', 'bag', 21_000, 2, ['Epsom leather, noir, gold hardware', 'Togo leather, craie, palladium hardware']),
      model('Lindy 26', 'bag', 8400, 2, ['Clemence leather, bleu nuit', 'Swift leather, gold']),
      model('Evelyne PM', 'bag', 3500, 4, ['Clemence leather, gold', 'Clemence leather, bleu nuit']),
      model('Picotin Lock 18', 'bag', 3300, 4, ['Clemence leather, etoupe', 'Clemence leather, rouge H']),
      model('Garden Party 36', 'bag', 3900, 2, ['Negonda leather, noir', 'Canvas and leather, natural']),
      model('Béarn Wallet', 'wallet', 3300, 3, ['Epsom leather, noir', 'Epsom leather, gold']),
      model('Calvi Card Holder', 'small_leather_goods', 540, 4, ['Epsom leather, noir', 'Epsom leather, rose sakura']),
    ],
  },
  {
    name: 'Gucci',
    description: 'Florentine house of the GG monogram and the Horsebit.',
    salesWeight: 12,
    costShare: [0.6, 0.7],
    daysHeldFactor: 1.4,
    // Bought heavily in 2024 and slow to move since: the aged-stock pattern.
    unsoldStock: { fresh: 1, aged: 2.5 },
    models: [
      model('GG Marmont Small Shoulder Bag', 'bag', 1350, 8, ['Matelassé leather, black', 'Matelassé leather, dusty pink']),
      model('Dionysus Small Shoulder Bag', 'bag', 1500, 4, ['GG Supreme canvas', 'Suede, taupe']),
      model('Jackie 1961 Small', 'bag', 1850, 4, ['GG Supreme canvas', 'Leather, black']),
      model('Horsebit 1955 Shoulder Bag', 'bag', 1650, 3, ['GG Supreme canvas', 'Leather, white']),
      model('Ophidia GG Medium Tote', 'bag', 1250, 3, ['GG Supreme canvas, web stripe']),
      model('Ophidia GG Backpack', 'backpack', 1300, 3, ['GG Supreme canvas, web stripe']),
      model('GG Marmont Zip Around Wallet', 'wallet', 520, 5, ['Matelassé leather, black', 'Matelassé leather, red']),
      model('Ophidia Card Case', 'small_leather_goods', 240, 3, ['GG Supreme canvas']),
    ],
  },
  {
    name: 'Prada',
    description: 'Milanese house of Saffiano leather and Re-Nylon.',
    salesWeight: 7,
    costShare: [0.58, 0.68],
    daysHeldFactor: 1.1,
    unsoldStock: usual,
    models: [
      model('Re-Edition 2005 Nylon', 'bag', 1050, 6, ['Re-Nylon, black', 'Re-Nylon, pink']),
      model('Galleria Saffiano Medium', 'bag', 2300, 4, ['Saffiano leather, black', 'Saffiano leather, caramel']),
      model('Cleo Brushed Leather', 'bag', 1700, 3, ['Brushed leather, black', 'Brushed leather, white']),
      model('Re-Nylon Backpack', 'backpack', 1100, 3, ['Re-Nylon, black']),
      model('Saffiano Continental Wallet', 'wallet', 540, 3, ['Saffiano leather, black']),
      model('Saffiano Card Holder', 'small_leather_goods', 250, 3, ['Saffiano leather, black', 'Saffiano leather, powder pink']),
    ],
  },
  {
    name: 'Dior',
    description: 'Maison of the Lady Dior, the Saddle and the Book Tote.',
    salesWeight: 8,
    costShare: [0.57, 0.67],
    daysHeldFactor: 1,
    unsoldStock: usual,
    models: [
      model('Lady Dior Medium', 'bag', 4700, 5, ['Cannage lambskin, black', 'Cannage patent, latte']),
      model('Saddle Bag', 'bag', 3100, 5, ['Blue Dior Oblique jacquard', 'Grained calfskin, black']),
      model('Book Tote Medium', 'bag', 2700, 4, ['Blue Dior Oblique embroidery', 'Toile de Jouy embroidery']),
      model('Bobby Medium', 'bag', 2600, 2, ['Box calfskin, black']),
      model('Caro Medium', 'bag', 3300, 2, ['Cannage calfskin, black', 'Cannage calfskin, beige']),
      model('Rider 2.0 Backpack', 'backpack', 2300, 2, ['Dior Oblique jacquard, beige and black']),
      model('Caro Compact Zipped Wallet', 'wallet', 650, 2, ['Cannage calfskin, black']),
      model('Saddle Card Holder', 'small_leather_goods', 380, 3, ['Blue Dior Oblique jacquard', 'Grained calfskin, black']),
    ],
  },
  {
    name: 'Fendi',
    description: 'Roman house of the Baguette and the Peekaboo.',
    salesWeight: 5,
    costShare: [0.58, 0.68],
    daysHeldFactor: 1,
    unsoldStock: usual,
    models: [
      model('Peekaboo ISeeU Medium', 'bag', 3600, 4, ['Selleria leather, black', 'Nappa leather, grey']),
      model('Baguette', 'bag', 2300, 5, ['FF jacquard, tobacco', 'Sequins, silver']),
      model('First Small', 'bag', 2800, 2, ['Nappa leather, black', 'Nappa leather, white']),
      model('Mon Trésor', 'bag', 1500, 2, ['FF canvas, tobacco']),
      model('Nylon Backpack', 'backpack', 1100, 1, ['Nylon, black']),
      model('F is Fendi Continental Wallet', 'wallet', 580, 2, ['Calfskin, black']),
      model('FF Card Holder', 'small_leather_goods', 280, 2, ['FF canvas, tobacco']),
    ],
  },
  {
    name: 'Saint Laurent',
    description: 'Paris house of the Loulou and the Cassandre.',
    salesWeight: 7,
    costShare: [0.58, 0.68],
    daysHeldFactor: 1,
    unsoldStock: usual,
    models: [
      model('Loulou Medium', 'bag', 1900, 5, ['Matelassé leather, black', 'Matelassé leather, dark beige']),
      model('Sac de Jour Small', 'bag', 2050, 3, ['Grained leather, black']),
      model('Kate Medium Chain Bag', 'bag', 1550, 4, ['Grain de poudre leather, black', 'Crocodile-embossed, black']),
      model('Niki Medium', 'bag', 1750, 3, ['Vintage leather, black']),
      model('Le 5 à 7', 'bag', 1650, 3, ['Smooth leather, black', 'Smooth leather, brick']),
      model('City Backpack', 'backpack', 1100, 2, ['Nylon and leather, black']),
      model('Cassandre Zip Around Wallet', 'wallet', 480, 3, ['Grain de poudre leather, black']),
      model('Cassandre Card Case', 'small_leather_goods', 240, 3, ['Grain de poudre leather, black']),
    ],
  },
  {
    name: 'Bottega Veneta',
    description: 'Venetian house of Intrecciato weave.',
    salesWeight: 4,
    costShare: [0.57, 0.67],
    daysHeldFactor: 1,
    unsoldStock: usual,
    models: [
      model('Cassette', 'bag', 2500, 5, ['Padded intrecciato, parakeet', 'Padded intrecciato, black']),
      model('Jodie Mini', 'bag', 2100, 4, ['Intrecciato leather, fondant', 'Intrecciato leather, black']),
      model('The Pouch', 'bag', 2200, 3, ['Butter calf leather, black', 'Butter calf leather, almond']),
      model('Arco Tote', 'bag', 2600, 2, ['Intrecciato leather, black']),
      model('Intrecciato Backpack', 'backpack', 2000, 1, ['Intrecciato leather, black']),
      model('Intrecciato Zip Around Wallet', 'wallet', 680, 2, ['Intrecciato leather, black']),
      model('Intrecciato Card Case', 'small_leather_goods', 270, 2, ['Intrecciato leather, parakeet']),
    ],
  },
  {
    name: 'Celine',
    description: 'Paris house of the Triomphe and the Luggage.',
    salesWeight: 4,
    costShare: [0.57, 0.67],
    daysHeldFactor: 1,
    unsoldStock: usual,
    models: [
      model('Triomphe Teen', 'bag', 2800, 4, ['Shiny calfskin, black', 'Triomphe canvas, tan']),
      model('Luggage Nano', 'bag', 2300, 4, ['Drummed calfskin, black', 'Drummed calfskin, dune']),
      model('Classic Box Teen', 'bag', 3200, 2, ['Box calfskin, black']),
      model('Belt Bag Micro', 'bag', 1700, 2, ['Grained calfskin, light taupe']),
      model('Large Strap Wallet', 'wallet', 650, 2, ['Grained calfskin, black']),
      model('Card Holder', 'small_leather_goods', 260, 2, ['Triomphe canvas, tan']),
    ],
  },
  {
    name: 'Goyard',
    description: 'Paris trunk-maker of the hand-painted Goyardine.',
    salesWeight: 4,
    costShare: [0.55, 0.65],
    daysHeldFactor: 0.8,
    unsoldStock: { fresh: 1, aged: 0.2 },
    models: [
      model('Saint Louis PM', 'bag', 1950, 6, ['Goyardine canvas, black', 'Goyardine canvas, green']),
      model('Artois MM', 'bag', 2600, 3, ['Goyardine canvas, black and tan']),
      model('Anjou Mini', 'bag', 2400, 3, ['Goyardine canvas, grey']),
      model('Alpin MM Backpack', 'backpack', 2700, 2, ['Goyardine canvas, black']),
      model('Matignon Wallet', 'wallet', 1050, 2, ['Goyardine canvas, black']),
      model('Saint Sulpice Card Holder', 'small_leather_goods', 430, 4, ['Goyardine canvas, red', 'Goyardine canvas, yellow']),
    ],
  },
  {
    name: 'Balenciaga',
    description: 'Paris house of the City bag and Le Cagole.',
    salesWeight: 4,
    costShare: [0.6, 0.7],
    daysHeldFactor: 1.2,
    unsoldStock: { fresh: 1, aged: 0.6 },
    models: [
      model('City Classic', 'bag', 1200, 4, ['Lambskin, black', 'Lambskin, dark grey']),
      model('Le Cagole Shoulder Bag', 'bag', 1600, 4, ['Arena lambskin, black', 'Arena lambskin, white']),
      model('Hourglass Small', 'bag', 1500, 3, ['Shiny box calfskin, black']),
      model('Explorer Backpack', 'backpack', 600, 2, ['Nylon, black']),
      model('Cash Continental Wallet', 'wallet', 380, 2, ['Grained calfskin, black']),
      model('Cash Card Holder', 'small_leather_goods', 190, 2, ['Grained calfskin, black']),
    ],
  },
  {
    name: 'Loewe',
    description: 'Madrid leather house of the Puzzle.',
    salesWeight: 3,
    costShare: [0.58, 0.68],
    daysHeldFactor: 1,
    unsoldStock: usual,
    models: [
      model('Puzzle Small', 'bag', 2400, 4, ['Classic calfskin, tan', 'Classic calfskin, black']),
      model('Gate Small', 'bag', 1600, 2, ['Soft calfskin, autumn green']),
      model('Flamenco Clutch', 'bag', 1900, 2, ['Nappa lambskin, black']),
      model('Hammock Small', 'bag', 2100, 2, ['Classic calfskin, sand']),
      model('Puzzle Zip Around Wallet', 'wallet', 600, 2, ['Classic calfskin, tan']),
      model('Anagram Card Holder', 'small_leather_goods', 280, 2, ['Pebble grain calfskin, black']),
    ],
  },
]

export const accessories = ['Dust bag included.', 'Box and dust bag included.', 'Receipt and box included.', 'No accessories.']

/** Staff notes on a piece, by grade. */
export const conditionNotes: Record<Condition, readonly string[]> = {
  S: ['Protective film still on hardware.', 'Never carried.', 'Authenticated by Entrupy.'],
  A: ['Faint marks on the base.', 'Light scratches on hardware.', 'Authenticated by Entrupy.'],
  B: ['Visible wear on corners.', 'Patina on handles.', 'Light odor, aired out.', 'Interior pen mark.'],
}
