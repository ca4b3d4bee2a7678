import salesByHour from './sales-by-hour.ts'
import salesByWeekday from './sales-by-weekday.ts'
import salesTrend from './sales-trend.ts'
import seasonality from './seasonality.ts'

export const salesTools = [salesByWeekday, salesTrend, salesByHour, seasonality]
