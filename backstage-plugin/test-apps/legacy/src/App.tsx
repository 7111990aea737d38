// The App.tsx of @backstage/create-app's legacy template, trimmed to the catalog and Stagehand.
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { AlertDisplay, OAuthRequestDialog } from '@backstage/core-components';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  CatalogTable,
} from '@backstage/plugin-catalog';
import {
  ScorecardOverviewPage,
  createEntityScoreColumn,
} from '@stagehand/backstage-plugin-stagehand';
import { Navigate, Route } from 'react-router-dom';
import { Root } from './components/Root';
import { entityPage } from './components/catalog/EntityPage';

const app = createApp({});

// The catalog's own columns, and Stagehand's score after the name.
const columns = [
  CatalogTable.columns.createNameColumn(),
  createEntityScoreColumn(),
  CatalogTable.columns.createOwnerColumn(),
  CatalogTable.columns.createSpecTypeColumn(),
  CatalogTable.columns.createSpecLifecycleColumn(),
];

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="catalog" />} />
    <Route path="/catalog" element={<CatalogIndexPage columns={columns} />} />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      {entityPage}
    </Route>
    <Route path="/stagehand" element={<ScorecardOverviewPage />} />
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);
