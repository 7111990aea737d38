/** A node's colour and the legend entry it belongs to. */
export type NodeColour = { fill: string; text: string; label: string };

const KIND_COLOURS: Record<string, string> = {
  component: '#1f5493',
  api: '#6a1b9a',
  resource: '#2e7d32',
  system: '#e65100',
  group: '#00838f',
};

/** Colours by kind: what the card shows when no scores are at hand. */
export function colourByKind(kind: string | undefined): NodeColour {
  const key = (kind ?? 'unknown').toLocaleLowerCase('en-US');
  return {
    fill: KIND_COLOURS[key] ?? '#616161',
    text: '#ffffff',
    label: kind ?? 'not in the catalog',
  };
}
