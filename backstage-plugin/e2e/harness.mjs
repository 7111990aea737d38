// Starts what the end-to-end tests need (Stagehand's jar with the demo catalog, the stand-in
// proxy or backend, the plugin's dev app or the test apps) on free ports, and stops all of it,
// process group by group.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const pluginDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const outputDir = join(pluginDir, 'e2e', 'output');

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const started = [];

function start(name, command, args, options) {
  const log = join(outputDir, `${name}.log`);
  const out = openSync(log, 'w');
  const child = spawn(command, args, {
    ...options,
    detached: true, // its own process group, so its children stop with it
    stdio: ['ignore', out, out],
  });
  started.push(child);
  child.logFile = log;
  return child;
}

export async function stopAll() {
  for (const child of started.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const exited = await Promise.race([
      new Promise(ok => child.once('exit', () => ok(true))),
      new Promise(ok => setTimeout(() => ok(false), 20000)),
    ]);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  started.length = 0;
}

/** Polls `probe` until it returns a truthy value, or fails after `seconds`. */
export async function waitFor(what, seconds, probe, child) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`${what}: the process exited (${child.exitCode}); see ${child.logFile}`);
    }
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await new Promise(ok => setTimeout(ok, 1000));
  }
  throw new Error(
    `${what} not ready after ${seconds} s${last ? ` (${last.message})` : ''}${
      child ? `; see ${child.logFile}` : ''
    }`,
  );
}

export function stagehandJar() {
  return process.env.STAGEHAND_JAR ?? resolve(pluginDir, '../api/target/stagehand.jar');
}

export async function graphql(url, query) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

/**
 * A catalog big enough to cut the walk at the card's 150 entities: `component:default/e2e-hub`
 * depends on 10 services, each of which depends on 19 libraries (201 entities within two steps).
 */
export const LARGE_HUB = 'component:default/e2e-hub';
function writeLargeCatalog(dir) {
  mkdirSync(dir, { recursive: true });
  const component = (name, type, dependsOn = []) =>
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      `  type: ${type}`,
      '  lifecycle: production',
      '  owner: group:default/checkout-team',
      ...(dependsOn.length ? ['  dependsOn:', ...dependsOn.map(d => `    - component:default/${d}`)] : []),
    ].join('\n');
  const docs = [];
  const mids = Array.from({ length: 10 }, (_, i) => `e2e-service-${String(i).padStart(2, '0')}`);
  docs.push(component('e2e-hub', 'service', mids));
  mids.forEach((mid, i) => {
    const leaves = Array.from({ length: 19 }, (_, j) => `e2e-library-${i}-${String(j).padStart(2, '0')}`);
    docs.push(component(mid, 'service', leaves));
    leaves.forEach(leaf => docs.push(component(leaf, 'library')));
  });
  writeFileSync(join(dir, 'catalog-info.yaml'), `${docs.join('\n---\n')}\n`);
}

/** `count` plain components, `e2e-bulk-0000` on, for paging through thousands of entities. */
export const bulkName = i => `e2e-bulk-${String(i).padStart(4, '0')}`;
function writeBulkCatalog(dir, count) {
  mkdirSync(dir, { recursive: true });
  const docs = Array.from({ length: count }, (_, i) =>
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: ${bulkName(i)}`,
      'spec:',
      '  type: e2e-bulk',
      '  lifecycle: experimental',
      '  owner: group:default/checkout-team',
    ].join('\n'),
  );
  // files of 500 documents: stagehand.ingest.max-documents-per-file is 1000
  for (let first = 0; first < count; first += 500) {
    mkdirSync(join(dir, `part-${first}`), { recursive: true });
    writeFileSync(join(dir, `part-${first}`, 'catalog-info.yaml'), `${docs.slice(first, first + 500).join('\n---\n')}\n`);
  }
}

/**
 * A second scorecard beside the built-in one, with what a check can tell the people who must fix
 * it: categories, an owner, remediation in markdown and links made for each entity.
 */
export const GUIDANCE_SCORECARD = 'service-guidance';
export const RUNBOOK_REMEDIATION = 'Add an example.com/runbook-url annotation';
function writeGuidanceScorecard(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'guidance.yaml'),
    `kind: Scorecard
metadata:
  name: ${GUIDANCE_SCORECARD}
  title: Service guidance
spec:
  appliesTo: {filter: {kind: component, spec.type: service}}
  levels: [basic, complete]
  checks:
    - id: has-runbook
      title: Has a runbook
      weight: low
      level: basic
      category: reliability
      owner: group:default/sre-team
      rule: {fact: "entity.metadata.annotations['example.com/runbook-url']", operator: exists}
      failMessage: No runbook is named
      remediation: |
        ${RUNBOOK_REMEDIATION} to \`catalog-info.yaml\`:

        1. start from the **runbook template**;
        2. put its address in the annotation.
      links:
        - {title: Runbook guide, url: "https://wiki.example.com/runbooks"}
        - {title: A runbook for this service, url: "https://wiki.example.com/runbooks/new?service={{name}}"}
    - id: has-on-call
      title: Has an on-call service
      weight: high
      level: basic
      category: reliability
      rule: {fact: "entity.metadata.annotations['pagerduty.com/service-id']", operator: exists}
    - id: has-description
      title: Has a description
      weight: medium
      level: complete
      category: documentation
      rule: {fact: entity.metadata.description, operator: exists}
      remediation: Describe the service in \`metadata.description\`.
`,
  );
}

/**
 * Stagehand on a free port and a throw-away embedded database, serving its demo catalog and the
 * large catalog above (a file source), its built-in scorecard and the guidance one above; with
 * `bulk`, also that many more components (a second source).
 */
export async function startStagehand({ bulk = 0 } = {}) {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'stagehand-e2e-'));
  writeLargeCatalog(join(data, 'large'));
  const bulkSource = [];
  if (bulk > 0) {
    writeBulkCatalog(join(data, 'bulk'), bulk);
    bulkSource.push(
      '--stagehand.sources[1].name=e2e-bulk',
      '--stagehand.sources[1].type=file',
      `--stagehand.sources[1].path=${join(data, 'bulk')}`,
    );
  }
  writeGuidanceScorecard(join(data, 'scorecards'));
  const child = start(
    'stagehand',
    'java',
    [
      '-Xmx512m',
      '-XX:TieredStopAtLevel=1',
      '-jar',
      stagehandJar(),
      `--server.port=${port}`,
      `--stagehand.embedded.data-dir=${join(data, 'postgres')}`,
      `--stagehand.git-cache=${join(data, 'git')}`,
      '--stagehand.sources[0].name=e2e-large',
      '--stagehand.sources[0].type=file',
      `--stagehand.sources[0].path=${join(data, 'large')}`,
      ...bulkSource,
      `--stagehand.scorecards.paths=${join(data, 'scorecards')}`,
      // The trend charts need a snapshot: the first is taken a minute after start-up, then again.
      '--stagehand.scorecards.trends.every=PT1M',
    ],
    { cwd: data },
  );
  child.once('exit', () => rmSync(data, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${port}`;
  // Ready once both catalogs are loaded, not merely once the server answers.
  await waitFor('Stagehand with the demo and the large catalog', 240, async () => {
    const body = await graphql(
      `${url}/graphql`,
      `{ demo: entity(ref: "component:default/payment-api") { ref }
         large: entity(ref: "component:default/e2e-library-9-18") { ref }
         bulk: entity(ref: "component:default/${bulkName(Math.max(bulk - 1, 0))}") { ref } }`,
    );
    return body?.data?.demo?.ref && body?.data?.large?.ref && (bulk === 0 || body?.data?.bulk?.ref);
  }, child);
  return url;
}

/** Waits for the first trend snapshot of a scorecard for a group (taken a minute after start-up). */
export async function waitForTrend(stagehandUrl, scorecard, owner) {
  await waitFor(`a trend snapshot of ${scorecard} for ${owner}`, 180, async () => {
    const body = await graphql(
      `${stagehandUrl}/graphql`,
      `{ scorecardTrend(scorecard: "${scorecard}", owner: "${owner}") { points { entityCount } } }`,
    );
    return body?.data?.scorecardTrend?.points?.some(p => p.entityCount > 0);
  });
}

export async function startProxy(stagehandUrl) {
  const port = await freePort();
  const child = start('proxy', process.execPath, [join(pluginDir, 'dev/proxy.mjs')], {
    cwd: pluginDir,
    env: { ...process.env, STAGEHAND_URL: stagehandUrl, PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the proxy', 30, async () => {
    const r = await fetch(`${url}/api/proxy/stagehand/actuator/health`);
    return r.status < 500;
  }, child);
  return url;
}

/** The plugin's dev app (`backstage-cli package start`), served from memory by the bundler. */
export function startDevApp(backendUrl) {
  return startApp('dev-app', pluginDir, 'app-config.yaml', backendUrl);
}

/** The stand-in Backstage backend of the test apps: the proxy to Stagehand and a catalog API. */
export async function startBackend(stagehandUrl) {
  const port = await freePort();
  const child = start('backend', process.execPath, [join(pluginDir, 'test-apps/backend.mjs')], {
    cwd: pluginDir,
    env: { ...process.env, STAGEHAND_URL: stagehandUrl, PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the stand-in backend', 60, async () => {
    const r = await fetch(`${url}/api/catalog/entities/by-name/component/default/checkout-service`);
    return r.ok;
  }, child);
  return url;
}

/** Where scripts/prepare-test-apps.mjs installed the test apps and the packed plugin. */
export const testAppsDir = join(pluginDir, 'target', 'test-apps');

/**
 * One of the test apps with the packed plugin installed, served by `backstage-cli package start`
 * (the plugin's own @backstage/cli: the same version an app of this line has).
 */
export function startTestApp(name, backendUrl) {
  return startApp(`app-${name}`, join(testAppsDir, name), '../app-config.yaml', backendUrl);
}

async function startApp(name, cwd, config, backendUrl) {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const cli = join(pluginDir, 'node_modules/.bin/backstage-cli');
  const child = start(name, cli, ['package', 'start', '--config', config], {
    cwd,
    env: {
      ...process.env,
      BROWSER: 'none',
      APP_CONFIG_app_baseUrl: url,
      APP_CONFIG_backend_baseUrl: backendUrl,
    },
  });
  const began = Date.now();
  await waitFor(name, 600, async () => {
    const r = await fetch(url);
    return r.ok && (await r.text()).includes('<div id="root"');
  }, child);
  return { url, startSeconds: (Date.now() - began) / 1000 };
}

/** Debian's Chromium, or null when it is not installed. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find(p => p && existsSync(p)) ?? null;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
