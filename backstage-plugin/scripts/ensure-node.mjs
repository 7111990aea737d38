// Makes a Node of the wanted major version available to the build without installing anything by
// hand: where the Node running this script is older, npm installs the `node` package (a real Node
// binary published on the npm registry) into .node/, which the Maven build puts first on PATH.
// Runs on any Node that runs npm; usage: node scripts/ensure-node.mjs <exact version, e.g. 22.23.3>
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const wanted = process.argv[2];
if (!/^\d+\.\d+\.\d+$/.test(wanted ?? '')) {
  console.error('usage: node scripts/ensure-node.mjs <exact Node version>');
  process.exit(2);
}
const major = v => Number(v.split('.')[0]);
const toolDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), '.node');
const installed = join(toolDir, 'node_modules', 'node', 'package.json');

const ownNode = process.execPath.startsWith(toolDir); // run with .node/ first on PATH
if (!ownNode && major(process.versions.node) >= major(wanted)) {
  // The machine's Node is new enough: drop an earlier download so it cannot shadow it on PATH.
  rmSync(toolDir, { recursive: true, force: true });
  console.log(`Node ${process.versions.node} is new enough (${major(wanted)} or newer wanted)`);
  process.exit(0);
}
if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === wanted) {
  console.log(`Node ${wanted} already in ${toolDir}`);
  process.exit(0);
}
console.log(`Node ${process.versions.node} is older than ${major(wanted)}: installing node@${wanted} from npm into ${toolDir}`);
rmSync(toolDir, { recursive: true, force: true });
const npm = spawnSync(
  'npm',
  ['install', '--prefix', toolDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node@${wanted}`],
  { stdio: 'inherit', shell: process.platform === 'win32' },
);
if (npm.status !== 0) process.exit(npm.status ?? 1);
const binary = join(toolDir, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
const version = spawnSync(binary, ['--version'], { encoding: 'utf8' });
if (version.stdout?.trim() !== `v${wanted}`) {
  console.error(`the installed ${binary} answers ${version.stdout || version.error}, not v${wanted}`);
  process.exit(1);
}
console.log(`Node ${wanted} installed: ${binary}`);
