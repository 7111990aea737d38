export { ScorecardOverviewPage } from './ScorecardOverviewPage';
export type { ScorecardOverviewPageProps } from './ScorecardOverviewPage';
