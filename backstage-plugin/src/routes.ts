import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the scorecard overview page is mounted. @public */
export const rootRouteRef = createRouteRef({
  id: 'stagehand',
});
