import { accessories, brands, conditions, type BrandData, type ConditionData, type ModelData } from './catalog-data.ts'
import { Random } from './random.ts'
import { WeightedChoice } from './weighted-choice.ts'

interface CatalogModel {
  data: ModelData
  /** Product name: brand and model. */
  name: string
  /** Every description the model can get, per condition (in `conditions` order): variant, grade, accessories. */
  descriptions: readonly (readonly string[])[]
}

export interface CatalogBrand {
  id: string
  data: BrandData
  models: WeightedChoice<CatalogModel>
}

/** One piece as it enters stock: what it is and what it costs. */
export interface Item {
  brand: CatalogBrand
  model: ModelData
  name: string
  description: string
  condition: ConditionData
  listPriceCents: number
  costCents: number
}

/**
 * Draws pieces with the shop's mix of brands, models and conditions, priced by brand × model × condition.
 * Names and descriptions are built once here and shared by every piece, which keeps millions of rows light.
 */
export class ItemSampler {
  readonly catalog: readonly CatalogBrand[]
  private readonly brandChoice: WeightedChoice<CatalogBrand>
  private readonly conditionChoice = WeightedChoice.of(conditions, (condition) => condition.salesWeight)

  constructor(brandIds: readonly string[]) {
    this.catalog = brands.map((data, index) => ({
      id: brandIds[index]!,
      data,
      models: WeightedChoice.of(
        data.models.map((model) => ({
          data: model,
          name: `${data.name} ${model.name}`,
          descriptions: conditions.map((condition) =>
            model.variants.flatMap((variant) => accessories.map((accessory) => `${variant}. Condition ${condition.grade}: ${condition.label}. ${accessory}`)),
          ),
        })),
        (model) => model.data.weight,
      ),
    }))
    this.brandChoice = WeightedChoice.of(this.catalog, (brand) => brand.data.salesWeight)
  }

  sample(random: Random): Item {
    return this.sampleOf(random, this.brandChoice.pick(random), this.conditionChoice.pick(random))
  }

  sampleOf(random: Random, brand: CatalogBrand, condition: ConditionData): Item {
    const model = brand.models.pick(random)
    const listPriceCents = Math.round((model.data.referencePrice * condition.priceFactor * random.between(0.9, 1.1)) / 5) * 500
    const costCents = Math.round((listPriceCents * random.between(...brand.data.costShare)) / 100) * 100
    return {
      brand,
      model: model.data,
      name: model.name,
      description: random.pick(model.descriptions[conditions.indexOf(condition)]!),
      condition,
      listPriceCents,
      costCents,
    }
  }

  /** The mean asking price of a piece, estimated from a fixed stream so it is the same for every seed. */
  averageListPriceCents(): number {
    const random = new Random(0, 'average-list-price')
    const draws = 20_000
    let total = 0
    for (let draw = 0; draw < draws; draw++) total += this.sample(random).listPriceCents
    return total / draws
  }
}
