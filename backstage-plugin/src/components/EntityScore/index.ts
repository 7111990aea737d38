export { createEntityScoreColumn } from './EntityScoreColumn';
export type { EntityScoreColumnOptions } from './EntityScoreColumn';
export { EntityScoreBadge } from './EntityScoreBadge';
export type { EntityScoreBadgeProps } from './EntityScoreBadge';
