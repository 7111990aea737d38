// The App.tsx of @backstage/create-app's new-frontend-system template, trimmed to the catalog
// and Stagehand.
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import stagehandPlugin from '@stagehand/backstage-plugin-stagehand/alpha';

export default createApp({
  features: [catalogPlugin, stagehandPlugin],
}).createRoot();
