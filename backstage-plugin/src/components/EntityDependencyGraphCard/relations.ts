import type { Direction } from '../../api/generated/graphql';

/** Which relations the card walks: dependsOn always, and the API relations when asked. */
export function relationTypes(includeApis: boolean): string[] {
  // Walked OUTGOING these reach what the entity depends on, also through the APIs it consumes
  // (consumesApi, then the API's provider); INCOMING, what depends on it, also through the APIs
  // it provides (apiProvidedBy backwards, then the API's consumers).
  return includeApis
    ? ['dependsOn', 'consumesApi', 'apiProvidedBy']
    : ['dependsOn'];
}

/** The direction choices, in the words of the card. */
export const DIRECTIONS: ReadonlyArray<{ value: Direction; label: string }> = [
  { value: 'OUTGOING', label: 'Depends on' },
  { value: 'INCOMING', label: 'Dependents' },
  { value: 'BOTH', label: 'Both' },
];

/** How each relation's line is drawn (the legend shows the same), so no label crowds the graph. */
export const EDGE_STYLES: ReadonlyArray<{ type: string; label: string; dash?: string }> = [
  { type: 'dependsOn', label: 'depends on' },
  { type: 'consumesApi', label: 'consumes API', dash: '6 4' },
  { type: 'apiProvidedBy', label: 'API provided by', dash: '2 3' },
];

export function edgeStyle(type: string): { label: string; dash?: string } {
  return EDGE_STYLES.find(s => s.type === type) ?? { label: type, dash: '1 5' };
}
