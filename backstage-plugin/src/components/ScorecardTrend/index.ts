export { ScorecardTrendChart } from './ScorecardTrendChart';
export type { ScorecardTrendChartProps } from './ScorecardTrendChart';
