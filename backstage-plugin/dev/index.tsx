import { createDevApp } from '@backstage/dev-utils';
import { attachComponentData } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { Grid, Typography } from '@material-ui/core';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import { Navigate, useParams } from 'react-router-dom';
import {
  EntityDependencyGraphCard,
  EntityScorecardCard,
  GroupScorecardCard,
  ScorecardOverviewPage,
  stagehandPlugin,
} from '../src';

/** The demo service the dev app opens on (from Stagehand's demo catalog). */
const DEMO_ENTITY = '/catalog/default/component/checkout-service';

/**
 * An entity page as a Backstage app's EntityPage would show the cards. The entity comes from
 * the URL alone: the cards need only its ref, and Stagehand serves the rest.
 */
const DevEntityPage = () => {
  const { kind = '', namespace = 'default', name = '' } = useParams();
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace },
  };
  return (
    <EntityProvider entity={entity}>
      <Grid container spacing={3} style={{ padding: 24 }}>
        <Grid item xs={12}>
          <Typography variant="h4">{`${kind}:${namespace}/${name}`}</Typography>
        </Grid>
        <Grid item xs={12} md={kind.toLocaleLowerCase('en-US') === 'group' ? 12 : 6}>
          {kind.toLocaleLowerCase('en-US') === 'group' ? (
            <GroupScorecardCard />
          ) : (
            <EntityScorecardCard />
          )}
        </Grid>
        {/* As the new frontend system's filters do: a group has no dependency graph. */}
        {kind.toLocaleLowerCase('en-US') !== 'group' && (
          <Grid item xs={12}>
            <EntityDependencyGraphCard />
          </Grid>
        )}
      </Grid>
    </EntityProvider>
  );
};
// Mounted at the catalog's entity route, so the graph's clicks land on this page.
attachComponentData(DevEntityPage, 'core.mountPoint', entityRouteRef);

createDevApp()
  .registerPlugin(stagehandPlugin)
  // The first page is where the dev app opens.
  .addPage({
    path: '/demo-entity',
    title: 'Demo entity',
    icon: AccountTreeIcon,
    element: <Navigate replace to={DEMO_ENTITY} />,
  })
  .addPage({
    path: '/demo-team',
    title: 'Demo team',
    icon: AccountTreeIcon,
    element: <Navigate replace to="/catalog/default/group/commerce-tribe" />,
  })
  .addPage({
    path: '/stagehand',
    title: 'Scorecards',
    icon: AccountTreeIcon,
    element: <ScorecardOverviewPage />,
  })
  .addPage({
    path: '/catalog/:namespace/:kind/:name',
    element: <DevEntityPage />,
  })
  .render();
