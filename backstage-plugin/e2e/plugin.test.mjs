// The plugin in a real browser against the real Stagehand: the jar with its demo catalog, the
// dev app (`backstage-cli package start`) proxying to it, Debian's Chromium driven by
// playwright-core. Screenshots go to docs/ (the README shows them) and e2e/output/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  chromiumPath,
  graphql,
  outputDir,
  pluginDir,
  stagehandJar,
  startDevApp,
  startProxy,
  startStagehand,
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

const docs = join(pluginDir, 'docs');
let browser;
let page;
let app;
let hasScorecards = false;

async function entityPage(ref) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  await page.goto(`${app.url}/catalog/${namespace}/${kind}/${name}`);
}

const node = ref => page.getByTestId(`node-${ref}`);

describe('the Stagehand plugin in a browser', { skip, timeout: 15 * 60 * 1000 }, () => {
  before(async () => {
    mkdirSync(outputDir, { recursive: true });
    const began = Date.now();
    const stagehand = await startStagehand();
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
    await page.screenshot({ path: join(docs, 'dependency-graph.png') });

    await node('component:default/payment-api').click();
    await page.waitForURL('**/catalog/default/component/payment-api');
    // Rooted at payment-api now: its own dependency payment-gateway-adapter is drawn.
    await node('component:default/payment-gateway-adapter').waitFor();
    const root = node('component:default/payment-api').locator('rect');
    assert.equal(await root.getAttribute('stroke'), '#ffb300', 'payment-api is the root now');
    await page.screenshot({ path: join(outputDir, 'dependency-graph-after-click.png') });
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
    await page.screenshot({ path: join(docs, 'entity-scorecard.png'), fullPage: true });

    await entityPage('group:default/commerce-tribe');
    await page.getByText('Team scorecards').waitFor();
    await page.getByText(/^Average \d+$/).first().waitFor();
    await page.screenshot({ path: join(docs, 'group-scorecard.png'), fullPage: true });

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
    await page.screenshot({ path: join(docs, 'scorecard-overview.png'), fullPage: true });
  });
});
