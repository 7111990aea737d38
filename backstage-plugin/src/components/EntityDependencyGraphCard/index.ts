export { EntityDependencyGraphCard } from './EntityDependencyGraphCard';
export type { EntityDependencyGraphCardProps } from './EntityDependencyGraphCard';
