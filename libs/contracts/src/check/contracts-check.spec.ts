import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_CATALOG } from '../catalog';
import {
  checkSchemas,
  currentTopicTable,
  normalizeTable,
  SchemaLock,
  schemaFingerprint,
  TABLE_END,
  TABLE_START,
  topicTable,
  withTopicTable,
} from './contracts-check';

const SCHEMAS = join(__dirname, '..', '..', 'schemas');
const LOCK: SchemaLock = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas.lock.json'), 'utf8'));

describe('contracts check', () => {
  let fixture: string;
  const file = (path: string) => join(fixture, path);
  const edit = (path: string, change: (schema: Record<string, unknown>) => void) => {
    const schema = JSON.parse(readFileSync(file(path), 'utf8'));
    change(schema);
    writeFileSync(file(path), JSON.stringify(schema));
  };

  beforeEach(() => {
    fixture = mkdtempSync(join(tmpdir(), 'ates-schemas-'));
    cpSync(SCHEMAS, fixture, { recursive: true });
  });
  afterEach(() => rmSync(fixture, { recursive: true, force: true }));

  it('passes on the repository: every schema published, cataloged and unchanged', () => {
    expect(checkSchemas(SCHEMAS, LOCK, EVENT_CATALOG)).toEqual({ problems: [], unpublished: {} });
  });

  it('fails when a published version is changed in what it accepts', () => {
    edit('tasks/task-completed/1.json', (s) => {
      s['required'] = ['task_id', 'assignee_id']; // completed_at silently optional: breaks consumers
    });
    edit('billing/task-priced/1.json', (s) => {
      (s['properties'] as Record<string, { type: string }>)['assignment_fee'].type = 'number';
    });
    expect(checkSchemas(fixture, LOCK, EVENT_CATALOG).problems).toEqual([
      'published schema billing/task-priced/1.json was changed: publish a new version instead',
      'published schema tasks/task-completed/1.json was changed: publish a new version instead',
    ]);
  });

  it('lets documentation-only edits through', () => {
    edit('tasks/task-completed/1.json', (s) => {
      s['description'] = 'Reworded, same contract.';
      s['title'] = 'TaskCompleted (v1)';
    });
    expect(checkSchemas(fixture, LOCK, EVENT_CATALOG).problems).toEqual([]);
  });

  it('fails on a deleted schema, a schema outside the catalog, and an event without a schema', () => {
    unlinkSync(file('tasks/task-assigned/1.json'));
    writeFileSync(
      file('tasks/task-assigned/2.json'),
      JSON.stringify({ $id: 'ates/tasks/task-assigned/2', type: 'object' }),
    );
    const result = checkSchemas(fixture, LOCK, EVENT_CATALOG);
    expect(result.problems).toEqual([
      'published schema tasks/task-assigned/1.json was deleted',
      'schema tasks/task-assigned/2.json is not in the catalog (catalog.ts)',
      'TaskAssigned v1 is produced without a schema file',
    ]);
    expect(Object.keys(result.unpublished)).toEqual(['tasks/task-assigned/2.json']);
  });

  it('fingerprints what a schema accepts, not how it is written', () => {
    expect(schemaFingerprint({ type: 'object', required: ['a'], description: 'x' })).toBe(
      schemaFingerprint({ required: ['a'], type: 'object' }),
    );
    expect(schemaFingerprint({ required: ['a'] })).not.toBe(schemaFingerprint({ required: ['a', 'b'] }));
  });

  it('generates the topic table with every topic, event, version, producer and consumer', () => {
    const table = topicTable(EVENT_CATALOG, { accounting: { TaskCreated: [1, 2] } });
    expect(table).toContain(
      '| `tasks-stream` | CUD | tasks | TaskCreated (1, 2), TaskUpdated (1, 2) | accounting: TaskCreated (1, 2) |',
    );
    const doc = `# Events\n${TABLE_START}\nold\n${TABLE_END}\nrest`;
    const written = withTopicTable(doc, table);
    expect(normalizeTable(currentTopicTable(written)!)).toBe(normalizeTable(table));
    expect(written.endsWith(`${TABLE_END}\nrest`)).toBe(true);
    // Prettier's padding doesn't matter; the content does.
    expect(normalizeTable('| a  | b |\n| -- | --- |'.replace('-- ', '--- '))).toBe(
      normalizeTable('| a | b |\n| --- | --- |'),
    );
  });
});
