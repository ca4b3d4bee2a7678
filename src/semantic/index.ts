/** The semantic layer: measures, dimensions and time, declared once and read by every tool and surface. */
export { measures, measuresOver, partsOf, type MeasureName, type MetricName, type SqlMeasureName, type MeasureDeclaration, type Unit } from './measures.ts'
export { campaignChannels, dimensions, dimensionEnum, dimensionFilter, valueLabel, valuesOf, type DimensionName, type DimensionDeclaration } from './dimensions.ts'
export { facts, grains, grainNames, type Grain, type FactName } from './time.ts'
export { parts, sources, partSql, type PartName, type SourceName } from './sources.ts'
export { ratios, round } from './ratios.ts'
export { glossaryDocument } from './glossary.ts'
export { businessToday } from './clock.ts'
export { columnMeasure, type ColumnMeasure } from './columns.ts'
