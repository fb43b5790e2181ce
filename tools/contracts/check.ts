/**
 * `npm run contracts:check` (CI): published event schemas are immutable, every schema is in the catalog and every
 * cataloged event has its schema, every consumer accepts only cataloged versions, and docs/events.md lists every
 * topic, event, version, producer and consumer (its topic table is generated from all of that).
 *
 *   npm run contracts:check                # check; exit 1 on any problem
 *   npm run contracts:check -- --write     # regenerate the topic table of docs/events.md
 *   npm run contracts:check -- --publish   # add new schema versions to libs/contracts/schemas.lock.json
 */
import { EVENT_CATALOG, topicsOf } from '@ates/contracts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { CONSUMED_EVENTS as accounting } from '@ates/accounting-app';
import { CONSUMED_EVENTS as analytics } from '@ates/analytics-app';
import { CONSUMED_EVENTS as tasks } from '@ates/tasks-app';
import {
  checkSchemas,
  currentTopicTable,
  normalizeTable,
  SchemaLock,
  topicTable,
  withTopicTable,
} from '../../libs/contracts/src/check/contracts-check';

const ROOT = join(__dirname, '..', '..');
const SCHEMAS = join(ROOT, 'libs', 'contracts', 'schemas');
const LOCK = join(ROOT, 'libs', 'contracts', 'schemas.lock.json');
const EVENTS_DOC = join(ROOT, 'docs', 'events.md');
const CONSUMERS = { tasks, accounting, analytics };

async function main(): Promise<number> {
  const write = process.argv.includes('--write');
  const publish = process.argv.includes('--publish');
  const problems: string[] = [];

  const lock = JSON.parse(readFileSync(LOCK, 'utf8')) as SchemaLock;
  const schemas = checkSchemas(SCHEMAS, lock, EVENT_CATALOG);
  problems.push(...schemas.problems);
  const fresh = Object.keys(schemas.unpublished);
  if (fresh.length > 0 && publish) {
    const sorted = Object.fromEntries(Object.entries({ ...lock, ...schemas.unpublished }).sort());
    writeFileSync(LOCK, `${JSON.stringify(sorted, null, 2)}\n`);
    console.log(`published: ${fresh.join(', ')}`);
  } else if (fresh.length > 0)
    problems.push(`unpublished schemas (run with --publish once final): ${fresh.join(', ')}`);

  for (const [service, accepted] of Object.entries(CONSUMERS)) {
    try {
      topicsOf(accepted, EVENT_CATALOG);
    } catch (error) {
      problems.push(`${service}: ${(error as Error).message}`);
    }
  }

  const doc = readFileSync(EVENTS_DOC, 'utf8');
  const table = topicTable(EVENT_CATALOG, CONSUMERS);
  const current = currentTopicTable(doc);
  if (current === null || normalizeTable(current) !== normalizeTable(table)) {
    if (write) {
      writeFileSync(
        EVENTS_DOC,
        await format(withTopicTable(doc, table), { parser: 'markdown', filepath: EVENTS_DOC }),
      );
      console.log('docs/events.md: topic table regenerated');
    } else problems.push('docs/events.md: the topic table is not current (run with --write)');
  }

  for (const problem of problems) console.error(`contracts: ${problem}`);
  console.log(problems.length === 0 ? 'contracts: ok' : `contracts: ${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
