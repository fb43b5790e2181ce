#!/usr/bin/env node
// Container health check: exit 0 when this container's service (SERVICE, set by the Dockerfile) answers GET /health.
import { PORTS } from './services.mjs';

const port = PORTS[process.env.SERVICE];
if (!port) {
  console.error(`unknown SERVICE "${process.env.SERVICE}"`);
  process.exit(1);
}
fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
