import type {
  EntityScorecardResult,
  ScorecardDefinition,
  ScorecardResultPage,
  ScorecardRollup,
  ScorecardSummary,
  ScorecardTrend,
  ScorePoint,
} from '../api/scorecardTypes';

/** Results as Stagehand would serve them for the demo's checkout-service. */
export const checkoutScorecard: EntityScorecardResult = {
  name: 'production-readiness',
  title: 'Production readiness',
  score: 62.5,
  level: 'bronze',
  levels: ['bronze', 'silver', 'gold'],
  failingCritical: 1,
  passing: 2,
  failing: 2,
  exempt: 1,
  unknown: 0,
  errors: 0,
  evaluatedAt: '2026-12-01T10:00:00Z',
  results: [
    {
      checkId: 'has-owner',
      title: 'Has an owner',
      weight: 'HIGH',
      level: 'bronze',
      state: 'PASS',
      message: null,
      since: '2026-11-01T00:00:00Z',
      facts: [{ name: 'entity.owner', value: 'group:default/checkout-team', observedAt: null }],
      exemption: null,
      owner: null,
      category: null,
      links: [],
      remediation: null,
      enforced: true,
    },
    {
      checkId: 'has-docs',
      title: 'Has TechDocs',
      weight: 'MEDIUM',
      level: 'silver',
      state: 'FAIL',
      message: 'Add a backstage.io/techdocs-ref annotation',
      since: '2026-11-02T00:00:00Z',
      facts: [{ name: 'entity.annotations', value: null, observedAt: null }],
      exemption: null,
      owner: null,
      category: null,
      links: [],
      remediation: null,
      enforced: true,
    },
    {
      checkId: 'on-call',
      title: 'Has an on-call rotation',
      weight: 'CRITICAL',
      level: 'bronze',
      state: 'FAIL',
      message: 'No PagerDuty service is linked',
      since: '2026-11-03T00:00:00Z',
      facts: [{ name: 'entity.pagerduty', value: false, observedAt: null }],
      exemption: null,
      owner: null,
      category: null,
      links: [],
      remediation: null,
      enforced: true,
    },
    {
      checkId: 'runbook',
      title: 'Has a runbook',
      weight: 'LOW',
      level: 'gold',
      state: 'EXEMPT',
      message: null,
      since: '2026-11-04T00:00:00Z',
      facts: [],
      exemption: {
        id: '7',
        reason: 'Being rewritten',
        approvedBy: 'group:default/sre-team',
        expires: '2026-12-31T23:59:59Z',
        expired: false,
      },
      owner: null,
      category: null,
      links: [],
      remediation: null,
      enforced: true,
    },
    {
      checkId: 'lifecycle',
      title: 'Lifecycle set',
      weight: 'LOW',
      level: null,
      state: 'PASS',
      message: null,
      since: '2026-11-05T00:00:00Z',
      facts: [],
      exemption: null,
      owner: null,
      category: null,
      links: [],
      remediation: null,
      enforced: true,
    },
  ],
};

export const definitions: ScorecardDefinition[] = [
  {
    name: 'production-readiness',
    title: 'Production readiness',
    levels: ['bronze', 'silver', 'gold'],
    checks: [
      { id: 'has-owner', title: 'Has an owner', weight: 'HIGH' },
      { id: 'on-call', title: 'Has an on-call rotation', weight: 'CRITICAL' },
    ],
  },
  {
    name: 'security',
    title: 'Security',
    levels: ['ok'],
    checks: [{ id: 'no-secrets', title: 'No secrets in git', weight: 'CRITICAL' }],
  },
];

export const rollup: ScorecardRollup = {
  scorecard: 'production-readiness',
  entityCount: 4,
  averageScore: 71.25,
  levels: [
    { level: 'bronze', count: 2 },
    { level: 'gold', count: 1 },
    { level: null, count: 1 },
  ],
  failingCriticalCount: 1,
  failingCritical: [
    {
      ref: 'component:default/checkout-service',
      score: 62.5,
      level: 'bronze',
      failingCritical: 1,
      entity: { kind: 'Component', name: 'checkout-service', namespace: 'default', title: null },
    },
  ],
};

export function resultPage(
  refs: string[],
  totalCount: number,
  endCursor: string | null,
): ScorecardResultPage {
  return {
    totalCount,
    pageInfo: { hasNextPage: endCursor !== null, endCursor },
    nodes: refs.map((ref, i) => ({
      name: 'production-readiness',
      ref,
      score: 40 + i,
      level: i % 2 ? 'bronze' : null,
      failingCritical: i % 2,
      failing: 2,
      evaluatedAt: '2026-12-01T10:00:00Z',
      entity: {
        kind: 'Component',
        name: ref.split('/')[1],
        namespace: 'default',
        title: null,
        ownerRef: 'group:default/checkout-team',
        system: { ref: 'system:default/checkout' },
      },
    })),
  };
}

export const summary: ScorecardSummary = {
  ...rollup,
  checks: [
    { checkId: 'has-owner', weight: 'HIGH', pass: 3, fail: 1, exempt: 0, unknown: 0, errors: 0, passRate: 0.75 },
    { checkId: 'on-call', weight: 'CRITICAL', pass: 0, fail: 0, exempt: 0, unknown: 4, errors: 0, passRate: null },
  ],
};

/** Three weekly snapshots of a team's entities, the last with one more entity. */
export const weeklyTrend: ScorecardTrend = {
  scorecard: 'production-readiness',
  owner: 'group:default/commerce-tribe',
  interval: 'WEEK',
  points: [
    {
      date: '2026-11-16',
      takenOn: '2026-11-22',
      entityCount: 3,
      averageScore: 55,
      levels: [
        { level: 'bronze', count: 2 },
        { level: 'silver', count: 0 },
        { level: 'gold', count: 0 },
        { level: null, count: 1 },
      ],
    },
    {
      date: '2026-11-23',
      takenOn: '2026-11-29',
      entityCount: 3,
      averageScore: 61.5,
      levels: [
        { level: 'bronze', count: 2 },
        { level: 'silver', count: 1 },
        { level: 'gold', count: 0 },
        { level: null, count: 0 },
      ],
    },
    {
      date: '2026-11-30',
      takenOn: '2026-12-06',
      entityCount: 4,
      averageScore: 71.25,
      levels: [
        { level: 'bronze', count: 2 },
        { level: 'silver', count: 0 },
        { level: 'gold', count: 1 },
        { level: null, count: 1 },
      ],
    },
  ],
};

/** checkout-service's score changes in production-readiness. */
export const checkoutHistory: ScorePoint[] = [
  { at: '2026-10-20T08:00:00Z', score: 40, level: null },
  { at: '2026-11-10T08:00:00Z', score: 50, level: 'bronze' },
  { at: '2026-12-01T10:00:00Z', score: 62.5, level: 'bronze' },
];
