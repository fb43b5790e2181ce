// Issue 16 §6: .env is loaded by npm start and the tools without overriding what is set; .env.example keeps the
// zero-install mode (DATABASE_URL and KAFKA_BROKERS commented out).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('.env', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ates-env-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills in unset variables and never overrides one already set', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'ATES_T_SET=from-file\nATES_T_UNSET=from-file\n# ATES_T_COMMENTED=from-file\n');
    const script = `const { loadDotEnv } = require('./tools/env.cjs');
      console.log(JSON.stringify([loadDotEnv(${JSON.stringify(file)}), loadDotEnv(${JSON.stringify(join(dir, 'none'))}),
        process.env.ATES_T_SET, process.env.ATES_T_UNSET, process.env.ATES_T_COMMENTED ?? null]));`;
    const output = execFileSync(process.execPath, ['-e', script], {
      cwd: root,
      env: { ...process.env, ATES_T_SET: 'from-environment' },
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual([true, false, 'from-environment', 'from-file', null]);
  });

  it('is loaded first by npm start, the .mjs tools and every TypeScript tool script', () => {
    for (const tool of ['start.mjs', 'smoke.mjs', 'infra/infra.mjs'])
      expect(readFileSync(join(root, 'tools', tool), 'utf8')).toMatch(
        /^import '\.\.?\/(\.\.\/)?env\.cjs';$/m,
      );
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const tsTools = Object.values(scripts).filter((command) => /tools\/\S+\.ts/.test(command));
    expect(tsTools.length).toBeGreaterThanOrEqual(7);
    for (const command of tsTools) expect(command).toContain('node -r ./tools/env.cjs ');
  });

  it('.env.example leaves DATABASE_URL and KAFKA_BROKERS commented out, saying why', () => {
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    expect(example).not.toMatch(/^(DATABASE_URL|KAFKA_BROKERS)=/m);
    expect(example).toMatch(/^# DATABASE_URL=postgres:/m);
    expect(example).toMatch(/^# KAFKA_BROKERS=/m);
    expect(example).toContain('commented out ON PURPOSE: uncommenting either leaves the zero-install mode');
  });
});
