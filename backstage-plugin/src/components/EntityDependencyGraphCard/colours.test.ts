import { colourByKind, colourByScore, textOn } from './colours';

describe('node colours', () => {
  it('writes labels in the colour that contrasts more with the box', () => {
    expect(textOn('#1f5493')).toBe('#ffffff'); // component blue
    expect(textOn('#2e7d32')).toBe('#ffffff'); // score 80 or more
    expect(textOn('#f9a825')).toBe('#212121'); // score 50 to 79: amber
    expect(textOn('#9e9e9e')).toBe('#212121'); // not scored: grey
  });

  it('gives each band and kind its legend entry', () => {
    expect(colourByScore([{ score: 90 }, { score: 55 }])).toEqual({
      fill: '#f9a825',
      text: '#212121',
      label: 'score 50 to 79',
    });
    expect(colourByScore([]).label).toBe('not scored');
    expect(colourByKind('API')).toEqual({ fill: '#6a1b9a', text: '#ffffff', label: 'API' });
    expect(colourByKind(undefined).label).toBe('not in the catalog');
  });
});
