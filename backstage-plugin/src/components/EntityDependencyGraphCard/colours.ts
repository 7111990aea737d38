import { scoreBand } from '../common';

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

/**
 * Colours by the entity's lowest score among its scorecards (its weakest spot), in the bands
 * the scorecard cards use; an entity no scorecard applies to is grey.
 */
export function colourByScore(
  scores: ReadonlyArray<{ score: number }> | undefined,
): NodeColour {
  if (!scores || scores.length === 0) {
    return { fill: '#9e9e9e', text: '#ffffff', label: 'not scored' };
  }
  const band = scoreBand(Math.min(...scores.map(s => s.score)));
  return { fill: band.colour, text: '#ffffff', label: band.label };
}
