import type { CheckResultItem } from '../../api/scorecardTypes';

/** Score bands shared by every card: the same thresholds colour the graph and the tables. */
export const SCORE_BANDS = [
  { min: 80, colour: '#2e7d32', label: 'score 80 or more' },
  { min: 50, colour: '#f9a825', label: 'score 50 to 79' },
  { min: 0, colour: '#c62828', label: 'score under 50' },
] as const;

export function scoreBand(score: number) {
  return SCORE_BANDS.find(b => score >= b.min) ?? SCORE_BANDS[2];
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '–' : `${Math.round(score)}`;
}

const WEIGHT_ORDER = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 } as const;

/** The groups of the scorecard card, in the order a reader needs them. */
export const STATE_GROUPS = [
  { state: 'FAIL', title: 'Failing' },
  { state: 'ERROR', title: 'Errors' },
  { state: 'UNKNOWN', title: 'Unknown' },
  { state: 'EXEMPT', title: 'Exempt' },
  { state: 'PASS', title: 'Passing' },
] as const;

/** Checks of one state, heaviest first (failing critical checks lead), then in definition order. */
export function checksInState(
  results: ReadonlyArray<CheckResultItem>,
  state: CheckResultItem['state'],
): CheckResultItem[] {
  return results
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.state === state)
    .sort(
      (a, b) =>
        WEIGHT_ORDER[a.r.weight] - WEIGHT_ORDER[b.r.weight] || a.i - b.i,
    )
    .map(({ r }) => r);
}

/** A fact value as one line of text. */
export function formatFact(value: unknown): string {
  if (value === null || value === undefined) return 'missing';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The day an exemption ends, as written in its YAML. */
export function formatDay(instant: string): string {
  return instant.slice(0, 10);
}

/** The category of checks without one, when others have one. */
export const NO_CATEGORY = 'Other';

/** Checks in the card's order within one group: by state, then heaviest first. */
export function checksInCardOrder(
  results: ReadonlyArray<CheckResultItem>,
): CheckResultItem[] {
  return STATE_GROUPS.flatMap(g => checksInState(results, g.state));
}

/**
 * The checks grouped by category, categories in the order the definition first names them and
 * uncategorised checks last; null when no check has a category, so the card groups by state.
 */
export function checksByCategory(
  results: ReadonlyArray<CheckResultItem>,
): { category: string; checks: CheckResultItem[] }[] | null {
  if (!results.some(r => r.category)) return null;
  const categories = new Map<string, CheckResultItem[]>();
  for (const r of results) {
    const key = r.category ?? NO_CATEGORY;
    categories.set(key, [...(categories.get(key) ?? []), r]);
  }
  const uncategorised = categories.get(NO_CATEGORY);
  categories.delete(NO_CATEGORY);
  if (uncategorised) categories.set(NO_CATEGORY, uncategorised);
  return [...categories].map(([category, checks]) => ({
    category,
    checks: checksInCardOrder(checks),
  }));
}
