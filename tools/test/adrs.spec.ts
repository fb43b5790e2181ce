// Issue 16 §11: the ADRs say what the code does. Each has a status; a superseding ADR exists; every file path one
// names exists; the statements found stale (ADR 0003, 0006, 0004, 0008) are amended.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const dir = join(root, 'docs', 'adr');
const adrs = readdirSync(dir)
  .filter((name) => /^\d{4}-.+\.md$/.test(name))
  .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

describe('architecture decision records', () => {
  it('are numbered without gaps', () => {
    expect(adrs.map(({ name }) => Number(name.slice(0, 4)))).toEqual(adrs.map((_, i) => i + 1));
  });

  it.each(adrs.map(({ name, text }) => [name, text]))(
    '%s has a status, and what supersedes it exists',
    (_, text) => {
      const status = /Status:\**\s*(.+)/.exec(text)?.[1] ?? '';
      expect(status).toMatch(/^(accepted|superseded by \[?ADR \d{4}|proposed)/);
      for (const [, number] of status.matchAll(/superseded by \[?ADR (\d{4})/g))
        expect(adrs.some(({ name }) => name.startsWith(number))).toBe(true);
    },
  );

  it('name only files that exist', () => {
    const missing = adrs.flatMap(({ name, text }) =>
      [
        ...text.matchAll(
          /`((?:apps|libs|tools|docs)\/[\w./-]+|docker-compose\.yml|Dockerfile|package\.json|nx\.json|tsconfig[\w.]*\.json|\.swcrc)`/g,
        ),
      ]
        .map(([, path]) => path)
        .filter((path) => !existsSync(join(root, path)))
        .map((path) => `${name}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('no longer say that built things are missing', () => {
    const text = (number: string) => adrs.find(({ name }) => name.startsWith(number))?.text ?? '';
    expect(text('0003')).not.toMatch(/\*\*Retry-then-dead-letter for handler errors is not\s+yet built/);
    expect(text('0003')).toContain('libs/messaging/src/retry-policy.ts');
    expect(text('0006')).not.toMatch(
      /\*\*It doesn't yet\*\*|not written\s+yet|PostgreSQL is \*\*not\*\* started/,
    );
    expect(text('0004')).not.toContain('Compose, not yet written');
    expect(text('0008')).not.toContain("A replay command is issue 6's");
  });
});
