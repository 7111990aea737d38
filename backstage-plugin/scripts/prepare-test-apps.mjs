// Installs the plugin into the test apps as a user installs it into their Backstage app: packs
// the built plugin (`npm pack`), copies the apps (test-apps/, with their lockfile) into
// target/test-apps, installs their dependencies (`npm ci`) and then the tarball with the command
// the README gives. The copy keeps test-apps/ as committed: the install rewrites package.json
// and the lockfile. Run after `npm run build`; the e2e test (e2e/apps.test.mjs) serves the result.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const pluginDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(pluginDir, 'target');
const apps = join(target, 'test-apps');

function run(what, command, args, cwd) {
  const began = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.status ?? result.signal})`);
  }
  console.log(`${what}: ${((Date.now() - began) / 1000).toFixed(1)} s`);
}

mkdirSync(target, { recursive: true });
for (const old of readdirSync(target).filter(f => f.endsWith('.tgz'))) rmSync(join(target, old));
run('npm pack', 'npm', ['pack', '--pack-destination', target], pluginDir);
const tarball = join(target, readdirSync(target).find(f => f.endsWith('.tgz')));

rmSync(apps, { recursive: true, force: true });
cpSync(join(pluginDir, 'test-apps'), apps, {
  recursive: true,
  filter: source => !source.split(/[\\/]/).includes('node_modules'),
});
run('npm ci (the test apps)', 'npm', ['ci', '--no-audit', '--no-fund'], apps);
// The README's installation step, for both apps of the workspace.
run('npm install (the plugin tarball)', 'npm',
  ['install', tarball, '--workspace', 'legacy', '--workspace', 'nfs', '--no-audit', '--no-fund'], apps);
