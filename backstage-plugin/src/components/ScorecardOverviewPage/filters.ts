import type {
  ScorecardResultFilter,
  ScorecardResultOrder,
} from '../../api/generated/graphql';

/** What the reader chose above the table; empty strings mean "any". */
export type OverviewFilters = {
  owner: string;
  system: string;
  level: string;
  failingCheck: string;
  order: 'ASC' | 'DESC';
};

export const NO_FILTERS: OverviewFilters = {
  owner: '',
  system: '',
  level: '',
  failingCheck: '',
  order: 'ASC',
};

/** The GraphQL filter for one scorecard and the reader's choices. */
export function toResultFilter(
  scorecard: string,
  f: OverviewFilters,
): ScorecardResultFilter {
  return {
    scorecard,
    ...(f.owner.trim() && { owner: f.owner.trim(), includeSubgroups: true }),
    ...(f.system.trim() && { system: f.system.trim() }),
    ...(f.level && { level: [f.level] }),
    ...(f.failingCheck && { failingCheck: f.failingCheck }),
  };
}

export function toOrder(f: OverviewFilters): ScorecardResultOrder[] {
  return [
    { field: 'SCORE', direction: f.order },
    { field: 'REF', direction: 'ASC' },
  ];
}
