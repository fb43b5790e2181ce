import { BACKEND_SERVICES, DEVELOPMENT_ADMIN_PASSWORD } from '@ates/config';
import { spawnSync } from 'node:child_process';

/** The development admin password the demo data is made with (printed in the README; production refuses it). */
export const DEMO_ADMIN_PASSWORD = DEVELOPMENT_ADMIN_PASSWORD;
/** Password of every other demo account. */
export const DEMO_PASSWORD = 'popug-demo-1';

/** `pg_dump` of the aTES schemas (one per backend service, named after it), without owners, grants or the version banner (so dumps compare). */
export function pgDump(url: string, extra: string[] = []): string {
  const result = spawnSync(
    'pg_dump',
    ['--no-owner', '--no-privileges', ...BACKEND_SERVICES.map((s) => `--schema=${s}`), ...extra, url],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr || result.error?.message}`);
  return result.stdout
    .split('\n')
    .filter((line) => !/^-- Dumped (from|by) /.test(line))
    .join('\n');
}

/** Runs an SQL file with psql, stopping at the first error. */
export function psqlFile(url: string, file: string): void {
  const result = spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-q', '-X', '-d', url, '-f', file], {
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`psql -f ${file} failed: ${result.stderr || result.error?.message}`);
}
