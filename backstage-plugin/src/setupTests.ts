import '@testing-library/jest-dom';

// jsdom lays out nothing: the dependency graph measures its SVG nodes with getBBox.
Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
  configurable: true,
  value: () => ({ x: 0, y: 0, width: 120, height: 24 }),
});

// MUI's menus and the graph layout take seconds per test in jsdom on a busy two-core machine.
jest.setTimeout(30000);
