import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { checkoutScorecard } from '../../testing/scorecardFixtures';
import type { CheckResultItem } from '../../api/scorecardTypes';
import { CheckItem } from './CheckItem';

const check = (id: string): CheckResultItem =>
  checkoutScorecard.results.find(r => r.checkId === id)!;

describe('CheckItem', () => {
  it('shows a failing check with its weight, level, message and the facts it read', async () => {
    await renderInTestApp(<CheckItem check={check('on-call')} />);

    const item = screen.getByTestId('check-on-call');
    expect(item).toHaveAttribute('data-state', 'FAIL');
    expect(screen.getByText('Has an on-call rotation')).toBeInTheDocument();
    expect(screen.getByText('critical')).toBeInTheDocument();
    expect(screen.getByText('bronze')).toBeInTheDocument();
    expect(screen.getByText('No PagerDuty service is linked')).toBeInTheDocument();
    expect(item).toHaveTextContent('Facts: entity.pagerduty = false');
  });

  it('writes a missing fact as missing and a structured one as JSON', async () => {
    await renderInTestApp(
      <CheckItem
        check={{
          ...check('has-docs'),
          facts: [
            { name: 'entity.annotations', value: null, observedAt: null },
            { name: 'repo.languages', value: ['java', 'ts'], observedAt: null },
          ],
        }}
      />,
    );

    expect(screen.getByTestId('check-has-docs')).toHaveTextContent(
      'Facts: entity.annotations = missing; repo.languages = ["java","ts"]',
    );
  });

  it('names the check by its id when it has no title, and shows no facts line without facts', async () => {
    await renderInTestApp(
      <CheckItem check={{ ...check('lifecycle'), title: null, level: null }} />,
    );

    expect(screen.getByText('lifecycle')).toBeInTheDocument();
    expect(screen.getByText('low')).toBeInTheDocument();
    expect(screen.queryByText(/Facts:/)).not.toBeInTheDocument();
  });

  it('shows an exemption with who approved it and the day it ends', async () => {
    await renderInTestApp(<CheckItem check={check('runbook')} />);

    expect(screen.getByTestId('check-runbook')).toHaveTextContent(
      'Exempt: Being rewritten, approved by group:default/sre-team; expires 2026-12-31',
    );
  });

  it('says when an exemption has expired, or that it never does', async () => {
    const runbook = check('runbook');
    const { unmount } = await renderInTestApp(
      <CheckItem check={{ ...runbook, exemption: { ...runbook.exemption!, expired: true } }} />,
    );
    expect(screen.getByText(/; expired 2026-12-31/)).toBeInTheDocument();
    unmount();

    await renderInTestApp(
      <CheckItem
        check={{
          ...runbook,
          exemption: { ...runbook.exemption!, expires: null, approvedBy: null },
        }}
      />,
    );
    expect(screen.getByTestId('check-runbook')).toHaveTextContent('Exempt: Being rewritten; never expires');
  });
});
