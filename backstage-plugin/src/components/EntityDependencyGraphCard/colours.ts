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
    text: textOn(KIND_COLOURS[key] ?? '#616161'),
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
    return { fill: '#9e9e9e', text: textOn('#9e9e9e'), label: 'not scored' };
  }
  const band = scoreBand(Math.min(...scores.map(s => s.score)));
  return { fill: band.colour, text: textOn(band.colour), label: band.label };
}

const DARK_TEXT = '#212121';
const LIGHT_TEXT = '#ffffff';

/** White or near-black, whichever contrasts more with the fill (WCAG relative luminance). */
export function textOn(fill: string): string {
  const channels = [1, 3, 5].map(i => {
    const c = parseInt(fill.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  const darkText = 0.0152; // the luminance of DARK_TEXT
  return (luminance + 0.05) / (darkText + 0.05) > 1.05 / (luminance + 0.05) ? DARK_TEXT : LIGHT_TEXT;
}
