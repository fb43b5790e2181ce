#!/usr/bin/env node
// Compiles services to JavaScript (ADR 0013): `node tools/build/build.mjs [app…]` (all services by default), as
// `nx build <app>` does. tsc emits dist/ mirroring the repository — dist/apps/<app>/src/main.js and the libs
// it uses in dist/libs/<lib>/src — and dist/node_modules/@ates/<lib> points each `@ates/*` import at its
// compiled lib, so `node dist/apps/<app>/src/main.js` runs with the production node_modules alone.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { ROOT, SERVICES } from '../services.mjs';

export const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built');

/** The newest modification time (ms) of the files that make the services. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const name of SERVICES) walk(join(ROOT, 'apps', name, 'src'));
  walk(join(ROOT, 'libs'));
  walk(join(ROOT, 'tools', 'build'));
  return Math.max(newest, statSync(join(ROOT, 'tsconfig.base.json')).mtimeMs);
}

/** True when dist/ holds every service, built after its sources last changed. */
export function isBuilt() {
  return (
    existsSync(STAMP) &&
    SERVICES.every((name) => existsSync(join(DIST, 'apps', name, 'src', 'main.js'))) &&
    statSync(STAMP).mtimeMs >= newestSource()
  );
}

export function build(apps = SERVICES) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = Date.now();
  const all = apps.length === SERVICES.length;
  // Every service at once is one program (the libs compile once): tools/build/tsconfig.services.json.
  const configs = all
    ? [join(ROOT, 'tools', 'build', 'tsconfig.services.json')]
    : apps.map((app) => join(ROOT, 'apps', app, 'tsconfig.app.json'));
  for (const config of configs)
    execFileSync(process.execPath, [tsc, '-p', config], { cwd: ROOT, stdio: 'inherit' });
  for (const lib of readdirSync(join(ROOT, 'libs'))) {
    const dir = join(DIST, 'node_modules', '@ates', lib);
    mkdirSync(dir, { recursive: true });
    const main = relative(dir, join(DIST, 'libs', lib, 'src', 'index.js'));
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `@ates/${lib}`, main })}\n`);
  }
  if (all) writeFileSync(STAMP, new Date().toISOString());
  return Date.now() - started;
}

if (process.argv[1] && relative(process.argv[1], new URL(import.meta.url).pathname) === '') {
  const apps = process.argv.slice(2);
  const unknown = apps.filter((a) => !SERVICES.includes(a));
  if (unknown.length) {
    console.error(`not a service: ${unknown.join(', ')} (services: ${SERVICES.join(', ')})`);
    process.exit(1);
  }
  const ms = build(apps.length ? apps : SERVICES);
  console.log(
    `built ${(apps.length ? apps : SERVICES).join(', ')} into dist/ in ${(ms / 1000).toFixed(1)} s`,
  );
}
