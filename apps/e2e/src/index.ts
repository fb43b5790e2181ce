// What the e2e project offers the repository's tools (tools/db: dump and check-dump run the real stack).
export { Api } from './client';
export { Stack } from './stack';
