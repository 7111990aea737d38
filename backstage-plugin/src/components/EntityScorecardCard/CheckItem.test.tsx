import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
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

  it('shows how to fix it as markdown, its links, category and owner', async () => {
    await renderInTestApp(
      <CheckItem
        check={{
          ...check('on-call'),
          category: 'reliability',
          owner: 'group:default/sre-team',
          remediation:
            'Add a `pagerduty.com/service-id` annotation:\n\n1. create the service\n2. **link** it',
          links: [
            { title: 'Runbook guide', url: 'https://wiki.example.com/runbooks' },
            { title: 'In PagerDuty', url: 'https://example.pagerduty.com/services?q=checkout-service' },
          ],
        }}
      />,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    const fix = screen.getByTestId('remediation-on-call');
    expect(fix).toHaveTextContent('How to fix it');
    expect(within(fix).getByText('pagerduty.com/service-id').tagName).toBe('CODE');
    expect(within(fix).getByText('link').tagName).toBe('STRONG');
    expect(within(fix).getAllByRole('listitem')).toHaveLength(2);
    const links = screen.getByRole('list', { name: 'Links' });
    expect(within(links).getByRole('link', { name: /^Runbook guide/ })).toHaveAttribute(
      'href',
      'https://wiki.example.com/runbooks',
    );
    expect(within(links).getByRole('link', { name: /^In PagerDuty/ })).toHaveAttribute(
      'href',
      'https://example.pagerduty.com/services?q=checkout-service',
    );
    const item = screen.getByTestId('check-on-call');
    expect(item).toHaveTextContent('Category: reliability · Owner: sre-team');
    expect(screen.getByRole('link', { name: 'sre-team' })).toHaveAttribute(
      'href',
      '/catalog/default/group/sre-team',
    );
  });

  it('injects no HTML, loads no image and links no script from a definition', async () => {
    const { container } = await renderInTestApp(
      <CheckItem
        check={{
          ...check('on-call'),
          remediation: [
            'Read <a href="javascript:alert(1)">this</a> <img src="https://tracker.example/a.png" onerror="alert(2)">',
            '',
            '<script>window.pwned = true</script>',
            '',
            '![pixel](https://tracker.example/b.png) and [click](javascript:alert(3))',
          ].join('\n'),
          links: [
            // eslint-disable-next-line no-script-url -- the hostile link under test
            { title: 'Sneaky', url: 'javascript:alert(4)' },
            { title: 'Data', url: 'data:text/html,<b>x</b>' },
          ],
        }}
      />,
    );

    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    container.querySelectorAll('img').forEach(img => {
      expect(img.getAttribute('src') ?? '').toBe('');
    });
    container.querySelectorAll('a').forEach(a => {
      expect(a.getAttribute('href') ?? '').not.toMatch(/^\s*(javascript|data):/i);
    });
    expect((window as any).pwned).toBeUndefined();
    // Links that are not http or https stay as plain text.
    const links = screen.getByRole('list', { name: 'Links' });
    expect(within(links).queryAllByRole('link')).toHaveLength(0);
    expect(links).toHaveTextContent('SneakyData');
  });

  it('leaves out how to fix a passing check, and says when a check does not count yet', async () => {
    await renderInTestApp(
      <CheckItem
        check={{ ...check('lifecycle'), remediation: 'Set `spec.lifecycle`.', enforced: false }}
      />,
    );

    expect(screen.queryByTestId('remediation-lifecycle')).not.toBeInTheDocument();
    expect(screen.getByText('not enforced yet')).toBeInTheDocument();
    expect(screen.queryByText(/Category:/)).not.toBeInTheDocument();
  });

  it('says the state in words where the list is not grouped by state', async () => {
    await renderInTestApp(<CheckItem check={check('on-call')} showState />);
    expect(screen.getByText('failing')).toBeInTheDocument();
  });
});
