#!/usr/bin/env node
// Container health check: exit 0 when this container's service (SERVICE, set by the Dockerfile) answers GET /health.
import { PORTS, portOf } from './services.mjs';

const service = process.env.SERVICE ?? '';
if (!PORTS[service]) {
  console.error(`unknown SERVICE "${service}"`);
  process.exit(1);
}
fetch(`http://127.0.0.1:${portOf(service)}/health`, { signal: AbortSignal.timeout(2_000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
