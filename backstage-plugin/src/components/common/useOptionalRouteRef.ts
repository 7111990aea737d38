import { useRouteRef } from '@backstage/core-plugin-api';
import type { RouteRef } from '@backstage/core-plugin-api';

/**
 * The link to a page of this plugin, or undefined when the app has not mounted it: the cards
 * work on entity pages of apps that leave the overview page out.
 */
export function useOptionalRouteRef(routeRef: RouteRef) {
  try {
    // useRouteRef calls the same hooks on every render before it throws, so catching is safe.
    return useRouteRef(routeRef);
  } catch {
    return undefined;
  }
}
