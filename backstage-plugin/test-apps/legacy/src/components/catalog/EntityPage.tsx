// The EntityPage.tsx of @backstage/create-app's legacy template, trimmed to what Stagehand adds.
import { Grid } from '@material-ui/core';
import {
  EntityLayout,
  EntitySwitch,
  isKind,
} from '@backstage/plugin-catalog';
import {
  EntityDependencyGraphCard,
  EntityScoreBadge,
  EntityScorecardCard,
  GroupScorecardCard,
} from '@stagehand/backstage-plugin-stagehand';

const overviewContent = (
  <Grid container spacing={3} alignItems="stretch">
    <Grid item xs={12}>
      <EntityScoreBadge />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityScorecardCard />
    </Grid>
    <Grid item md={12} xs={12}>
      <EntityDependencyGraphCard />
    </Grid>
  </Grid>
);

const defaultEntityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overviewContent}
    </EntityLayout.Route>
  </EntityLayout>
);

const groupPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <GroupScorecardCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('group')} children={groupPage} />
    <EntitySwitch.Case>{defaultEntityPage}</EntitySwitch.Case>
  </EntitySwitch>
);
