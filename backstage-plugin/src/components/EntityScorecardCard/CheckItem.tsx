import { Box, Chip, Typography } from '@material-ui/core';
import type { CheckResultItem } from '../../api/scorecardTypes';
import { formatDay, formatFact } from '../common';

/** One check: its title and weight, why it fails, the facts it read and its exemption. */
export const CheckItem = ({ check }: { check: CheckResultItem }) => (
  <Box
    py={1}
    data-testid={`check-${check.checkId}`}
    data-state={check.state}
  >
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Typography variant="body1">{check.title ?? check.checkId}</Typography>
      <Chip
        size="small"
        label={check.weight.toLocaleLowerCase('en-US')}
        color={check.weight === 'CRITICAL' ? 'secondary' : 'default'}
      />
      {check.level && (
        <Chip size="small" variant="outlined" label={check.level} />
      )}
    </Box>
    {check.message && (
      <Typography variant="body2" color="textSecondary">
        {check.message}
      </Typography>
    )}
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
