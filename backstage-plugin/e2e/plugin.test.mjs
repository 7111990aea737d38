// The plugin in a real browser against the real Stagehand: the jar with its demo catalog, the
// dev app (`backstage-cli package start`) proxying to it, Debian's Chromium driven by
// playwright-core. Screenshots go to e2e/output/, and the README's to docs/ when UPDATE_SCREENSHOTS=1.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  chromiumPath,
  graphql,
  LARGE_HUB,
  outputDir,
  pluginDir,
  stagehandJar,
  startDevApp,
  startProxy,
  startStagehand,
  waitForTrend,
  stopAll,
} from './harness.mjs';

const required = process.env.STAGEHAND_REQUIRE_BROWSER === '1';
const executablePath = chromiumPath();
const jar = stagehandJar();
let skip = false;
if (!executablePath || !existsSync(jar)) {
  const missing = !executablePath
    ? 'Chromium is not installed (apt-get install chromium, or .ci/install-browser)'
    : `the Stagehand jar ${jar} is missing (./mvnw -pl api package -DskipTests)`;
  if (required) {
    throw new Error(`STAGEHAND_REQUIRE_BROWSER=1 but ${missing}`);
  }
  skip = `skipped: ${missing}`;
  console.log(`e2e ${skip}`);
}

// The README's pictures are written over only when asked: a test run leaves the checkout as it was.
const docs = process.env.UPDATE_SCREENSHOTS === '1' ? join(pluginDir, 'docs') : outputDir;
let browser;
let page;
let app;
let hasScorecards = false;
let stagehandUrl;

async function entityPage(ref) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  await page.goto(`${app.url}/catalog/${namespace}/${kind}/${name}`);
}

const node = ref => page.getByTestId(`node-${ref}`);

const graphViewport = () => page.getByTestId('graph-viewport');
const graphCard = () => page.locator('.MuiCard-root').filter({ has: graphViewport() });

/**
 * What a person sees of the graph, in CSS pixels after scrolling the card into view: the card,
 * the part of the drawing area inside the window, and each node's box and label height (the
 * computed font size times the scale the SVG draws it at).
 */
async function visibleGraph() {
  await graphCard().scrollIntoViewIfNeeded();
  return graphViewport().evaluate(viewport => {
    const box = r => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height });
    const card = box(viewport.closest('.MuiCard-root').getBoundingClientRect());
    const area = box(viewport.getBoundingClientRect());
    const visible = {
      left: Math.max(area.left, card.left, 0),
      top: Math.max(area.top, card.top, 0),
      right: Math.min(area.right, card.right, window.innerWidth),
      bottom: Math.min(area.bottom, card.bottom, window.innerHeight),
    };
    const nodes = [...viewport.querySelectorAll('[data-testid^="node-"]')].map(g => {
      const text = g.querySelector('text');
      const ctm = text.getScreenCTM();
      return {
        ref: g.getAttribute('data-testid').slice('node-'.length),
        box: box(g.querySelector('rect').getBoundingClientRect()),
        labelPx: parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b),
      };
    });
    return { card, area, visible, nodes };
  });
}

const inside = (b, area) =>
  b.left >= area.left - 0.5 && b.top >= area.top - 0.5 && b.right <= area.right + 0.5 && b.bottom <= area.bottom + 0.5;
const centre = b => ({ x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2 });

/**
 * The graph as a person reads it: at least `atLeast` whole node boxes in the card's visible
 * area, each with a label at least 11 px high, and the focused entity in the middle.
 */
async function assertReadable(rootRef, atLeast) {
  const g = await visibleGraph();
  const shown = g.nodes.filter(n => inside(n.box, g.visible));
  assert.ok(shown.length >= atLeast, `${shown.length} of ${g.nodes.length} nodes visible, ${atLeast} wanted`);
  for (const n of shown) {
    assert.ok(n.box.width > 0 && n.box.height > 0, `${n.ref} has a size`);
    assert.ok(n.labelPx >= 11, `${n.ref}'s label is ${n.labelPx.toFixed(1)} px`);
  }
  const root = g.nodes.find(n => n.ref === rootRef);
  assert.ok(root && inside(root.box, g.visible), `${rootRef} is visible`);
  const r = centre(root.box);
  const a = centre(g.area);
  const c = centre(g.card);
  assert.ok(Math.abs(r.x - a.x) <= 2 && Math.abs(r.y - a.y) <= 2, `${rootRef} is in the middle of the drawing`);
  assert.ok(
    Math.abs(r.x - c.x) <= g.card.width * 0.05 && Math.abs(r.y - c.y) <= g.card.height * 0.15,
    `${rootRef} (${r.x.toFixed(0)}, ${r.y.toFixed(0)}) is near the card's centre (${c.x.toFixed(0)}, ${c.y.toFixed(0)})`,
  );
  return { g, shown, root };
}

/**
 * The README's pictures of the graph, of the card alone; the scorecard card's beside it in the
 * output (the README's are of the test apps, apps.test.mjs).
 */
async function screenshotCards(suffix) {
  // Settled: the graph laid out and centred, coloured by score (asked after the walk).
  await page.getByText('100%').waitFor();
  if (hasScorecards) {
    await graphCard().getByText(/^score (80 or more|50 to 79|under 50)$/).first().waitFor();
    const scorecard = page.locator('.MuiCard-root').filter({ has: page.getByText(/^Score \d+$/) });
    await scorecard.first().screenshot({ path: join(outputDir, `dev-app-entity-scorecard${suffix}.png`) });
  }
  await graphCard().screenshot({ path: join(docs, `dependency-graph${suffix}.png`) });
}

describe('the Stagehand plugin in a browser', { skip, timeout: 15 * 60 * 1000 }, () => {
  before(async () => {
    mkdirSync(outputDir, { recursive: true });
    const began = Date.now();
    const stagehand = await startStagehand();
    stagehandUrl = stagehand;
    const proxy = await startProxy(stagehand);
    const fields = await graphql(`${stagehand}/graphql`, '{ __type(name: "Query") { fields { name } } }');
    hasScorecards = fields.data.__type.fields.some(f => f.name === 'scorecardResults');
    console.log(`Stagehand ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    app = await startDevApp(proxy);
    console.log(`dev app (backstage-cli package start) ready in ${app.startSeconds.toFixed(1)} s`);
    // launch() gives Chromium a fresh temporary profile of its own (--user-data-dir).
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // The dev app has no auth backend: the guest sign-in offers the legacy token, accepted.
    page.on('dialog', dialog => dialog.accept());
    page.setDefaultTimeout(60000);
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('Dependency graph').first().waitFor();
  });

  after(async () => {
    await browser?.close();
    await stopAll();
  });

  it('shows the dependency graph of a demo service and follows a click to another entity', async () => {
    await entityPage('component:default/checkout-service');
    await node('component:default/checkout-service').waitFor();
    // checkout-service depends on payment-api (demo catalog: systems/checkout.yaml).
    await node('component:default/payment-api').waitFor();
    assert.match(await page.getByText(/\d+ entities, \d+ relations/).innerText(), /^\d+ entities/);

    await node('component:default/payment-api').click();
    await page.waitForURL('**/catalog/default/component/payment-api');
    // Rooted at payment-api now: its own dependency payment-gateway-adapter is drawn.
    await node('component:default/payment-gateway-adapter').waitFor();
    const root = node('component:default/payment-api').locator('rect').first();
    assert.equal(await root.getAttribute('stroke'), '#ffb300', 'payment-api is the root now');
    await page.screenshot({ path: join(outputDir, 'dependency-graph-after-click.png') });
  });

  it('draws the graph of a demo service readable at the card\'s default width, the entity in the middle', async () => {
    const root = 'component:default/checkout-service';
    await entityPage(root);
    await node(root).waitFor();
    await page.getByText('100%').waitFor();
    const { g, shown } = await assertReadable(root, 6);
    console.log(
      `checkout-service: ${g.nodes.length} nodes, ${shown.length} wholly visible at 100%, card ${g.card.width.toFixed(0)}x${g.card.height.toFixed(0)} px`,
    );
    await screenshotCards('');
  });

  it('draws the cards in the dark theme too', async () => {
    // The app's theme choice (AppThemeSelector) is kept in localStorage under "theme".
    await page.evaluate(() => window.localStorage.setItem('theme', 'dark'));
    try {
      const root = 'component:default/checkout-service';
      await entityPage(root);
      await node(root).waitFor();
      const background = await graphViewport().evaluate(e => getComputedStyle(e).backgroundColor);
      const [red, green, blue] = background.match(/\d+/g).map(Number);
      assert.ok(red + green + blue < 300, `the drawing area follows the dark theme (${background})`);
      await assertReadable(root, 6);
      await screenshotCards('-dark');
    } finally {
      await page.evaluate(() => window.localStorage.removeItem('theme'));
    }
  });

  it('zooms and pans with the buttons, the wheel and a drag', async () => {
    const root = 'component:default/checkout-service';
    await entityPage(root);
    await node(root).waitFor();
    const labelPx = async () => (await visibleGraph()).nodes.find(n => n.ref === root).labelPx;
    const rootBox = async () => (await visibleGraph()).nodes.find(n => n.ref === root).box;
    const fullSize = await labelPx();

    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByText('80%').waitFor();
    assert.ok(Math.abs((await labelPx()) - fullSize * 0.8) < 0.2, 'zoomed out to 80%');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByText('125%').waitFor();

    await page.getByRole('button', { name: 'Show the whole graph' }).click();
    const whole = await visibleGraph();
    for (const n of whole.nodes) assert.ok(inside(n.box, whole.visible), `${n.ref} shown in the whole graph`);

    await page.getByRole('button', { name: 'Centre on checkout-service' }).click();
    await page.getByText('100%').waitFor();
    await assertReadable(root, 6);

    // The wheel zooms in around the pointer.
    const area = centre((await visibleGraph()).area);
    await page.mouse.move(area.x, area.y);
    await page.mouse.wheel(0, -200);
    await page.waitForFunction(() => !document.body.innerText.includes('100%'));
    assert.ok((await labelPx()) > fullSize, 'the wheel zoomed in');
    await page.getByRole('button', { name: 'Centre on checkout-service' }).click();

    // A drag, even one that starts on a node, moves the drawing and opens nothing.
    const start = await rootBox();
    const from = centre(start);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 30, { steps: 5 });
    await page.mouse.move(from.x + 120, from.y + 40, { steps: 5 });
    await page.mouse.up();
    const moved = await rootBox();
    assert.ok(Math.abs(moved.left - start.left - 120) <= 2 && Math.abs(moved.top - start.top - 40) <= 2, 'dragged by (120, 40)');
    assert.match(page.url(), /\/catalog\/default\/component\/checkout-service$/);
  });

  it('moves through the nodes with the keyboard and opens one with Enter', async () => {
    const root = 'component:default/checkout-service';
    await entityPage(root);
    await node(root).waitFor();
    // The graph is one tab stop after the card's last control, on the entity itself.
    await page.getByLabel('Through APIs (providers and consumers)').focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    assert.equal(await focused(), `node-${root}`);
    const ringShown = () =>
      page.evaluate(() => {
        const ring = document.activeElement?.querySelector('[data-focus-ring]');
        return !!ring && getComputedStyle(ring).visibility === 'visible' && ring.getBoundingClientRect().width > 0;
      });
    assert.ok(await ringShown(), 'the focused node has a focus ring');

    const x = async testId => (await page.getByTestId(testId).boundingBox()).x;
    await page.keyboard.press('ArrowRight');
    const next = await focused();
    assert.notEqual(next, `node-${root}`);
    assert.ok((await x(next)) > (await x(`node-${root}`)), 'ArrowRight moved right');
    assert.ok(await ringShown(), 'the ring follows the focus');
    await page.keyboard.press('Enter');
    const [kind, namespaceAndName] = next.slice('node-'.length).split(':');
    const path = `/catalog/${namespaceAndName.split('/')[0]}/${kind}/${namespaceAndName.split('/')[1]}`;
    await page.waitForURL(url => url.pathname.toLowerCase() === path.toLowerCase());
  });

  it('labels every control of the graph card', async () => {
    await entityPage('component:default/checkout-service');
    await node('component:default/checkout-service').waitFor();
    const unnamed = await graphCard().evaluate(card =>
      [...card.querySelectorAll('button, [role=button], input, [role=link], svg[role]')]
        .filter(e => !e.closest('[aria-hidden=true]'))
        .filter(e => {
          const labelled = e.getAttribute('aria-labelledby')?.split(' ').map(id => document.getElementById(id)?.textContent ?? '').join('');
          const name = e.getAttribute('aria-label') || labelled || [...(e.labels ?? [])].map(l => l.textContent).join('') || e.textContent;
          return !name?.trim();
        })
        .map(e => e.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unnamed, []);
  });

  it('stays readable for an entity whose walk is cut at 150 entities', async () => {
    await entityPage(LARGE_HUB);
    await node(LARGE_HUB).waitFor();
    await page.getByText('Truncated: showing the first 150 entities').waitFor();
    assert.equal(await page.locator('[data-testid^="node-"]').count(), 150);
    const { g, shown } = await assertReadable(LARGE_HUB, 6);
    console.log(`e2e-hub: ${g.nodes.length} nodes, ${shown.length} wholly visible at 100%`);
    await graphCard().screenshot({ path: join(outputDir, 'dependency-graph-150.png') });
  });

  it('walks only what depends on the entity when asked', async () => {
    await entityPage('component:default/payment-api');
    await node('component:default/payment-gateway-adapter').waitFor();
    await page.getByLabel('Direction').click();
    await page.getByRole('option', { name: 'Dependents' }).click();
    // checkout-service depends on payment-api and stays; payment-gateway-adapter is one of
    // payment-api's own dependencies and goes.
    await node('component:default/checkout-service').waitFor();
    await node('component:default/payment-gateway-adapter').waitFor({ state: 'detached' });
  });

  it('shows the scorecard of a demo service, the team roll-up and the overview filtered by a team', async () => {
    assert.ok(hasScorecards, 'Stagehand serves scorecards (Query.scorecardResults)');
    await entityPage('component:default/checkout-service');
    await page.getByText(/^Score \d+$/).first().waitFor();
    await page.getByText(/^Level: /).first().waitFor();
    await page.getByText('Dependency graph').first().waitFor();

    await entityPage('group:default/commerce-tribe');
    await page.getByText('Team scorecards').waitFor();
    await page.getByText(/^Average \d+$/).first().waitFor();
    await page
      .locator('.MuiCard-root')
      .filter({ has: page.getByText('Team scorecards') })
      .screenshot({ path: join(outputDir, 'dev-app-group-scorecard.png') });

    // The overview's trend shows Stagehand's snapshots, the first taken a minute after start-up.
    await waitForTrend(stagehandUrl, 'production-readiness', 'group:default/checkout-team');
    await page.goto(`${app.url}/stagehand`);
    const status = page.getByRole('status').filter({ hasText: / of \d+$/ });
    await status.waitFor();
    const all = Number((await status.innerText()).split(' of ')[1]);
    await page.getByLabel('Owner').fill('group:default/checkout-team');
    await page.waitForFunction(
      unfiltered => {
        const text = [...document.querySelectorAll('[role=status]')]
          .map(e => e.textContent ?? '')
          .find(x => / of \d+$/.test(x));
        return text && Number(text.split(' of ')[1]) !== unfiltered;
      },
      all,
      { timeout: 60000 },
    );
    // the results table comes first; the pass rates' table below has columns of its own
    const owners = await page.locator('table').first().locator('tbody tr td:nth-child(2)').allInnerTexts();
    assert.ok(owners.length > 0, 'the team owns scored entities');
    for (const owner of owners) assert.equal(owner.trim(), 'checkout-team');
    await page.getByText('Per-check pass rates').waitFor();
    const figure = page.getByRole('figure', { name: 'Trend: average score and entities per level' });
    const caption = figure.locator('figcaption');
    await caption.waitFor();
    assert.equal(await figure.getByTestId('trend-chart').count(), 1, `the overview's trend is drawn (${await caption.innerText()})`);
    const trend = figure.locator('xpath=ancestor::div[contains(@class, "MuiCard-root")][1]');
    await trend.scrollIntoViewIfNeeded();
    await trend.screenshot({ path: join(docs, 'scorecard-overview-trend.png') });
    await page.screenshot({ path: join(docs, 'scorecard-overview.png'), fullPage: true });
  });
});
