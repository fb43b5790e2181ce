// Issue 16 §9: tools/ is inside the walls: linted (`npm run lint` has a `tools` project), type-checked (`npm run
// typecheck` runs tools/tsconfig.json, checkJs), and allowed into an app only through the app's entry.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('tools inside the walls', () => {
  const cases: Array<[string, string, string[]]> = [
    [
      'refused.ts',
      "export { MIGRATIONS } from '../../../apps/auth/src/migrations';\n",
      ['no-restricted-imports'],
    ],
    [
      'refused.mjs',
      "export { MIGRATIONS } from '../../../apps/auth/src/migrations/index.ts';\n",
      ['no-restricted-imports'],
    ],
    [
      'deep.ts',
      "export { FiguresQueries } from '@ates/analytics-app/figures/figures.queries';\n",
      ['no-restricted-imports'],
    ],
    ['entry.ts', "export { MIGRATIONS } from '@ates/auth-app';\n", []],
  ];

  it('lint refuses an app’s internals by path or below its entry, and accepts the entry', () => {
    // One ESLint run (as `npm run lint` runs it) over files written inside tools/, where the tools' rules apply.
    const dir = mkdtempSync(join(root, 'tools', 'test', '.lint-'));
    try {
      for (const [name, source] of cases) writeFileSync(join(dir, name), source);
      const run = spawnSync(
        process.execPath,
        [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--no-ignore', '-f', 'json', dir],
        { cwd: root, encoding: 'utf8' },
      );
      const results = JSON.parse(run.stdout) as Array<{
        filePath: string;
        messages: Array<{ ruleId: string }>;
      }>;
      const rules = Object.fromEntries(
        results.map((r) => [r.filePath.split('/').pop(), r.messages.map((m) => m.ruleId)]),
      );
      expect(rules).toEqual(Object.fromEntries(cases.map(([name, , expected]) => [name, expected])));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lint and typecheck cover the JavaScript tools', () => {
    const project = JSON.parse(readFileSync(join(root, 'tools', 'project.json'), 'utf8'));
    expect(project.targets.lint.options.lintFilePatterns).toEqual([
      '{projectRoot}/**/*.ts',
      '{projectRoot}/**/*.mjs',
    ]);
    const tsconfig = JSON.parse(readFileSync(join(root, 'tools', 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({ allowJs: true, checkJs: true, strict: true });
    expect(tsconfig.include).toEqual(['**/*.mjs', '**/*.cjs']);
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(scripts.typecheck).toContain('tsc -p tools/tsconfig.json');
  });
});
