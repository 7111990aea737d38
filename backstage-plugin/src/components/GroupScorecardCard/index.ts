export { GroupScorecardCard } from './GroupScorecardCard';
export type { GroupScorecardCardProps } from './GroupScorecardCard';
