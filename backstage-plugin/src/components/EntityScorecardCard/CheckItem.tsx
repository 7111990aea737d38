import { Link, MarkdownContent } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Chip, Typography } from '@material-ui/core';
import type { CheckResultItem } from '../../api/scorecardTypes';
import { formatDay, formatFact, safeHttpUrl } from '../common';

const STATE_LABELS: Record<CheckResultItem['state'], string> = {
  FAIL: 'failing',
  ERROR: 'error',
  UNKNOWN: 'unknown',
  EXEMPT: 'exempt',
  PASS: 'passing',
};

// A definition's markdown may name images anywhere; the reader's browser fetches none of them.
const noImages = () => '';

/** The check's links, each only if it is an http or https URL; the others as plain titles. */
const CheckLinks = ({ links }: { links: CheckResultItem['links'] }) => (
  <Box
    component="ul"
    display="flex"
    flexWrap="wrap"
    p={0}
    m={0}
    style={{ gap: 12, listStyle: 'none' }}
    aria-label="Links"
  >
    {links.map((l, i) => {
      const href = safeHttpUrl(l.url);
      return (
        <Typography key={i} component="li" variant="body2">
          {href ? <Link to={href}>{l.title}</Link> : l.title}
        </Typography>
      );
    })}
  </Box>
);

/**
 * One check: its title, weight and level, its category and owner, why it fails, how to fix it
 * (markdown), where to read more, the facts it read and its exemption. `showState` adds the state
 * in words, for lists that are not already grouped by state.
 */
export const CheckItem = ({
  check,
  showState = false,
}: {
  check: CheckResultItem;
  showState?: boolean;
}) => (
  <Box py={1} data-testid={`check-${check.checkId}`} data-state={check.state}>
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Typography variant="body1">{check.title ?? check.checkId}</Typography>
      {showState && (
        <Chip
          size="small"
          label={STATE_LABELS[check.state]}
          color={check.state === 'FAIL' ? 'secondary' : 'default'}
          variant={check.state === 'FAIL' ? 'default' : 'outlined'}
        />
      )}
      <Chip
        size="small"
        label={check.weight.toLocaleLowerCase('en-US')}
        color={check.weight === 'CRITICAL' ? 'secondary' : 'default'}
      />
      {check.level && (
        <Chip size="small" variant="outlined" label={check.level} />
      )}
      {!check.enforced && (
        <Chip
          size="small"
          variant="outlined"
          label="not enforced yet"
          title="Reported, but counts in neither the score nor the level yet"
        />
      )}
    </Box>
    {(check.owner || check.category) && (
      <Typography variant="caption" color="textSecondary" component="div">
        {check.category && `Category: ${check.category}`}
        {check.category && check.owner && ' · '}
        {check.owner && (
          <>
            Owner: <EntityRefLink entityRef={check.owner} defaultKind="group" />
          </>
        )}
      </Typography>
    )}
    {check.message && (
      <Typography variant="body2" color="textSecondary">
        {check.message}
      </Typography>
    )}
    {check.remediation && check.state !== 'PASS' && (
      <Box mt={1} data-testid={`remediation-${check.checkId}`}>
        <Typography variant="subtitle2" component="div">
          How to fix it
        </Typography>
        <MarkdownContent
          content={check.remediation}
          transformImageUri={noImages}
        />
      </Box>
    )}
    {check.links.length > 0 && <CheckLinks links={check.links} />}
    {check.facts.length > 0 && (
      <Typography variant="caption" component="div">
        Facts:{' '}
        {check.facts
          .map(f => `${f.name} = ${formatFact(f.value)}`)
          .join('; ')}
      </Typography>
    )}
    {check.exemption && (
      <Typography variant="caption" component="div">
        Exempt: {check.exemption.reason}
        {check.exemption.approvedBy &&
          `, approved by ${check.exemption.approvedBy}`}
        {check.exemption.expires
          ? `; ${check.exemption.expired ? 'expired' : 'expires'} ${formatDay(
              check.exemption.expires,
            )}`
          : '; never expires'}
      </Typography>
    )}
  </Box>
);
