// Issue 14: the memory settings of tools/services.mjs (docs/benchmarks.md, "Memory") reach every way a service
// is run: `npm start` and the bench (spawnService), `nx serve` (the project.json targets) and the image.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const SERVICES = ['auth', 'tasks', 'accounting', 'analytics', 'gateway'];

/**
 * The probes' environment: without malloc settings (what they compare), the colour switches (Node warns on
 * stderr when a runner sets both NO_COLOR and FORCE_COLOR, as CI does) and NODE_OPTIONS (the runner's own flags).
 */
function probeEnv(): NodeJS.ProcessEnv {
  const dropped = (name: string) =>
    name.startsWith('MALLOC_') || ['NO_COLOR', 'FORCE_COLOR', 'NODE_OPTIONS'].includes(name);
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !dropped(name)));
}

function settings(): { flags: string[]; env: Record<string, string> } {
  const script = `import('./tools/services.mjs').then((m) =>
    console.log(JSON.stringify({ flags: m.SERVICE_NODE_FLAGS, env: m.MALLOC_ENV })))`;
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    env: probeEnv(),
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

describe('service memory settings', () => {
  const { flags, env } = settings();

  /** The young generation's size after a loop whose objects survive scavenges (which grows it to its maximum). */
  const youngGenerationMb = (nodeFlags: string[]) => {
    const grow = `const keep = [];
      for (let i = 0; i < 3e6; i++) { keep.push({ i }); if (keep.length > 2e5) keep.splice(0, 1e5); }
      const young = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      process.stdout.write(String(young.space_size / 2 ** 20));`;
    const probe = spawnSync(process.execPath, [...nodeFlags, '-e', grow], {
      env: probeEnv(),
      encoding: 'utf8',
    });
    expect(probe.stderr).toBe('');
    return Number(probe.stdout);
  };

  it('cap the young generation at 2 × 4 MB (V8 alone grows it to 2 × 16 MB)', () => {
    expect(youngGenerationMb([])).toBeGreaterThan(8);
    expect(youngGenerationMb(flags)).toBe(8);
  });

  /** How much more memory a process holds after auth's argon2 hashes, four at a time (one per libuv thread). */
  const heldAfterHashingMb = (variables: Record<string, string>) => {
    const hash = `const argon2 = require('argon2');
      (async () => {
        const before = process.memoryUsage().rss;
        const options = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };
        for (let round = 0; round < 3; round++)
          await Promise.all([1, 2, 3, 4].map((i) => argon2.hash('password ' + i, options)));
        process.stdout.write(String((process.memoryUsage().rss - before) / 2 ** 20));
      })();`;
    const probe = spawnSync(process.execPath, ['-e', hash], {
      cwd: root,
      env: { ...probeEnv(), ...variables },
      encoding: 'utf8',
    });
    expect(probe.stderr).toBe('');
    return Number(probe.stdout);
  };

  it("return argon2's 19 MiB blocks to the system (glibc alone keeps one per libuv thread)", () => {
    expect(heldAfterHashingMb({})).toBeGreaterThan(50);
    expect(heldAfterHashingMb(env)).toBeLessThan(15);
  });

  it.each(SERVICES)('%s: the serve target runs with the same flags and variable', (service) => {
    const project = JSON.parse(readFileSync(join(root, 'apps', service, 'project.json'), 'utf8'));
    const { command, env: targetEnv } = project.targets.serve.options;
    expect(command).toBe(`node ${flags.join(' ')} dist/apps/${service}/src/main.js`);
    expect(targetEnv).toEqual(env);
  });

  it('the image runs with the same flags and variable', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`exec node ${flags.join(' ')} dist/apps/\${SERVICE}/src/main.js`);
    for (const [name, value] of Object.entries(env)) expect(dockerfile).toContain(`ENV ${name}=${value}`);
  });
});
