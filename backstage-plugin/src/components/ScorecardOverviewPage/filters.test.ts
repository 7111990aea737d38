import { NO_FILTERS, toOrder, toResultFilter } from './filters';

describe('the overview filters', () => {
  it('asks for the whole scorecard when nothing is chosen', () => {
    expect(toResultFilter('production-readiness', NO_FILTERS)).toEqual({
      scorecard: 'production-readiness',
    });
  });

  it('turns each choice into its GraphQL filter, an owner with its sub-groups', () => {
    expect(
      toResultFilter('production-readiness', {
        owner: '  group:default/commerce-tribe ',
        system: 'system:default/checkout',
        level: 'bronze',
        failingCheck: 'on-call',
        order: 'DESC',
      }),
    ).toEqual({
      scorecard: 'production-readiness',
      owner: 'group:default/commerce-tribe',
      includeSubgroups: true,
      system: 'system:default/checkout',
      level: ['bronze'],
      failingCheck: 'on-call',
    });
  });

  it('ignores an owner or system of blanks', () => {
    expect(
      toResultFilter('security', { ...NO_FILTERS, owner: '   ', system: '\t' }),
    ).toEqual({ scorecard: 'security' });
  });

  it('sorts by score in the chosen direction, then by ref for a stable order', () => {
    expect(toOrder({ ...NO_FILTERS, order: 'DESC' })).toEqual([
      { field: 'SCORE', direction: 'DESC' },
      { field: 'REF', direction: 'ASC' },
    ]);
    expect(toOrder(NO_FILTERS)[0]).toEqual({ field: 'SCORE', direction: 'ASC' });
  });
});
