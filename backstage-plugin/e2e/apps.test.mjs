// The packed plugin installed into two Backstage apps as its README says (legacy and new frontend
// system, test-apps/, installed by scripts/prepare-test-apps.mjs), each served by the bundler and
// driven in Chromium against the real Stagehand with its demo catalog. Asserts what a person sees
// of every card and page in both apps, and of the catalog table's score column.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  GUIDANCE_SCORECARD,
  RUNBOOK_REMEDIATION,
  chromiumPath,
  outputDir,
  pluginDir,
  stagehandJar,
  startBackend,
  startStagehand,
  startTestApp,
  stopAll,
  testAppsDir,
  waitForTrend,
} from './harness.mjs';

const required = process.env.STAGEHAND_REQUIRE_BROWSER === '1';
const executablePath = chromiumPath();
const jar = stagehandJar();
let skip = false;
if (!existsSync(join(testAppsDir, 'node_modules/@stagehand/backstage-plugin-stagehand'))) {
  // Not a missing tool but a missing step: fail, whatever STAGEHAND_REQUIRE_BROWSER says.
  throw new Error(`the test apps are not installed in ${testAppsDir}: npm run build && npm run test-apps`);
}
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
const apps = {};
let browser;
let stagehandUrl;

/**
 * Asserts that a person sees the element: scrolled into view, of non-zero size, inside the window,
 * its text at least 11 px high. Cards that load later can push it away after the scroll, so it is
 * scrolled to and measured again until it holds or the tries run out.
 */
async function assertSeen(locator, what) {
  await locator.waitFor();
  let seen;
  for (let attempt = 0; attempt < 20; attempt++) {
    await locator.scrollIntoViewIfNeeded();
    seen = await locator.evaluate(e => {
      const r = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      return {
        width: r.width,
        height: r.height,
        inWindow: r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth,
        fontPx: parseFloat(style.fontSize),
        visible: style.visibility !== 'hidden' && Number(style.opacity) > 0,
        text: e.textContent ?? '',
      };
    });
    if (seen.width > 0 && seen.height > 0 && seen.inWindow && seen.visible) break;
    await new Promise(ok => setTimeout(ok, 500));
  }
  assert.ok(seen.width > 0 && seen.height > 0, `${what} has a size`);
  assert.ok(seen.inWindow, `${what} is inside the window`);
  assert.ok(seen.visible, `${what} is not hidden`);
  assert.ok(!seen.text.trim() || seen.fontPx >= 11, `${what}'s text is ${seen.fontPx} px`);
  return seen;
}

/** Asserts that the element lies within the card around it (a chart drawn inside, not over it). */
async function assertInside(locator, card, what) {
  const [inner, outer] = await Promise.all([locator.boundingBox(), card.boundingBox()]);
  assert.ok(inner && outer, `${what} and its card are laid out`);
  assert.ok(
    inner.x >= outer.x - 0.5 &&
      inner.y >= outer.y - 0.5 &&
      inner.x + inner.width <= outer.x + outer.width + 0.5 &&
      inner.y + inner.height <= outer.y + outer.height + 0.5,
    `${what} (${JSON.stringify(inner)}) lies inside its card (${JSON.stringify(outer)})`,
  );
}

/** A card of the page (Backstage's InfoCard) by its title; the apps' class names carry a suffix. */
const cardTitled = (page, title) =>
  page.locator('[class*="MuiCard-root"]').filter({ has: page.getByText(title, { exact: true }) }).first();

/** The section of one scorecard in the entity card. */
const scorecardSection = (page, title) =>
  page.locator(`section[aria-label="${title}"]`).first();

const contexts = {};

async function newPage(app, height = 900) {
  const page = await contexts[app].newPage();
  await page.setViewportSize({ width: 1400, height });
  page.setDefaultTimeout(60000);
  page.on('pageerror', e => console.log(`${app}: page error: ${e.message}`));
  return page;
}

/**
 * A browser context per app, signed in as a person would: the new system's app shows the guest
 * sign-in page and, with no auth backend, offers the legacy guest token; the legacy app has no
 * sign-in page.
 */
async function signIn(app) {
  contexts[app] = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await newPage(app);
  page.on('dialog', dialog => dialog.accept());
  await page.goto(apps[app].url);
  if (app === 'nfs') await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'Scorecards' }).first().waitFor();
  await page.close();
}

/** The card the catalog table is drawn on: its title and the table. */
const tableCard = table => table.locator('xpath=ancestor::div[contains(@class, "MuiPaper-root")][1]');

/** Every card and page the plugin brings, as a person finds them in an app of either system. */
function cardsAndPages(name) {
  it(`${name}: the entity page shows the scorecard and the dependency graph`, async () => {
    const page = await newPage(name);
    try {
      await page.goto(`${apps[name].url}/catalog/default/component/checkout-service`);
      await assertSeen(page.getByText(/^Score \d+$/).first(), 'the scorecard card\'s score');
      await assertSeen(page.getByText(/^Level: /).first(), 'the scorecard card\'s level');
      // The legacy app puts the badge at the top of the overview, the new system's card beside About.
      await assertSeen(page.getByText(/^Score \d+ · /), 'the score badge');
      const root = page.getByTestId('node-component:default/checkout-service');
      await root.waitFor();
      await page.getByTestId('node-component:default/payment-api').waitFor();
      // Laid out and centred on the entity.
      await page.getByText('100%').waitFor();
      await assertSeen(root.locator('rect').first(), 'checkout-service\'s box in the graph');
      await assertSeen(root.locator('text').first(), 'checkout-service\'s label in the graph');
      const [pageWidth, windowWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(pageWidth <= windowWidth, `the page (${pageWidth} px) fits the window (${windowWidth} px) without scrolling sideways`);
      await page.screenshot({ path: join(outputDir, `${name}-entity-page.png`), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it(`${name}: the scorecard card shows each check's category, how to fix it, its links and the score's history`, async () => {
    const page = await newPage(name);
    try {
      await page.goto(`${apps[name].url}/catalog/default/component/checkout-service`);
      const guidance = scorecardSection(page, 'Service guidance');
      const reliability = guidance.locator('section[aria-label="reliability"]');
      await assertSeen(reliability.getByText(/^reliability \(1 failing of 2\)$/), 'the reliability category\'s heading');
      await assertSeen(guidance.getByText(/^documentation \(0 failing of 1\)$/), 'the documentation category\'s heading');
      // Within a category the failing check leads.
      const order = await reliability.locator('[data-testid^="check-"]').evaluateAll(es => es.map(e => e.dataset.testid));
      assert.deepEqual(order, ['check-has-runbook', 'check-has-on-call']);
      const fix = guidance.getByTestId('remediation-has-runbook');
      await assertSeen(fix.getByText(RUNBOOK_REMEDIATION, { exact: false }), 'the remediation text');
      assert.equal(await fix.locator('code').first().innerText(), 'catalog-info.yaml', 'the markdown is rendered');
      assert.equal(await fix.locator('ol > li').count(), 2, 'the markdown list is rendered');
      // A passing check's remediation is left out.
      assert.equal(await guidance.getByTestId('remediation-has-description').count(), 0);
      const link = guidance.getByRole('link', { name: /^A runbook for this service/ });
      await assertSeen(link, 'the check\'s link');
      assert.equal(await link.getAttribute('href'), 'https://wiki.example.com/runbooks/new?service=checkout-service');
      const owner = guidance.getByTestId('check-has-runbook').getByText(/Owner:/);
      await assertSeen(owner, 'the check\'s category and owner');
      // The owner by its title in the catalog, linked to its page.
      assert.match(await owner.innerText(), /^Category: reliability · Owner:\s*Site Reliability$/);
      const ownerLink = guidance.getByTestId('check-has-runbook').getByRole('link', { name: /Site Reliability/ });
      assert.match(await ownerLink.getAttribute('href'), /\/catalog\/default\/group\/sre-team$/);
      // The history is a step line from the first evaluation on.
      const sparkline = page.getByTestId('sparkline-production-readiness');
      await assertSeen(sparkline, 'the score history');
      assert.match(await sparkline.getAttribute('aria-label'), /^Score history, last 90 days: Score \d+ /);
    } finally {
      await page.close();
    }
  });

  it(`${name}: a group's page shows the team roll-up`, async () => {
    const page = await newPage(name);
    try {
      await page.goto(`${apps[name].url}/catalog/default/group/commerce-tribe`);
      await assertSeen(page.getByText('Team scorecards').first(), 'the team card\'s title');
      await assertSeen(page.getByText(/^Average \d+$/).first(), 'the team\'s average');
      const card = cardTitled(page, 'Team scorecards');
      const figure = card.getByRole('figure', { name: 'Trend: average score and entities per level' }).first();
      const chart = figure.getByTestId('trend-chart');
      await assertSeen(chart, 'the trend chart');
      await assertInside(chart, card, 'the trend chart');
      await assertSeen(figure.locator('figcaption'), 'the trend\'s summary');
      assert.match(await figure.locator('figcaption').innerText(), /^Average score \d+ on \d{4}-\d{2}-\d{2}/);
      assert.ok((await figure.locator('circle').count()) >= 1, 'the chart has a point');
      await figure.getByRole('button', { name: 'Month' }).click();
      await figure.getByRole('button', { name: 'Month', pressed: true }).waitFor();
      await assertSeen(figure.getByTestId('trend-chart'), 'the trend chart by month');
      // The table for screen readers stays within the figure: placed at the page's edge, it
      // would make the page scroll.
      await assertInside(figure.locator('table').locator('xpath=..'), figure, 'the trend\'s table for screen readers');
      // As the new system's filters do in both apps: a group has no dependency graph.
      assert.equal(await page.getByTestId('graph-viewport').count(), 0);
    } finally {
      await page.close();
    }
  });

  it(`${name}: the overview page is reached from the app's navigation`, async () => {
    const page = await newPage(name);
    try {
      await page.goto(`${apps[name].url}/catalog`);
      await page.getByRole('link', { name: 'Scorecards' }).first().click();
      await page.waitForURL('**/stagehand');
      const status = page.getByRole('status').filter({ hasText: / of \d+$/ });
      await assertSeen(status, 'the overview\'s count');
      assert.ok(Number((await status.innerText()).split(' of ')[1]) > 0, 'the overview lists scored entities');
      await assertSeen(page.getByText('Per-check pass rates'), 'the pass rates\' title');
    } finally {
      await page.close();
    }
  });
}

describe('the packed plugin in Backstage apps of both frontend systems', { skip, timeout: 15 * 60 * 1000 }, () => {
  before(async () => {
    mkdirSync(outputDir, { recursive: true });
    const began = Date.now();
    stagehandUrl = await startStagehand();
    const backend = await startBackend(stagehandUrl);
    console.log(`Stagehand and the stand-in backend ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    // The trend charts show Stagehand's snapshots, the first taken a minute after start-up.
    const trend = waitForTrend(stagehandUrl, GUIDANCE_SCORECARD, 'group:default/commerce-tribe').then(
      () => null,
      e => e,
    );
    const [legacy, nfs] = await Promise.all([startTestApp('legacy', backend), startTestApp('nfs', backend)]);
    Object.assign(apps, { legacy, nfs });
    const trendFailure = await trend;
    if (trendFailure) throw trendFailure;
    console.log(`test apps ready in ${legacy.startSeconds.toFixed(1)} s (legacy) and ${nfs.startSeconds.toFixed(1)} s (nfs)`);
    // launch() gives Chromium a fresh temporary profile of its own (--user-data-dir).
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    await signIn('legacy');
    await signIn('nfs');
  });

  after(async () => {
    await browser?.close();
    await stopAll();
  });

  cardsAndPages('legacy');
  cardsAndPages('nfs');

  it('legacy: the catalog table shows each listed entity\'s score, asked for in one request per page', async () => {
    // Tall enough for the table's whole first page in the README's picture.
    const page = await newPage('legacy', 1400);
    const scoreRequests = [];
    page.on('request', r => {
      if (r.url().includes('/api/proxy/stagehand/graphql') && (r.postData() ?? '').includes('EntityScores')) {
        scoreRequests.push(r);
      }
    });
    try {
      await page.goto(`${apps.legacy.url}/catalog`);
      const table = page.locator('table').first();
      await table.locator('tbody tr').first().waitFor();
      const scoreColumn = await table
        .locator('thead th')
        .evaluateAll(ths => ths.findIndex(th => th.textContent.trim() === 'Score'));
      assert.ok(scoreColumn >= 0, 'the table has a Score column');
      const checkout = table.locator('tbody tr').filter({ has: page.getByRole('link', { name: 'checkout-service', exact: true }) });
      const chip = checkout.locator('td').nth(scoreColumn).getByText(/^\d+ · /);
      await assertSeen(chip, 'checkout-service\'s score');
      const rows = await table.locator('tbody tr').count();
      const scored = await table.locator(`tbody tr td:nth-child(${scoreColumn + 1})`).getByText(/^\d+ · |^not scored$/).count();
      assert.equal(scored, rows, 'every row of the page shows a score or says it is not scored');
      assert.equal(scoreRequests.length, 1, `${rows} rows, ${scoreRequests.length} score requests`);
      await tableCard(table).screenshot({ path: join(docs, 'catalog-score-column.png') });
    } finally {
      await page.close();
    }
  });

  it('legacy: the score column in the dark theme', async () => {
    const page = await newPage('legacy', 1400);
    // The app's theme choice (AppThemeSelector) is kept in localStorage under "theme".
    await page.goto(`${apps.legacy.url}/catalog`);
    await page.evaluate(() => window.localStorage.setItem('theme', 'dark'));
    try {
      await page.reload();
      const table = page.locator('table').first();
      const chip = table.locator('tbody tr').filter({ has: page.getByRole('link', { name: 'checkout-service', exact: true }) }).getByText(/^\d+ · /);
      await assertSeen(chip, 'checkout-service\'s score');
      const background = await page.locator('main').first().evaluate(e => getComputedStyle(e).backgroundColor);
      const [red, green, blue] = background.match(/\d+/g).map(Number);
      assert.ok(red + green + blue < 300, `the page follows the dark theme (${background})`);
      await tableCard(table).screenshot({ path: join(docs, 'catalog-score-column-dark.png') });
    } finally {
      await page.evaluate(() => window.localStorage.removeItem('theme'));
      await page.close();
    }
  });

  it('legacy: the entity page shows the score badge', async () => {
    const page = await newPage('legacy');
    try {
      await page.goto(`${apps.legacy.url}/catalog/default/component/checkout-service`);
      const badge = page.getByText(/^Score \d+ · /);
      await assertSeen(badge, 'the score badge');
      // The header complete, its owner among its labels, before the picture.
      await page.locator('header').getByText('Owner').waitFor();
      await page.screenshot({ path: join(docs, 'entity-score-badge.png'), clip: { x: 0, y: 0, width: 1400, height: 320 } });
    } finally {
      await page.close();
    }
  });

  /** The README's pictures of the scorecard cards, each of the card alone once its charts are drawn. */
  async function screenshotScorecardCards(suffix) {
    // Tall enough for each card to fit the window: the app scrolls its content, not the page.
    const page = await newPage('legacy', 2600);
    try {
      if (suffix) {
        await page.goto(`${apps.legacy.url}/catalog`);
        await page.evaluate(() => window.localStorage.setItem('theme', 'dark'));
      }
      await page.goto(`${apps.legacy.url}/catalog/default/component/checkout-service`);
      const entityCard = cardTitled(page, 'Scorecards');
      await assertSeen(entityCard.getByTestId('sparkline-production-readiness'), 'the score history');
      await entityCard.getByTestId('remediation-has-runbook').waitFor();
      await page.waitForLoadState('networkidle');
      await entityCard.screenshot({ path: join(docs, `entity-scorecard${suffix}.png`) });

      await page.goto(`${apps.legacy.url}/catalog/default/group/commerce-tribe`);
      const groupCard = cardTitled(page, 'Team scorecards');
      const charts = groupCard.getByTestId('trend-chart');
      await charts.first().waitFor();
      await page.waitForLoadState('networkidle');
      for (const chart of await charts.all()) {
        await assertInside(chart, groupCard, 'a trend chart');
      }
      await groupCard.screenshot({ path: join(docs, `group-scorecard${suffix}.png`) });
    } finally {
      await page.evaluate(() => window.localStorage.removeItem('theme'));
      await page.close();
    }
  }

  it("legacy: the README's pictures of the scorecard cards, light and dark", async () => {
    await screenshotScorecardCards('');
    await screenshotScorecardCards('-dark');
  });
});
